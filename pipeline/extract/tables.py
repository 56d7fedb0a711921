"""Ruled tables and boxed call-outs from drawn rectangles and rulings (pure functions on boxes)."""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from functools import partial

from pipeline.extract.layout.lines import Graphic, TextLine, Unit, same_line, union
from pipeline.extract.layout.order import x_gaps
from pipeline.extract.layout.paragraphs import paragraph_text
from pipeline.types import BBox, LineBox

RULE_THICKNESS = 3.0
"""A drawn box thinner than this (points) in one direction is a ruling."""
MIN_RULE_LENGTH = 6.0
"""Rulings shorter than this (points) are ignored (underlines of single characters, dots)."""
CONNECT_TOLERANCE = 2.5
"""Rulings closer than this (points) are taken to touch."""
STACK_DISTANCE = 45.0
"""Parallel horizontal rulings of the same extent and at most this far apart belong to one table."""
EXTENT_TOLERANCE = 6.0
"""Stacked rulings "of the same extent" start and end within this many points of each other."""
EDGE_MERGE = 2.5
"""Ruling positions closer than this (points) are one grid edge; collinear pieces this close are one ruling."""
MIN_TABLE_WIDTH = 40.0
"""A ruled region narrower than this (points) is not a table."""
MIN_TABLE_HEIGHT = 12.0
"""A ruled region lower than this (points) is not a table."""
MIN_TEXT_GUTTER_EM = 0.8
"""Without vertical rulings, columns are split at text gaps at least this many font sizes wide."""
DEFAULT_CELL_EM = 8.0
"""Font size (points) assumed for cell text whose size pdfium reports as 0."""
MAX_RULINGS = 4000
"""Pages with more rulings than this (charts, maps) are not searched for tables."""
MIN_GRID = 2
"""A table has at least this many rows and columns (and this many cells filled in one row)."""
CELL_SEPARATOR = " | "
ROW_SEPARATOR = "\n"
CELL_START_INSET = 2.0
"""A cell line is placed by a point this far (points) right of its start (text may overflow into the next cell)."""
INSIDE_TOLERANCE = 1.0
"""A line belongs to a table region when its centre lies inside the region grown by this many points."""
STACKED_SHARE = 0.6
"""Share of a grid row's cells that must hold the same number of lines for the row to be split."""
EDGE_TOLERANCE = 1.0
"""A drawing within this many points of both side edges of the page is page decoration (bars, bleeds)."""
PANEL_MIN_SIDE = 60.0
"""A filled box at least this many points wide and high..."""
PANEL_MIN_WIDTH_SHARE = 0.3
"""...and this share of the page wide, touched by no ruling, is a shaded panel (a call-out), not a table cell."""


def _rulings(graphics: Sequence[Graphic]) -> tuple[list[BBox], list[BBox]]:
    """Horizontal and vertical rulings, including the edges of stroked or shaded rectangles."""
    horizontal: list[BBox] = []
    vertical: list[BBox] = []
    for g in graphics:
        x0, top, x1, bottom = g.bbox
        w, h = x1 - x0, bottom - top
        if h <= RULE_THICKNESS and w >= MIN_RULE_LENGTH:
            horizontal.append(g.bbox)
        elif w <= RULE_THICKNESS and h >= MIN_RULE_LENGTH:
            vertical.append(g.bbox)
        elif w > RULE_THICKNESS and h > RULE_THICKNESS and (g.stroked or (g.filled and not g.white)):
            horizontal.append((x0, top, x1, top))
            horizontal.append((x0, bottom, x1, bottom))
            vertical.append((x0, top, x0, bottom))
            vertical.append((x1, top, x1, bottom))
    return horizontal, vertical


