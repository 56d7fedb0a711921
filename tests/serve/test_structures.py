"""The structured tables' pages of the web app (``/structures``): the index's counts, each table's rows and
filters, bad values (400), unknown tables (404), the page view with a row's box, downloads of exactly what is
filtered, escaping of report text, and a database made before these tables existed."""
from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from PIL import Image
from starlette.testclient import TestClient

from pipeline.output.store import STRUCTURE_TABLES
from pipeline.serve.app import create_app
from pipeline.serve.pages import BOX_OUTLINE, SCALE, Box
from pipeline.serve.structures import SPECS
from tests.serve.conftest import PDF_ID, SCRIPT, STRUCTURE_ROWS, XSS_ID, ServeDb

LOCAL = "http://127.0.0.1"
TOTAL = re.compile(r'<p id="total"><strong>(\d+)</strong>')
INDEX_ROW = re.compile(r'<tr data-table="(\w+)">.*?<td class="num rows">(\d+).*?<td class="num documents">(\d+)</td>',
                       re.S)
PAGE_LINK = re.compile(r'<a class="pageview" href="([^"]+)"')


@pytest.fixture(scope="module")
def client(serve_db: ServeDb) -> TestClient:
    """A client of the app over the whole test database."""
    return TestClient(create_app(db=serve_db.db), base_url=LOCAL)


def total(client: TestClient, path: str) -> int:
    """The total a structured table's page shows for a URL."""
    res = client.get(path)
    assert res.status_code == 200, res.text
    return int(TOTAL.search(res.text).group(1))


def download_rows(client: TestClient, path: str) -> list[dict[str, str]]:
    """The rows of a CSV download."""
    res = client.get(path)
    assert res.status_code == 200, res.text
    return list(csv.DictReader(io.StringIO(res.text)))


def test_the_index_counts_rows_and_documents_of_each_table(client: TestClient) -> None:
    res = client.get("/structures")
    assert res.status_code == 200
    counts = {name: (int(rows), int(docs)) for name, rows, docs in INDEX_ROW.findall(res.text)}
    assert counts == {"tables": (8, 2), "facts": (2, 2), "results": (2, 2), "activities": (4, 2),
                      "recommendations": (3, 2), "agenda": (2, 2)}
    assert "cells in 2 tables" in res.text
    for name in SPECS:
        assert f'href="/structures/{name}"' in res.text
    assert 'href="/structures" id="nav-structures" class="active"' in res.text
    assert 'id="nav-structures"' in client.get("/").text


def test_serving_one_run_counts_its_rows_only(serve_db: ServeDb) -> None:
    one = TestClient(create_app(db=serve_db.db, run_dir="runB"), base_url=LOCAL)
    counts = {name: int(rows) for name, rows, _ in INDEX_ROW.findall(one.get("/structures").text)}
    assert counts["activities"] == 1 and counts["tables"] == 2
    assert total(one, "/structures/activities") == 1


@pytest.mark.parametrize("name", list(SPECS))
def test_each_table_page_lists_its_rows(client: TestClient, name: str) -> None:
    res = client.get(f"/structures/{name}")
    assert res.status_code == 200
    assert int(TOTAL.search(res.text).group(1)) == STRUCTURE_ROWS[name]
    shown = res.text.count('data-table-id="') if name == "tables" else res.text.count('class="structure-row"')
    assert shown == STRUCTURE_ROWS[name]
    assert "Remittance corridors report" in res.text and "&lt;script&gt;alert(1)&lt;/script&gt; Evaluation" in res.text


