"""Call-out boxes: boxed or shaded regions narrower than the page that hold text.

A shading drawn as a stack of rectangles, one per line (a word processor's paragraph shading), is one box.
"""
from __future__ import annotations

import bisect
import math
from collections.abc import Sequence
from itertools import chain

from pipeline.extract.layout.lines import Graphic, TextLine, Unit, union
from pipeline.types import BBox

MIN_BOX_SIDE = 14.0
"""A call-out box is at least this many points wide and high."""
MAX_BOX_WIDTH_SHARE = 0.85
"""A call-out box is narrower than this share of the page (a page frame is not a call-out)."""
MAX_BOX_HEIGHT_SHARE = 0.85
"""A call-out box is lower than this share of the page."""
STACK_EDGE_TOLERANCE = 1.0
"""Shading strips stacked one under the other, with left and right edges this close and at most this far
apart vertically, are one shaded box..."""
STRIP_MAX_HEIGHT = 24.0
"""...where a strip is at most this many points high (about a line; taller panels of other colours may abut)."""
SCAN_MAX_SHAPES = 24
"""Up to this many shaded shapes, each strip is matched against every open stack; beyond, only against the stacks
whose bottom-left corner is near its top-left one (charts and tables draw hundreds of cells)."""


def _center_inside(b: BBox, region: BBox) -> bool:
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    return region[0] <= cx <= region[2] and region[1] <= cy <= region[3]


def stack_shadings(graphics: Sequence[Graphic]) -> list[BBox]:
    """The boxes of the filled, non-white shapes, line-high strips stacked edge to edge with equal width merged
    into one."""
    shaded = sorted((g.bbox for g in graphics if g.filled and not g.white), key=lambda b: (b[1], b[0]))
    if len(shaded) <= SCAN_MAX_SHAPES or not all(map(math.isfinite, chain.from_iterable(shaded))):
        return _stack_scan(shaded)
    tol = STACK_EDGE_TOLERANCE
    boxes: list[BBox] = []
    stacks: list[BBox] = []  # open stacks of strips, by the bottom strip's edges
    by_corner: dict[tuple[int, int], list[int]] = {}  # stacks by bottom-left corner in steps of tol, ascending
    for box in shaded:
        if box[3] - box[1] > STRIP_MAX_HEIGHT:
            boxes.append(box)
            continue
        # the last stack the strip continues: its left edge and bottom are within tol of the strip's left edge
        # and top, so its corner lies in this bucket or a neighbouring one
        left, top = math.floor(box[0] / tol), math.floor(box[1] / tol)
        found = -1
        for dx, dy in _NEIGHBOURS:
            for k in reversed(by_corner.get((left + dx, top + dy), ())):
                if k <= found:
                    break
                if _continues(stacks[k], box, tol):
                    found = k
                    break
        if found < 0:
            bisect.insort(by_corner.setdefault(_corner(box, tol), []), len(stacks))
            stacks.append(box)
            continue
        stack = stacks[found]  # union((stack, box)), inlined: this runs for most strips
        merged = (stack[0] if stack[0] <= box[0] else box[0], stack[1] if stack[1] <= box[1] else box[1],
                  stack[2] if stack[2] >= box[2] else box[2], stack[3] if stack[3] >= box[3] else box[3])
        stacks[found] = merged
        old_key, new_key = _corner(stack, tol), _corner(merged, tol)
        if new_key != old_key:
            by_corner[old_key].remove(found)
            bisect.insort(by_corner.setdefault(new_key, []), found)
    return boxes + stacks


_NEIGHBOURS = tuple((dx, dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1))


def _corner(box: BBox, tol: float) -> tuple[int, int]:
    """The bucket of a box's bottom-left corner (coordinates within tol fall in neighbouring buckets)."""
    return math.floor(box[0] / tol), math.floor(box[3] / tol)


def _continues(top: BBox, box: BBox, tol: float) -> bool:
    """Whether a strip continues a stack downwards: equal left and right edges, starting where the stack ends."""
    return abs(top[0] - box[0]) <= tol and abs(top[2] - box[2]) <= tol and -tol <= box[1] - top[3] <= tol


def _stack_scan(shaded: Sequence[BBox]) -> list[BBox]:
    """`stack_shadings` by a scan of all open stacks (few shapes, or coordinates that are not finite)."""
    tol = STACK_EDGE_TOLERANCE
    boxes: list[BBox] = []
    stacks: list[BBox] = []
    for box in shaded:
        if box[3] - box[1] > STRIP_MAX_HEIGHT:
            boxes.append(box)
            continue
        for k in range(len(stacks) - 1, -1, -1):
            if _continues(stacks[k], box, tol):
                stacks[k] = union((stacks[k], box))
                break
        else:
            stacks.append(box)
    return boxes + stacks


def find_callouts(
    lines: Sequence[TextLine], graphics: Sequence[Graphic], *, page_width: float, page_height: float
) -> tuple[list[Unit], list[TextLine]]:
    """Boxed or shaded regions narrower than the page that hold text, and the lines outside them."""
    candidates = stack_shadings(graphics) + [g.bbox for g in graphics if not g.filled or (g.stroked and g.white)]
    boxes = []
    for x0, top, x1, bottom in candidates:
        w, h = x1 - x0, bottom - top
        if w < MIN_BOX_SIDE or h < MIN_BOX_SIDE:
            continue
        if w > MAX_BOX_WIDTH_SHARE * page_width or h > MAX_BOX_HEIGHT_SHARE * page_height:
            continue
        boxes.append((x0, top, x1, bottom))
    if not boxes or not lines:
        return [], list(lines)
    boxes.sort(key=lambda b: -(b[2] - b[0]) * (b[3] - b[1]))
    units: list[Unit] = []
    remaining = list(lines)
    for box in boxes:
        inside = [ln for ln in remaining if _center_inside(ln.bbox, box)]
        if not inside or len(inside) == len(remaining) == len(lines):
            continue
        units.append(Unit(bbox=union([box] + [ln.bbox for ln in inside]), lines=tuple(inside), kind="callout"))
        taken = set(map(id, inside))
        remaining = [ln for ln in remaining if id(ln) not in taken]
    return units, remaining
