"""The web app through Starlette's TestClient: filters, bad values (400), unknown things (404), the page image with
its box, downloads, the cross-tables, the graph's JSON, escaping of untrusted text, read-only access."""
from __future__ import annotations

import io
import re
from pathlib import Path

import duckdb
import pytest
from PIL import Image
from starlette.testclient import TestClient

from pipeline.errors import ConfigError, StoreError
from pipeline.serve.app import create_app
from pipeline.serve.data import PAGE_SIZE
from pipeline.serve.pages import BOX_OUTLINE, SCALE, Box
from tests.serve.conftest import FILLER, PDF_ID, SCRIPT, TXT_ID, XSS_ID, ServeDb

TOTAL = re.compile(r'<p id="total"><strong>(\d+)</strong>')


@pytest.fixture(scope="module")
def client(serve_db: ServeDb) -> TestClient:
    """A client of the app over the whole test database."""
    return TestClient(create_app(db=serve_db.db))


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
    one = TestClient(create_app(db=serve_db.db, run_dir=Path("runB")))
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
