"""The web app through Starlette's TestClient: filters, bad values (400), unknown things (404), the page image with
its box, downloads, the cross-tables, the graph's JSON, escaping of untrusted text, read-only access."""
from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from PIL import Image
from starlette.testclient import TestClient

from pipeline.errors import ConfigError, StoreError
from pipeline.serve.app import create_app
from pipeline.serve.link_data import PAGE_SIZE
from pipeline.serve.pages import BOX_OUTLINE, SCALE, Box
from tests.serve.conftest import FILLER, PDF_ID, SCRIPT, TXT_ID, XSS_ID, ServeDb

LOCAL = "http://127.0.0.1"
"""The app answers requests addressed to this machine (TrustedHostMiddleware)."""
TOTAL = re.compile(r'<p id="total"><strong>(\d+)</strong>')


@pytest.fixture(scope="module")
def client(serve_db: ServeDb) -> TestClient:
    """A client of the app over the whole test database."""
    return TestClient(create_app(db=serve_db.db), base_url=LOCAL)


def total(client: TestClient, query: str) -> int:
    """The evidence browser's total for a query string."""
    res = client.get("/?" + query)
    assert res.status_code == 200, res.text
    return int(TOTAL.search(res.text).group(1))


def test_the_browser_counts_every_link_and_pages_them(client: TestClient, serve_db: ServeDb) -> None:
    res = client.get("/")
    assert res.status_code == 200
    assert int(TOTAL.search(res.text).group(1)) == serve_db.total_links
    assert res.text.count('class="link-row"') == PAGE_SIZE
    second = client.get("/?page=2")
    assert second.text.count('class="link-row"') == serve_db.total_links - PAGE_SIZE
    assert client.get("/?page=99").status_code == 200  # past the end: the last page


@pytest.mark.parametrize(("query", "expected"), [
    ("sdg=10", 3), ("sdg=10.7", 1), ("sdg=SDG%2010.c", 1), ("sdg=17.18", FILLER), ("theme=labour_migration", 2),
    ("country=MAR", 3), ("country=Morocco", 3), ("country=esp", 2), ("country=MAR&sdg=10.7", 1),
    ("actor=ILO", 1), ("relation=inferred", 1), ("kind=evaluation", 1), ("year=2019", 1),
    ("doc=remittances_report.pdf", 4 + FILLER), (f"doc={TXT_ID}", 1), ("run=runB", 2), ("run=run_a", 4 + FILLER),
    ("q=transfer%20costs", 2), ("q=100%25", 0), ("q=number_1", 0), ("gcm=20", 1), ("gcm=5", 2), ("theme=refugees_asylum", 0),
])
def test_filters_select_the_links_they_name(client: TestClient, query: str, expected: int) -> None:
    assert total(client, query) == expected


@pytest.mark.parametrize(("query", "message"), [
    ("sdg=99", "sdg '99' is not one of"), ("theme=weather", "labour_migration"), ("country=Atlantis", "ISO3"),
    ("year=1900", "2019, 2021"), ("year=soon", "not a whole number"), ("actor=NOBODY", "ILO"),
    ("relation=maybe", "explicit"), ("kind=novel", "vnr"), ("doc=nope.pdf", "remittances_report.pdf"),
    ("run=zzz", "runA"), ("gcm=24", "1-23"), ("q=" + "x" * 300, "at most"),
])
def test_a_bad_filter_value_is_a_400_naming_the_valid_options(client: TestClient, query: str, message: str) -> None:
    for path in ("/", "/download.csv", "/api/graph", "/gaps", "/graph"):
        res = client.get(f"{path}?{query}")
        assert res.status_code == 400, (path, query)
    assert message in client.get(f"/?{query}").text.replace("&#39;", "'")


@pytest.mark.parametrize("page", ["0", "-1", "two"])
def test_a_bad_page_number_is_a_400(client: TestClient, page: str) -> None:
    assert client.get(f"/?page={page}").status_code == 400


