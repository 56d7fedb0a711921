"""Tables that continue over a page break: found from the blocks of consecutive pages (pure functions).

A page's last table continues on the next page when nothing but furniture-like blocks (footnotes, captions,
running headers/footers) comes after it, the next page opens with a table (nothing but running headers before
it), both have the same column count, and every column starts (or, for numeric columns, ends) at the same x
on both pages. The next table may repeat the header row; `join_cells` drops the repeat.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.extract.tables import CELL_SEPARATOR, ROW_SEPARATOR
from pipeline.types import RawBlock, RawPage

COLUMN_TOLERANCE = 4.0
"""Columns of two table parts match when their left (or right) edges are this many points apart at most."""
AFTER_KINDS = frozenset({"footnote", "footer", "caption", "header"})
"""Block kinds that may follow a table at the foot of its page without ending it."""
BEFORE_KINDS = frozenset({"header"})
"""Block kinds that may precede the continued table at the head of the next page."""


@dataclass(frozen=True, slots=True)
class Continuation:
    """Block `block` of page `page` continues as block `next_block` of page `next_page`."""

    page: int
    block: int
    next_page: int
    next_block: int
    repeated_header: bool = False


def _cell_starts(block: RawBlock) -> list[list[int]]:
    """Offsets into the block text where each cell of each row starts (-1 for an empty cell)."""
    starts: list[list[int]] = []
    offset = 0
    for row in block.cells or ():
        text, row_starts = "", []
        lead = 0 if row[0] else 1
        for k, cell in enumerate(row):
            if k:
                text += CELL_SEPARATOR[1:] if text.endswith(" ") else CELL_SEPARATOR
            row_starts.append(offset + len(text) - lead if cell else -1)
            text += cell
        starts.append(row_starts)
        offset += len(text.strip()) + len(ROW_SEPARATOR)
    return starts


def column_edges(block: RawBlock) -> list[tuple[float, float]]:
    """(left, right) of each column of a table block: the smallest left and largest right of its cell lines."""
    ncols = len(block.cells[0]) if block.cells else 0
    edges = [(float("inf"), float("-inf"))] * ncols
    cell_of: list[tuple[int, int]] = []  # (start offset, column), sorted by offset
    for row in _cell_starts(block):
        cell_of.extend((start, k) for k, start in enumerate(row) if start >= 0)
    cell_of.sort()
    pos = 0
    for start, _end, box in block.line_boxes:
        while pos + 1 < len(cell_of) and cell_of[pos + 1][0] <= start:
            pos += 1
        if not cell_of:
            break
        k = cell_of[pos][1]
        left, right = edges[k]
        edges[k] = (min(left, box[0]), max(right, box[2]))
    return edges


def _columns_match(a: RawBlock, b: RawBlock) -> bool:
    if not a.cells or not b.cells or len(a.cells[0]) != len(b.cells[0]):
        return False
    for (l0, r0), (l1, r1) in zip(column_edges(a), column_edges(b)):
        if not (abs(l0 - l1) <= COLUMN_TOLERANCE or abs(r0 - r1) <= COLUMN_TOLERANCE):
            return False
    return True


def _last_table(page: RawPage) -> int | None:
    for i in range(len(page.blocks) - 1, -1, -1):
        kind = page.blocks[i].kind
        if kind == "table":
            return i
        if kind not in AFTER_KINDS:
            return None
    return None


def _first_table(page: RawPage) -> int | None:
    for i, block in enumerate(page.blocks):
        if block.kind == "table":
            return i
        if block.kind not in BEFORE_KINDS:
            return None
    return None


def continued_tables(pages: Sequence[RawPage]) -> list[Continuation]:
    """The tables that continue from one page onto the next, in page order."""
    out: list[Continuation] = []
    for page, nxt in zip(pages, pages[1:]):
        if nxt.number != page.number + 1:
            continue
        i, j = _last_table(page), _first_table(nxt)
        if i is None or j is None:
            continue
        a, b = page.blocks[i], nxt.blocks[j]
        if _columns_match(a, b):
            repeated = bool(a.cells and b.cells and a.cells[0] == b.cells[0])
            out.append(Continuation(page.number, i, nxt.number, j, repeated))
    return out


def join_cells(first: RawBlock, second: RawBlock, *, repeated_header: bool) -> tuple[tuple[str, ...], ...]:
    """The rows of a table and its continuation as one table (the repeated header row dropped)."""
    rest = (second.cells or ())[1:] if repeated_header else (second.cells or ())
    return (first.cells or ()) + rest
