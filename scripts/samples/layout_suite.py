"""The layout suite: one-page report layouts that defeat a naive reading order (PDF, reportlab canvas).

Each layout is written twice: drawn in reading order (``layout_<name>.pdf``) and drawn row by row across
the columns (``layout_<name>_rows.pdf``, as some producers do), with one truth text for both. Layouts:
bands of three columns under full-width headings, a page whose column count changes mid-page, two
columns with boxed call-outs that interrupt a sentence, a full-width ruled table between column bands,
and a landscape page with four and two columns.

Truth rules: title, then each band's heading and its paragraphs in column order (a paragraph that runs
on into the next column is one block); a call-out box comes after the text it interrupts: after its
column's text, or after the end of the paragraph that runs on from that column; a table is one block;
footnotes come last; page numbers are left out.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from samples import layout_content as C
from samples.common import AUTHOR, FOOTNOTE_RE, plain, table_text, write_truth

MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 50.0, 52.0, 60.0
BODY_FONT, BOLD_FONT = "Helvetica", "Helvetica-Bold"
TITLE_SIZE, TITLE_LEADING, TITLE_GAP = 19.0, 23.0, 14.0
HEADING_SIZE, HEADING_LEADING, HEADING_GAP = 12.5, 16.0, 8.0
BAND_GAP = 16.0
"""Vertical space between one band and the next element."""
PARA_GAP = 5.0
BOX_PAD, BOX_GAP = 7.0, 9.0
BOX_FILL = colors.Color(0.90, 0.93, 0.97)
BOX_STROKE = colors.Color(0.3, 0.42, 0.6)
TABLE_SIZE, TABLE_ROW_H, TABLE_PAD = 9.0, 16.0, 4.0
FOOTNOTE_SIZE, FOOTNOTE_LEADING = 7.5, 9.5
PAGE_NUMBER_Y, PAGE_NUMBER_SIZE = 30.0, 8.0
SUPERSCRIPT_SCALE, SUPERSCRIPT_RISE = 0.65, 3.5
BALANCE_SLACK = 0.5
"""A column may run this many line leadings past its balanced height before the text moves on."""


@dataclass(frozen=True, slots=True)
class Box:
    """A shaded call-out placed in column `column` of a band after `after` lines of that column."""

    title: str
    items: tuple[str, ...]
    column: int
    after: int


@dataclass(frozen=True, slots=True)
class Band:
    """Paragraphs flowing through `columns` balanced columns, under an optional heading (and rule)."""

    paragraphs: tuple[str, ...]
    columns: int
    heading: str = ""
    rule: bool = False
    justify: bool = False
    size: float = 9.5
    leading: float = 12.5
    gutter: float = 16.0
    box: Box | None = None


@dataclass(frozen=True, slots=True)
class TableBand:
    """A caption and a full-width ruled table (first row a header)."""

    caption: str
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Layout:
    """One page: a title, bands from top to bottom, and footnotes."""

    name: str
    title: str
    parts: tuple[Band | TableBand, ...]
    pagesize: tuple[float, float] = A4
    footnotes: tuple[tuple[str, str], ...] = ()


@dataclass(slots=True)
class _Page:
    """What a layout puts on its page: text runs (x, baseline y, font, size, text, justify width), shapes,
    and the truth blocks in reading order."""

    texts: list[tuple[float, float, str, float, str, float]] = field(default_factory=list)
    rects: list[tuple[float, float, float, float, bool]] = field(default_factory=list)
    rules: list[tuple[float, float, float, float]] = field(default_factory=list)
    truth: list[str] = field(default_factory=list)


LAYOUTS: tuple[Layout, ...] = (
    Layout("layout_bands_3col", C.NEWSLETTER_TITLE, (
        Band(C.REMITTANCES, 3, C.REMITTANCES_HEADING, rule=True, justify=True),
        Band(C.LABOUR, 3, C.LABOUR_HEADING),
        Band(C.CLIMATE, 3, C.CLIMATE_HEADING, rule=True),
    ), footnotes=tuple(C.NEWSLETTER_FOOTNOTES.items())),
    Layout("layout_column_change", C.CHANGE_TITLE, (
        Band(C.CHANGE_TWO, 2, size=10.0, leading=13.5, gutter=20.0),
        Band(C.CHANGE_THREE, 3),
        Band(C.CHANGE_CLOSING, 1, C.CHANGE_CLOSING_HEADING, size=10.0, leading=13.5),
    )),
    Layout("layout_sidebar_2col", C.SIDEBAR_TITLE, (
        Band(C.SIDEBAR_TEXT[:2], 2, C.SIDEBAR_HEADING, size=10.0, leading=13.5, gutter=20.0,
             box=Box(C.SIDEBAR_BOX_TITLE, C.SIDEBAR_BOX_ITEMS, column=1, after=2)),
        Band(C.SIDEBAR_TEXT[2:], 2, size=10.0, leading=13.5, gutter=20.0,
             box=Box(C.SIDEBAR_BOX_TITLE, C.SIDEBAR_BOX_ITEMS[:2], column=0, after=3)),
    )),
    Layout("layout_table_bands", C.TABLE_TITLE, (
        Band(C.TABLE_BEFORE, 2, size=10.0, leading=13.5, gutter=20.0),
        TableBand(C.TABLE_CAPTION, C.TABLE_ROWS),
        Band(C.TABLE_AFTER, 2, size=10.0, leading=13.5, gutter=20.0),
    )),
    Layout("layout_landscape", C.LANDSCAPE_TITLE, (
        Band(C.LANDSCAPE_FOUR, 4, size=9.0, leading=12.0, gutter=14.0),
        Band(C.LANDSCAPE_TWO, 2, C.LANDSCAPE_HEADING, rule=True, size=10.0, leading=13.5, gutter=24.0),
    ), pagesize=landscape(A4)),
)


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap of `text` to `width` points (footnote markers measured as superscripts)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if current and _width(trial, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def _width(text: str, font: str, size: float) -> float:
    """Width of a text whose footnote markers are drawn as superscripts."""
    markers = FOOTNOTE_RE.findall(text)
    bare = FOOTNOTE_RE.sub("", text)
    return stringWidth(bare, font, size) + sum(stringWidth(m, font, size * SUPERSCRIPT_SCALE) for m in markers)


def _box_lines(box: Box, width: float, size: float) -> list[tuple[str, str]]:
    """(font, text) of a box's lines: the bold title, then each item."""
    inner = width - 2 * BOX_PAD
    out = [(BOLD_FONT, ln) for ln in _wrap(box.title, BOLD_FONT, size + 1, inner)]
    for item in box.items:
        out += [(BODY_FONT, ln) for ln in _wrap(item, BODY_FONT, size, inner)]
    return out


