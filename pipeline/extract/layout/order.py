"""Reading order by recursive XY-cut: column gutters, horizontal bands, multi-column stretches.

Works on plain boxes (x0, top, x1, bottom), origin top-left; returns column leaves of box indices in order.
"""
from __future__ import annotations

from collections.abc import Sequence

from pipeline.extract.layout.lines import same_line
from pipeline.types import BBox

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

    `gaps` may pass `x_gaps(boxes of idx, MIN_GUTTER)` when the caller already knows it.
    """
    if len(idx) < 2:
        return [idx]
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
"""XY-cut recursion stops at this depth (a leaf is then read top to bottom)."""


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
