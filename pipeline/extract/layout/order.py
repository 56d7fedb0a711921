"""Reading order by recursive XY-cut: column gutters, horizontal bands, multi-column stretches.

``reading_order`` works on plain boxes (x0, top, x1, bottom), origin top-left, and returns column leaves of
box indices in order. ``page_order`` orders a page's units: the same cut, with band breaks inside column
stretches (``bands``), interrupting boxes moved after the text (``boxes``) and rotated lines read last.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from pipeline.extract.layout.bands import BAND_TOUCH, band_parts
from pipeline.extract.layout.boxes import place_boxes
from pipeline.extract.layout.cues import is_label, page_cues
from pipeline.extract.layout.lines import MARGIN_NOTE_MAX_SHARE, TextLine, Unit, same_line
from pipeline.types import BBox

BandCutter = Callable[[list[int], list[list[int]]], list[list[int]]]
"""Given a region and its columns, the region cut into bands read in turn ([] when it is one band)."""


@dataclass(frozen=True, slots=True)
class _Context:
    """What the cut knows of every box: where it is, how many lines it stands for, whether it is a label;
    and how to find bands inside a multi-column region (none for plain boxes)."""

    boxes: Sequence[BBox]
    weights: Sequence[int]
    labels: Callable[[int], bool] | None = None
    cutter: BandCutter | None = None


MIN_GUTTER = 5.0
"""Narrowest whitespace gap (points) accepted between two columns."""
MIN_COLUMN_SHARE = 0.12
"""A column narrower than this share of its region's width is not split off (list markers, labels)."""
MIN_COLUMN_LINES = 3
"""Each side of a column gutter holds at least this many lines (run-in headings are not columns)."""
ROW_ALIGNED_SHARE = 0.7
"""When this share of a narrow side's lines have a same-line partner across the gap, it is a key-value table."""
NARROW_SIDE_RATIO = 0.6
"""Two sides are label/value rows only when the narrower is less than this share of the wider one's width."""
LABEL_SHARE = 0.6
"""A left side whose lines are at least this share labels ("Budget:") is a label column, whatever its width."""
ROW_HEIGHT_RATIO = 3.0
"""Boxes on one row differ in height by at most this factor (a tall box beside lines is on no row)..."""
MIN_ROW_HEIGHT = 6.0
"""...heights below this many points counting as this (the glyph box of a dash or a dot is flat)."""


def x_gaps(boxes: Sequence[BBox], min_gap: float) -> list[tuple[float, float]]:
    """The vertical whitespace gutters, at least `min_gap` wide, between the x-extents of the boxes."""
    spans = sorted((b[0], b[2]) for b in boxes)
    gaps = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= min_gap:
            gaps.append((reach, x0))
        reach = max(reach, x1)
    return gaps


def _rows_aligned(left: Sequence[int], right: Sequence[int], ctx: _Context) -> bool:
    """True when the two sides read as rows of a table (labels and values) rather than text columns."""
    if not left or not right:
        return False
    boxes = ctx.boxes
    lw = max(boxes[i][2] for i in left) - min(boxes[i][0] for i in left)
    rw = max(boxes[i][2] for i in right) - min(boxes[i][0] for i in right)
    narrow, wide = (left, right) if lw <= rw else (right, left)
    if min(lw, rw) >= NARROW_SIDE_RATIO * max(lw, rw) and not _labelled(left, ctx):
        return False
    paired = sum(1 for a in narrow if any(_same_row(boxes[a], boxes[b]) for b in wide))
    return paired >= ROW_ALIGNED_SHARE * len(narrow)


def _labelled(side: Sequence[int], ctx: _Context) -> bool:
    """Whether most lines of a side are labels ("Budget:"): the left side of a label/value list."""
    labels = ctx.labels
    return labels is not None and sum(1 for i in side if labels(i)) >= LABEL_SHARE * len(side)


def _same_row(a: BBox, b: BBox) -> bool:
    """Two boxes on one row: on one line and of comparable height (a box beside a column is on no row)."""
    a_height, b_height = a[3] - a[1], b[3] - b[1]
    low, high = (a_height, b_height) if a_height < b_height else (b_height, a_height)
    return high <= ROW_HEIGHT_RATIO * (low if low > MIN_ROW_HEIGHT else MIN_ROW_HEIGHT) and same_line(a, b)


def _vertical_split(
    idx: list[int],
    ctx: _Context,
    *,
    min_lines: int = MIN_COLUMN_LINES,
    gaps: list[tuple[float, float]] | None = None,
) -> list[list[int]]:
    """Split into left-to-right columns at whitespace gutters, or return [idx] when there is none.

    `gaps` may pass `x_gaps(boxes of idx, MIN_GUTTER)` when the caller already knows it.
    """
    if len(idx) < 2:
        return [idx]
    boxes, weights = ctx.boxes, ctx.weights
    sub = [boxes[i] for i in idx]
    if gaps is None:
        gaps = x_gaps(sub, MIN_GUTTER)
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
        left = [i for i in idx if bounds[k] <= (boxes[i][0] + boxes[i][2]) / 2 < cut]
        right = [i for i in idx if cut <= (boxes[i][0] + boxes[i][2]) / 2 < bounds[k + 2]]
        if not _rows_aligned(left, right, ctx):
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
    """Split into top-to-bottom bands at horizontal whitespace (boxes that only touch are apart)."""
    order = sorted(idx, key=lambda i: boxes[i][1])
    bands = [[order[0]]]
    reach = boxes[order[0]][3]
    for i in order[1:]:
        if boxes[i][1] >= reach - BAND_TOUCH:
            bands.append([i])
        else:
            bands[-1].append(i)
        reach = max(reach, boxes[i][3])
    return bands