def _merge_collinear(rules: list[BBox], *, horizontal: bool) -> list[BBox]:
    """Join rulings that continue each other on one line (cell borders drawn piece by piece)."""
    if horizontal:
        keyed = sorted(rules, key=lambda b: (round((b[1] + b[3]) / 2 / EDGE_MERGE), b[0]))
    else:
        keyed = sorted(rules, key=lambda b: (round((b[0] + b[2]) / 2 / EDGE_MERGE), b[1]))
    out: list[BBox] = []
    for b in keyed:
        if out:
            a = out[-1]
            if horizontal:  # on one line and overlapping or touching along it (b may start left of a)
                same = abs((a[1] + a[3]) - (b[1] + b[3])) <= 2 * EDGE_MERGE and _meet(a[0], a[2], b[0], b[2])
            else:
                same = abs((a[0] + a[2]) - (b[0] + b[2])) <= 2 * EDGE_MERGE and _meet(a[1], a[3], b[1], b[3])
            if same:
                out[-1] = (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
                continue
        out.append(b)
    return out


def _meet(a0: float, a1: float, b0: float, b1: float) -> bool:
    """Whether the intervals [a0, a1] and [b0, b1] overlap or come within CONNECT_TOLERANCE."""
    return b0 <= a1 + CONNECT_TOLERANCE and a0 <= b1 + CONNECT_TOLERANCE


def _table_parts(graphics: Sequence[Graphic], page_width: float) -> list[Graphic]:
    """The drawings that may be parts of ruled tables: not page decoration (reaching both side edges of the page,
    as header and footer bars do) and not shaded panels (wide and high filled boxes that no ruling touches:
    call-outs side by side, whose touching edges would otherwise read as a grid; shaded cells are narrower
    or ruled)."""
    kept = [g for g in graphics if not (g.bbox[0] <= EDGE_TOLERANCE and g.bbox[2] >= page_width - EDGE_TOLERANCE)]
    big = [
        g for g in kept
        if g.filled and not g.stroked and _min_side(g.bbox) >= PANEL_MIN_SIDE
        and g.bbox[2] - g.bbox[0] >= PANEL_MIN_WIDTH_SHARE * page_width
    ]
    if not big:
        return kept
    thin = [g.bbox for g in kept if _min_side(g.bbox) <= RULE_THICKNESS and _max_side(g.bbox) >= MIN_RULE_LENGTH]
    panels = {id(g) for g in big if not any(_touch(g.bbox, rule) for rule in thin)}
    return [g for g in kept if id(g) not in panels]


def _min_side(b: BBox) -> float:
    return min(b[2] - b[0], b[3] - b[1])


def _max_side(b: BBox) -> float:
    return max(b[2] - b[0], b[3] - b[1])


def _touch(a: BBox, b: BBox, tol: float = CONNECT_TOLERANCE) -> bool:
    return a[0] - tol <= b[2] and b[0] - tol <= a[2] and a[1] - tol <= b[3] and b[1] - tol <= a[3]


def _stacked(a: BBox, b: BBox) -> bool:
    return (
        abs(a[0] - b[0]) <= EXTENT_TOLERANCE
        and abs(a[2] - b[2]) <= EXTENT_TOLERANCE
        and abs(a[1] - b[1]) <= STACK_DISTANCE
    )


def _clusters(rules: list[tuple[str, BBox]]) -> list[list[tuple[str, BBox]]]:
    """Groups of rulings that touch (within CONNECT_TOLERANCE) or are stacked horizontal rulings of one table."""
    parent = list(range(len(rules)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tol = CONNECT_TOLERANCE
    reach = STACK_DISTANCE + CONNECT_TOLERANCE
    order = sorted(range(len(rules)), key=lambda i: rules[i][1][1])
    ordered = [rules[i] for i in order]
    for pos, i in enumerate(order):
        kind_i, a = ordered[pos]
        a0, a1, a2, a3 = a
        horizontal_i = kind_i == "h"
        for offset, (kind_j, b) in enumerate(ordered[pos + 1 :], start=pos + 1):
            b0, b1, b2, b3 = b
            if b1 - a3 > reach:
                break
            touch = a0 - tol <= b2 and b0 - tol <= a2 and a1 - tol <= b3 and b1 - tol <= a3
            if touch or (horizontal_i and kind_j == "h" and _stacked(a, b)):
                parent[find(i)] = find(order[offset])
    groups: dict[int, list[tuple[str, BBox]]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(find(i), []).append(rule)
    return list(groups.values())


def _edges(values: Sequence[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > EDGE_MERGE:
            out.append(v)
    return out


def _center(b: BBox) -> tuple[float, float]:
    return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2


def _inside(b: BBox, region: BBox, tol: float = INSIDE_TOLERANCE) -> bool:
    cx, cy = _center(b)
    return region[0] - tol <= cx <= region[2] + tol and region[1] - tol <= cy <= region[3] + tol


def _slot(value: float, edges: Sequence[float]) -> int:
    """Index of the slot between consecutive edges that holds `value` (the outer edges are open)."""
    k = 0
    for e in edges[1:-1]:
        if value > e:
            k += 1
    return k


def _slotter(edges: Sequence[float]) -> Callable[[float], int]:
    """`_slot` bound to one list of edges: a bisection when the inner edges are sorted (the usual case)."""
    inner = list(edges[1:-1])
    if all(a <= b for a, b in zip(inner, inner[1:])):
        return partial(bisect_left, inner)
    return partial(_slot, edges=edges)


def _text_columns(lines: Sequence[TextLine], region: BBox) -> list[float]:
    boxes = [ln.bbox for ln in lines]
    if not boxes:
        return [region[0], region[2]]
    em = min(ln.size for ln in lines) or DEFAULT_CELL_EM
    gaps = x_gaps(boxes, MIN_TEXT_GUTTER_EM * em)
    return [region[0]] + [(g0 + g1) / 2 for g0, g1 in gaps] + [region[2]]


def _text_rows(lines: Sequence[TextLine], region: BBox) -> list[float]:
    ordered = sorted(lines, key=lambda ln: ln.bbox[1])
    edges = [region[1]]
    for prev, cur in zip(ordered, ordered[1:]):
        if cur.bbox[1] >= prev.bbox[3] and not same_line(prev.bbox, cur.bbox):
            edges.append((prev.bbox[3] + cur.bbox[1]) / 2)
    return edges + [region[3]]


def _grid(region: BBox, hs: Sequence[BBox], vs: Sequence[BBox], lines: Sequence[TextLine]) -> tuple[list[float], list[float]]:
    ys = _edges([(b[1] + b[3]) / 2 for b in hs] + [region[1], region[3]])
    xs = _edges([(b[0] + b[2]) / 2 for b in vs] + [region[0], region[2]])
    if len(xs) < 3:
        xs = _text_columns(lines, region)
    if len(ys) < 3:
        ys = _text_rows(lines, region)
    return xs, ys


def build_table(region: BBox, xs: Sequence[float], ys: Sequence[float], lines: Sequence[TextLine]) -> Unit | None:
    """Place lines into the grid cells given by column edges xs and row edges ys; None if not a real table."""
    cells: dict[tuple[int, int], list[TextLine]] = {}
    row_of, column_of = _slotter(ys), _slotter(xs)
    for line in lines:
        x0, top, x1, bottom = line.bbox
        row = row_of((top + bottom) / 2)
        # a line belongs to the column where it starts (text may overflow into the next cell)
        col = column_of(x0 + min(CELL_START_INSET, (x1 - x0) / 2))
        cells.setdefault((row, col), []).append(line)
    cells = _split_stacked_rows(cells)
    rows_used = sorted({r for r, _ in cells})
    cols_used = sorted({c for _, c in cells})
    if len(cols_used) < MIN_GRID or len(rows_used) < MIN_GRID:
        return None
    grid: list[tuple[str, ...]] = []
    grid_boxes: list[list[tuple[LineBox, ...]]] = []
    for r in rows_used:
        row: list[str] = []
        row_boxes: list[tuple[LineBox, ...]] = []
        for c in cols_used:
            text, boxes = paragraph_text(_reading_order(cells.get((r, c), [])))
            row.append(text)
            row_boxes.append(boxes)
        if any(row):
            grid.append(tuple(row))
            grid_boxes.append(row_boxes)
    filled_rows = sum(1 for row in grid if sum(1 for c in row if c) >= MIN_GRID)
    if len(grid) < MIN_GRID or filled_rows < 1:
        return None
    text, line_boxes = table_text_mapped(grid, grid_boxes)
    return Unit(bbox=region, lines=tuple(lines), kind="table", cells=tuple(grid), text=text, line_boxes=line_boxes)


def table_text_mapped(
    grid: Sequence[Sequence[str]], grid_boxes: Sequence[Sequence[tuple[LineBox, ...]]]
) -> tuple[str, tuple[LineBox, ...]]:
    """A table as text, one row per line, cells joined by " | " (spaces collapsed, rows trimmed), and every
    cell's line boxes moved to offsets into that text."""
    rows: list[str] = []
    out: list[LineBox] = []
    append = out.append
    offset = 0
    for row, row_boxes in zip(grid, grid_boxes):
        text = ""
        lead = 0 if row[0] else 1  # a row that starts with an empty cell starts " |": that space is trimmed
        for k, cell in enumerate(row):
            if k:
                text += CELL_SEPARATOR[1:] if text.endswith(" ") else CELL_SEPARATOR  # after an empty cell
            if cell:
                shift = offset + len(text) - lead
                for start, end, box in row_boxes[k]:
                    append((start + shift, end + shift, box))
                text += cell
        rows.append(text.strip())
        offset += len(rows[-1]) + len(ROW_SEPARATOR)
    return ROW_SEPARATOR.join(rows), tuple(out)


def _reading_order(lines: Sequence[TextLine]) -> list[TextLine]:
    """A cell's lines in reading order: its visual lines top to bottom, the pieces of each left to right (a list
    number set a hair lower than its text still comes first)."""
    return [ln for row in _text_line_rows(lines) for ln in sorted(row, key=lambda ln: ln.bbox[0])]


def _text_line_rows(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    ordered = sorted(lines, key=lambda ln: ln.bbox[1])
    rows: list[list[TextLine]] = []
    for line in ordered:
        if rows and same_line(rows[-1][0].bbox, line.bbox):
            rows[-1].append(line)
        else:
            rows.append([line])
    return rows


def _split_stacked_rows(cells: dict[tuple[int, int], list[TextLine]]) -> dict[tuple[int, int], list[TextLine]]:
    """Split a grid row into text rows when most of its cells hold the same number (≥2) of aligned lines.

    Dense tables often rule only every few data rows; a wrapped cell (one cell with several lines while
    the others have one) is left whole.
    """
    by_row: dict[int, dict[int, list[TextLine]]] = {}
    for (r, c), lines in cells.items():
        by_row.setdefault(r, {})[c] = lines
    out: dict[tuple[int, int], list[TextLine]] = {}
    next_row = 0
    for r in sorted(by_row):
        row_cells = by_row[r]
        everything = [ln for lines in row_cells.values() for ln in lines]
        bands = _text_line_rows(everything)
        per_cell = [len(_text_line_rows(lines)) for lines in row_cells.values()]
        stacked = len(bands) >= MIN_GRID and sum(1 for n in per_cell if n == len(bands)) >= STACKED_SHARE * len(per_cell)
        if not stacked:
            for c, lines in row_cells.items():
                out[(next_row, c)] = lines
            next_row += 1
            continue
        column_of: dict[int, int] = {}
        for c, lines in row_cells.items():
            for ln in lines:
                column_of.setdefault(id(ln), c)
        for band in bands:
            for line in band:
                out.setdefault((next_row, column_of[id(line)]), []).append(line)
            next_row += 1
    return out


def find_tables(
    lines: Sequence[TextLine], graphics: Sequence[Graphic], *, page_width: float, page_height: float
) -> tuple[list[Unit], list[TextLine]]:
    """Ruled tables on a page, and the lines that are not inside any of them."""
    horizontal, vertical = _rulings(_table_parts(graphics, page_width))
    if len(horizontal) < MIN_GRID:
        return [], list(lines)
    horizontal = _merge_collinear(horizontal, horizontal=True)
    vertical = _merge_collinear(vertical, horizontal=False)
    if len(horizontal) < MIN_GRID or len(horizontal) + len(vertical) > MAX_RULINGS:
        return [], list(lines)
    rules = [("h", b) for b in horizontal] + [("v", b) for b in vertical]
    tables: list[Unit] = []
    remaining = list(lines)
    for cluster in sorted(_clusters(rules), key=lambda c: -len(c)):
        hs = [b for k, b in cluster if k == "h"]
        vs = [b for k, b in cluster if k == "v"]
        if len(hs) < MIN_GRID:
            continue
        region = union([b for _, b in cluster])
        if region[2] - region[0] < MIN_TABLE_WIDTH or region[3] - region[1] < MIN_TABLE_HEIGHT:
            continue
        tol = INSIDE_TOLERANCE
        left, top, right, bottom = region[0] - tol, region[1] - tol, region[2] + tol, region[3] + tol
        inside = [
            ln
            for ln in remaining
            if left <= (ln.bbox[0] + ln.bbox[2]) / 2 <= right and top <= (ln.bbox[1] + ln.bbox[3]) / 2 <= bottom
        ]
        if len(inside) < MIN_GRID:
            continue
        xs, ys = _grid(region, hs, vs, inside)
        table = build_table(region, xs, ys, inside)
        if table is None:
            continue
        tables.append(table)
        taken = set(map(id, inside))
        remaining = [ln for ln in remaining if id(ln) not in taken]
    return tables, remaining
