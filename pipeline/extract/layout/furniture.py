"""Running headers, footers and page numbers: short lines repeated in the top or bottom band of many pages.

A repeated line in a band is furniture only when it stands apart. A line stacked, without a paragraph gap, on
lines that run on out of the band is text (a heading or boilerplate paragraph that starts in the top band,
footnotes that rise above the bottom band), and so is a dense paragraph set across the width of a band (a
disclaimer in every page's footer). A running title wrapped in a narrow corner of the header (UN documents)
stays furniture.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pipeline.extract.layout.lines import MARKER_GAP_EM, MIN_EM, NOTE_MARK_SIZE, TextLine, same_line

FURNITURE_BAND = 0.1
"""Share of the page height at top and bottom searched for running headers and footers."""
FURNITURE_MIN_SHARE = 0.3
"""A top/bottom line repeated (modulo digits) on at least this share of pages is furniture."""
MIN_REPEATS = 2
"""...and on at least this many pages."""
MIN_PAGES = 2
"""Repeated lines count as furniture only in documents of at least this many pages (page numbers always do)."""
TITLE_SIZE_RATIO = 1.5
"""A repeated line set this many times larger than its smallest repeat is the document's title on its cover (a
brief titled "EVALUATION BRIEF" runs that title as its header), not furniture."""
PAGE_NUMBER_RE = re.compile(
    r"^\W*(?:(?:page|p\.|pág(?:ina)?\.?|seite)\s*)?(?:\d{1,5}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:of|/|de|sur|sobre)\s*\d{1,5})?\W*$",
    re.IGNORECASE,
)
"""A line that is only a page number ("12", "Page 3 of 10", "p. iv", "Seite 2")."""
DIGITS_RE = re.compile(r"\d+")
DENSE_GAP_EM = 0.7
"""Lines of one paragraph are at most this many font sizes apart vertically (a header sits further off)."""
DENSE_MIN_ROWS = 3
"""A dense paragraph has at least this many rows..."""
DENSE_MIN_WORDS = 30
"""...at least this many words..."""
DENSE_MIN_FULL_ROWS = 2
"""...and at least this many rows that fill its measure (wrapped lines; a stack of centred titles has one)."""
FULL_ROW_SHARE = 0.85
"""A row fills the measure when it is at least this share of the paragraph's width."""
MAX_LINE_HEIGHT_EM = 2.0
"""A line's box is at most this many font sizes tall (bounds the search for the lines stacked on one)."""
SAME_SIZE_TOLERANCE = 0.15
"""Lines of one paragraph differ in font size by at most this share (body text overprinting a footer does more)."""
WIDE_SHARE = 0.7
"""A dense paragraph that lies wholly inside a band is text only when it spans at least this share of the width
of the page's text; narrower, it is a running title wrapped in a corner of the header."""


def _furniture_key(line: TextLine) -> str:
    """A line's text lower-cased, spaces collapsed and digits masked: equal on every page it runs on."""
    return DIGITS_RE.sub("#", " ".join(line.text.lower().split()))


def _is_note_mark(lines: Sequence[TextLine], i: int, candidates: Sequence[int]) -> bool:
    """Whether the number at lines[i] is a footnote's marker: set small just left of a line on its row (`candidates`:
    the indices of the lines in the same band)."""
    mark = lines[i]
    for j in candidates:
        text = lines[j]
        if j == i or not same_line(mark.bbox, text.bbox) or not MIN_EM < mark.size < NOTE_MARK_SIZE * text.size:
            continue
        if 0 <= text.bbox[0] - mark.bbox[2] <= MARKER_GAP_EM * max(text.size, MIN_EM):
            return True
    return False


def find_furniture(pages: Sequence[Sequence[TextLine]], heights: Sequence[float]) -> list[set[int]]:
    """Indices of running headers, footers and page numbers on each page."""
    n_pages = len(pages)
    bands: list[list[tuple[int, str, float]]] = []
    counts: Counter[tuple[str, str]] = Counter()
    smallest: dict[tuple[str, str], float] = {}
    for lines, height in zip(pages, heights):
        found = []
        seen: set[tuple[str, str]] = set()
        for i, line in enumerate(lines):
            top, bottom = line.bbox[1], line.bbox[3]
            if bottom <= FURNITURE_BAND * height:
                where = "top"
            elif top >= (1 - FURNITURE_BAND) * height:
                where = "bottom"
            else:
                continue
            key = _furniture_key(line)
            found.append((i, where + "|" + key, top))
            seen.add((where, key))
            smallest[(where, key)] = min(line.size, smallest.get((where, key), line.size))
        for item in seen:
            counts[item] += 1
        bands.append(found)
    threshold = max(MIN_REPEATS, FURNITURE_MIN_SHARE * n_pages)
    result: list[set[int]] = []
    for lines, found in zip(pages, bands):
        marked = set()
        repeated = []
        band = [i for i, _, _ in found]
        for i, key, _top in found:
            where, text_key = key.split("|", 1)
            if PAGE_NUMBER_RE.match(lines[i].text.strip()):
                if not _is_note_mark(lines, i, band):
                    marked.add(i)
            elif (
                n_pages >= MIN_PAGES
                and counts[(where, text_key)] >= threshold
                and any(c.isalnum() for c in text_key)
                and lines[i].size < TITLE_SIZE_RATIO * max(smallest[(where, text_key)], MIN_EM)
            ):
                repeated.append(i)
        if repeated:
            text = _text_lines(lines, repeated, in_band={i for i, _, _ in found})
            marked.update(i for i in repeated if i not in text)
        result.append(marked)
    return result