def test_tables_are_drawn_rows_by_columns_under_their_headers(client: TestClient) -> None:
    text = client.get(f"/structures/tables?doc={PDF_ID}").text
    table = re.search(r'<section class="drawn-table" data-table-id="tab1">.*?</section>', text, re.S).group(0)
    assert re.findall(r"<th>([^<]*)</th>", table) == ["Country", "Budget"]
    body = [re.findall(r"<td>([^<]*)</td>", r) for r in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>")[1])]
    assert body == [["Morocco", "USD 100"], ["Spain", "USD 250"]]
    href = PAGE_LINK.search(table).group(1).replace("&amp;", "&")
    assert href.startswith(f"/page/{PDF_ID}/1?box=72.00%2C400.00%2C350.00%2C440.00")


@pytest.mark.parametrize(("path", "expected"), [
    ("/structures/activities?country=MAR", 1), ("/structures/activities?country=morocco", 1),
    ("/structures/activities?country=ESP&status=planned", 1), ("/structures/activities?country=ESP&status=done", 0),
    ("/structures/activities?country=global", 1), ("/structures/activities?status=ongoing", 2),
    ("/structures/activities?status=Ongoing", 2), ("/structures/activities?q=madrid", 1),
    ("/structures/activities?q=IOM", 1), ("/structures/activities?kind=evaluation", 1),
    ("/structures/activities?year=2021", 3), ("/structures/activities?run=runB", 1),
    (f"/structures/activities?doc={XSS_ID}", 1), ("/structures/activities?doc=remittances_report.pdf", 3),
    ("/structures/recommendations?response=accepted", 1), ("/structures/recommendations?response=not%20accepted", 1),
    ("/structures/recommendations?response=partially%20accepted&q=remittance", 1),
    ("/structures/recommendations?q=100%25", 1), ("/structures/recommendations?q=10_%25", 0),
    ("/structures/recommendations?q=data%20officer", 1), ("/structures/facts?q=350", 1),
    ("/structures/results?q=officials", 1), ("/structures/agenda?q=panel", 1), ("/structures/tables?q=spain", 1),
    ("/structures/tables?q=script", 1), ("/structures/tables?q=nothing-like-it", 0),
])
def test_filters_select_the_rows_they_name(client: TestClient, path: str, expected: int) -> None:
    assert total(client, path) == expected


@pytest.mark.parametrize(("query", "message"), [
    ("activities?country=Atlantis", "ISO3"), ("activities?status=maybe", "done, ongoing, planned"),
    ("recommendations?response=perhaps", "accepted"), ("facts?country=MAR", "no country filter"),
    ("activities?response=accepted", "no response filter"), ("agenda?status=done", "no status filter"),
    ("activities?year=1900", "2019, 2021"), ("results?kind=novel", "vnr"), ("tables?doc=nope.pdf", "remittances"),
    ("facts?run=zzz", "runA"), ("agenda?q=" + "x" * 300, "at most"),
])
def test_a_bad_filter_value_is_a_400_naming_the_valid_options(client: TestClient, query: str, message: str) -> None:
    for path in (f"/structures/{query}", f"/structures/{query.replace('?', '/download.csv?', 1)}"):
        res = client.get(path)
        assert res.status_code == 400, path
        assert message in res.text.replace("&#39;", "'"), path


@pytest.mark.parametrize("page", ["0", "-1", "two"])
def test_a_bad_page_number_is_a_400(client: TestClient, page: str) -> None:
    assert client.get(f"/structures/tables?page={page}").status_code == 400
    assert total(client, "/structures/tables?page=99") == 2  # past the end: the last page


@pytest.mark.parametrize("path", ["/structures/links", "/structures/documents", "/structures/nothing",
                                  "/structures/..%2Fdocuments", "/structures/activities/download.docx",
                                  "/structures/nothing/download.csv"])
def test_an_unknown_table_or_format_is_a_404(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_a_rows_page_link_opens_the_page_view_with_its_box(client: TestClient, serve_db: ServeDb) -> None:
    text = client.get("/structures/activities?country=MAR").text
    href = PAGE_LINK.search(text).group(1).replace("&amp;", "&")
    box = ",".join(f"{v:.2f}" for v in serve_db.box)
    assert href == f"/page/{PDF_ID}/1?box=" + box.replace(",", "%2C")
    page = client.get(href)
    assert page.status_code == 200 and "Remittance corridors report" in page.text
    src = re.search(r'<img id="page-image" src="([^"]+)"', page.text).group(1).replace("&amp;", "&")
    png = Image.open(io.BytesIO(client.get(src).content)).convert("RGB")
    x0, y0, x1, y1 = Box(*serve_db.box).pixels(scale=SCALE)
    assert png.getpixel((x0 + 1, (y0 + y1) // 2)) == BOX_OUTLINE
    # a row without a box opens its page without one; a document without a PDF has no link
    planned = client.get("/structures/activities?status=ongoing").text
    assert f'href="/page/{PDF_ID}/2"' in planned and f"/page/{XSS_ID}/" not in planned


def test_downloads_hold_exactly_the_filtered_rows(client: TestClient) -> None:
    from openpyxl import load_workbook

    rows = download_rows(client, "/structures/activities/download.csv?status=ongoing")
    assert sorted(r["country"] for r in rows) == ["GLOBAL", "NGA"]
    assert list(rows[0])[:5] == ["doc_id", "doc_title", "doc_kind", "doc_year", "doc_source"]
    assert set(STRUCTURE_TABLES["activities"]) <= set(rows[0])
    assert len(download_rows(client, "/structures/activities/download.csv")) == 4
    assert [r["number"] for r in download_rows(client, "/structures/recommendations/download.csv?"
                                                       "response=accepted")] == ["1"]
    cells = download_rows(client, "/structures/tables/download.csv?q=spain")
    assert len(cells) == 6 and {r["table_id"] for r in cells} == {"tab1"}  # the whole table that matches
    res = client.get("/structures/recommendations/download.xlsx?q=shelter")
    assert res.headers["content-disposition"] == 'attachment; filename="nexus_recommendations.xlsx"'
    sheet = list(load_workbook(io.BytesIO(res.content)).active.iter_rows(values_only=True))
    assert len(sheet) == 2 and SCRIPT in sheet[1][sheet[0].index("recommendation")]
    csv_res = client.get("/structures/facts/download.csv")
    assert csv_res.headers["content-type"].startswith("text/csv")
    results = download_rows(client, "/structures/results/download.csv?kind=vnr")  # its own kind and the document's
    assert [(r["kind"], r["doc_kind"]) for r in results] == [("output", "vnr")]


def test_a_formula_in_a_row_is_neutralised_in_downloads(serve_db: ServeDb, tmp_path: Path) -> None:
    db = tmp_path / "formula.duckdb"
    shutil.copy(serve_db.db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE facts SET value = '=HYPERLINK(\"http://x\")' WHERE key = 'budget'")
    rows = download_rows(TestClient(create_app(db=db), base_url=LOCAL), "/structures/facts/download.csv?q=hyperlink")
    assert len(rows) == 1 and not rows[0]["value"].startswith("=")


@pytest.mark.parametrize("name", list(SPECS))
def test_a_script_in_a_report_is_shown_as_text(client: TestClient, name: str) -> None:
    text = client.get(f"/structures/{name}?doc={XSS_ID}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert SCRIPT not in text


def test_an_old_database_without_structured_tables_says_there_are_none(serve_db: ServeDb, tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    shutil.copy(serve_db.db, db)
    with duckdb.connect(str(db)) as con:
        for name in STRUCTURE_TABLES:
            con.execute(f"DROP TABLE {name}")
    old = TestClient(create_app(db=db), base_url=LOCAL)
    index = old.get("/structures")
    assert index.status_code == 200 and 'id="no-structures"' in index.text
    assert INDEX_ROW.findall(index.text) == []
    for name in SPECS:
        res = old.get(f"/structures/{name}")
        assert res.status_code == 200 and 'id="no-rows"' in res.text and int(TOTAL.search(res.text).group(1)) == 0
    assert old.get("/structures/activities?status=done&country=MAR").status_code == 200
    empty = old.get("/structures/activities/download.csv")
    assert empty.status_code == 200 and empty.text.strip().split(",")[:2] == ["doc_id", "doc_title"]
    assert len(empty.text.strip().splitlines()) == 1
    assert old.get("/").status_code == 200
