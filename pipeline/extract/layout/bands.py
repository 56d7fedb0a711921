"""Bands inside a multi-column region: where the columns stop and a new band of columns starts.

Boxes that open every column side by side, level with each other, are a band of panels: read first, then
the rest of the region (their lower edges may be staggered, so no horizontal cut need run under them).

A region whose columns share their gutters may still hold two bands, one read after the other: a short
band heading at the left margin that does not reach across the gutter, or a band whose columns end in
the middle of a sentence that runs on at the top of the next column. Geometry finds the candidate cuts
(horizontal whitespace across every column); the cuts kept are those where

- **a band heading** starts the lower part: a heading-like line in the first column with no text beside
  it in the other columns (a box may open a column level with it; a heading may not: that is two columns
  each opening a section), under which the columns start at one height (or nothing follows at all: a
  heading left at the foot of the region belongs to what comes after it); unless reading the upper part
  band-wise would join a finished sentence to a lower-case continuation;
- **a sentence runs on** from the foot of one column (a full line) to the top of the next one, across a
  gap that every column leaves open (a band gap, not a line gap), while the lower part does not continue it.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from statistics import median

from pipeline.extract.layout.cues import SOLID_INSET, Cues, full_line
from pipeline.types import BBox

BAND_TOUCH = 0.5
"""Boxes that overlap vertically by at most this many points still leave a cut between them (touching boxes)."""
BESIDE_TOLERANCE = 1.0
"""A line beside a band heading reaches at least this many points above the heading's bottom."""
ALIGN_EM = 1.0
"""The columns under a band heading start within this many line heights of each other."""
PANEL_LEVEL = 24.0
"""Boxes side by side whose tops and bottoms are level within this many points form a band of panels."""
RUN_ON_GAP_EM = 1.5
"""A band gap is at least this many line heights high in every column (line and paragraph gaps are less)."""


def _height(box: BBox) -> float:
    return box[3] - box[1]


def _candidates(order: Sequence[int], cues: Cues) -> list[int]:
    """Positions k in `order` (sorted by top) where everything before ends above everything after."""
    boxes = cues.boxes
    out = []
    reach = boxes[order[0]][3]
    for k in range(1, len(order)):
        box = boxes[order[k]]
        if box[1] >= reach - BAND_TOUCH:
            out.append(k)
        if box[3] > reach:
            reach = box[3]
    return out


def band_parts(idx: Sequence[int], columns: Sequence[Sequence[int]], cues: Cues) -> list[list[int]]:
    """`idx` cut into bands read one after another (top to bottom), or [] when it is one band of columns."""
    boxes = cues.boxes
    order = sorted(idx, key=lambda i: boxes[i][1])
    position = {i: k for k, i in enumerate(order)}
    cols = [sorted(column, key=position.__getitem__) for column in columns]
    panels = _panel_band(cols, cues)
    if panels:
        taken = set(panels)
        return [panels, [i for i in order if i not in taken]]
    keys = [[position[i] for i in column] for column in cols]
    cuts = []
    for k in _candidates(order, cues):
        split = [bisect_left(key, k) for key in keys]
        upper = [col[:s] for col, s in zip(cols, split)]
        lower = [col[s:] for col, s in zip(cols, split)]
        if _heading_cut(upper, lower, cues) or _run_on_cut(upper, lower, cues):
            cuts.append(k)
    if not cuts:
        return []
    bounds = [0, *cuts, len(order)]
    return [order[a:b] for a, b in zip(bounds, bounds[1:])]


def _panel_band(cols: list[list[int]], cues: Cues) -> list[int]:
    """The boxes that open the columns side by side, tops and bottoms nearly level: a band of panels read
    before the rest of the region, even when its lower edge is staggered (no horizontal cut runs under it)."""
    heads = [col[0] for col in cols if col]
    if len(heads) < 2 or not all(cues.solid[i] for i in heads) or all(len(col) <= 1 for col in cols):
        return []
    boxes = cues.boxes
    tops, bottoms = [boxes[i][1] for i in heads], [boxes[i][3] for i in heads]
    if max(tops) - min(tops) > PANEL_LEVEL or max(bottoms) - min(bottoms) > PANEL_LEVEL:
        return []
    return heads


def _heading_cut(upper: list[list[int]], lower: list[list[int]], cues: Cues) -> bool:
    """A band heading in the first column opens the lower part (see the module docstring)."""
    first = lower[0]
    if not first or not cues.heading(first[0]) or not any(upper[1:]):
        return False
    boxes = cues.boxes
    j = 0
    while j < len(first) and cues.heading(first[j]):
        j += 1
    heading_top, heading_bottom = boxes[first[0]][1], max(boxes[i][3] for i in first[:j])
    starts = [col[0] for col in lower[1:] if col and not cues.solid[col[0]]]
    panels = [col[0] for col in lower[1:] if col and cues.solid[col[0]]]
    if any(cues.heading(i) for i in starts):
        return False  # each column opens a section of its own: headings of a flowing text, not of a band
    if any(boxes[i][1] < heading_bottom - BESIDE_TOLERANCE for i in starts):
        return False  # a column runs on beside the heading: it is a heading inside the first column
    height = median(_height(boxes[i]) for i in [*starts, *first[:j]])
    if any(abs(boxes[i][1] - heading_top) > ALIGN_EM * height + SOLID_INSET for i in panels):
        return False  # a box beside the heading opens its column only when it starts level with the heading
    if j < len(first):
        if not starts and not panels:
            return False  # only the first column goes on: a section starting at the foot of a column
        starts.append(first[j])
    elif starts or panels:
        return False  # nothing under the heading in its own column, but text beside it further down
    if len(starts) > 1:
        tops = [boxes[i][1] for i in starts]
        if max(tops) - min(tops) > ALIGN_EM * median(_height(boxes[i]) for i in starts):
            return False
    return not _breaks_a_join(upper, cues)


def _breaks_a_join(upper: list[list[int]], cues: Cues) -> bool:
    """Reading the upper part column by column would put a lower-case continuation after a finished sentence."""
    for left, right in zip(upper, upper[1:]):
        if not left or not right:
            continue
        last, top = left[-1], right[0]
        if cues.solid[last] or cues.solid[top] or cues.heading(last):
            continue
        if cues.continues(top) and not cues.runs_on(last):
            return True
    return False


def _run_on_cut(upper: list[list[int]], lower: list[list[int]], cues: Cues) -> bool:
    """A sentence runs on from the foot of one upper column to the top of the next, across a band gap."""
    boxes = cues.boxes
    for c in range(len(upper)):
        above, below = upper[c], lower[c]
        if above and below and boxes[below[0]][1] - boxes[above[-1]][3] < RUN_ON_GAP_EM * _height(boxes[above[-1]]):
            return False  # this column has only a line or paragraph gap at the cut
    for c in range(len(upper) - 1):
        above, nxt, below = upper[c], upper[c + 1], lower[c]
        if not above or not nxt or not below:
            continue  # without text under it, the column runs on into the next one whether cut or not
        last, top = above[-1], nxt[0]
        if cues.solid[last] or cues.solid[top] or cues.heading(last) or not full_line(last, above, cues):
            continue
        if cues.runs_on(last) and cues.continues(top) and not cues.continues(below[0]):
            return True
    return False