def _text_lines(lines: Sequence[TextLine], candidates: Sequence[int], *, in_band: set[int]) -> set[int]:
    """The candidates that are text: stacked in a block that runs on out of the band (`in_band`: the page's lines
    in either band), or in a dense paragraph (`_is_dense`) as wide as the page's text (WIDE_SHARE)."""
    tops = [ln.bbox[1] for ln in lines]
    order = sorted(range(len(lines)), key=tops.__getitem__)
    text: set[int] = set()
    settled: set[int] = set()
    page_width = 0.0
    for i in candidates:
        if i in settled:
            continue
        block, runs_on = _block(lines, order, order.index(i), in_band)
        settled.update(block)
        if runs_on:  # a heading or paragraph that starts in the band, footnotes that rise above it
            text.update(block)
            continue
        members = [lines[j] for j in block]
        if not _is_dense(members):
            continue
        page_width = page_width or max(ln.bbox[2] for ln in lines) - min(ln.bbox[0] for ln in lines)
        if max(ln.bbox[2] for ln in members) - min(ln.bbox[0] for ln in members) >= WIDE_SHARE * page_width:
            text.update(block)
    return text


def _block(lines: Sequence[TextLine], order: Sequence[int], start: int, in_band: set[int]) -> tuple[list[int], bool]:
    """The lines of about one font size stacked with line `order[start]` without a paragraph gap, in one column
    (`order`: the page's line indices from top to bottom), and whether they run on out of the band (the walk
    stops at the first line outside `in_band`)."""
    first = lines[order[start]]
    x0, top, x1, bottom = first.bbox
    low, high = first.size * (1 - SAME_SIZE_TOLERANCE), first.size / (1 - SAME_SIZE_TOLERANCE)
    reach = (DENSE_GAP_EM + MAX_LINE_HEIGHT_EM) * high  # how far from the edge, top to top, a stacked line starts
    block = [order[start]]
    for step in (1, -1):
        edge = bottom if step == 1 else top
        k = start + step
        while 0 <= k < len(order):
            index = order[k]
            line = lines[index]
            left, l_top, right, l_bottom = line.bbox
            k += step
            if (l_top - edge if step == 1 else edge - l_top) > reach:  # lines are sorted by top: none nearer
                break
            if right <= x0 or left >= x1 or not low <= line.size <= high:  # another column, another element
                continue
            gap = l_top - edge if step == 1 else edge - l_bottom
            if gap > DENSE_GAP_EM * line.size:
                break
            block.append(index)
            if index not in in_band:
                return block, True
            x0, x1 = min(x0, left), max(x1, right)
            edge = max(edge, l_bottom) if step == 1 else min(edge, l_top)
    return block, False


def _is_dense(block: Sequence[TextLine]) -> bool:
    """True for a wrapped paragraph: several rows, many words, rows that fill its width."""
    if len(block) < DENSE_MIN_ROWS or sum(len(line.text.split()) for line in block) < DENSE_MIN_WORDS:
        return False
    rows: list[list[float]] = []  # [top, bottom, left, right] of each row
    for line in sorted(block, key=lambda ln: ln.bbox[1]):
        left, top, right, bottom = line.bbox
        if rows and top < rows[-1][1] - (bottom - top) / 2:  # overlaps the previous row: the same row
            row = rows[-1]
            row[1], row[2], row[3] = max(row[1], bottom), min(row[2], left), max(row[3], right)
        else:
            rows.append([top, bottom, left, right])
    if len(rows) < DENSE_MIN_ROWS:
        return False
    width = max(r[3] for r in rows) - min(r[2] for r in rows)
    return sum(r[3] - r[2] >= FULL_ROW_SHARE * width for r in rows) >= DENSE_MIN_FULL_ROWS
