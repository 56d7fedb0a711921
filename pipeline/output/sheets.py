"""A query's table as files an author opens: an Excel sheet (frozen header, filters, widths, wrapped text), a
Word evidence table (python-docx), CSV or JSON, each written atomically."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.clean import clip_words
from pipeline.errors import ConfigError, StoreError, invalid_value
from pipeline.output.files import atomic_path
from pipeline.resources.sdg import SdgGoal, load_sdg

EXCEL_MAX_CELL = 32767
"""Excel's limit on the characters of a cell."""
MIN_WIDTH = 6
MAX_WIDTH = 80
"""Column widths (characters) lie between these; longer texts wrap."""
WIDTH_SAMPLE = 200
"""Rows looked at to size a column."""
WRAPPED_COLUMNS = frozenset({"evidence", "reason", "title", "section", "headers", "sdg_wording", "value",
                             "statement", "activity", "recommendation", "actions", "session", "speakers", "text"})
"""Columns of running text: set wide and wrapped."""
SHEET_NAME = "links"
WORKBOOK_NAME = "nexus.xlsx"
"""The author workbook of a run folder (``nexus run --excel``)."""
DOCX_COLUMNS = ("title", "page", "relation", "source_id", "target_id", "countries", "evidence")
"""The columns of the Word evidence table (the ones present in the frame, in this order)."""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""How a spreadsheet cell that a spreadsheet program would run as a formula starts (OWASP CSV injection)."""
PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
"""A text that is just a number ("-5", "+1.5e3"): left as it is, never a formula."""
DOCX_HEADINGS = {"title": "Document", "page": "Page", "relation": "Relation", "source_id": "Theme",
                 "target_id": "SDG item", "countries": "Countries", "evidence": "Evidence"}


def _cell(value: object) -> object:
    """A cell value Excel accepts (long text cut to EXCEL_MAX_CELL, missing values empty)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return ""
    if isinstance(value, str):
        return value[:EXCEL_MAX_CELL]
    return value


def neutralise_formula(value: object) -> object:
    """A text cell that would start a formula in a spreadsheet ("=HYPERLINK(...)", "@SUM", "-2+3") prefixed with
    an apostrophe, so it shows as text; numbers, and texts that are plain numbers ("-5"), stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(value):
        return "'" + value
    return value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of a table whose text cells are safe to open in a spreadsheet (:func:`neutralise_formula`)."""
    out = df.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column].dtype):
            out[column] = out[column].map(neutralise_formula, na_action="ignore")
    return out


def _width(df: pd.DataFrame, column: str) -> int:
    """A readable width for a column: its header or its longest sampled value, bounded."""
    values = [len(str(v)) for v in df[column].head(WIDTH_SAMPLE)]
    longest = max([len(str(column)), *values])
    return MAX_WIDTH if column in WRAPPED_COLUMNS else max(MIN_WIDTH, min(MAX_WIDTH, longest + 2))


def write_xlsx(df: pd.DataFrame, path: Path, *, sheet: str = SHEET_NAME) -> Path:
    """Write a table as one Excel sheet: header row frozen, filters on, widths set, running text wrapped."""
    return _save_workbook({sheet: df}, path)


def _save_workbook(sheets: dict[str, pd.DataFrame], path: Path) -> Path:
    """Write one formatted sheet per table (:func:`_fill_sheet`) into a workbook at ``path``, atomically."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, df in sheets.items():
        _fill_sheet(workbook.create_sheet(name), df)
    try:
        with atomic_path(path) as tmp:
            workbook.save(tmp)
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def _fill_sheet(ws: object, df: pd.DataFrame) -> None:
    """A sheet holding ``df``: header row bold and frozen, filters on, widths set, running text wrapped."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    columns = [str(c) for c in df.columns]
    ws.append(columns)
    for row in df.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for k, column in enumerate(columns, start=1):
        letter = get_column_letter(k)
        ws.column_dimensions[letter].width = _width(df, column)
        ws.cell(row=1, column=k).font = bold
        if column in WRAPPED_COLUMNS:
            for cell in ws[letter][1:]:
                cell.alignment = wrap
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(df) + 1)}"


EVIDENCE_SHEET = ("title", "kind", "year", "countries", "actors", "theme", "sdg_item", "sdg_wording", "relation",
                  "score", "evidence", "page", "section", "file")