def _place_band(page: _Page, band: Band, *, left: float, width: float, top: float) -> float:
    """Place a band's heading, columns and box from baseline-space `top` (y up); returns the y below it."""
    y = top
    if band.heading:
        page.truth.append(band.heading)
        for line in _wrap(band.heading, BOLD_FONT, HEADING_SIZE, width):
            y -= HEADING_LEADING
            page.texts.append((left, y, BOLD_FONT, HEADING_SIZE, line, 0.0))
        if band.rule:
            page.rules.append((left, y - 4.0, left + width, y - 4.0))
        y -= HEADING_GAP
    col_w = (width - (band.columns - 1) * band.gutter) / band.columns
    lines = [(p, k, ln, k == len(wrapped) - 1)
             for p, text in enumerate(band.paragraphs)
             for wrapped in [_wrap(text, BODY_FONT, band.size, col_w)]
             for k, ln in enumerate(wrapped)]
    box_lines = _box_lines(band.box, col_w, band.size) if band.box else []
    box_h = len(box_lines) * band.leading + 2 * BOX_PAD + 2 * BOX_GAP if band.box else 0.0
    total = sum(band.leading + (PARA_GAP if k == 0 else 0.0) for _, k, _, _ in lines) + box_h
    target = total / band.columns + BALANCE_SLACK * band.leading
    columns: list[list[int]] = [[] for _ in range(band.columns)]
    col, used, box_at = 0, 0.0, None
    for i, (_, k, _, _) in enumerate(lines):
        step = band.leading + (PARA_GAP if k == 0 and columns[col] else 0.0)
        if used + step > target and col < band.columns - 1 and columns[col]:
            col, used = col + 1, 0.0
            step = band.leading
        if band.box and box_at is None and col == band.box.column and len(columns[col]) == band.box.after:
            box_at, used = col, used + box_h
        columns[col].append(i)
        used += step
    if band.box and box_at is None:
        raise ValueError(f"the box {band.box.title!r} does not fit after line {band.box.after} of its column")
    bottom = y
    box_y = 0.0
    for c, members in enumerate(columns):
        x = left + c * (col_w + band.gutter)
        cy = y
        for n, i in enumerate(members):
            if band.box is not None and box_at == c and n == band.box.after:
                box_y = cy - BOX_GAP
                cy -= box_h
            _, k, text, last = lines[i]
            cy -= band.leading + (PARA_GAP if k == 0 and n else 0.0)
            page.texts.append((x, cy, BODY_FONT, band.size, text, col_w if band.justify and not last else 0.0))
        bottom = min(bottom, cy)
    page.truth += _band_truth(band, lines, columns)
    if band.box is not None:
        x = left + band.box.column * (col_w + band.gutter)
        height = box_h - 2 * BOX_GAP
        page.rects.append((x, box_y - height, col_w, height, True))
        by = box_y - BOX_PAD
        for font, text in box_lines:
            by -= band.leading
            size = band.size + 1 if font == BOLD_FONT else band.size
            page.texts.append((x + BOX_PAD, by + 2.0, font, size, text, 0.0))
    return bottom - BAND_GAP


