"""Paragraphs: lines of one column leaf grouped into paragraphs, their block kind, and their final text.

`paragraph_text` is where a PDF line is cleaned (once) and joined; it also returns the line boxes that map
the block text back to the page.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence

from pipeline.clean import clean_line, join_lines_mapped
from pipeline.extract.layout.lines import BULLET_CHARS, MIN_EM, TextLine, same_line
from pipeline.types import LineBox

BULLET_START_RE = re.compile(
    rf"^(?:[{BULLET_CHARS}\u2013\u2014]\s*"
    r"|[-*]\s+|\(?[0-9]{1,2}[.)]\s|\(?[a-z][.)]\s|\([ivx]{1,5}\)\s)"
)
"""A line that starts a list item (bullet, dash, "1.", "a)", "(iv)" followed by text)."""

PARA_PITCH_EM = 1.45
"""A baseline-to-baseline step larger than this many font sizes starts a new paragraph..."""
PARA_PITCH_RATIO = 1.25
"""...or larger than this multiple of the column's typical line pitch."""
SIZE_CHANGE = 0.15
"""A font-size change larger than this share of the larger size starts a new paragraph."""
HEADING_SIZE_RATIO = 1.15
"""A short paragraph this much larger than the body text is a heading."""
HEADING_MAX_WORDS = 20
"""Headings have at most this many words."""
HEADING_MAX_BOLD_LINES = 3
"""A bold paragraph of at most this many lines (and short) is a heading."""
CAPTION_MAX_WORDS = 60
"""Captions have at most this many words."""
WORD_COUNT_CAP = max(HEADING_MAX_WORDS, CAPTION_MAX_WORDS)
"""A paragraph's words are counted only until they pass this many (no word limit is larger)."""
FOOTNOTE_SIZE_RATIO = 0.9
"""Footnotes are set smaller than this share of the body size."""
FOOTNOTE_ZONE = 0.55
"""Footnotes sit below this share of the page height."""
SENTENCE_END = (".", ":", "!", "?", ";", "»", "”")
"""A short line ending in one of these ends its paragraph."""
HEADING_NOT_END = (".", ",", ";")
"""A paragraph whose last line ends so is running text, not a heading."""
FOOTNOTE_START_RE = re.compile(r"^(?:\d{1,3}|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+)(?:\s|[A-Za-zÀ-ÿ(\"“])")
"""A footnote starts with its number or mark."""
CAPTION_RE = re.compile(
    r"^(?:figure|fig\.|table|tableau|tabla|graph|graphique|gráfico|chart|box|encadré|map|carte|mapa|source|sources|fuente)"
    r"\s*[:\dIVX.-]",
    re.IGNORECASE,
)
"""A caption starts "Figure 3:", "Table 2.", "Source:" (English, French, Spanish)."""
DEFAULT_BODY_SIZE = 10.0
"""Body font size (points) assumed for a document without text."""
SIZE_BIN = 0.5
"""Font sizes are counted in bins of this many points when finding the body size."""
MIN_PITCH_EM = 0.8
"""Line-to-line steps below this many font sizes (overlapping lines, sub/superscripts) are not line pitches..."""
MAX_PITCH_EM = 2.5
"""...nor are steps above this many font sizes (paragraph gaps)."""
MIN_PITCH_RATIO = 1.05
"""A step never breaks a paragraph when within this multiple of the typical pitch."""
SAME_LINE_BACKSTEP = 1.0
"""A same-line run starting more than this many points left of the previous run's end starts a new paragraph."""
BOLD_RUN_CHARS = 120
"""A change of boldness breaks a paragraph only when one of the two lines is shorter than this (no inline bold)."""
SHORT_LINE_EM = 3.0
"""A line ending more than this many font sizes before the column's right edge is short (a paragraph end)."""


def body_font_size(lines: Sequence[TextLine]) -> float:
    """The most common font size weighted by characters (the body text size)."""
    weights: Counter[float] = Counter()
    for line in lines:
        weights[round(line.size / SIZE_BIN) * SIZE_BIN] += len(line.text)
    return weights.most_common(1)[0][0] if weights else DEFAULT_BODY_SIZE


def _pitch(prev: TextLine, cur: TextLine) -> float:
    """Line-to-line step, robust to tight glyph boxes (missing ascenders or descenders on one line)."""
    top_step, bottom_step = cur.bbox[1] - prev.bbox[1], cur.bbox[3] - prev.bbox[3]
    return top_step if top_step < bottom_step else bottom_step


