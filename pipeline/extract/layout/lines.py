"""Layout records (TextLine, Graphic, Unit) and the first step: same-line text fragments → visual lines."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.types import BBox, LineBox

LinePart = tuple[int, BBox]
"""(offset into a merged line's text, box) of one fragment the line was merged from."""


@dataclass(frozen=True, slots=True)
class TextLine:
    """A run of text on one visual line: its text, box, font size and boldness.

    `parts` is empty for a single run; a line merged from several fragments keeps each fragment's start
    offset in `text` and box, so the character map back to the page stays exact across gaps.
    """

    text: str
    bbox: BBox
    size: float
    bold: bool = False
    parts: tuple[LinePart, ...] = ()


@dataclass(frozen=True, slots=True)
class Graphic:
    """A drawn rectangle or ruling (path bounding box)."""

    bbox: BBox
    filled: bool = False
    stroked: bool = True
    white: bool = False


@dataclass(frozen=True, slots=True)
class Unit:
    """Something placed as a whole in the reading order: one line, or a table/call-out region.

    A table unit also carries its final text (one row per line) and the line boxes of its cells.
    """

    bbox: BBox
    lines: tuple[TextLine, ...]
    kind: str = "line"  # "line", "table", "callout"
    cells: tuple[tuple[str, ...], ...] | None = None
    text: str = ""
    line_boxes: tuple[LineBox, ...] = ()


BULLET_CHARS = (
    "\u2022\u25aa\u25cf\u25e6\u2023\u2043\u2219\u25a0\u25a1\u27a2\u2713\u2714\uf0b7\uf0a7\uf076\uf0d8\uf0fc"
)
"""Bullet glyphs (including the private-use Wingdings/Symbol bullets many PDFs use)."""
LIST_MARKER_RE = re.compile(
    rf"^(?:[{BULLET_CHARS}\-\u2013\u2014*>o]"
    r"|\(?[0-9]{1,3}[.)]|\(?[a-zA-Z][.)]|\(?[ivxlcIVXLC]{1,5}[.)])$"
)
"""A fragment that is only a list marker (bullet, dash, "1.", "a)", "(iv)")."""
NOTE_MARK_RE = re.compile(r"^(?:\d{1,3}|[*†‡§]{1,3})$")
"""A fragment that is only a footnote number or mark; set smaller than its text, it is the note's marker."""
NOTE_MARK_SIZE = 0.85
"""A note marker is set at most this share of its text's font size (a bullet glyph is set like its text)."""
SAME_LINE_OVERLAP = 0.5
"""Two boxes are on one line when their vertical overlap is at least this share of the smaller height."""
MERGE_GAP_EM = 0.8
"""Same-line fragments at most this many font sizes apart are one line."""
MERGE_OVERLAP_EM = 0.5
"""...and so are fragments that overlap by at most this many font sizes (kerning, overprinting)."""
NO_SPACE_GAP_EM = 0.1
"""Fragments closer than this many font sizes are joined without a space..."""
CLOSING_GAP_EM = 0.2
"""...and so is a fragment that opens with closing punctuation ("\u2019s", ",", ")") this close to the one before
(closer than a word space, about a quarter of a font size)."""
CLOSING = ("\u2019", ",", ".", ";", ":", ")", "]", "\u201d")
VERTICAL_HEIGHT_EM = 2.5
"""A line taller than this many font sizes (and taller than wide) is rotated text."""
MARKER_GAP_EM = 4.0
"""A list marker joins the text at most this many font sizes to its right."""
MIN_EM = 1.0
"""Font sizes below this (points) are taken as this when measuring gaps (pdfium reports 0 for some fonts)."""
ROW_LOOKBACK = 4
"""A fragment is matched against the last this many rows (fragments are visited top to bottom)."""
MARGIN_NOTE_MAX_SHARE = 0.25
"""Rotated lines are margin notes only on a page where they are at most this share of the lines (otherwise
the page itself is set rotated)..."""
MARGIN_NOTE_CLEARANCE = 6.0
"""...and only when no drawing comes within this many points of them (rotated table headers sit in rulings)."""


def same_line(a: BBox, b: BBox) -> bool:
    """Whether two boxes sit on one visual line (vertical overlap ≥ half the smaller height)."""
    a_top, a_bottom, b_top, b_bottom = a[1], a[3], b[1], b[3]
    overlap = (a_bottom if a_bottom < b_bottom else b_bottom) - (a_top if a_top > b_top else b_top)
    a_height, b_height = a_bottom - a_top, b_bottom - b_top
    return overlap >= SAME_LINE_OVERLAP * (a_height if a_height < b_height else b_height)


def union(boxes: Sequence[BBox]) -> BBox:
    """The smallest box holding all the given boxes."""
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def is_vertical(line: TextLine) -> bool:
    """Whether a line is rotated text running up or down the page (margin stamps, rotated headers)."""
    width, height = line.bbox[2] - line.bbox[0], line.bbox[3] - line.bbox[1]
    return height > VERTICAL_HEIGHT_EM * max(line.size, MIN_EM) and height > width


def margin_notes(lines: Sequence[TextLine], graphics: Sequence[Graphic]) -> set[int]:
    """Indices of the rotated lines that stand apart from the page's drawings: photo credits, margin stamps."""
    rotated = [i for i, line in enumerate(lines) if is_vertical(line)]
    if not rotated or len(rotated) > MARGIN_NOTE_MAX_SHARE * len(lines):
        return set()
    pad = MARGIN_NOTE_CLEARANCE
    drawn = [g.bbox for g in graphics if not (g.white and g.filled and not g.stroked)]
    notes = set()
    for i in rotated:
        x0, top, x1, bottom = lines[i].bbox
        if not any(b[0] <= x1 + pad and b[2] >= x0 - pad and b[1] <= bottom + pad and b[3] >= top - pad for b in drawn):
            notes.add(i)
    return notes


def _top_left(line: TextLine) -> tuple[float, float]:
    return line.bbox[1], line.bbox[0]


def _left(line: TextLine) -> float:
    return line.bbox[0]


def _parts(line: TextLine, offset: int = 0) -> tuple[LinePart, ...]:
    """The fragments of a line, shifted by `offset` (a single run is one fragment)."""
    if not line.parts:
        return ((offset, line.bbox),)
    return tuple((start + offset, box) for start, box in line.parts) if offset else line.parts


def _merge(current: TextLine, nxt: TextLine, sep: str) -> TextLine:
    """Two same-line fragments as one line, keeping both fragments' boxes."""
    return TextLine(
        current.text + sep + nxt.text,
        union((current.bbox, nxt.bbox)),
        max(current.size, nxt.size) if len(nxt.text) > len(current.text) else current.size,
        current.bold and nxt.bold,
        _parts(current) + _parts(nxt, len(current.text) + len(sep)),
    )


def _note_mark(mark: TextLine, text: TextLine) -> bool:
    """Whether `mark` is a footnote's number set small (superscript) just before the note's text."""
    return NOTE_MARK_RE.match(mark.text) is not None and MIN_EM < mark.size < NOTE_MARK_SIZE * text.size


def merge_fragments(lines: Sequence[TextLine]) -> list[TextLine]:
    """Merge same-line fragments that are close (or a list marker and its text) into one line."""
    horizontal: list[TextLine] = []
    vertical: list[TextLine] = []
    for line in lines:  # is_vertical(line), inlined: this runs for every fragment
        x0, top, x1, bottom = line.bbox
        height = bottom - top
        size = line.size if line.size > MIN_EM else MIN_EM
        (vertical if height > VERTICAL_HEIGHT_EM * size and height > x1 - x0 else horizontal).append(line)
    horizontal.sort(key=_top_left)
    rows: list[list[TextLine]] = []
    heads: list[BBox] = []
    for line in horizontal:
        box = line.bbox
        top, bottom = box[1], box[3]
        height = bottom - top
        for k in range(len(rows) - 1, max(len(rows) - ROW_LOOKBACK, 0) - 1, -1):
            head = heads[k]  # same_line(head, box), inlined: this loop runs for every fragment
            h_top, h_bottom = head[1], head[3]
            overlap = (h_bottom if h_bottom < bottom else bottom) - (h_top if h_top > top else top)
            h_height = h_bottom - h_top
            if overlap >= SAME_LINE_OVERLAP * (h_height if h_height < height else height):
                rows[k].append(line)
                break
        else:
            rows.append([line])
            heads.append(box)
    out: list[TextLine] = []
    for row in rows:
        if len(row) == 1:
            out.append(row[0])
            continue
        row.sort(key=_left)
        current = row[0]
        for nxt in row[1:]:
            gap = nxt.bbox[0] - current.bbox[2]
            em = max(current.size, nxt.size, MIN_EM)
            marker = LIST_MARKER_RE.match(current.text) is not None or _note_mark(current, nxt)
            if -MERGE_OVERLAP_EM * em <= gap <= MERGE_GAP_EM * em or (marker and 0 <= gap <= MARKER_GAP_EM * em):
                tight = gap < NO_SPACE_GAP_EM * em or (gap < CLOSING_GAP_EM * em and nxt.text.startswith(CLOSING))
                current = _merge(current, nxt, "" if tight and not marker else " ")
            else:
                out.append(current)
                current = nxt
        out.append(current)
    out.extend(vertical)
    return out
