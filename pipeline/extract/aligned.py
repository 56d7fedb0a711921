"""Tables drawn without rulings, found from the alignment of text lines (pure functions on line boxes).

A candidate region is a run of vertically close visual rows that hold several segments separated by
whitespace gutters (plus the wrapped lines between them). Its columns are left edges (or, for numeric
columns, right edges) shared by at least MIN_ROWS rows; every line must fall in a column and no line may
cross a gutter (rows with such lines split the region, and the parts are tried again). Rows start at the
first column's lines. The region is refused when it reads like prose
or a list (see `_looks_tabular`).
"""
from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from pipeline.extract.layout.lines import LIST_MARKER_RE, TextLine, Unit, same_line, union
from pipeline.extract.layout.paragraphs import paragraph_text
from pipeline.extract.tables import table_text_mapped
from pipeline.types import LineBox

MIN_ROWS = 3
"""A rule-less table has at least this many rows..."""
MIN_COLUMNS = 2
"""...and this many columns."""
MIN_GUTTER_EM = 1.0
"""Columns are separated by whitespace at least this many font sizes wide on every row."""
ALIGN_TOLERANCE = 2.5
"""Left (or right) edges within this many points are aligned."""
MAX_ROW_GAP_EM = 1.6
"""Visual rows of one table are at most this many font sizes apart (bottom of one to top of the next)."""
WRAP_GAP_EM = 0.6
"""A first-column line this close (font sizes) below the previous one, alone on its row, wraps that cell."""
MAX_KEY_FILL = 0.75
"""The first column's median line width is at most this share of its pitch (prose lines fill their column)."""
MAX_FLOW_SHARE = 0.25
"""At most this share of row boundaries in a column may read as a sentence running on (prose, not cells)."""
MAX_MARKER_SHARE = 0.6
"""A first column whose cells are mostly list markers or note numbers is a list or notes, not a table."""
MIN_NUMERIC_SHARE = 0.3
"""A table whose cells hold numbers, dates or times at least this often is tabular by content."""
MIN_KEY_SHARE = 0.6
"""Key–value evidence: this share of first-column cells is bold or ends with a colon..."""
MAX_KEY_WIDTH_SHARE = 0.4
"""...or the first column's pitch is at most this share of the table width."""
MIN_ALIGNED_SHARE = 0.8
"""This share of rows with text in a later column must start level with the first column."""
MIN_EM = 4.0
"""Font sizes below this (points) are taken as this when measuring gaps."""

NUMERIC_RE = re.compile(r"^[\s(]*[-+−–]?[$€£%]?\s*\d[\d\s.,:/%–-]*(?:[a-zA-Z]{0,4}\.?)?[\s)]*$|^\d{1,2}[:.h]\d{2}")
MARKER_RE = re.compile(r"^\(?(?:\d{1,3}(?:\.\d{1,3}){0,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})[.)]?$|^\S$")
"""A first-column cell that is only a number, section number ("2.1"), letter, numeral or one symbol (a bullet)."""
TERMINAL = (".", "!", "?", ":", ";")

Row = list[TextLine]


def _em(lines: Sequence[TextLine]) -> float:
    return max(MIN_EM, statistics.median(ln.size for ln in lines))


def _visual_rows(lines: Sequence[TextLine]) -> list[Row]:
    """Lines grouped into visual rows (same-line boxes), top to bottom, each row left to right."""
    rows: list[Row] = []
    for line in sorted(lines, key=lambda ln: ln.bbox[1]):
        for row in rows[-3:]:
            if same_line(row[0].bbox, line.bbox):
                row.append(line)
                break
        else:
            rows.append([line])
    for row in rows:
        row.sort(key=lambda ln: ln.bbox[0])
    return rows


def _gapped(row: Row, gutter: float) -> bool:
    """Whether a row's segments are apart by at least `gutter` points and do not overlap."""
    return all(b.bbox[0] - a.bbox[2] >= gutter for a, b in zip(row, row[1:]))


def _candidate_runs(rows: Sequence[Row], em: float) -> list[list[Row]]:
    """Runs of vertically close rows that are multi-segment, or wrapped lines indented from the run's left."""
    gutter, gap = MIN_GUTTER_EM * em, MAX_ROW_GAP_EM * em
    runs: list[list[Row]] = []
    current: list[Row] = []
    for row in rows:
        bottom = max(ln.bbox[3] for ln in current[-1]) if current else 0.0
        close = bool(current) and row[0].bbox[1] - bottom <= gap
        left = min(r[0].bbox[0] for r in current) if current else 0.0
        multi = len(row) >= MIN_COLUMNS and _gapped(row, gutter)
        if multi and not close:
            if len(current) >= MIN_ROWS:
                runs.append(current)
            current = [row]
        elif close and (multi or row[0].bbox[0] >= left + gutter or len(row) == 1):
            current.append(row)
        else:
            if len(current) >= MIN_ROWS:
                runs.append(current)
            current = []
    if len(current) >= MIN_ROWS:
        runs.append(current)
    return [_trim(run, em) for run in runs]