def group_paragraphs(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    """Split the ordered lines of one column leaf into paragraphs."""
    if not lines:
        return []
    pitches = []
    left, right = lines[0].bbox[0], lines[0].bbox[2]
    for a, b in zip(lines, lines[1:]):
        pitch = _pitch(a, b)
        if MIN_PITCH_EM * a.size <= pitch <= MAX_PITCH_EM * max(a.size, MIN_EM):
            pitches.append(pitch)
        if b.bbox[0] < left:
            left = b.bbox[0]
        if b.bbox[2] > right:
            right = b.bbox[2]
    typical = statistics.median(pitches) if pitches else 0.0
    paragraphs = [[lines[0]]]
    for prev, cur in zip(lines, lines[1:]):
        if _breaks(prev, cur, typical=typical, left=left, right=right):
            paragraphs.append([cur])
        else:
            paragraphs[-1].append(cur)
    return paragraphs


def _breaks(prev: TextLine, cur: TextLine, *, typical: float, left: float, right: float) -> bool:
    """Whether `cur` starts a new paragraph after `prev` (pitch, size, boldness, bullets, short lines)."""
    prev_size, cur_size = prev.size, cur.size
    if same_line(prev.bbox, cur.bbox):
        return cur.bbox[0] < prev.bbox[2] - SAME_LINE_BACKSTEP
    pitch = _pitch(prev, cur)
    larger = prev_size if prev_size > cur_size else cur_size
    limit = PARA_PITCH_EM * larger
    if typical:
        limit = max(min(limit, PARA_PITCH_RATIO * typical), MIN_PITCH_RATIO * typical)
    if pitch > limit or pitch < 0:
        return True
    if abs(prev_size - cur_size) > SIZE_CHANGE * larger:
        return True
    if prev.bold != cur.bold and (len(prev.text) < BOLD_RUN_CHARS or len(cur.text) < BOLD_RUN_CHARS):
        return True
    if BULLET_START_RE.match(cur.text):
        return True
    em = max(prev_size if prev_size < cur_size else cur_size, MIN_EM)
    short = prev.bbox[2] < right - SHORT_LINE_EM * em
    if short and prev.text.rstrip().endswith(SENTENCE_END):
        return True
    if short and cur.bbox[0] > left + em and prev.bbox[0] <= left + em and cur.text[:1].isupper():
        return True
    return False


def classify(
    lines: Sequence[TextLine], *, body_size: float, page_height: float, in_box: bool = False
) -> str:
    """Block kind of a paragraph: heading, list, caption, footnote, callout or text."""
    text = lines[0].text
    size = max(line.size for line in lines)
    words = 0
    for line in lines:  # counted only as far as the word limits below need
        words += len(line.text.split())
        if words > WORD_COUNT_CAP:
            break
    top = lines[0].bbox[1]
    if (
        size < FOOTNOTE_SIZE_RATIO * body_size
        and top > FOOTNOTE_ZONE * page_height
        and FOOTNOTE_START_RE.match(text)
        and not in_box
    ):
        return "footnote"
    if CAPTION_RE.match(text) and words <= CAPTION_MAX_WORDS:
        return "caption"
    last = lines[-1].text.rstrip()
    heading_like = words <= HEADING_MAX_WORDS and not last.endswith(HEADING_NOT_END)
    if heading_like and size >= HEADING_SIZE_RATIO * body_size:
        return "heading"
    if heading_like and all(line.bold for line in lines) and len(lines) <= HEADING_MAX_BOLD_LINES:
        return "heading"
    if BULLET_START_RE.match(text):
        return "list"
    if in_box:
        return "callout"
    return "text"


def paragraph_text(lines: Sequence[TextLine]) -> tuple[str, tuple[LineBox, ...]]:
    """The final text of some lines (each cleaned once, then joined) and the box of each line (or fragment)."""
    if len(lines) <= 1:  # empty table cells, one-line paragraphs and cells: most of them
        if not lines:
            return "", ()
        line = lines[0]
        if not line.parts:
            text = clean_line(line.text)
            return text, ((0, len(text), line.bbox),) if text else ()
    cleaned = [clean_line(line.text) for line in lines]
    if not any(line.parts for line in lines):
        text, boxes = join_lines_mapped(cleaned, [line.bbox for line in lines])
        return text, tuple(boxes)
    text, spans = join_lines_mapped(cleaned, range(len(lines)))
    out: list[LineBox] = []
    for start, end, index in spans:
        line = lines[index]
        if line.parts:
            out.extend(_part_boxes(line, text, start, end, len(cleaned[index])))
        else:
            out.append((start, end, line.bbox))
    return text, tuple(out)


def _part_boxes(line: TextLine, text: str, start: int, end: int, length: int) -> list[LineBox]:
    """The boxes of a merged line's fragments; offsets are scaled when cleaning changed the line's length."""
    raw_length = len(line.text)
    scale = 1.0 if length == raw_length else length / raw_length
    bounds = [start + min(round(offset * scale), length) for offset, _ in line.parts] + [start + length]
    out: list[LineBox] = []
    for k, (_, box) in enumerate(line.parts):
        lo, hi = bounds[k], min(bounds[k + 1], end)
        while hi > lo and text[hi - 1] == " ":
            hi -= 1
        if hi > lo:
            out.append((lo, hi, box))
    return out
