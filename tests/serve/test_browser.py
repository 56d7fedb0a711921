"""``nexus serve`` end to end in real headless Chromium (Selenium): a real server process on a free port, a user
filtering, opening a page view with its box, downloading Excel and Word files, and a ``<script>`` in a report.

Each page is also saved as a screenshot in outputs/screenshots/ for a person to look at.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.serve.launch import free_port, start_server, stop_server
from pipeline.serve.pages import BOX_OUTLINE, SCALE, Box
from tests.paths import ROOT
from tests.serve.conftest import SCRIPT, ServeDb

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENSHOTS = ROOT / "outputs" / "screenshots"
START_TIMEOUT = 30.0
WAIT = 15.0
WINDOW = (1440, 1000)

pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                reason="needs Debian chromium and chromium-driver (/usr/bin/chromium, "
                                       "/usr/bin/chromedriver): run `bash scripts/install_system_deps.sh`")


@pytest.fixture(scope="module")
def server(serve_db: ServeDb) -> Iterator[str]:
    """``nexus serve`` over the test database as a real process; yields its base URL."""
    proc, _ = start_server(serve_db.db, port=(port := free_port()), cwd=ROOT, timeout=START_TIMEOUT)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Chrome's download folder."""
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads: Path) -> Iterator[object]:
    """Headless Chromium driven by chromedriver, downloading into ``downloads`` without asking."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                f"--window-size={WINDOW[0]},{WINDOW[1]}"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False,
                                              "download.directory_upgrade": True, "safebrowsing.enabled": True})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.set_page_load_timeout(WAIT * 2)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


def shot(driver: object, name: str) -> Path:
    """Save a screenshot of the whole page as outputs/screenshots/<name>.png."""
    height = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    driver.set_window_size(WINDOW[0], min(max(WINDOW[1], int(height) + 40), 4000))
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(*WINDOW)
    return path


def until(driver: object, condition: object, timeout: float = WAIT) -> object:
    """Wait for a condition of the page."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def rows(driver: object) -> list[object]:
    """The evidence rows of the browser page."""
    from selenium.webdriver.common.by import By

    return driver.find_elements(By.CSS_SELECTOR, "tr.link-row")


