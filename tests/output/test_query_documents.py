"""Queries restricted by document kind, document and year, and a query's table written for authors."""
from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pandas as pd
import pytest

from pipeline.errors import ConfigError
from pipeline.output.query import filter_documents, matrix, query_links
from pipeline.output.sheets import write_docx, write_frame, write_xlsx
from tests.output.test_query import _tables


def _two_documents() -> dict[str, pd.DataFrame]:
    """The one-document run of test_query twice: an evaluation of 2022 (r.pdf) and a resolution of 2024."""
    first = {k: v.copy() for k, v in _tables().items()}
    second = {k: v.copy() for k, v in _tables().items()}
    for df in second.values():
        if "doc_id" in df.columns:
            df["doc_id"] = "d" * 16
    first["documents"] = first["documents"].assign(kind="evaluation", year=2022, symbol="")
    second["documents"] = second["documents"].assign(source="A_RES_79_1.pdf", kind="resolution", year=2024,
                                                     symbol="A/RES/79/1")
    return {k: pd.concat([first[k], second[k]], ignore_index=True) for k in first}


def test_kind_doc_and_year_select_documents() -> None:
    tables = _two_documents()
    assert set(query_links(kind="resolution", tables=tables)["doc_id"]) == {"d" * 16}
    assert set(query_links(year=2022, tables=tables)["doc_id"]) == {"c" * 16}
    for name in ("A/RES/79/1", "A_RES_79_1.pdf", "a_res_79_1", "d" * 16):
        assert set(query_links(doc=name, tables=tables)["doc_id"]) == {"d" * 16}, name
    assert len(query_links(tables=tables)) == 4
    assert set(matrix("theme-target", tables=tables, doc_kind="evaluation").sum()) == {1}
    assert filter_documents(tables) is tables


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"kind": "evaluaton"}, "did you mean 'evaluation'"),
    ({"doc": "A_RES_79_2"}, "did you mean 'A_RES_79_1"),
    ({"year": 1999}, "year 1999 is not one of 2022, 2024"),
])
def test_bad_document_filters_name_the_valid_values(kwargs: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        query_links(tables=_two_documents(), **kwargs)


def test_excel_sheet_is_author_ready(tmp_path: Path) -> None:
    df = query_links(tables=_two_documents())
    path = write_xlsx(df, tmp_path / "links.xlsx")
    ws = openpyxl.load_workbook(path).active
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}5"
    header = [c.value for c in ws[1]]
    evidence = header.index("evidence") + 1
    assert ws.cell(2, evidence).alignment.wrap_text and ws.column_dimensions[
        ws.cell(1, evidence).column_letter].width >= 60
    assert ws.max_row == 5 and ws.cell(1, 1).font.bold


def test_word_table_holds_one_row_per_link(tmp_path: Path) -> None:
    df = query_links(tables=_two_documents())
    table = docx.Document(str(write_docx(df, tmp_path / "links.docx"))).tables[0]
    assert [c.text for c in table.rows[0].cells][:2] == ["Document", "Page"] and len(table.rows) == 5
    assert any("Morocco cuts remittance costs" in c.text for c in table.rows[1].cells + table.rows[2].cells)


def test_csv_and_json_files_and_unknown_formats(tmp_path: Path) -> None:
    df = query_links(tables=_two_documents())
    assert len(pd.read_csv(write_frame(df, tmp_path / "l.csv", fmt="csv"))) == 4
    assert len(pd.read_json(write_frame(df, tmp_path / "l.json", fmt="json"))) == 4
    with pytest.raises(ConfigError, match="format 'pdf' is not one of csv, json, xlsx"):
        write_frame(df, tmp_path / "l.pdf", fmt="pdf")


def test_a_run_of_the_database_is_named_by_its_id_or_folder(tmp_path: Path) -> None:
    from pipeline.output.db import index_run

    tables = _two_documents()
    db = tmp_path / "nexus.duckdb"
    for run_id, doc_id in (("r1", "c" * 16), ("r2", "d" * 16)):
        part = {k: v[v["doc_id"] == doc_id] for k, v in tables.items()}
        index_run(db, run_id=run_id, out_dir=tmp_path / f"gone_{run_id}", tables=part)
    assert len(query_links(db=db)) == 4
    assert set(query_links(db=db, run_dir=Path("r2"))["doc_id"]) == {"d" * 16}
    assert set(query_links(db=db, run_dir=Path("gone_r1"))["doc_id"]) == {"c" * 16}
    with pytest.raises(ConfigError, match="run 'gone_r3' is not one of the 2 runs indexed .*did you mean 'gone_r2' or 'gone_r1'"):
        query_links(db=db, run_dir=Path("gone_r3"))


def test_the_run_workbook_has_evidence_matrix_and_documents_sheets(tmp_path: Path) -> None:
    from pipeline.output.sheets import write_workbook

    tables = _two_documents()
    written = write_workbook(tables, tmp_path / "nexus.xlsx")
    book = openpyxl.load_workbook(written)
    assert book.sheetnames == ["Evidence", "Matrix", "Documents"]
    evidence = book["Evidence"]
    header = [c.value for c in evidence[1]]
    assert header[:8] == ["title", "kind", "year", "countries", "actors", "theme", "sdg_item", "sdg_wording"]
    rows = [dict(zip(header, (c.value for c in row))) for row in evidence.iter_rows(min_row=2)]
    assert len(rows) == 4 and {r["kind"] for r in rows} == {"evaluation", "resolution"}
    assert {r["sdg_wording"] for r in rows if r["sdg_item"] == "SDG:10.c"} == {
        "By 2030, reduce to less than 3 per cent the transaction costs of migrant remittances and eliminate "
        "remittance corridors …"}
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)
    assert book["Documents"].max_row == 3


def test_a_wide_matrix_reads_row_by_row_on_a_terminal() -> None:
    from pipeline.output.query import sparse_rows

    grid = pd.DataFrame({"SDG:10.7": [3, 0, 1], "SDG:8.8": [1, 0, 2]}, index=["NER", "FRA", "MLI"])
    assert sparse_rows(grid) == [("NER", [("SDG:10.7", 3), ("SDG:8.8", 1)]), ("MLI", [("SDG:8.8", 2), ("SDG:10.7", 1)])]