def test_theme_and_sdg_words_are_marked_after_escaping(client: TestClient) -> None:
    text = client.get("/?sdg=10.c").text
    assert '<mark class="theme">Remittances</mark>' in text
    assert '<mark class="sdg">target 10.c</mark>' in text


def test_report_text_is_shown_as_text_never_as_markup(client: TestClient) -> None:
    for path in ("/", "/?kind=evaluation", "/documents", "/?country=NGA"):
        text = client.get(path).text
        assert SCRIPT not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    res = client.get("/")
    assert "script-src 'self'" in res.headers["content-security-policy"]


def _link_key(client: TestClient, query: str) -> str:
    """The key of the first link of a browser query."""
    return re.search(r'href="/link/([0-9a-f]{16})"', client.get("/?" + query).text).group(1)


def test_a_link_opens_its_page_with_the_box_drawn(client: TestClient, serve_db: ServeDb) -> None:
    key = _link_key(client, "sdg=10.c")
    res = client.get(f"/link/{key}")
    assert res.status_code == 200
    assert "Remittance corridors report" in res.text and "transfer costs" in res.text
    src = re.search(r'<img id="page-image" src="([^"]+)"', res.text).group(1).replace("&amp;", "&")
    image = client.get(src)
    assert image.status_code == 200 and image.headers["content-type"] == "image/png"
    png = Image.open(io.BytesIO(image.content)).convert("RGB")
    assert png.size == (round(612 * SCALE), round(792 * SCALE))
    x0, y0, x1, y1 = Box(*serve_db.box).pixels(scale=SCALE)
    assert png.getpixel((x0 + 1, (y0 + y1) // 2)) == BOX_OUTLINE
    assert png.getpixel(((x0 + x1) // 2, y0 + 1)) == BOX_OUTLINE
    inside = png.getpixel((x0 + 6, y0 + 6))
    assert inside != (255, 255, 255) and inside[2] < 200  # the yellow fill over white paper
    plain = Image.open(io.BytesIO(client.get(f"/image/{PDF_ID}/1.png").content)).convert("RGB")
    assert plain.getpixel((x0 + 1, (y0 + y1) // 2)) == (255, 255, 255)


@pytest.mark.parametrize("path", [
    "/page/nosuchdoc/1", f"/page/{PDF_ID}/0", f"/page/{PDF_ID}/3", f"/image/{PDF_ID}/3.png",
    f"/page/{XSS_ID}/1", f"/page/{TXT_ID}/1", f"/image/{TXT_ID}/1.png", "/link/0123456789abcdef", "/link/../../etc",
    "/page/..%2F..%2Fetc%2Fpasswd/1", "/country/ZZZ", "/download.pdf", "/nothing",
])
def test_unknown_documents_pages_and_non_pdfs_are_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_malformed_box_is_a_400(client: TestClient) -> None:
    assert client.get(f"/image/{PDF_ID}/1.png?box=1,2,3").status_code == 400
    assert client.get(f"/page/{PDF_ID}/1?box=9,9,1,1").status_code == 400


def test_downloads_hold_exactly_what_is_filtered(client: TestClient) -> None:
    import docx
    from openpyxl import load_workbook

    csv = client.get("/download.csv?country=MAR")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert 'attachment; filename="nexus_evidence.csv"' == csv.headers["content-disposition"]
    assert len(csv.text.strip().splitlines()) == 1 + 3
    xlsx = client.get("/download.xlsx?country=MAR")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 1 + 3 and "evidence" in rows[0] and "sdg_wording" in rows[0]
    word = client.get(f"/download.docx?doc={XSS_ID}")
    table = docx.Document(io.BytesIO(word.content)).tables[0]
    assert len(table.rows) == 2 and SCRIPT in table.rows[1].cells[-1].text


def test_country_profile_counts_themes_by_target_and_links_to_the_evidence(client: TestClient) -> None:
    res = client.get("/country/mar")
    assert res.status_code == 200 and "Morocco" in res.text
    cells = dict(re.findall(r'<a href="(/\?[^"]+)" title="[^"]*">(\d+)</a>', res.text))
    assert cells == {"/?theme=remittances&amp;sdg=10.c&amp;country=MAR": "1",
                     "/?theme=labour_migration&amp;sdg=10.7&amp;country=MAR": "1"}
    assert total(client, "country=MAR&theme=labour_migration&sdg=10.7") == 1
    assert client.get("/country/Morocco").status_code == 200
    assert "Morocco" in client.get("/countries").text


def test_gap_map_counts_documents_per_theme_and_target(client: TestClient) -> None:
    res = client.get("/gaps")
    assert res.status_code == 200
    cells = dict(re.findall(r'<a href="(/\?[^"]+)" title="[^"]*">(\d+)</a>', res.text))
    assert cells["/?theme=trafficking_smuggling&amp;sdg=16.2"] == "2"  # two documents
    assert cells["/?theme=migration_data&amp;sdg=17.18"] == "1"  # 55 links, one document
    gcm = client.get("/gaps?rows=gcm")
    assert gcm.status_code == 200 and "Minimize the adverse drivers" in gcm.text
    assert 'href="/?sdg=10.c&amp;gcm=20"' in gcm.text
    assert client.get("/gaps?rows=planets").status_code == 400


def test_graph_json_has_theme_country_and_actor_edges_that_open_their_evidence(client: TestClient) -> None:
    data = client.get("/api/graph").json()
    edges = {e["data"]["id"]: e["data"] for e in data["elements"] if "source" in e["data"]}
    assert edges["theme:remittances->SDG:10.c"]["n"] == 1
    assert edges["country:MAR->SDG:10.7"]["href"] == "/?sdg=10.7&country=MAR"
    assert edges["actor:ILO->SDG:8.8"]["kind"] == "actor"
    narrowed = client.get("/api/graph?country=NGA").json()
    assert {e["data"]["target"] for e in narrowed["elements"] if "source" in e["data"]} == {"SDG:16.2"}
    assert "cytoscape.min.js" in client.get("/graph").text
    assert client.get("/static/vendor/cytoscape.min.js").status_code == 200


def test_documents_page_lists_every_document(client: TestClient) -> None:
    text = client.get("/documents").text
    assert "Remittance corridors report" in text and "Field notes" in text and f"/page/{PDF_ID}/1" in text


def test_serving_one_run_limits_everything_to_its_documents(serve_db: ServeDb) -> None:
    one = TestClient(create_app(db=serve_db.db, run_dir=Path("runB")), base_url=LOCAL)
    assert total(one, "") == 2
    assert one.get(f"/page/{PDF_ID}/1").status_code == 404
    assert one.get("/?run=runA").status_code == 400
    with pytest.raises(ConfigError, match="runA"):
        create_app(db=serve_db.db, run_dir=Path("nosuchrun"))


def test_a_missing_database_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database"):
        create_app(db=tmp_path / "none.duckdb")


def test_the_database_stays_free_for_a_writer_between_requests(serve_db: ServeDb, client: TestClient) -> None:
    assert client.get("/").status_code == 200
    con = duckdb.connect(str(serve_db.db))  # a read-write connection: no lock is held between requests
    con.close()


# -- the review's findings -------------------------------------------------------------------------------------------

CELL = re.compile(r'<a href="(/\?[^"]*)" title="[^"]*">(\d+)</a>')
D1, D2, D3 = "e1aaaaaaaaaaaaa1", "e2bbbbbbbbbbbbb2", "e3ccccccccccccc3"


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """A client over a database whose links overlap in SDG indicators, countries, actors and GCM themes, so that
    a cell that drops or replaces a filter opens more evidence than it counts."""
    from pipeline.output.db import index_run
    from tests.serve.conftest import _document, _link, _tables

    folder = tmp_path_factory.mktemp("rich")
    rows = [
        (D1, "labour_migration", "SDG:10.7.2", "MAR;ESP", "ILO"), (D1, "labour_migration", "SDG:10.7.1", "ESP", ""),
        (D2, "labour_migration", "SDG:10.7.1", "MAR", ""), (D2, "remittances", "SDG:10.c", "MAR;NGA", "IOM;ILO"),
        (D3, "remittances", "SDG:10.c", "NGA", ""), (D3, "trafficking_smuggling", "SDG:16.2", "NGA;ESP", "UNODC"),
        (D1, "migration_data", "SDG:17.18", "ESP", ""), (D2, "labour_migration", "SDG:8.8", "MAR", "ILO"),
        (D3, "migration", "SDG:10", "MAR", ""), (D3, "migration_governance", "SDG:10.7.1", "MAR", "ILO"),
        (D2, "circular_migration", "SDG:8.8", "ESP", ""), (D1, "labour_migration", "SDG:10.7.2", "NGA", "IOM"),
    ]
    links = [_link(doc, n, theme, target, evidence=f"Evidence number {n}.", countries=countries, actors=actors,
                   start=40 * n) for n, (doc, theme, target, countries, actors) in enumerate(rows)]
    docs = [_document(doc, folder / f"{doc}.txt", title=doc, kind="vnr", year=2020, pages=1) for doc in (D1, D2, D3)]
    db = folder / "rich.duckdb"
    index_run(db, run_id="rich", out_dir=folder / "run", tables=_tables(docs, links, []))
    return TestClient(create_app(db=db), base_url=LOCAL)


def _documents_opened(client: TestClient, href: str) -> int:
    """The distinct documents of the links a browser URL opens (from its CSV download)."""
    csv = client.get("/download.csv?" + href.removeprefix("/?"))
    assert csv.status_code == 200, csv.text
    lines = csv.text.strip().splitlines()
    column = lines[0].split(",").index("doc_id")
    return len({line.split(",")[column] for line in lines[1:]})


FILTER_COMBOS = ["", "sdg=10.7.2", "sdg=10.7.1", "sdg=10", "theme=labour_migration", "gcm=5", "gcm=6",
                 "country=MAR", "actor=ILO", "country=ESP&sdg=10.7.2", "theme=labour_migration&gcm=5"]


@pytest.mark.parametrize("query", FILTER_COMBOS)
def test_every_cell_and_edge_opens_exactly_the_evidence_it_counts(rich: TestClient, query: str) -> None:
    for path in ("/gaps?", "/gaps?rows=gcm&"):
        cells = CELL.findall(rich.get(path + query).text)
        for href, n in cells:
            assert _documents_opened(rich, href.replace("&amp;", "&")) == int(n), (path, query, href)
    for iso3 in ("MAR", "ESP", "NGA"):
        narrowed = "&".join(p for p in query.split("&") if not p.startswith("country="))
        for href, n in CELL.findall(rich.get(f"/country/{iso3}?{narrowed}").text):
            assert total(rich, href.replace("&amp;", "&").removeprefix("/?")) == int(n), (iso3, query, href)
    graph = rich.get("/api/graph?" + query).json()
    edges = [e["data"] for e in graph["elements"] if "source" in e["data"]]
    assert edges or query
    for edge in edges:
        assert total(rich, edge["href"].removeprefix("/?")) == edge["n"], (query, edge)


def test_countries_count_their_links_as_their_profiles_do(rich: TestClient, client: TestClient) -> None:
    for c in (rich, client):
        rows = re.findall(r'<td>([A-Z]{3})</td><td class="num">(\d+)</td>', c.get("/countries").text)
        assert rows
        for iso3, n in rows:
            profile = c.get(f"/country/{iso3}").text
            assert int(re.search(r"<strong>(\d+)</strong> link", profile).group(1)) == int(n), iso3
            assert total(c, f"country={iso3}") == int(n)


def _hold_write_lock(db: Path) -> subprocess.Popen[str]:
    """Another process holding the database's write connection (until its stdin closes)."""
    code = "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('ready', flush=True); sys.stdin.read()"
    proc = subprocess.Popen([sys.executable, "-c", code, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_a_database_being_written_is_a_503_to_retry(serve_db: ServeDb, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    import pipeline.serve.database as database

    db = tmp_path / "copy.duckdb"
    shutil.copy(serve_db.db, db)
    monkeypatch.setattr(database, "LOCK_WAIT_SECONDS", 0.2)
    app = TestClient(create_app(db=db), base_url=LOCAL)
    writer = _hold_write_lock(db)
    try:
        res = app.get("/?sdg=10")
        assert res.status_code == 503 and res.headers["retry-after"].isdigit()
        assert "the database is being written; retry in a moment" in res.text
        assert "PID" not in res.text and str(tmp_path) not in res.text and "lock" not in res.text.lower()
    finally:
        writer.communicate("")
    assert app.get("/?sdg=10").status_code == 200


def test_relative_input_paths_are_found_from_the_run_folder_and_a_missing_file_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.output.db import index_run
    from tests.serve.conftest import _document, _link, _pdf, _tables

    project = tmp_path / "project"
    (project / "inputs").mkdir(parents=True)
    _pdf(project / "inputs" / "report.pdf")
    docs = [_document(D1, Path("inputs/report.pdf"), title="Found report", kind="vnr", year=2020, pages=2),
            _document(D2, Path("inputs/gone.pdf"), title="Gone report", kind="vnr", year=2020, pages=2)]
    links = [_link(D1, 1, "remittances", "SDG:10.c", evidence="Found evidence."),
             _link(D2, 2, "remittances", "SDG:10.c", evidence="Gone evidence.")]
    db = project / "db" / "index.duckdb"
    index_run(db, run_id="r1", out_dir=project / "runs" / "r1", tables=_tables(docs, links, []))
    monkeypatch.chdir(tmp_path)  # served from elsewhere: neither the working folder nor the database's holds inputs/
    app = TestClient(create_app(db=db), base_url=LOCAL)
    browser = app.get("/").text
    assert browser.count('class="pageview"') == 1
    assert app.get(f"/page/{D1}/1").status_code == 200
    assert app.get(f"/image/{D1}/2.png").status_code == 200
    gone = app.get(f"/page/{D2}/1")
    assert gone.status_code == 404
    message = gone.text.replace("&#39;", "'")
    assert f"the file 'inputs/gone.pdf' of document '{D2}' is not found" in message
    assert str(tmp_path) not in message.replace(str(project / "runs" / "r1"), "")
    assert "no document with id 'nosuch'" in app.get("/page/nosuch/1").text.replace("&#39;", "'")
    assert f'/page/{D1}/1' in app.get("/documents").text and f'/page/{D2}/1' not in app.get("/documents").text


def test_a_page_number_past_int64_is_the_last_page(client: TestClient, serve_db: ServeDb) -> None:
    res = client.get("/?page=999999999999999999999")
    assert res.status_code == 200
    assert res.text.count('class="link-row"') == serve_db.total_links - PAGE_SIZE


def test_only_requests_addressed_to_this_machine_or_the_served_host_are_answered(serve_db: ServeDb) -> None:
    from pipeline.serve.security import reachable_from_others

    app = create_app(db=serve_db.db)
    assert TestClient(app, base_url="http://evil.example").get("/").status_code == 400
    assert TestClient(app, base_url="http://localhost:8000").get("/").status_code == 200
    lan = create_app(db=serve_db.db, host="10.1.2.3")
    assert TestClient(lan, base_url="http://10.1.2.3:8000").get("/").status_code == 200
    assert TestClient(lan, base_url="http://rebound.example").get("/").status_code == 400
    assert not reachable_from_others("localhost") and not reachable_from_others("127.0.0.1")
    assert reachable_from_others("0.0.0.0") and reachable_from_others("10.1.2.3")


def test_a_server_that_exits_reports_its_stderr(tmp_path: Path) -> None:
    from pipeline.serve.launch import free_port, start_server

    with pytest.raises(RuntimeError, match="no database"):
        start_server(tmp_path / "none.duckdb", port=free_port(), timeout=30)


def test_a_cached_page_image_does_not_open_the_pdf_again(serve_db: ServeDb, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.serve.pages as pages

    opened = []
    real = pages.pdfium.PdfDocument
    monkeypatch.setattr(pages.pdfium, "PdfDocument", lambda *a, **k: opened.append(a) or real(*a, **k))
    app = TestClient(create_app(db=serve_db.db), base_url=LOCAL)
    assert app.get(f"/image/{PDF_ID}/1.png").status_code == 200
    first = len(opened)
    assert app.get(f"/image/{PDF_ID}/1.png").status_code == 200
    assert app.get(f"/page/{PDF_ID}/1").status_code == 200
    assert len(opened) == first


def test_a_box_that_is_not_numbers_is_a_400_saying_so(client: TestClient) -> None:
    res = client.get(f"/image/{PDF_ID}/1.png?box=a,b,c,d")
    assert res.status_code == 400
    assert "is not x0,y0,x1,y1" in res.text and "could not convert" not in res.text


@pytest.mark.parametrize("path", ["/download.csv", "/download.xlsx", "/api/graph", f"/image/{PDF_ID}/1.png",
                                  "/nothing", "/static/vendor/cytoscape.min.js"])
def test_every_response_carries_the_security_headers(client: TestClient, path: str) -> None:
    res = client.get(path)
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["referrer-policy"] == "same-origin" and "content-security-policy" in res.headers


def test_spreadsheet_downloads_never_hold_a_formula(tmp_path: Path) -> None:
    import pandas as pd
    from openpyxl import load_workbook

    from pipeline.output.sheets import write_frame

    df = pd.DataFrame({"evidence": ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "-5", "ok"],
                       "weight": [-5, 1.5, 2, 3, 4, 5, 6]})
    csv = write_frame(df, tmp_path / "a.csv", fmt="csv").read_text(encoding="utf-8").splitlines()
    assert [line.rsplit(",", 1)[0] for line in csv[1:]] == [
        '"\'=HYPERLINK(""http://x"",""y"")"', "'+1+2", "'-2+3", "'@SUM(A1)", "'\tx", "-5", "ok"]
    assert csv[1].endswith(",-5.0")
    sheet = load_workbook(write_frame(df, tmp_path / "a.xlsx", fmt="xlsx")).active
    cells = list(sheet.iter_rows(min_row=2, values_only=True))
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert cells[0] == ('\'=HYPERLINK("http://x","y")', -5) and cells[5][0] == "-5"


def test_query_helpers_are_shared() -> None:
    import pandas as pd

    from pipeline.output.query import country_iso3, document_names, list_items

    assert country_iso3("Morocco", by_name=True) == "MAR"
    with pytest.raises(ConfigError, match="did you mean 'MAR'"):
        country_iso3("Morocco")
    assert list_items("NAM;;ZAF") == ["NAM", "ZAF"] and list_items(None) == []
    names = document_names(pd.DataFrame({"doc_id": ["d"], "source": [None], "symbol": [pd.NA]}))
    assert names == {"d": "d"}


def test_a_server_that_does_not_answer_in_time_reports_its_stderr(serve_db: ServeDb) -> None:
    from pipeline.serve.launch import free_port, start_server

    with pytest.raises(RuntimeError, match="within 0 s; its stderr: "):
        start_server(serve_db.db, port=free_port(), timeout=0)
