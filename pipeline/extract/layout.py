"""Pure page-layout analysis on positioned line boxes: reading order, paragraphs, furniture, clean-up.

Everything here works on plain records (TextLine, Graphic) so it can be tested on synthetic boxes.
Boxes are (x0, top, x1, bottom) with the origin at the top-left of the page.
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.types import BBox

# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class TextLine:
    """A run of text on one visual line: its text, box, font size and boldness."""

    text: str
    bbox: BBox
    size: float
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Graphic:
    """A drawn rectangle or ruling (path bounding box)."""

    bbox: BBox
    filled: bool = False
    stroked: bool = True
    white: bool = False


@dataclass(frozen=True, slots=True)
class Unit:
    """Something placed as a whole in the reading order: one line, or a table/call-out region."""

    bbox: BBox
    lines: tuple[TextLine, ...]
    kind: str = "line"  # "line", "table", "callout"
    cells: tuple[tuple[str, ...], ...] | None = None


# --------------------------------------------------------------------------- text clean-up

LIGATURES = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
}
MULTI_SPACE_RE = re.compile(r" {2,}")
LINE_END_HYPHENS = ("\x02", "\u00ad", "\u2010", "\u2011", "\ufffe")
"""Characters that stand for a hyphen when they end a line (pdfium reports soft hyphens as U+0002 or U+FFFE)."""


_TRANSLATION = {ord(k): v for k, v in LIGATURES.items()}
_TRANSLATION.update({ord(c): " " for c in "\u00a0\u1680\u202f\u205f\u3000\t\x0b\x0c"})
_TRANSLATION.update({c: " " for c in range(0x2000, 0x200B)})
_TRANSLATION.update({ord(c): None for c in "\u200b\u200c\u200d\u2060\ufeff\u00ad\ufffe\x02"})
_TRANSLATION.update({c: None for c in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]})


_NEEDS_TRANSLATION_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_TRANSLATION)) + "]")
"""Any character that normalize_text maps or deletes (str.translate is slow; most lines need nothing)."""


def normalize_text(text: str) -> str:
    """Normalise ligatures, odd spaces, zero-width and control characters; collapse runs of spaces."""
    if not text:
        return text
    stripped = text.rstrip()
    if stripped.endswith(LINE_END_HYPHENS):
        text = stripped[:-1] + "-"
    if text.isascii():
        if not text.isprintable():  # ASCII control characters are the only ASCII keys of the table
            text = text.translate(_TRANSLATION)
    else:
        if _NEEDS_TRANSLATION_RE.search(text) is not None:
            text = text.translate(_TRANSLATION)
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
    if "  " in text:
        text = MULTI_SPACE_RE.sub(" ", text)
    return text.strip()


HYPHEN_TAIL = 64
"""Only the tail of the text joined so far is searched for a hyphenated word."""
HYPHENATED_END_RE = re.compile(r"(?:^|[^\w-])([^\W\d_]+)-$")
COMPOUND_PREFIXES = frozenset(
    """
    self well non co cross ex anti post pre multi inter intra socio long short high low full part half
    cost gender child age country state region evidence rights results human time small large sub semi
    micro macro mid one two three four five six seven eight nine ten follow decision policy data
    community state-led rights-based people community-based e x t open top
    """.split()
)
"""Words that usually form real hyphenated compounds when a line breaks after their hyphen."""


def join_lines(lines: Sequence[str]) -> str:
    """Join the lines of a paragraph with single spaces, undoing end-of-line hyphenation."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        match = HYPHENATED_END_RE.search(out[-HYPHEN_TAIL:]) if out[-1] == "-" else None
        if match is None:
            out = out + " " + line
        elif _joins(match.group(1), line):
            out = out[:-1] + line
        else:
            out = out + line
    return out


def _joins(fragment: str, following: str) -> bool:
    """Whether 'fragment-' + line break + following is one hyphenated word rather than a compound."""
    if not following[:1].islower():
        return False
    if len(fragment) > 1 and fragment.isupper():
        return False  # acronym compounds: "UN-led", "EU-funded"
    return fragment.lower() not in COMPOUND_PREFIXES


# --------------------------------------------------------------------------- fragments → lines

