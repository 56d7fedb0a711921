"""The document as a stream of lines for the structure extractors: a table block gives one line per row (its cells
placed in the document text), any other block one line of one cell. Pure functions over the Document record."""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pipeline.document.provenance import locate
from pipeline.types import BBox, Block, Document

TABLE_KIND = "table"
ROW_SEPARATOR = "\n"
SKIPPED_KINDS = frozenset({"header", "footer"})
"""Block kinds that never carry a structure (running furniture)."""
SPACE_RE = re.compile(r"\s+")
ODD_SPACE_RE = re.compile(r"\s\s|[^\S ]")
"""Whitespace that squash changes: a run of two, or any whitespace but a plain space."""


@dataclass(frozen=True, slots=True)
class Cell:
    """A cell's text and its span in the document text (empty cells have an empty span)."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Line:
    """A row of a table block (several cells) or a whole other block (one cell), with its page and block."""

    cells: tuple[Cell, ...]
    page: int
    block_id: str
    kind: str
    row: int = 0

    @property
    def text(self) -> str:
        """The line's non-empty cells joined by a space."""
        return " ".join(c.text for c in self.cells if c.text)

    @property
    def start(self) -> int:
        """Where the line's first non-empty cell starts in the document text."""
        return min((c.start for c in self.cells if c.text), default=self.cells[0].start if self.cells else 0)

    @property
    def end(self) -> int:
        """Where the line's last non-empty cell ends in the document text."""
        return max((c.end for c in self.cells if c.text), default=self.start)

    @property
    def filled(self) -> list[Cell]:
        """The non-empty cells."""
        return [c for c in self.cells if c.text]


def squash(text: str) -> str:
    """Whitespace runs (any Unicode whitespace) as single spaces, ends trimmed."""
    if not ODD_SPACE_RE.search(text):
        return text.strip()
    return SPACE_RE.sub(" ", text).strip()


def _placed_cells(row_text: str, row_start: int, cells: Sequence[str]) -> tuple[Cell, ...]:
    """A row's cells with their spans, found in the row's text in order (a cell not found gets an empty span)."""
    out: list[Cell] = []
    pos = 0
    for cell in cells:
        text = cell.strip()
        at = row_text.find(text, pos) if text else -1
        if at < 0:
            out.append(Cell(squash(text), row_start + pos, row_start + pos))
            continue
        out.append(Cell(squash(text), row_start + at, row_start + at + len(text)))
        pos = at + len(text)
    return tuple(out)


def table_rows(block: Block) -> list[Line]:
    """The rows of a table block as lines of cells placed in the document text."""
    if not block.cells:
        return []
    rows = block.text.split(ROW_SEPARATOR)
    out: list[Line] = []
    offset = block.char_start
    for k, (row_text, cells) in enumerate(zip(rows, block.cells)):
        out.append(Line(_placed_cells(row_text, offset, cells), block.page, block.block_id, TABLE_KIND, k))
        offset += len(row_text) + len(ROW_SEPARATOR)
    return out


def document_lines(doc: Document) -> Iterator[Line]:
    """Every line of a document in reading order (running furniture left out)."""
    for block in doc.blocks:
        if block.kind in SKIPPED_KINDS:
            continue
        if block.kind == TABLE_KIND and block.cells:
            yield from table_rows(block)
        elif block.text.strip():
            lead = len(block.text) - len(block.text.lstrip())
            text = block.text.strip()
            yield Line((Cell(squash(text), block.char_start + lead, block.char_start + lead + len(text)),),
                       block.page, block.block_id, block.kind)


def span_box(doc: Document, start: int, end: int) -> tuple[int, BBox | None]:
    """The page and box of a span of the document text (its first page; no box without page geometry)."""
    found = locate(doc, start, end) if end > start else None
    if found is None:
        return 0, None
    return found