"""The Evidence sheet of the author workbook, in this order."""
STRUCTURE_SHEETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "facts": ("Facts", ("page", "key", "raw_key", "value", "normalised_value")),
    "results": ("Results", ("page", "kind", "number", "statement", "indicators", "baseline", "target", "achieved")),
    "activities": ("Activities", ("page", "country", "output", "activity", "status", "period", "actors")),
    "recommendations": ("Recommendations", ("page", "number", "recommendation", "addressed_to", "response",
                                            "actions", "responsible", "deadline", "status")),
    "agenda": ("Agenda", ("page", "time", "session", "moderator", "speakers", "institutions", "countries")),
    "tables": ("Tables", ("page", "table_id", "row", "column", "header_path", "text")),
}
"""The structured tables' sheets of the author workbook (when a run found any): table → (sheet, columns)."""
DOCUMENT_SHEET = ("doc_id", "source", "title", "kind", "symbol", "year", "language", "pages", "status", "error")
SDG_WORDING_CHARS = 120
"""An SDG item's official wording is quoted up to this many characters."""


def sdg_wording(item: str) -> str:
    """An SDG item's official English wording ("SDG:10.7" → "Facilitate orderly, safe, regular ..."), clipped; a
    goal's short title; "" for a code outside the framework."""
    found = load_sdg().lookup(str(item))
    if found is None:
        return ""
    text = (found.short if isinstance(found, SdgGoal) else found.title).get("en") or ""
    return clip_words(text, SDG_WORDING_CHARS)


def write_workbook(tables: dict[str, pd.DataFrame], path: Path) -> Path:
    """The author workbook of a run: Evidence (one row per link with its document, scope, the SDG item's wording
    and the evidence), Matrix (themes × SDG items, documents counted) and Documents sheets."""
    from pipeline.output.query import matrix, query_links

    links = query_links(tables=tables)
    docs = tables["documents"]
    evidence = pd.DataFrame({
        "title": links["title"], "kind": links["kind"], "year": links["year"],
        "countries": links["countries"], "actors": links["actors"],
        "theme": links["source_id"], "sdg_item": links["target_id"],
        "sdg_wording": links["target_id"].map(sdg_wording), "relation": links["relation"],
        "score": links["weight"], "evidence": links["evidence"], "page": links["page"],
        "section": links["section"], "file": links["source"].map(lambda v: Path(str(v)).name),
    }, columns=list(EVIDENCE_SHEET))
    grid = matrix("theme-target", tables=tables)
    sheets = {"Evidence": evidence, "Matrix": grid.reset_index() if not grid.empty else pd.DataFrame(),
              "Documents": docs[[c for c in DOCUMENT_SHEET if c in docs.columns]]}
    titles = docs.drop_duplicates("doc_id").set_index("doc_id")["title"] if len(docs) else pd.Series(dtype=object)
    for name, (sheet, columns) in STRUCTURE_SHEETS.items():
        df = tables.get(name)
        if df is not None and len(df):
            shown = df.assign(title=df["doc_id"].map(titles), file=df["doc_id"].map(_files(docs)))
            sheets[sheet] = shown[[c for c in ("title", *columns, "file") if c in shown.columns]]
    return _save_workbook(sheets, path)


def _files(docs: pd.DataFrame) -> dict[str, str]:
    """Document id → its file name."""
    return {str(d): Path(str(s)).name for d, s in zip(docs.get("doc_id", ()), docs.get("source", ()))}


def write_docx(df: pd.DataFrame, path: Path, *, heading: str = "Evidence") -> Path:
    """Write a table of links as a Word evidence table an author can paste into a chapter."""
    import docx

    columns = [c for c in DOCX_COLUMNS if c in df.columns] or [str(c) for c in df.columns]
    document = docx.Document()
    document.add_heading(heading, level=1)
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, columns):
        cell.text = DOCX_HEADINGS.get(column, column)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in df[columns].itertuples(index=False):
        cells = table.add_row().cells
        for cell, value in zip(cells, row):
            cell.text = str(_cell(value))
    try:
        with atomic_path(path) as tmp:
            document.save(str(tmp))
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


FILE_FORMATS = ("csv", "json", "xlsx", "docx")


def write_frame(df: pd.DataFrame, path: Path, *, fmt: str) -> Path:
    """Write a table to ``path`` as csv, json, xlsx or docx (a CSV's or a sheet's text cells that would start a
    formula are neutralised: :func:`neutralise_formula`)."""
    if fmt in ("csv", "xlsx"):
        df = neutralise_formulas(df)
    if fmt == "xlsx":
        return write_xlsx(df, path)
    if fmt == "docx":
        return write_docx(df, path)
    if fmt not in FILE_FORMATS:
        raise ConfigError(invalid_value("format", fmt, FILE_FORMATS))
    text = df.to_csv(index=False) if fmt == "csv" else df.to_json(orient="records", force_ascii=False, indent=1) + "\n"
    try:
        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path