LIST_MARKER_RE = re.compile(
    r"^(?:[\u2022\u25aa\u25cf\u25e6\u2023\u2043\u2219\u25a0\u25a1\u27a2\u2713\u2714\uf0b7\uf0a7\uf076\uf0d8\uf0fc\-\u2013\u2014*>o]"
    r"|\(?[0-9]{1,3}[.)]|\(?[a-zA-Z][.)]|\(?[ivxlcIVXLC]{1,5}[.)])$"
)
BULLET_START_RE = re.compile(
    r"^(?:[\u2022\u25aa\u25cf\u25e6\u2023\u2043\u2219\u25a0\u25a1\u27a2\u2713\u2714\uf0b7\uf0a7\uf076\uf0d8\uf0fc\u2013\u2014]\s*"
    r"|[-*]\s+|\(?[0-9]{1,2}[.)]\s|\(?[a-z][.)]\s|\([ivx]{1,5}\)\s)"
)
SAME_LINE_OVERLAP = 0.5
MERGE_GAP_EM = 0.8
VERTICAL_HEIGHT_EM = 2.5
MARKER_GAP_EM = 4.0


def same_line(a: BBox, b: BBox) -> bool:
    """Whether two boxes sit on one visual line (vertical overlap ≥ half the smaller height)."""
    a_top, a_bottom, b_top, b_bottom = a[1], a[3], b[1], b[3]
    overlap = (a_bottom if a_bottom < b_bottom else b_bottom) - (a_top if a_top > b_top else b_top)
    a_height, b_height = a_bottom - a_top, b_bottom - b_top
    return overlap >= SAME_LINE_OVERLAP * (a_height if a_height < b_height else b_height)