def _band_truth(band: Band, lines: list[tuple[int, int, str, bool]], columns: list[list[int]]) -> list[str]:
    """The band's paragraphs in column order, the box after the text it interrupts."""
    paragraphs = [" ".join(plain(ln) for p2, _, ln, _ in lines if p2 == p) for p in range(len(band.paragraphs))]
    if band.box is None:
        return paragraphs
    last_line = lines[columns[band.box.column][-1]]
    box = [band.box.title, *band.box.items]
    at = last_line[0] + 1  # after the paragraph that holds the column's last line
    return paragraphs[:at] + box + paragraphs[at:]


def _place_table(page: _Page, table: TableBand, *, left: float, width: float, top: float) -> float:
    """Place a caption and a ruled grid table; returns the y below it."""
    y = top - HEADING_LEADING
    page.texts.append((left, y, BOLD_FONT, TABLE_SIZE + 1, table.caption, 0.0))
    page.truth += [table.caption, table_text(table.rows)]
    n_cols = len(table.rows[0])
    first = width * 0.4
    widths = [first] + [(width - first) / (n_cols - 1)] * (n_cols - 1)
    y -= 6.0
    grid_top = y
    for r, row in enumerate(table.rows):
        x = left
        for c, cell in enumerate(row):
            font = BOLD_FONT if r == 0 else BODY_FONT
            page.texts.append((x + TABLE_PAD, y - TABLE_ROW_H + 5.0, font, TABLE_SIZE, cell, 0.0))
            x += widths[c]
        y -= TABLE_ROW_H
    for r in range(len(table.rows) + 1):
        yy = grid_top - r * TABLE_ROW_H
        page.rules.append((left, yy, left + width, yy))
    x = left
    for w in [0.0, *widths]:
        x += w
        page.rules.append((x, grid_top, x, y))
    return y - BAND_GAP