def _has_gutter(
    idx: list[int], ctx: _Context, *, min_lines: int = MIN_COLUMN_LINES, gaps: list[tuple[float, float]] | None = None
) -> bool:
    return len(_vertical_split(idx, ctx, min_lines=min_lines, gaps=gaps)) > 1


def _cover_gaps(cover: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The gutters between the intervals of a cover, as `x_gaps` reports them."""
    return [(a[1], b[0]) for a, b in zip(cover, cover[1:])]


def _extend_cover(cover: list[tuple[float, float]], spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The x-extent covered by `cover` and `spans` as disjoint intervals at least MIN_GUTTER apart.

    One interval means the boxes have no gutter at all (what `x_gaps(..., MIN_GUTTER)` would find empty),
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


def _merge_bands(bands: list[list[int]], ctx: _Context) -> list[list[int]]:
    """Merge consecutive bands while their union still has a column gutter (multi-column stretches)."""
    boxes = ctx.boxes
    groups: list[list[int]] = []
    current = list(bands[0])
    cover = _extend_cover([], [(boxes[i][0], boxes[i][2]) for i in current])
    for band in bands[1:]:
        spans = [(boxes[i][0], boxes[i][2]) for i in band]
        candidate_cover = _extend_cover(cover, spans)
        if len(candidate_cover) > 1 and _has_gutter(current + band, ctx, min_lines=1, gaps=_cover_gaps(candidate_cover)):
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


def reading_order(
    boxes: Sequence[BBox], *, weights: Sequence[int] | None = None, labels: Sequence[bool] | None = None
) -> list[list[int]]:
    """Order boxes by recursive XY-cut; returns column leaves, each a list of box indices in order.

    `weights` gives the number of text lines each box stands for (default 1), so that a boxed call-out
    counts as the several lines it holds when deciding whether a gutter separates real columns; `labels`
    marks the boxes that are labels ("Budget:"), so that a label/value list is read row by row.
    """
    if not boxes:
        return []
    leaves: list[list[int]] = []
    ctx = _Context(boxes, weights or [1] * len(boxes), labels.__getitem__ if labels is not None else None)
    _xy_cut(list(range(len(boxes))), ctx, leaves, depth=0)
    return leaves


def line_order(lines: Sequence[TextLine]) -> list[list[int]]:
    """Order the lines of one region (a call-out's inside) by XY-cut, label/value lists row by row."""
    return reading_order([ln.bbox for ln in lines], labels=[is_label(ln.text) for ln in lines])


def page_order(units: Sequence[Unit], *, body_size: float | None = None) -> list[list[int]]:
    """Order a page's units into leaves read in turn: bands of columns, boxes after the text they interrupt,
    rotated lines last (unless most of the page is rotated). `body_size` is the document's body text size
    (default: the page's own)."""
    if not units:
        return []
    cues = page_cues(units, body_size=body_size)
    rotated = [i for i in range(len(units)) if cues.vertical[i]]
    if len(rotated) > MARGIN_NOTE_MAX_SHARE * len(units):
        rotated = []  # the page itself is set rotated: its lines are its body
    aside = set(rotated)
    body = [i for i in range(len(units)) if i not in aside]
    leaves: list[list[int]] = []
    if body:
        ctx = _Context(cues.boxes, cues.weights, cues.label, partial(band_parts, cues=cues))
        _xy_cut(body, ctx, leaves, depth=0)
    leaves = place_boxes(leaves, units, cues)
    if rotated:
        ctx = _Context(cues.boxes, cues.weights)
        _xy_cut(rotated, ctx, leaves, depth=0)
    return leaves


MAX_DEPTH = 40
"""XY-cut recursion stops at this depth (a leaf is then read top to bottom)."""


def _xy_cut(
    idx: list[int], ctx: _Context, leaves: list[list[int]], *, depth: int, columns: list[list[int]] | None = None
) -> None:
    """Cut `idx` recursively into column leaves; `columns` may pass `_vertical_split(idx)` when already known."""
    boxes = ctx.boxes
    if len(idx) <= 1 or depth > MAX_DEPTH:
        leaves.append(_leaf_order(idx, boxes))
        return
    if columns is None:
        columns = _vertical_split(idx, ctx)
    if len(columns) > 1:
        parts = ctx.cutter(idx, columns) if ctx.cutter is not None else []
        for part in parts or columns:
            _xy_cut(part, ctx, leaves, depth=depth + 1)
        return
    bands = _horizontal_bands(idx, boxes)
    if len(bands) == 1:
        leaves.append(_leaf_order(idx, boxes))
        return
    groups = _merge_bands(bands, ctx)
    if len(groups) == 1:
        leaves.append(_leaf_order(idx, boxes))
        return
    pending: list[int] = []
    for group in groups:
        split = _vertical_split(group, ctx) if len(group) > 1 else [group]
        if len(split) > 1:
            if pending:
                leaves.append(_leaf_order(pending, boxes))
                pending = []
            _xy_cut(group, ctx, leaves, depth=depth + 1, columns=split)
        else:
            pending.extend(group)
    if pending:
        leaves.append(_leaf_order(pending, boxes))