def _trim(run: list[Row], em: float) -> list[Row]:
    """Drop leading and trailing single-segment rows that start at the run's left (prose around a table)."""
    gutter = MIN_GUTTER_EM * em
    left = min(r[0].bbox[0] for r in run)

    def lone(row: Row) -> bool:
        return len(row) == 1 and row[0].bbox[0] < left + gutter

    start, end = 0, len(run)
    while start < end and lone(run[start]):
        start += 1
    while end > start and lone(run[end - 1]):
        end -= 1
    return run[start:end]


def _clusters(values: Sequence[tuple[float, int]]) -> list[tuple[float, set[int]]]:
    """Values (with the row each comes from) grouped within ALIGN_TOLERANCE: (first value, rows)."""
    out: list[tuple[float, set[int]]] = []
    for value, row in sorted(values):
        if out and value - out[-1][0] <= ALIGN_TOLERANCE:
            out[-1][1].add(row)
        else:
            out.append((value, {row}))
    return out


def _columns(run: Sequence[Row]) -> list[tuple[str, float]]:
    """Column anchors ("left"/"right", x): edges shared by at least MIN_ROWS rows of the run."""
    segments = [(ln, i) for i, row in enumerate(run) for ln in row]
    lefts = [(x, rows) for x, rows in _clusters([(ln.bbox[0], i) for ln, i in segments]) if len(rows) >= MIN_ROWS]
    rights = [(x, rows) for x, rows in _clusters([(ln.bbox[2], i) for ln, i in segments]) if len(rows) >= MIN_ROWS]
    anchors = [("left", x) for x, _ in lefts]
    for x, _ in rights:  # a right-aligned (numeric) column: lines that end level but start at no left anchor
        unplaced = [ln for ln, _ in segments if abs(ln.bbox[2] - x) <= ALIGN_TOLERANCE
                    and not any(abs(ln.bbox[0] - lx) <= ALIGN_TOLERANCE for _, lx in anchors)]
        if len(unplaced) >= MIN_ROWS:
            anchors.append(("right", x))
    anchors.sort(key=lambda a: a[1])
    return anchors


def _column_of(line: TextLine, anchors: Sequence[tuple[str, float]]) -> int | None:
    for k, (side, x) in enumerate(anchors):
        edge = line.bbox[0] if side == "left" else line.bbox[2]
        if abs(edge - x) <= ALIGN_TOLERANCE:
            return k
    return None


def _breaks(run: Sequence[Row], anchors: Sequence[tuple[str, float]], em: float) -> list[int]:
    """Rows that cannot be in the table: a line that fits no column, or that runs into a later column's gutter."""
    placed = [[(ln, _column_of(ln, anchors)) for ln in row] for row in run]
    starts = [min((ln.bbox[0] for row in placed for ln, c in row if c == k), default=float("inf"))
              for k in range(len(anchors))]
    for k in range(len(starts) - 2, -1, -1):  # a column may not reach the start of any later one
        starts[k] = min(starts[k], starts[k + 1])
    gutter = MIN_GUTTER_EM * em
    return [i for i, row in enumerate(placed)
            if any(c is None or (c + 1 < len(starts) and ln.bbox[2] > starts[c + 1] - gutter) for ln, c in row)]


def _pieces(run: Sequence[Row], breaks: Sequence[int], em: float) -> list[list[Row]]:
    """The parts of a run between its break rows, trimmed, that are long enough to be tables."""
    out: list[list[Row]] = []
    bounds = [-1, *breaks, len(run)]
    for a, b in zip(bounds, bounds[1:]):
        piece = _trim(list(run[a + 1 : b]), em) if b - a - 1 >= MIN_ROWS else []
        if len(piece) >= MIN_ROWS:
            out.append(piece)
    return out


def _grid(run: Sequence[Row], anchors: Sequence[tuple[str, float]], em: float) -> list[list[list[TextLine]]]:
    """Lines placed in rows (started by the first column's lines) × columns."""
    ncols = len(anchors)
    placed = [[(ln, _column_of(ln, anchors)) for ln in row] for row in run]
    grid: list[list[list[TextLine]]] = []
    last_first: TextLine | None = None
    for row in placed:
        firsts = [ln for ln, c in row if c == 0]
        wraps = (
            firsts and len(row) == 1 and last_first is not None
            and firsts[0].bbox[1] - last_first.bbox[3] <= WRAP_GAP_EM * em
        )
        if firsts and not wraps or not grid:
            grid.append([[] for _ in range(ncols)])
        for ln, c in row:
            grid[-1][c].append(ln)
        if firsts:
            last_first = firsts[-1]
    return grid


def _flows(a: str, b: str) -> bool:
    """Whether text b reads as the running continuation of text a (a sentence cut at a line end)."""
    a, b = a.rstrip(), b.lstrip()
    return bool(a and b) and not a.endswith(TERMINAL) and b[0].islower()