def _place(layout: Layout) -> _Page:
    """Place a whole layout on its page."""
    page_w, page_h = layout.pagesize
    width = page_w - 2 * MARGIN_X
    page = _Page()
    y = page_h - MARGIN_TOP
    title = _wrap(layout.title, BOLD_FONT, TITLE_SIZE, width)
    for line in title:
        y -= TITLE_LEADING
        page.texts.append((MARGIN_X, y, BOLD_FONT, TITLE_SIZE, line, 0.0))
    page.truth.append(" ".join(title))
    y -= TITLE_GAP
    for part in layout.parts:
        if isinstance(part, Band):
            y = _place_band(page, part, left=MARGIN_X, width=width, top=y)
        else:
            y = _place_table(page, part, left=MARGIN_X, width=width, top=y)
    floor = MARGIN_BOTTOM + len(layout.footnotes) * FOOTNOTE_LEADING + (12.0 if layout.footnotes else 0.0)
    if y < floor:
        raise ValueError(f"layout {layout.name!r} overflows its page: lowest line at y={y:.0f} < {floor:.0f}")
    fy = MARGIN_BOTTOM + len(layout.footnotes) * FOOTNOTE_LEADING + 4.0
    if layout.footnotes:
        page.rules.append((MARGIN_X, fy, MARGIN_X + width / 3, fy))
    for number, text in layout.footnotes:
        fy -= FOOTNOTE_LEADING
        page.texts.append((MARGIN_X, fy, BODY_FONT, FOOTNOTE_SIZE, f"{number} {text}", 0.0))
        page.truth.append(f"{number} {text}")
    return page


def _draw_text(c: canvas.Canvas, x: float, y: float, font: str, size: float, text: str, justify: float) -> None:
    """Draw one line: footnote markers as superscripts, justified to `justify` points when it is not 0."""
    parts = FOOTNOTE_RE.split(text)  # even indexes: text, odd indexes: marker numbers
    extra = 0.0
    if justify and text.count(" "):
        extra = (justify - _width(text, font, size)) / text.count(" ")
    for k, part in enumerate(parts):
        if not part:
            continue
        marker = k % 2 == 1
        part_size = size * SUPERSCRIPT_SCALE if marker else size
        t = c.beginText(x, y + (SUPERSCRIPT_RISE if marker else 0.0))
        t.setFont(font, part_size)
        t.setWordSpace(extra)
        t.textOut(part)
        c.drawText(t)
        x += stringWidth(part, font, part_size) + extra * part.count(" ")


def _write(layout: Layout, page: _Page, path: Path, *, rows: bool) -> None:
    """Draw the placed page in reading order, or row by row across the columns when `rows`."""
    c = canvas.Canvas(str(path), pagesize=layout.pagesize, invariant=1, pageCompression=1)
    c.setTitle(layout.title)
    c.setAuthor(AUTHOR)
    c.setSubject("Layout suite sample (generated)")
    c.setCreator("scripts/make_samples.py")
    for x, y, w, h, _ in page.rects:
        c.setFillColor(BOX_FILL)
        c.setStrokeColor(BOX_STROKE)
        c.rect(x, y, w, h, stroke=1, fill=1)
    c.setFillColor(colors.black)
    c.setStrokeColor(colors.black)
    c.setLineWidth(0.6)
    for x0, y0, x1, y1 in page.rules:
        c.line(x0, y0, x1, y1)
    texts = sorted(page.texts, key=lambda t: (-round(t[1], 1), t[0])) if rows else page.texts
    for x, y, font, size, text, justify in texts:
        _draw_text(c, x, y, font, size, text, justify)
    c.setFont(BODY_FONT, PAGE_NUMBER_SIZE)
    c.drawCentredString(layout.pagesize[0] / 2, PAGE_NUMBER_Y, "1")
    c.showPage()
    c.save()


def write_layout_suite(out_dir: Path) -> list[Path]:
    """Write every layout in reading-order and row-by-row drawing, each with its truth text."""
    written: list[Path] = []
    for layout in LAYOUTS:
        page = _place(layout)
        for rows in (False, True):
            path = out_dir / f"{layout.name}{'_rows' if rows else ''}.pdf"
            _write(layout, page, path, rows=rows)
            write_truth(path, page.truth)
            written.append(path)
    return written
