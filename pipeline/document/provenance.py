"""Provenance down to the page: a span of the document text → its page number and box, as pdfplumber's TextMap.

The map is compact: each PDF block carries, for its final text, the line boxes of the visual lines (or table
cell lines, or OCR words) it was made of, as (start, end, bbox) in block-text offsets. Within a line the
x-position of a character is interpolated by its position in the line, each character weighted by a typical
advance width (Helvetica's), so that narrow and wide letters are placed closely; no per-character objects
are kept.
"""
from __future__ import annotations

import functools
import unicodedata
from bisect import bisect_right

from pipeline.types import BBox, Block, Document, Page

FIRST_WIDTH_CHAR = " "
HELVETICA_WIDTHS: tuple[int, ...] = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
    556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
    260, 334, 584,
)
"""Advance widths (1/1000 em) of Helvetica's printable ASCII characters, from " " to "~" (the AFM metrics)."""
AVERAGE_WIDTH = 556
"""The width given to characters without a Helvetica width and no ASCII base letter (CJK, symbols)."""
_WIDTHS: dict[str, int] = {chr(ord(FIRST_WIDTH_CHAR) + i): w for i, w in enumerate(HELVETICA_WIDTHS)}


@functools.lru_cache(maxsize=4096)
def _other_width(char: str) -> int:
    """The width of a non-ASCII character: that of its base letter ("é" → "e"), else AVERAGE_WIDTH."""
    base = unicodedata.normalize("NFD", char)[:1]
    return _WIDTHS.get(base, AVERAGE_WIDTH)


class _CharWidths(dict[str, int]):
    """Helvetica's widths, filled with the width of every other character on its first lookup."""

    def __missing__(self, char: str) -> int:
        width = self[char] = _other_width(char)
        return width


_ALL_WIDTHS = _CharWidths(_WIDTHS)


def _width(text: str) -> int:
    """The typical advance width of a text (1/1000 em)."""
    return sum(map(_ALL_WIDTHS.__getitem__, text))


def _page_end(page: Page) -> int:
    return page.char_end


def _block_end(block: Block) -> int:
    return block.char_end


def locate(document: Document, char_start: int, char_end: int) -> tuple[int, BBox] | None:
    """The page number and the box of the characters [char_start, char_end) of the document text.

    A span over several lines gives the union of its pieces on each line; a span that runs onto a later page
    gives its box on the first page. None when the span is empty or its text has no page geometry (formats
    other than PDF, separators between blocks).
    """
    if char_end <= char_start:
        return None
    pages = document.pages
    for index in range(bisect_right(pages, char_start, key=_page_end), len(pages)):
        page = pages[index]
        if page.char_start >= char_end:
            return None
        if page.blocks:
            box = _page_box(page, char_start, char_end)
            return None if box is None else (page.number, box)
    return None


def _page_box(page: Page, char_start: int, char_end: int) -> BBox | None:
    """The union box of the characters [char_start, char_end) that lie on one page, or None."""
    x0 = top = float("inf")
    x1 = bottom = float("-inf")
    blocks = page.blocks
    for index in range(bisect_right(blocks, char_start, key=_block_end), len(blocks)):
        block = blocks[index]
        if block.char_start >= char_end:
            break
        lo, hi = char_start - block.char_start, char_end - block.char_start
        for start, end, (left, line_top, right, line_bottom) in block.line_boxes:
            if end <= lo:
                continue
            if start >= hi:
                break
            a, z = max(lo, start), min(hi, end)
            piece_left, piece_right = left, right
            if a > start or z < end:
                text = block.text
                total = _width(text[start:end])
                if total:
                    step = (right - left) / total
                    if a > start:
                        piece_left = left + _width(text[start:a]) * step
                    if z < end:
                        piece_right = right - _width(text[z:end]) * step
            if piece_left < x0:
                x0 = piece_left
            if piece_right > x1:
                x1 = piece_right
            if line_top < top:
                top = line_top
            if line_bottom > bottom:
                bottom = line_bottom
    if x0 > x1:
        return None
    return (x0, top, x1, bottom)
