"""Call-out boxes: boxed or shaded regions narrower than the page that hold text.

A shading drawn as a stack of rectangles, one per line (a word processor's paragraph shading), is one box.
"""
from __future__ import annotations

from collections.abc import Sequence

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


def _center_inside(b: BBox, region: BBox) -> bool:
    cx, cy = (b[0] + b[2]) / 2, (b[1] + b[3]) / 2
    return region[0] <= cx <= region[2] and region[1] <= cy <= region[3]


def stack_shadings(graphics: Sequence[Graphic]) -> list[BBox]:
    """The boxes of the filled, non-white shapes, line-high strips stacked edge to edge with equal width merged
    into one."""
    tol = STACK_EDGE_TOLERANCE
    shaded = sorted((g.bbox for g in graphics if g.filled and not g.white), key=lambda b: (b[1], b[0]))
    boxes: list[BBox] = []
    stacks: list[BBox] = []  # open stacks of strips, by the bottom strip's edges
    for box in shaded:
        if box[3] - box[1] > STRIP_MAX_HEIGHT:
            boxes.append(box)
            continue
        for k in range(len(stacks) - 1, -1, -1):
            top = stacks[k]
            if abs(top[0] - box[0]) <= tol and abs(top[2] - box[2]) <= tol and -tol <= box[1] - top[3] <= tol:
                stacks[k] = union((top, box))
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