def _union(boxes: Sequence[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def is_vertical(line: TextLine) -> bool:
    """Whether a line is rotated text running up or down the page (margin stamps, rotated headers)."""
    width, height = line.bbox[2] - line.bbox[0], line.bbox[3] - line.bbox[1]
    return height > VERTICAL_HEIGHT_EM * max(line.size, 1.0) and height > width


def _top_left(line: TextLine) -> tuple[float, float]:
    return line.bbox[1], line.bbox[0]


def _left(line: TextLine) -> float:
    return line.bbox[0]


ROW_LOOKBACK = 4
"""A fragment is matched against the last this many rows (fragments are visited top to bottom)."""


def merge_fragments(lines: Sequence[TextLine]) -> list[TextLine]:
    """Merge same-line fragments that are close (or a list marker and its text) into one line."""
    horizontal: list[TextLine] = []
    vertical: list[TextLine] = []
    for line in lines:
        (vertical if is_vertical(line) else horizontal).append(line)
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
            em = max(current.size, nxt.size, 1.0)
            marker = LIST_MARKER_RE.match(current.text) is not None
            if -0.5 * em <= gap <= MERGE_GAP_EM * em or (marker and 0 <= gap <= MARKER_GAP_EM * em):
                sep = "" if gap < 0.1 * em and not marker else " "
                current = TextLine(
                    current.text + sep + nxt.text,
                    _union((current.bbox, nxt.bbox)),
                    max(current.size, nxt.size) if len(nxt.text) > len(current.text) else current.size,
                    current.bold and nxt.bold,
                )
            else:
                out.append(current)
                current = nxt
        out.append(current)
    out.extend(vertical)
    return out


# --------------------------------------------------------------------------- reading order (XY-cut)

MIN_GUTTER = 5.0
"""Narrowest whitespace gap (points) accepted between two columns."""
MIN_COLUMN_SHARE = 0.12
"""A column narrower than this share of its region's width is not split off (list markers, labels)."""
MIN_COLUMN_LINES = 3
"""Each side of a column gutter holds at least this many lines (run-in headings are not columns)."""
ROW_ALIGNED_SHARE = 0.7
"""When this share of a narrow side's lines have a same-line partner across the gap, it is a key-value table."""
NARROW_SIDE_RATIO = 0.6


def _x_gaps(boxes: Sequence[BBox], min_gap: float) -> list[tuple[float, float]]:
    spans = sorted((b[0], b[2]) for b in boxes)
    gaps = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_gap:
            gaps.append((reach, x0))
        reach = max(reach, x1)
    return gaps


def _rows_aligned(left: Sequence[BBox], right: Sequence[BBox]) -> bool:
    """True when the two sides read as rows of a table (labels and values) rather than text columns."""
    if not left or not right:
        return False
    lw = max(b[2] for b in left) - min(b[0] for b in left)
    rw = max(b[2] for b in right) - min(b[0] for b in right)
    narrow, wide = (left, right) if lw <= rw else (right, left)
    if min(lw, rw) >= NARROW_SIDE_RATIO * max(lw, rw):
        return False
    paired = sum(1 for a in narrow if any(same_line(a, b) for b in wide))
    return paired >= ROW_ALIGNED_SHARE * len(narrow)


def _vertical_split(
    idx: list[int],
    boxes: Sequence[BBox],
    weights: Sequence[int],
    *,
    min_lines: int = MIN_COLUMN_LINES,
    gaps: list[tuple[float, float]] | None = None,
) -> list[list[int]]:
    """Split into left-to-right columns at whitespace gutters, or return [idx] when there is none.

    `gaps` may pass `_x_gaps(boxes of idx, MIN_GUTTER)` when the caller already knows it.
    """
    if len(idx) < 2:
        return [idx]
    sub = [boxes[i] for i in idx]
    if gaps is None:
        gaps = _x_gaps(sub, MIN_GUTTER)
    if not gaps:
        return [idx]
    width = max(b[2] for b in sub) - min(b[0] for b in sub)
    cuts = []
    for g0, g1 in gaps:
        mid = (g0 + g1) / 2
        left = [k for k, b in enumerate(sub) if b[2] <= mid]
        right = [k for k, b in enumerate(sub) if b[0] >= mid]
        n_left = sum(weights[idx[k]] for k in left)
        n_right = sum(weights[idx[k]] for k in right)
        if min(n_left, n_right) < min_lines:
            continue
        lw = max(sub[k][2] for k in left) - min(sub[k][0] for k in left)
        rw = max(sub[k][2] for k in right) - min(sub[k][0] for k in right)
        if min(lw, rw) < MIN_COLUMN_SHARE * width:
            continue
        cuts.append(mid)
    # a cut whose neighbouring columns read as label/value rows is a table, not a column gutter
    bounds = [-float("inf"), *cuts, float("inf")]
    kept = []
    for k, cut in enumerate(cuts):
        left = [b for b in sub if bounds[k] <= (b[0] + b[2]) / 2 < cut]
        right = [b for b in sub if cut <= (b[0] + b[2]) / 2 < bounds[k + 2]]
        if not _rows_aligned(left, right):
            kept.append(cut)
    cuts = kept
    if not cuts:
        return [idx]
    columns: list[list[int]] = [[] for _ in range(len(cuts) + 1)]
    for i in idx:
        center = (boxes[i][0] + boxes[i][2]) / 2
        k = sum(1 for c in cuts if center > c)
        columns[k].append(i)
    return [c for c in columns if c]


def _horizontal_bands(idx: list[int], boxes: Sequence[BBox]) -> list[list[int]]:
    """Split into top-to-bottom bands at horizontal whitespace."""
    order = sorted(idx, key=lambda i: boxes[i][1])
    bands = [[order[0]]]
    reach = boxes[order[0]][3]
    for i in order[1:]:
        if boxes[i][1] > reach:
            bands.append([i])
        else:
            bands[-1].append(i)
        reach = max(reach, boxes[i][3])
    return bands


def _has_gutter(
    idx: list[int],
    boxes: Sequence[BBox],
    weights: Sequence[int],
    *,
    min_lines: int = MIN_COLUMN_LINES,
    gaps: list[tuple[float, float]] | None = None,
) -> bool:
    return len(_vertical_split(idx, boxes, weights, min_lines=min_lines, gaps=gaps)) > 1


def _cover_gaps(cover: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The gutters between the intervals of a cover, as `_x_gaps` reports them."""
    return [(a[1], b[0]) for a, b in zip(cover, cover[1:])]


def _extend_cover(cover: list[tuple[float, float]], spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The x-extent covered by `cover` and `spans` as disjoint intervals at least MIN_GUTTER apart.

    One interval means the boxes have no gutter at all (what `_x_gaps(..., MIN_GUTTER)` would find empty),
    so the costly column test can be skipped while bands are merged one by one.
    """
    if len(cover) == 1:
        low, high = cover[0]
        for x0, x1 in spans:
            if x0 - high >= MIN_GUTTER or low - x1 >= MIN_GUTTER:
                break  # this span stands apart from the cover: do the full sweep
            if x0 < low:
                low = x0
            if x1 > high:
                high = x1
        else:
            return [(low, high)]
    merged = sorted(cover + spans)
    out = [merged[0]]
    for x0, x1 in merged[1:]:
        last0, last1 = out[-1]
        if x0 - last1 >= MIN_GUTTER:
            out.append((x0, x1))
        elif x1 > last1:
            out[-1] = (last0, x1)
    return out


def _merge_bands(bands: list[list[int]], boxes: Sequence[BBox], weights: Sequence[int]) -> list[list[int]]:
    """Merge consecutive bands while their union still has a column gutter (multi-column stretches)."""
    groups: list[list[int]] = []
    current = list(bands[0])
    cover = _extend_cover([], [(boxes[i][0], boxes[i][2]) for i in current])
    for band in bands[1:]:
        spans = [(boxes[i][0], boxes[i][2]) for i in band]
        candidate_cover = _extend_cover(cover, spans)
        if len(candidate_cover) > 1 and _has_gutter(
            current + band, boxes, weights, min_lines=1, gaps=_cover_gaps(candidate_cover)
        ):
            current, cover = current + band, candidate_cover
        else:
            groups.append(current)
            current, cover = list(band), _extend_cover([], spans)
    groups.append(current)
    return groups


def _leaf_order(idx: list[int], boxes: Sequence[BBox]) -> list[int]:
    """Top-to-bottom, and left-to-right within one visual line."""
    order = sorted(idx, key=lambda i: (boxes[i][1], boxes[i][0]))
    rows: list[list[int]] = []
    for i in order:
        if rows and same_line(boxes[rows[-1][0]], boxes[i]):
            rows[-1].append(i)
        else:
            rows.append([i])
    return [i for row in rows for i in sorted(row, key=lambda j: boxes[j][0])]


def reading_order(boxes: Sequence[BBox], *, weights: Sequence[int] | None = None) -> list[list[int]]:
    """Order boxes by recursive XY-cut; returns column leaves, each a list of box indices in order.

    `weights` gives the number of text lines each box stands for (default 1), so that a boxed call-out
    counts as the several lines it holds when deciding whether a gutter separates real columns.
    """
    if not boxes:
        return []
    leaves: list[list[int]] = []
    _xy_cut(list(range(len(boxes))), boxes, weights or [1] * len(boxes), leaves, depth=0)
    return leaves


MAX_DEPTH = 40


def _xy_cut(
    idx: list[int],
    boxes: Sequence[BBox],
    weights: Sequence[int],
    leaves: list[list[int]],
    *,
    depth: int,
    columns: list[list[int]] | None = None,
) -> None:
    """Cut `idx` recursively into column leaves; `columns` may pass `_vertical_split(idx)` when already known."""
    if len(idx) <= 1 or depth > MAX_DEPTH:
        leaves.append(_leaf_order(idx, boxes))
        return
    if columns is None:
        columns = _vertical_split(idx, boxes, weights)
    if len(columns) > 1:
        for column in columns:
            _xy_cut(column, boxes, weights, leaves, depth=depth + 1)
        return
    bands = _horizontal_bands(idx, boxes)
    if len(bands) == 1:
        leaves.append(_leaf_order(idx, boxes))
        return
    groups = _merge_bands(bands, boxes, weights)
    if len(groups) == 1:
        leaves.append(_leaf_order(idx, boxes))
        return
    pending: list[int] = []
    for group in groups:
        split = _vertical_split(group, boxes, weights) if len(group) > 1 else [group]
        if len(split) > 1:
            if pending:
                leaves.append(_leaf_order(pending, boxes))
                pending = []
            _xy_cut(group, boxes, weights, leaves, depth=depth + 1, columns=split)
        else:
            pending.extend(group)
    if pending:
        leaves.append(_leaf_order(pending, boxes))


# --------------------------------------------------------------------------- furniture

FURNITURE_BAND = 0.1
"""Share of the page height at top and bottom searched for running headers and footers."""
FURNITURE_MIN_SHARE = 0.3
"""A top/bottom line repeated (modulo digits) on at least this share of pages is furniture."""
FURNITURE_Y_TOLERANCE = 6.0
PAGE_NUMBER_RE = re.compile(
    r"^\W*(?:(?:page|p\.|pág(?:ina)?\.?|seite)\s*)?(?:\d{1,5}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:of|/|de|sur|sobre)\s*\d{1,5})?\W*$",
    re.IGNORECASE,
)
DIGITS_RE = re.compile(r"\d+")


def _furniture_key(line: TextLine) -> str:
    return DIGITS_RE.sub("#", " ".join(line.text.lower().split()))


def find_furniture(pages: Sequence[Sequence[TextLine]], heights: Sequence[float]) -> list[set[int]]:
    """Indices of running headers, footers and page numbers on each page."""
    n_pages = len(pages)
    bands: list[list[tuple[int, str, float]]] = []
    counts: Counter[tuple[str, str]] = Counter()
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
        for item in seen:
            counts[item] += 1
        bands.append(found)
    threshold = max(2, FURNITURE_MIN_SHARE * n_pages)
    result: list[set[int]] = []
    for lines, found in zip(pages, bands):
        marked = set()
        for i, key, _top in found:
            where, text_key = key.split("|", 1)
            if PAGE_NUMBER_RE.match(lines[i].text.strip()):
                marked.add(i)
            elif n_pages >= 3 and counts[(where, text_key)] >= threshold and any(c.isalnum() for c in text_key):
                marked.add(i)
        result.append(marked)
    return result


# --------------------------------------------------------------------------- paragraphs and kinds

PARA_PITCH_EM = 1.45
"""A baseline-to-baseline step larger than this many font sizes starts a new paragraph..."""
PARA_PITCH_RATIO = 1.25
"""...or larger than this multiple of the column's typical line pitch."""
SIZE_CHANGE = 0.15
HEADING_SIZE_RATIO = 1.15
HEADING_MAX_WORDS = 20
FOOTNOTE_SIZE_RATIO = 0.9
FOOTNOTE_ZONE = 0.55
"""Footnotes sit below this share of the page height."""
SENTENCE_END = (".", ":", "!", "?", ";", "»", "”")
FOOTNOTE_START_RE = re.compile(r"^(?:\d{1,3}|[*†‡§¹²³⁴⁵⁶⁷⁸⁹⁰]+)(?:\s|[A-Za-zÀ-ÿ(\"“])")
CAPTION_RE = re.compile(
    r"^(?:figure|fig\.|table|tableau|tabla|graph|graphique|gráfico|chart|box|encadré|map|carte|mapa|source|sources|fuente)"
    r"\s*[:\dIVX.-]",
    re.IGNORECASE,
)
NUMBERED_HEADING_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.|[A-H]\.)\s+\S")


def body_font_size(lines: Sequence[TextLine]) -> float:
    """The most common font size weighted by characters (the body text size)."""
    weights: Counter[float] = Counter()
    for line in lines:
        weights[round(line.size * 2) / 2] += len(line.text)
    return weights.most_common(1)[0][0] if weights else 10.0


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
        if 0.8 * a.size <= pitch <= 2.5 * max(a.size, 1.0):
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
    prev_size, cur_size = prev.size, cur.size
    if same_line(prev.bbox, cur.bbox):
        return cur.bbox[0] < prev.bbox[2] - 1
    pitch = _pitch(prev, cur)
    larger = prev_size if prev_size > cur_size else cur_size
    limit = PARA_PITCH_EM * larger
    if typical:
        limit = max(min(limit, PARA_PITCH_RATIO * typical), 1.05 * typical)
    if pitch > limit or pitch < 0:
        return True
    if abs(prev_size - cur_size) > SIZE_CHANGE * larger:
        return True
    if prev.bold != cur.bold and (len(prev.text) < 120 or len(cur.text) < 120):
        return True
    if BULLET_START_RE.match(cur.text):
        return True
    em = max(prev_size if prev_size < cur_size else cur_size, 1.0)
    short = prev.bbox[2] < right - 3 * em
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
    words = sum(len(line.text.split()) for line in lines)
    top = lines[0].bbox[1]
    if (
        size < FOOTNOTE_SIZE_RATIO * body_size
        and top > FOOTNOTE_ZONE * page_height
        and FOOTNOTE_START_RE.match(text)
        and not in_box
    ):
        return "footnote"
    if CAPTION_RE.match(text) and words <= 60:
        return "caption"
    last = lines[-1].text.rstrip()
    heading_like = words <= HEADING_MAX_WORDS and not last.endswith((".", ",", ";"))
    if heading_like and size >= HEADING_SIZE_RATIO * body_size:
        return "heading"
    if heading_like and all(line.bold for line in lines) and len(lines) <= 3:
        return "heading"
    if BULLET_START_RE.match(text):
        return "list"
    if in_box:
        return "callout"
    return "text"