def _looks_tabular(grid: Sequence[Sequence[Sequence[TextLine]]], anchors: Sequence[tuple[str, float]]) -> bool:
    """Measurable guards against prose columns and lists, then at least one piece of tabular evidence."""
    ncols = len(anchors)
    if len(grid) < MIN_ROWS or ncols < MIN_COLUMNS:
        return False
    if sum(1 for row in grid if sum(1 for cell in row if cell) >= MIN_COLUMNS) < MIN_ROWS:
        return False
    firsts = [row[0] for row in grid if row[0]]
    if len(firsts) < MIN_ROWS:
        return False
    first_texts = [" ".join(ln.text for ln in cell).strip() for cell in firsts]
    if sum(1 for t in first_texts if LIST_MARKER_RE.match(t) or MARKER_RE.match(t)) > MAX_MARKER_SHARE * len(firsts):
        return False
    x0 = anchors[0][1]
    pitch = min(ln.bbox[0] for row in grid for ln in row[1]) - x0 if any(row[1] for row in grid) else 0.0
    if pitch <= 0:
        return False
    widths = [ln.bbox[2] - ln.bbox[0] for cell in firsts for ln in cell]
    numeric_keys = sum(1 for t in first_texts if NUMERIC_RE.match(t)) >= MIN_KEY_SHARE * len(firsts)
    if statistics.median(widths) > MAX_KEY_FILL * pitch and not numeric_keys:  # times, years fill their column
        return False
    for k in range(ncols):  # prose flowing across row boundaries
        cells = [[ln.text for ln in sorted(row[k], key=lambda ln: ln.bbox[1])] for row in grid]
        pairs = [(a[-1], b[0]) for a, b in zip(cells, cells[1:]) if a and b]
        if pairs and sum(1 for a, b in pairs if _flows(a, b)) > MAX_FLOW_SHARE * len(pairs):
            return False
    level = [row for row in grid if row[0] and any(row[1:])]
    aligned = sum(1 for row in level if any(cell and same_line(cell[0].bbox, row[0][0].bbox) for cell in row[1:]))
    if aligned < MIN_ALIGNED_SHARE * max(1, len(level)):
        return False
    texts = [" ".join(ln.text for ln in cell).strip() for row in grid for cell in row if cell]
    numeric = sum(1 for t in texts if NUMERIC_RE.match(t)) >= MIN_NUMERIC_SHARE * len(texts)
    keys = sum(1 for cell, t in zip(firsts, first_texts) if all(ln.bold for ln in cell) or t.endswith(":"))
    keyed = keys >= MIN_KEY_SHARE * len(firsts) and not all(ln.bold for row in grid for c in row[1:] for ln in c)
    right = max(ln.bbox[2] for row in grid for cell in row for ln in cell)
    narrow = pitch <= MAX_KEY_WIDTH_SHARE * (right - x0)
    return ncols >= 3 or numeric or keyed or narrow


def _unit(grid: Sequence[Sequence[Sequence[TextLine]]]) -> Unit:
    """A table unit from rows × columns of lines, each cell's lines joined as a paragraph."""
    cells: list[tuple[str, ...]] = []
    boxes: list[list[tuple[LineBox, ...]]] = []
    for row in grid:
        texts: list[str] = []
        row_boxes: list[tuple[LineBox, ...]] = []
        for cell in row:
            text, line_boxes = paragraph_text(sorted(cell, key=lambda ln: (ln.bbox[1], ln.bbox[0])))
            texts.append(text)
            row_boxes.append(line_boxes)
        cells.append(tuple(texts))
        boxes.append(row_boxes)
    text, line_boxes = table_text_mapped(cells, boxes)
    lines = tuple(ln for row in grid for cell in row for ln in cell)
    return Unit(bbox=union([ln.bbox for ln in lines]), lines=lines, kind="table", cells=tuple(cells), text=text,
                line_boxes=line_boxes)


def find_aligned_tables(lines: Sequence[TextLine]) -> tuple[list[Unit], list[TextLine]]:
    """Tables without rulings among a page's (merged) lines, and the lines outside them."""
    if len(lines) < MIN_ROWS * MIN_COLUMNS:
        return [], list(lines)
    em = _em(lines)
    tables: list[Unit] = []
    pending = [run for run in _candidate_runs(_visual_rows(lines), em) if len(run) >= MIN_ROWS]
    while pending:  # every split leaves out at least one row, so this ends
        run = pending.pop()
        anchors = _columns(run)
        if len(anchors) < MIN_COLUMNS:
            continue
        breaks = _breaks(run, anchors, em)
        if breaks:
            pending.extend(_pieces(run, breaks, em))
            continue
        grid = _grid(run, anchors, em)
        if _looks_tabular(grid, anchors):
            tables.append(_unit(grid))
    if not tables:
        return [], list(lines)
    taken = {id(ln) for t in tables for ln in t.lines}
    return tables, [ln for ln in lines if id(ln) not in taken]