def test_filter_by_country_and_target_then_open_the_page_with_its_box(browser: object, server: str,
                                                                       serve_db: ServeDb) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/")
    assert len(rows(browser)) == 50
    shot(browser, "01_browser_all")
    browser.find_element(By.ID, "f-country").send_keys("Morocco")
    browser.find_element(By.ID, "f-sdg").send_keys("10.7")
    browser.find_element(By.ID, "f-submit").click()
    until(browser, lambda d: "country=" in d.current_url)
    assert "sdg=10.7" in browser.current_url
    found = rows(browser)
    assert len(found) == 1
    assert "Labour migration from Morocco to Spain" in found[0].text and "MAR" in found[0].text
    assert browser.find_element(By.ID, "f-country").get_attribute("value") == "MAR"
    shot(browser, "02_browser_country_target")

    found[0].find_element(By.CSS_SELECTOR, "a.pageview").click()
    until(browser, lambda d: d.execute_script(
        "var i = document.getElementById('page-image'); return i && i.complete && i.naturalWidth > 0;"))
    until(browser, lambda d: d.find_element(By.ID, "box-overlay").is_displayed())
    assert "Remittance corridors report" in browser.find_element(By.ID, "doc-title").text
    x0, y0, x1, y1 = Box(72.0, 140.0, 380.0, 152.0).pixels(scale=SCALE)
    image = browser.find_element(By.ID, "page-image")
    overlay = browser.find_element(By.ID, "box-overlay")
    assert abs(overlay.rect["x"] - image.rect["x"] - x0) <= 2 and abs(overlay.rect["y"] - image.rect["y"] - y0) <= 2
    assert abs(overlay.rect["width"] - (x1 - x0)) <= 2
    pixel = browser.execute_script(
        "var i = document.getElementById('page-image'), c = document.createElement('canvas');"
        "c.width = i.naturalWidth; c.height = i.naturalHeight; var g = c.getContext('2d'); g.drawImage(i, 0, 0);"
        "return Array.from(g.getImageData(arguments[0], arguments[1], 1, 1).data);", x0 + 1, (y0 + y1) // 2)
    assert tuple(pixel[:3]) == BOX_OUTLINE
    shot(browser, "03_page_view_box")


def _downloaded(folder: Path, name: str) -> Path:
    """Wait for a finished download."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        path = folder / name
        if path.exists() and not list(folder.glob("*.crdownload")) and path.stat().st_size:
            return path
        time.sleep(0.1)
    raise AssertionError(f"{name} was not downloaded into {folder}: {sorted(p.name for p in folder.iterdir())}")


def test_download_the_filtered_evidence_as_excel_and_word(browser: object, server: str, downloads: Path) -> None:
    import docx
    from openpyxl import load_workbook
    from selenium.webdriver.common.by import By

    browser.get(server + "/?country=MAR")
    assert len(rows(browser)) == 3
    browser.find_element(By.ID, "dl-xlsx").click()
    sheet = load_workbook(_downloaded(downloads, "nexus_evidence.xlsx")).active
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == 4 and all("MAR" in str(v[values[0].index("countries")]) for v in values[1:])
    browser.find_element(By.ID, "dl-docx").click()
    table = docx.Document(str(_downloaded(downloads, "nexus_evidence.docx"))).tables[0]
    assert len(table.rows) == 4 and table.rows[0].cells[0].text == "Document"


def test_a_script_in_a_report_is_shown_as_text_and_never_runs(browser: object, server: str) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    for path, name in (("/?kind=evaluation", "04_script_as_text"), ("/documents", "05_documents")):
        browser.get(server + path)
        with pytest.raises(NoAlertPresentException):
            browser.switch_to.alert.text
        assert SCRIPT in browser.find_element(By.TAG_NAME, "main").text
        assert browser.execute_script("return document.querySelectorAll('main script').length") == 0
        shot(browser, name)


def test_gap_map_country_profile_and_graph_pages(browser: object, server: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(server + "/gaps")
    cell = browser.find_element(By.CSS_SELECTOR, "td.cell a")
    shot(browser, "06_gap_map_themes")
    cell.click()
    until(browser, lambda d: "sdg=" in d.current_url)
    assert rows(browser)
    browser.get(server + "/gaps?rows=gcm")
    assert "Promote faster, safer and cheaper transfer" in browser.find_element(By.ID, "grid").text
    shot(browser, "07_gap_map_gcm")
    browser.get(server + "/country/MAR")
    assert "Morocco" in browser.find_element(By.ID, "country-name").text
    shot(browser, "08_country_profile")
    browser.get(server + "/graph")
    until(browser, lambda d: "nodes" in d.find_element(By.ID, "graph-status").text)
    assert browser.execute_script("return window.nexusGraph.edges().length") > 5
    shot(browser, "09_graph")
    href = browser.execute_script("var e = window.nexusGraph.edges('[kind = \"country\"]')[0];"
                                  "e.emit('tap'); return e.data('href');")
    until(browser, lambda d: "country=" in d.current_url)
    assert browser.current_url.endswith(href)
    assert rows(browser)


def test_structures_filter_recommendations_by_response_and_open_a_page(browser: object, server: str) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    browser.get(server + "/")
    browser.find_element(By.ID, "nav-structures").click()
    until(browser, lambda d: d.current_url.endswith("/structures"))
    browser.find_element(By.LINK_TEXT, "Recommendations").click()
    until(browser, lambda d: "/structures/recommendations" in d.current_url)
    assert len(browser.find_elements(By.CSS_SELECTOR, "tr.structure-row")) == 3
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text
    assert SCRIPT in browser.find_element(By.ID, "rows").text
    shot(browser, "10_structures")
    Select(browser.find_element(By.ID, "f-response")).select_by_visible_text("accepted")
    browser.find_element(By.ID, "f-submit").click()
    until(browser, lambda d: "response=accepted" in d.current_url)
    found = browser.find_elements(By.CSS_SELECTOR, "tr.structure-row")
    assert len(found) == 1 and "Strengthen 100% of data systems" in found[0].text
    found[0].find_element(By.CSS_SELECTOR, "a.pageview").click()
    until(browser, lambda d: d.find_element(By.ID, "box-overlay").is_displayed())
    assert "Remittance corridors report" in browser.find_element(By.ID, "doc-title").text
