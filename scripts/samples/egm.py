"""Two-column expert group meeting report (PDF, canvas-level layout, drawing order != reading order)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from samples.egm_content import (
    EGM_AGENDA,
    EGM_AGENDA_HEADER,
    EGM_AGENDA_WIDTHS,
    EGM_ANNEX_TITLE,
    EGM_FLOW,
    EGM_FOOTNOTES,
    EGM_NAME,
    EGM_RUNNING_HEADER,
    EGM_SPEAKER_SEPARATOR,
    EGM_SUBTITLE,
    EGM_TITLE,
)
from samples.common import (
    AUTHOR,
    FOOTNOTE_RE,
    Heading,
    Items,
    Para,
    plain,
    table_text,
    write_truth,
)

PAGE_W, PAGE_H = A4
MARGIN_X = 62.0
MARGIN_TOP = 70.0
MARGIN_BOTTOM = 72.0
COLUMN_GAP = 24.0
COLUMN_W = (PAGE_W - 2 * MARGIN_X - COLUMN_GAP) / 2
HEADER_Y = PAGE_H - 40.0
FOOTER_Y = 38.0
BODY_FONT, BODY_SIZE, BODY_LEADING = "Helvetica", 10.5, 15.0
BOLD_FONT = "Helvetica-Bold"
ITALIC_FONT = "Helvetica-Oblique"
HEADING_SIZE, HEADING_LEADING = 11.5, 17.0
TITLE_SIZE, TITLE_LEADING = 19.0, 24.0
SUBTITLE_SIZE, SUBTITLE_LEADING = 11.0, 15.0
FURNITURE_SIZE = 8.5
FOOTNOTE_SIZE, FOOTNOTE_LEADING = 8.5, 11.0
SUPERSCRIPT_SCALE = 0.65
SUPERSCRIPT_RISE = 4.0
PARAGRAPH_GAP = 6.0
HEADING_GAP_BEFORE = 8.0
CALLOUT_PAD = 8.0
CALLOUT_GAP = 10.0
CALLOUT_FILL = colors.Color(0.88, 0.92, 0.97)
CALLOUT_STROKE = colors.Color(0.25, 0.4, 0.6)
ITEM_INDENT = 10.0
FOOTNOTE_RULE_GAP = 8.0
MAX_LAYOUT_PASSES = 6
AGENDA_SIZE, AGENDA_LEADING = 8.5, 10.5
AGENDA_CELL_PAD = 8.0  # white space between the agenda's text columns (there are no rules)
AGENDA_ROW_GAP = 6.0
AGENDA_DAY_GAP = 10.0
TITLE_ENTRIES = 1  # entries 0 and 1 are the title and the subtitle


@dataclass(frozen=True, slots=True)
class _Line:
    """One laid-out line: which flow item it belongs to and how to draw it."""

    item: int  # index of the flow item (or -1 for the title block)
    entry: int  # one truth block per entry: a heading, a paragraph, a list item, a call-out title or item
    words: tuple[str, ...]
    font: str
    size: float
    leading: float
    indent: float = 0.0
    gap_before: float = 0.0
    in_callout: bool = False
    keep_with_next: bool = False


@dataclass(frozen=True, slots=True)
class _Placed:
    """A line placed on a page: column (0 or 1; -1 full width), x and baseline y."""

    line: _Line
    column: int
    x: float
    y: float


def _word_width(word: str, font: str, size: float) -> float:
    """Width of a word whose footnote markers are drawn as superscripts."""
    width = 0.0
    for part, is_marker in _split_markers(word):
        width += stringWidth(part, font, size * SUPERSCRIPT_SCALE if is_marker else size)
    return width


def _split_markers(word: str) -> list[tuple[str, bool]]:
    """Split a word into (text, is_footnote_marker) parts."""
    parts: list[tuple[str, bool]] = []
    pos = 0
    for m in FOOTNOTE_RE.finditer(word):
        if m.start() > pos:
            parts.append((word[pos : m.start()], False))
        parts.append((m.group(1), True))
        pos = m.end()
    if pos < len(word):
        parts.append((word[pos:], False))
    return parts


def _wrap(text: str, font: str, size: float, width: float) -> list[tuple[str, ...]]:
    """Greedy word wrap to a width; returns lines as word tuples."""
    lines: list[tuple[str, ...]] = []
    current: list[str] = []
    used = 0.0
    space = stringWidth(" ", font, size)
    for word in text.split(" "):
        w = _word_width(word, font, size)
        if current and used + space + w > width:
            lines.append(tuple(current))
            current, used = [word], w
        else:
            used = used + space + w if current else w
            current.append(word)
    if current:
        lines.append(tuple(current))
    return lines


def _flow_lines() -> list[_Line]:
    """All column lines of the EGM flow."""
    out: list[_Line] = []
    entry = TITLE_ENTRIES
    for i, item in enumerate(EGM_FLOW):
        if isinstance(item, Heading):
            entry += 1
            for j, words in enumerate(_wrap(item.text, BOLD_FONT, HEADING_SIZE, COLUMN_W)):
                out.append(
                    _Line(i, entry, words, BOLD_FONT, HEADING_SIZE, HEADING_LEADING,
                          gap_before=HEADING_GAP_BEFORE if j == 0 else 0.0, keep_with_next=True)
                )
        elif isinstance(item, Para):
            entry += 1
            for j, words in enumerate(_wrap(item.text, BODY_FONT, BODY_SIZE, COLUMN_W)):
                out.append(_Line(i, entry, words, BODY_FONT, BODY_SIZE, BODY_LEADING,
                                 gap_before=PARAGRAPH_GAP if j == 0 else 0.0))
        elif isinstance(item, Items):
            for text in item.items:
                entry += 1
                for j, words in enumerate(_wrap(text, BODY_FONT, BODY_SIZE, COLUMN_W - ITEM_INDENT)):
                    out.append(_Line(i, entry, words, BODY_FONT, BODY_SIZE, BODY_LEADING, indent=ITEM_INDENT,
                                     gap_before=PARAGRAPH_GAP / 2 if j == 0 else 0.0))
        else:  # Callout: the box is kept on one column
            inner = COLUMN_W - 2 * CALLOUT_PAD
            entry += 1
            for j, words in enumerate(_wrap(item.title, BOLD_FONT, HEADING_SIZE, inner)):
                out.append(_Line(i, entry, words, BOLD_FONT, HEADING_SIZE, HEADING_LEADING, indent=CALLOUT_PAD,
                                 gap_before=CALLOUT_GAP + CALLOUT_PAD if j == 0 else 0.0, in_callout=True))
            for text in item.items:
                entry += 1
                for j, words in enumerate(_wrap(text, ITALIC_FONT, BODY_SIZE, inner - ITEM_INDENT)):
                    out.append(_Line(i, entry, words, ITALIC_FONT, BODY_SIZE, BODY_LEADING,
                                     indent=CALLOUT_PAD + ITEM_INDENT,
                                     gap_before=PARAGRAPH_GAP / 2 if j == 0 else 0.0, in_callout=True))
    return out


def _title_lines() -> list[_Line]:
    """The full-width title block of page 1: the title, then the subtitle."""
    width = PAGE_W - 2 * MARGIN_X
    lines = [_Line(-1, 0, w, BOLD_FONT, TITLE_SIZE, TITLE_LEADING)
             for w in _wrap(EGM_TITLE, BOLD_FONT, TITLE_SIZE, width)]
    lines += [_Line(-1, 1, w, ITALIC_FONT, SUBTITLE_SIZE, SUBTITLE_LEADING, gap_before=4.0 if k == 0 else 0.0)
              for k, w in enumerate(_wrap(EGM_SUBTITLE, ITALIC_FONT, SUBTITLE_SIZE, width))]
    return lines


def _footnote_height(numbers: list[str]) -> float:
    """Height of the footnote zone for the given footnote numbers."""
    if not numbers:
        return 0.0
    width = PAGE_W - 2 * MARGIN_X
    n_lines = sum(len(_wrap(f"{n} {EGM_FOOTNOTES[n]}", BODY_FONT, FOOTNOTE_SIZE, width)) for n in numbers)
    return FOOTNOTE_RULE_GAP * 2 + n_lines * FOOTNOTE_LEADING


def _layout(reserve: dict[int, float]) -> tuple[list[list[_Placed]], dict[int, list[str]]]:
    """Place the title and flow lines into pages and columns; returns pages and their footnote numbers."""
    pages: list[list[_Placed]] = [[]]
    y = PAGE_H - MARGIN_TOP
    for line in _title_lines():
        y -= line.gap_before + line.leading
        pages[0].append(_Placed(line, -1, MARGIN_X, y))
    top_first = y - 18.0  # the columns of page 1 start below the title block
    lines = _flow_lines()
    page, column = 0, 0
    col_top = y = top_first
    bottom = MARGIN_BOTTOM + reserve.get(0, 0.0)
    k = 0
    while k < len(lines):
        # a unit is a line, a heading with the two lines after it, or a whole call-out box
        unit = [k]
        if lines[k].in_callout:
            while unit[-1] + 1 < len(lines) and lines[unit[-1] + 1].item == lines[k].item:
                unit.append(unit[-1] + 1)
        elif lines[k].keep_with_next:
            while unit[-1] + 1 < len(lines) and lines[unit[-1]].keep_with_next:
                unit.append(unit[-1] + 1)
            unit += [j for j in (unit[-1] + 1,) if j < len(lines)]
        boxed = lines[unit[-1]].in_callout
        need = sum(lines[j].gap_before + lines[j].leading for j in unit) + (CALLOUT_PAD if boxed else 0.0)
        if y - need < bottom:  # next column, or next page
            column += 1
            if column == 2:
                page, column = page + 1, 0
                pages.append([])
                bottom = MARGIN_BOTTOM + reserve.get(page, 0.0)
            col_top = y = top_first if page == 0 else PAGE_H - MARGIN_TOP
        for j in unit:
            line = lines[j]
            at_top = y >= col_top
            if line.in_callout and line.gap_before >= CALLOUT_GAP:  # the box's first line: box gap plus padding
                gap = (0.0 if at_top else CALLOUT_GAP) + CALLOUT_PAD
            else:
                gap = 0.0 if at_top else line.gap_before
            y -= gap + line.leading
            x = MARGIN_X + column * (COLUMN_W + COLUMN_GAP) + line.indent
            pages[page].append(_Placed(line, column, x, y))
        if boxed:
            y -= CALLOUT_PAD + CALLOUT_GAP
        k = unit[-1] + 1
    notes: dict[int, list[str]] = {}
    for p, placed in enumerate(pages):
        for pl in placed:
            for word in pl.line.words:
                notes.setdefault(p, []).extend(FOOTNOTE_RE.findall(word))
    return pages, notes


def _stable_layout() -> tuple[list[list[_Placed]], dict[int, list[str]]]:
    """Lay out until the footnote zones reserved at the page bottoms match the footnotes placed."""
    reserve: dict[int, float] = {}
    for _ in range(MAX_LAYOUT_PASSES):
        pages, notes = _layout(reserve)
        wanted = {p: _footnote_height(n) for p, n in notes.items() if n}
        if wanted == reserve:
            return pages, notes
        reserve = wanted
    raise RuntimeError("EGM layout did not converge; shorten the footnotes")


def _draw_words(c: canvas.Canvas, placed: _Placed) -> None:
    """Draw one placed line with real space characters, footnote markers as superscripts."""
    line = placed.line
    segments: list[tuple[str, bool]] = []
    for part, is_marker in _split_markers(" ".join(line.words)):
        if segments and not is_marker and not segments[-1][1]:
            segments[-1] = (segments[-1][0] + part, False)
        else:
            segments.append((part, is_marker))
    x = placed.x
    for part, is_marker in segments:
        size = line.size * SUPERSCRIPT_SCALE if is_marker else line.size
        c.setFont(line.font, size)
        c.drawString(x, placed.y + (SUPERSCRIPT_RISE if is_marker else 0.0), part)
        x += stringWidth(part, line.font, size)


def _callout_boxes(placed: list[_Placed]) -> list[tuple[float, float, float, float]]:
    """Rectangles (x, y, w, h) around the call-out lines of a page, one per column run."""
    boxes = []
    runs: dict[tuple[int, int], list[_Placed]] = {}
    for pl in placed:
        if pl.line.in_callout:
            runs.setdefault((pl.line.item, pl.column), []).append(pl)
    for (_, column), run in sorted(runs.items()):
        top = max(p.y for p in run) + run[0].line.leading - 2.0 + CALLOUT_PAD / 2
        bottom = min(p.y for p in run) - CALLOUT_PAD
        x = MARGIN_X + column * (COLUMN_W + COLUMN_GAP)
        boxes.append((x, bottom, COLUMN_W, top - bottom))
    return boxes


_Text = tuple[float, float, str, str, float]  # x, baseline y, text, font, size


def _agenda_rows() -> list[tuple[str, list[tuple[tuple[str, ...], ...]]]]:
    """Per day: its label and its rows (the header row first), each cell as a tuple of lines to draw."""
    width = PAGE_W - 2 * MARGIN_X
    col_w = [width * w - AGENDA_CELL_PAD for w in EGM_AGENDA_WIDTHS]

    def cell(texts: tuple[str, ...], font: str, ci: int) -> tuple[str, ...]:
        return tuple(" ".join(words) for t in texts for words in _wrap(t, font, AGENDA_SIZE, col_w[ci]))

    days = []
    for day, sessions in EGM_AGENDA:
        rows = [tuple(cell((h,), BOLD_FONT, ci) for ci, h in enumerate(EGM_AGENDA_HEADER))]
        for time, session, moderator, speakers in sessions:
            rows.append((cell((time,), BODY_FONT, 0), cell((session,), BOLD_FONT, 1),
                         cell((moderator,), BODY_FONT, 2), cell(speakers, BODY_FONT, 3)))
        days.append((day, rows))
    return days


def _annex_pages() -> list[list[_Text]]:
    """The agenda annex, full width from the top of a new page: title, then per day its label and its rows.

    The columns start at fixed x positions and are separated by white space only; a row never splits.
    """
    xs = [MARGIN_X]
    for w in EGM_AGENDA_WIDTHS[:-1]:
        xs.append(xs[-1] + (PAGE_W - 2 * MARGIN_X) * w)
    pages: list[list[_Text]] = [[]]
    y = PAGE_H - MARGIN_TOP - HEADING_LEADING
    pages[0].append((MARGIN_X, y, EGM_ANNEX_TITLE, BOLD_FONT, HEADING_SIZE))
    for day, rows in _agenda_rows():
        y -= AGENDA_DAY_GAP + HEADING_LEADING
        pages[-1].append((MARGIN_X, y, day, BOLD_FONT, BODY_SIZE))
        y -= AGENDA_ROW_GAP / 2
        for r, row in enumerate(rows):
            height = max(len(c) for c in row) * AGENDA_LEADING
            if y - height < MARGIN_BOTTOM:
                pages.append([])
                y = PAGE_H - MARGIN_TOP
            for ci, lines in enumerate(row):
                font = BOLD_FONT if r == 0 or ci == 1 else BODY_FONT
                for k, text in enumerate(lines):
                    pages[-1].append((xs[ci], y - (k + 1) * AGENDA_LEADING, text, font, AGENDA_SIZE))
            y -= height + AGENDA_ROW_GAP
    return pages


def _annex_truth() -> list[str]:
    """Truth blocks of the annex: its title, then per day its label and its table (speakers joined)."""
    blocks = [EGM_ANNEX_TITLE]
    for day, sessions in EGM_AGENDA:
        rows = [EGM_AGENDA_HEADER] + [
            (time, session, moderator, EGM_SPEAKER_SEPARATOR.join(speakers))
            for time, session, moderator, speakers in sessions
        ]
        blocks += [day, table_text(tuple(rows))]
    return blocks


def _draw_furniture(c: canvas.Canvas, page: int, n_pages: int) -> None:
    """Running header with its rule, and the page number."""
    c.setFont(BODY_FONT, FURNITURE_SIZE)
    c.drawCentredString(PAGE_W / 2, HEADER_Y, EGM_RUNNING_HEADER)
    c.setLineWidth(0.5)
    c.line(MARGIN_X, HEADER_Y - 5, PAGE_W - MARGIN_X, HEADER_Y - 5)
    c.setFont(BODY_FONT, FURNITURE_SIZE)
    c.drawCentredString(PAGE_W / 2, FOOTER_Y, f"Page {page} of {n_pages}")


def write_egm_pdf(out_dir: Path) -> Path:
    """Write the two-column meeting report (two columns drawn row by row), its agenda annex and its truth text."""
    path = out_dir / EGM_NAME
    pages, notes = _stable_layout()
    annex = _annex_pages()
    n_pages = len(pages) + len(annex)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    c.setTitle(EGM_TITLE)
    c.setAuthor(AUTHOR)
    c.setSubject("Summary report of an expert group meeting (sample document)")
    c.setCreator("scripts/make_samples.py")
    full_width = PAGE_W - 2 * MARGIN_X
    for p, placed in enumerate(pages):
        c.setFont(BODY_FONT, FURNITURE_SIZE)
        c.drawCentredString(PAGE_W / 2, HEADER_Y, EGM_RUNNING_HEADER)
        c.setLineWidth(0.5)
        c.line(MARGIN_X, HEADER_Y - 5, PAGE_W - MARGIN_X, HEADER_Y - 5)
        for x, y, w, h in _callout_boxes(placed):
            c.setFillColor(CALLOUT_FILL)
            c.setStrokeColor(CALLOUT_STROKE)
            c.rect(x, y, w, h, stroke=1, fill=1)
        c.setFillColor(colors.black)
        c.setStrokeColor(colors.black)
        # drawing order: row by row across both columns (top to bottom, left column first at equal height)
        for pl in sorted(placed, key=lambda q: (-round(q.y, 1), q.column)):
            _draw_words(c, pl)
        numbers = notes.get(p, [])
        if numbers:
            y = MARGIN_BOTTOM + _footnote_height(numbers) - FOOTNOTE_RULE_GAP
            c.line(MARGIN_X, y, MARGIN_X + full_width / 3, y)
            y -= FOOTNOTE_RULE_GAP
            for n in numbers:
                for words in _wrap(f"{n} {EGM_FOOTNOTES[n]}", BODY_FONT, FOOTNOTE_SIZE, full_width):
                    y -= FOOTNOTE_LEADING
                    c.setFont(BODY_FONT, FOOTNOTE_SIZE)
                    c.drawString(MARGIN_X, y, " ".join(words))
        c.setFont(BODY_FONT, FURNITURE_SIZE)
        c.drawCentredString(PAGE_W / 2, FOOTER_Y, f"Page {p + 1} of {n_pages}")
        c.showPage()
    for a, texts in enumerate(annex):
        _draw_furniture(c, len(pages) + a + 1, n_pages)
        for x, y, text, font, size in texts:
            c.setFont(font, size)
            c.drawString(x, y, text)
        c.showPage()
    c.save()
    write_truth(path, _egm_truth(pages, notes) + _annex_truth())
    return path


def _egm_truth(pages: list[list[_Placed]], notes: dict[int, list[str]]) -> list[str]:
    """Truth blocks of the EGM report: per page the title block, left column, right column, footnotes."""
    blocks: list[str] = []
    last_entry: int | None = None
    for p, placed in enumerate(pages):
        for pl in sorted(placed, key=lambda q: (q.column, -q.y)):
            text = " ".join(plain(w) for w in pl.line.words)
            if pl.line.entry == last_entry:
                blocks[-1] += " " + text
            else:
                blocks.append(text)
            last_entry = pl.line.entry
        for n in notes.get(p, []):
            blocks.append(f"{n} {EGM_FOOTNOTES[n]}")
            last_entry = None
    return blocks
