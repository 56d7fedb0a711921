"""Every cell of every detected table, with its row, column and the path of column headers above it; a table that
goes on over a page break (same columns, its header repeated or absent) keeps one table id."""
from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.continued import continued_tables
from pipeline.ids import hash_id
from pipeline.structure.lines import Line, span_box
from pipeline.structure.records import TableCell
from pipeline.types import Document

HEADER_CELL_MAX_CHARS = 60
MAX_HEADER_ROWS = 3
KEY_VALUE_WIDTH = 2
BODY_LIKE_SHARE = 0.6
"""The first row of a two-column table is no header when at least this share of the rows below it read as
header-like too (a key–value table or an acronym list has no header row)."""
NUMBER_RE = re.compile(r"^[\d\s.,%()$€£+\-–/]+$")
HEADER_PATH_SEPARATOR = " / "


def _is_header_row(line: Line) -> bool:
    """Whether a row reads as column headers: at least two short, non-numeric cells and no long one."""
    filled = line.filled
    return len(filled) >= 2 and all(len(c.text) <= HEADER_CELL_MAX_CHARS and not NUMBER_RE.match(c.text)
                                    for c in filled)


def _header_rows(rows: Sequence[Line]) -> int:
    """How many of a table's first rows are its headers (0 when the first row is data): the first row when it
    reads as headers, and a row under it only while the row above has a spanning cell to split (empty cells)."""
    if len(rows) < 2 or not _is_header_row(rows[0]):
        return 0
    body = rows[1:]
    if max(len(r.cells) for r in rows) == KEY_VALUE_WIDTH and \
            sum(_is_header_row(r) for r in body) >= BODY_LIKE_SHARE * len(body):
        return 0  # a two-column list whose first row looks like the rows below it (key–value, acronyms): data
    n = 1
    while n < min(MAX_HEADER_ROWS, len(rows) - 1) and _is_header_row(rows[n]) and \
            any(not c.text for c in rows[n - 1].cells):
        n += 1
    return n


def _paths(headers: Sequence[Line], width: int) -> list[str]:
    """Each column's header path: the header rows' texts above it, a spanning parent carried to the right."""
    paths: list[list[str]] = [[] for _ in range(width)]
    for r, row in enumerate(headers):
        texts = [row.cells[k].text if k < len(row.cells) else "" for k in range(width)]
        if r < len(headers) - 1:  # a parent row: an empty cell belongs to the spanning cell on its left
            for k in range(1, width):
                if not texts[k]:
                    texts[k] = texts[k - 1]
        for k, text in enumerate(texts):
            if text and (not paths[k] or paths[k][-1] != text):
                paths[k].append(text)
    return [HEADER_PATH_SEPARATOR.join(p) for p in paths]


def _joins(doc: Document) -> dict[str, tuple[str, bool]] | None:
    """Block id of a table's continuation on the next page → (the block it continues, header repeated), from the
    tables' column geometry (pipeline.extract.continued); None for a document without page geometry."""
    if not any(b.line_boxes for page in doc.pages for b in page.blocks):
        return None
    out: dict[str, tuple[str, bool]] = {}
    by_number = {page.number: page for page in doc.pages}
    for c in continued_tables(doc.pages):
        first, second = by_number[c.page].blocks[c.block], by_number[c.next_page].blocks[c.next_block]
        out[second.block_id] = (first.block_id, c.repeated_header)
    return out


def _tables(lines: Sequence[Line], joins: dict[str, tuple[str, bool]] | None) -> list[list[Line]]:
    """The rows of each table, a table continued on the next page joined to it: by column geometry when the
    document has it (``joins``), else when the next page's table has the same width and repeats the header or
    has none."""
    blocks: list[list[Line]] = []
    for line in lines:
        if line.kind != "table":
            continue
        if blocks and blocks[-1][-1].block_id == line.block_id:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    out: list[list[Line]] = []
    for rows in blocks:
        previous = out[-1] if out else None
        if previous is not None and joins is not None:
            joined = joins.get(rows[0].block_id)
            if joined is not None and joined[0] == previous[-1].block_id:
                out[-1] = previous + rows[1 if joined[1] else 0:]
                continue
        elif previous is not None and rows[0].page == previous[-1].page + 1 and \
                len(rows[0].cells) == len(previous[0].cells):
            header = previous[:_header_rows(previous)]
            repeats = bool(header) and [c.text for c in rows[0].cells] == [c.text for c in header[0].cells]
            if repeats or not _is_header_row(rows[0]):
                out[-1] = previous + rows[len(header) if repeats else 0:]
                continue
        out.append(rows)
    return out


def find_cells(doc: Document, lines: Sequence[Line]) -> list[TableCell]:
    """Every non-empty cell of every table of a document."""
    out: list[TableCell] = []
    for rows in _tables(lines, _joins(doc)):
        width = max(len(r.cells) for r in rows)
        n_headers = _header_rows(rows)
        paths = _paths(rows[:n_headers], width) if n_headers else [""] * width
        table_id = hash_id(doc.doc_id, "table", rows[0].block_id)
        for r, row in enumerate(rows):
            for k, cell in enumerate(row.cells):
                if not cell.text:
                    continue
                page, box = span_box(doc, cell.start, cell.end)
                out.append(TableCell(doc_id=doc.doc_id, table_id=table_id, page=row.page or page, row=r, column=k,
                                     header_path="" if r < n_headers else paths[k], text=cell.text,
                                     char_start=cell.start, char_end=cell.end, bbox=box))
    return out
