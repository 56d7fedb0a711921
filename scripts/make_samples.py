#!/usr/bin/env python3
"""Write the project's sample corpus (PDF, DOCX, HTML, TXT, Markdown) and its reading-order truth texts.

usage: python scripts/make_samples.py [--out corpora/sample]

Every sample is written from content structures defined in this file, and the truth text of a sample
(``<name>.truth``) is generated from the same structures, so it is exact: the body text in reading
order with headings, call-outs, footnotes and table cells (cells joined by " | ", one row a line), and
without running headers, footers or page numbers. Blocks of the truth text are separated by a blank line.
Output is deterministic: rerunning the script gives byte-identical files.
"""
from __future__ import annotations

import argparse
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

LOG = logging.getLogger("make_samples")

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "corpora" / "sample"
TRUTH_SUFFIX = ".truth"
BLOCK_SEPARATOR = "\n\n"
CELL_SEPARATOR = " | "
FIXED_ZIP_DATE = (2024, 1, 1, 0, 0, 0)
AUTHOR = "nexus sample corpus"

# ---------------------------------------------------------------------------------------------
# Shared content structures
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading."""

    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Para:
    """A body paragraph; footnote markers are written ``[^N]``."""

    text: str


@dataclass(frozen=True, slots=True)
class Callout:
    """A boxed call-out with a title and bullet items."""

    title: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Items:
    """A bulleted or numbered list."""

    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table: rows of cells, the first row a header unless ``header`` is False."""

    rows: tuple[tuple[str, ...], ...]
    header: bool = True


FOOTNOTE_RE = re.compile(r"\[\^(\d+)\]")


def plain(text: str) -> str:
    """Text as a reader sees it: footnote markers become their bare numbers."""
    return FOOTNOTE_RE.sub(r"\1", text)


def table_text(rows: tuple[tuple[str, ...], ...]) -> str:
    """A table as truth text: one row a line, cells joined by the cell separator."""
    return "\n".join(CELL_SEPARATOR.join(cell for cell in row) for row in rows)


def write_truth(path: Path, blocks: list[str]) -> Path:
    """Write a truth file next to a sample: blocks separated by a blank line, one final newline."""
    truth = path.with_suffix(TRUTH_SUFFIX)
    truth.write_text(BLOCK_SEPARATOR.join(b.strip() for b in blocks if b.strip()) + "\n", encoding="utf-8")
    return truth


# ---------------------------------------------------------------------------------------------
# 1. Two-column expert group meeting report (PDF, canvas-level layout, drawing order != reading order)
# ---------------------------------------------------------------------------------------------

EGM_NAME = "egm_migration_sdg_meeting_report.pdf"
EGM_RUNNING_HEADER = "Expert Group Meeting on Migration and the 2030 Agenda \u2014 Summary report"
EGM_TITLE = "Expert Group Meeting on International Migration and the Sustainable Development Goals"
EGM_SUBTITLE = (
    "Summary report of the meeting held in New York on 12 and 13 February 2024, organized by the "
    "Global Migration Group (GMG) with IOM and UNDP"
)
EGM_FOOTNOTES: dict[str, str] = {
    "1": "See the progress declaration of the International Migration Review Forum, General Assembly "
    "resolution 76/266 of 7 June 2022, paragraphs 12 to 18.",
    "2": "Figures provided by the Ministry of Family, Labour and Social Services of T\u00fcrkiye for the "
    "period from 1 January to 31 December 2023.",
}
EGM_FLOW: tuple[Heading | Para | Callout | Items, ...] = (
    Heading("1. Introduction"),
    Para(
        "The Expert Group Meeting on International Migration and the Sustainable Development Goals was "
        "convened in New York on 12 and 13 February 2024 by the Global Migration Group (GMG), with the "
        "support of the International Organization for Migration (IOM) and the United Nations Development "
        "Programme (UNDP). It brought together 46 experts from national statistical offices, ministries, "
        "regional commissions, academia and civil society to review progress on the migration-related "
        "commitments of the 2030 Agenda for Sustainable Development."
    ),
    Para(
        "The meeting responded to General Assembly resolution 79/217, which invites Member States to "
        "strengthen the evidence base on migration and to report on it in their Voluntary National Reviews. "
        "Participants discussed how SDG 10, and in particular target 10.7 on orderly, safe, regular and "
        "responsible migration, interacts with targets 8.8 and 10.c and with the 23 objectives of the Global "
        "Compact for Safe, Orderly and Regular Migration (GCM).[^1]"
    ),
    Heading("2. Labour migration and decent work"),
    Para(
        "Speakers from the Republic of Moldova, the Kyrgyz Republic and the Philippines presented national "
        "experiences with bilateral labour agreements. The Ministry of Labour and Social Protection of the "
        "Republic of Moldova described how it now matches workers with employers abroad through a public "
        "registry, reducing the role of unlicensed intermediaries. The International Labour Organization "
        "(ILO) stressed that recruitment fees paid by workers, measured by indicator 10.7.1, remain a major "
        "driver of debt bondage and of vulnerability to trafficking in persons."
    ),
    Para(
        "Several participants noted that the protection of labour rights for migrant workers under target "
        "8.8 is rarely monitored with disaggregated data. In Mexico, for example, only a fraction of labour "
        "inspections record the nationality of workers. Experts recommended that SDGs 5 and 10 be addressed "
        "together, since women migrant workers in domestic work face the highest risk of abuse and the "
        "lowest coverage by social protection."
    ),
    Heading("3. Remittances and financial inclusion"),
    Para(
        "The session on remittances reviewed progress towards target 10.c, which calls for reducing the "
        "transaction costs of migrant remittances to less than 3 per cent and eliminating corridors with "
        "costs higher than 5 per cent by 2030. According to the World Bank and the Global Knowledge "
        "Partnership on Migration and Development (KNOMAD), the global average cost of sending USD 200 "
        "stood at 6.2 per cent in the fourth quarter of 2023, more than twice the target."
    ),
    Para(
        "Participants cautioned that the figures behind indicator 10.c.1 should not be confused with "
        "household survey statistics. In one survey presented at the meeting, 10.7% of households in rural "
        "areas of the Kyrgyz Republic reported receiving remittances through informal channels, a share "
        "that has nothing to do with target 10.7 despite the coincidence of the numbers. Digital remittance "
        "services in C\u00f4te d\u2019Ivoire and the Philippines were cited as examples where costs fell "
        "below 3 per cent."
    ),
    Callout(
        "Key messages",
        (
            "Migration contributes to at least 11 of the 17 SDGs; target 10.7 cannot be achieved without "
            "data on all of them.",
            "Reducing remittance costs under target 10.c could save migrant families more than USD 20 "
            "billion a year.",
            "Recruitment costs (indicator 10.7.1) and remittance costs (indicator 10.c.1) need regular, "
            "comparable national surveys.",
            "Climate-related displacement must be reflected in national adaptation plans and in reporting "
            "on SDG 13.",
        ),
    ),
    Heading("4. Trafficking in persons and smuggling of migrants"),
    Para(
        "The United Nations Office on Drugs and Crime (UNODC) presented the latest global report on "
        "trafficking in persons, which found that detected victims of trafficking for forced labour "
        "increased by 47 per cent between 2019 and 2022. Experts linked this trend to targets 5.2, 8.7 "
        "and 16.2, and called for screening of migrants in irregular situations at borders and in "
        "reception centres, as well as for safe channels for reporting abuse."
    ),
    Heading("5. Diaspora, return and reintegration"),
    Para(
        "Representatives of T\u00fcrkiye and Mexico described diaspora engagement programmes that channel "
        "savings and skills into local development. The Planning Institute of Jamaica presented its "
        "diaspora mapping exercise, carried out in 2022 with IOM, which has informed the country's national "
        "development plan. Experts agreed that sustainable return and reintegration requires coordination "
        "between ministries of labour, interior and foreign affairs, and that returnees should be counted "
        "in labour force surveys."
    ),
    Para(
        "The discussion also covered the situation of refugees and asylum seekers. Participants recalled "
        "that indicator 10.7.4, the proportion of the population who are refugees, was added to the global "
        "indicator framework in 2020, and that countries hosting large refugee populations need predictable "
        "financing. A pilot in T\u00fcrkiye supported by UNDP and the ILO helped 1,450 refugees and host "
        "community members obtain work permits in 2023.[^2]"
    ),
    Heading("6. Climate change and human mobility"),
    Para(
        "Experts from small island developing States and the Sahel presented evidence on climate-related "
        "displacement. Sudden-onset disasters displaced more than 26 million people within their own "
        "countries in 2023, and slow-onset events such as desertification and sea-level rise are "
        "increasing pressure to move. Participants called for planned relocation policies and for the "
        "inclusion of human mobility in reporting on targets 13.1 and 11.5."
    ),
    Para(
        "Speakers from Fiji and Bangladesh described community-led relocation guidelines adopted in 2018 "
        "and 2021, and the Sahel experts stressed that pastoralist mobility is an adaptation strategy in its "
        "own right. The meeting noted that the Task Force on Displacement of the United Nations Framework "
        "Convention on Climate Change (UNFCCC) has issued recommendations that few national adaptation plans "
        "yet reflect."
    ),
    Heading("7. Migration data and follow-up"),
    Para(
        "The final session addressed migration data. National statistical offices described the difficulty "
        "of producing indicator 10.7.2, the number of countries with well-managed migration policies, and of "
        "disaggregating other indicators by migratory status, as called for by target 17.18. The Global "
        "Forum on Migration and Development (GFMD) offered to host a thematic workshop on data in 2025, and "
        "the GMG agreed to circulate a draft guidance note by 30 June 2024."
    ),
    Para(
        "Funding remains a constraint. The meeting was financed with a contribution of EUR 1.2 million from "
        "the European Union and USD 350,000 from the Migration Multi-Partner Trust Fund. Participants "
        "recommended that follow-up activities be reflected in the next review of the GCM in 2026 and at the "
        "high-level political forum when it reviews SDG 10."
    ),
    Heading("8. Recommendations"),
    Items(
        (
            "(a) Member States should integrate migration into national SDG plans and Voluntary National "
            "Reviews, with explicit reference to target 10.7 and indicator 10.7.2;",
            "(b) the GMG and its members should support national statistical offices in producing indicators "
            "10.7.1 and 10.c.1 at least every three years;",
            "(c) development partners should finance pilots that reduce remittance costs and expand the "
            "financial inclusion of migrant women;",
            "(d) the follow-up to this meeting should be reported to the International Migration Review "
            "Forum in 2026.",
        )
    ),
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


def write_egm_pdf(out_dir: Path) -> Path:
    """Write the two-column meeting report, drawing the two columns row by row, and its truth text."""
    path = out_dir / EGM_NAME
    pages, notes = _stable_layout()
    n_pages = len(pages)
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
    c.save()
    write_truth(path, _egm_truth(pages, notes))
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


# ---------------------------------------------------------------------------------------------
# 2. Single-column programme progress report (PDF, platypus)
# ---------------------------------------------------------------------------------------------

PROGRESS_NAME = "progress_report_labour_mobility.pdf"
PROGRESS_RUNNING_HEADER = "Migration MPTF \u2014 Annual progress report 2014 \u2014 Labour mobility"
PROGRESS_TITLE = "Annual Progress Report: Labour Mobility and Skills Partnerships for Sustainable Development"

PROGRESS_KV: tuple[tuple[str, str], ...] = (
    ("Project title", "Strengthening Labour Mobility Governance for Sustainable Development in Eastern Europe "
     "and Central Asia"),
    ("Project code", "LM-ECA-2014-017"),
    ("Countries", "Republic of Moldova, Kyrgyz Republic, Tajikistan"),
    ("Implementing partners", "IOM (lead agency), ILO and UNDP, with the Ministry of Labour and Social "
     "Protection of the Republic of Moldova and the Ministry of Labour, Migration and Youth of the Kyrgyz "
     "Republic"),
    ("Budget", "USD 822,771"),
    ("Period", "1 February 2014 \u2013 31 January 2015"),
    ("SDG targets", "8.8, 10.7 and 10.c (mapped retroactively in 2016)"),
    ("Reporting officer", "Programme Coordinator, IOM Chisinau"),
)
PROGRESS_FUNDING: tuple[tuple[str, ...], ...] = (
    ("Budget line", "Approved budget (USD)", "Expenditure (USD)", "Delivery (%)"),
    ("Output 1.1", "210,000", "168,400", "80.2"),
    ("Output 1.2", "175,500", "131,250", "74.8"),
    ("Output 2.1", "198,271", "139,800", "70.5"),
    ("Output 2.2", "129,000", "96,758", "75.0"),
    ("Programme management", "110,000", "75,000", "68.2"),
    ("Total", "822,771", "611,208", "74.3"),
)
PROGRESS_FLOW: tuple[Heading | Para | Grid | Items, ...] = (
    Heading(PROGRESS_TITLE, level=0),
    Para("Reporting period: 1 February 2014 to 31 January 2015. Submitted to the Steering Committee on "
         "27 February 2015."),
    Grid(tuple((k, v) for k, v in PROGRESS_KV), header=False),
    Heading("1. Executive summary"),
    Para(
        "During its first year the programme helped three countries of origin to manage labour migration "
        "in ways that protect workers and support development at home. The Republic of Moldova adopted a "
        "regulation on private employment agencies, the Kyrgyz Republic opened two migrant resource centres, "
        "and Tajikistan completed its first survey of return migrants. In total 4,820 prospective migrants "
        "received pre-departure orientation, 38 per cent of them women."
    ),
    Para(
        "Delivery reached 74.3 per cent of the approved budget of $822,771. Delays in Output 2.1 were caused "
        "by the late signature of the agreement with the National Bank of Tajikistan. The programme "
        "contributes to SDG 8 and SDG 10, in particular target 10.7 on well-managed migration policies and "
        "target 10.c on remittance costs, which the Steering Committee mapped to the programme after the "
        "adoption of the 2030 Agenda."
    ),
    Heading("2. Results by outcome and output"),
    Heading("Outcome 1: Labour migration governance is strengthened in the countries of origin", level=2),
    Para(
        "Output 1.1: National labour migration policies are updated and aligned with ILO standards. The "
        "Ministry of Labour and Social Protection of the Republic of Moldova drafted a national labour "
        "migration strategy with ILO support, and the Kyrgyz Republic revised its law on external labour "
        "migration. Both texts refer to fair recruitment and to the portability of social security rights."
    ),
    Para(
        "Output 1.2: Public employment services provide information and matching services to prospective "
        "migrants. Three migrant resource centres were opened in Chisinau, Bishkek and Osh, and 120 staff "
        "of public employment services were trained. The centres registered 9,400 visits, and 1,310 "
        "jobseekers were matched with vacancies abroad through bilateral labour agreements."
    ),
    Heading("Outcome 2: Migrants and their families make productive use of remittances and skills", level=2),
    Para(
        "Output 2.1: Financial literacy and savings products are available to migrant households. Training "
        "modules were delivered to 2,150 remittance-receiving households, and two banks in the Republic of "
        "Moldova launched savings accounts for migrant families. The average cost of sending USD 200 from "
        "the Russian Federation to Tajikistan fell from 2.9 to 2.1 per cent during the period."
    ),
    Para(
        "Output 2.2: Returning migrants receive support for reintegration and skills recognition. In the "
        "Kyrgyz Republic 640 return migrants had their skills assessed and 212 received certificates. A "
        "diaspora investment fund of EUR 1.2 million was designed with the Moldovan diaspora in Italy and "
        "Germany and will be launched in 2015."
    ),
    Heading("3. Activities by country"),
    Heading("3.1 Republic of Moldova", level=2),
    Para(
        "Activities in the Republic of Moldova focused on the regulation of recruitment and on diaspora "
        "engagement. The programme supported the Bureau for Diaspora Relations in organizing the Diaspora "
        "Days in August 2014, attended by 450 representatives of diaspora associations, and financed a "
        "study on the social costs of migration for children left behind."
    ),
    Heading("3.2 Kyrgyz Republic", level=2),
    Para(
        "In the Kyrgyz Republic the programme worked with the State Migration Service on a pre-departure "
        "orientation curriculum and on a hotline for migrants in the Russian Federation and Kazakhstan. The "
        "hotline answered 3,200 calls between June and December 2014, a quarter of them about unpaid wages, "
        "and referred 57 cases of suspected trafficking in persons to the police."
    ),
    Heading("3.3 Tajikistan", level=2),
    Para(
        "In Tajikistan the programme completed a survey of 1,500 return migrants with the Agency on "
        "Statistics. The survey found that 41 per cent of returnees could not re-enter the Russian "
        "Federation because of entry bans, and that remittances accounted for 36.6 per cent of household "
        "income. The results informed the national development strategy to 2030."
    ),
    Heading("4. Financial overview"),
    Para("Table 2 shows the approved budget and expenditure by budget line as of 31 January 2015."),
    Grid(PROGRESS_FUNDING),
    Para(
        "A no-cost extension of six months was requested to complete Output 2.1. The Government of "
        "Switzerland provided parallel funding of CHF 150,000 for the migrant resource centres, which is not "
        "included in the table above."
    ),
    Heading("5. Challenges and lessons learned"),
    Para(
        "Frequent changes of government counterparts in the Republic of Moldova slowed the adoption of the "
        "labour migration strategy. The programme learned that working through inter-ministerial working "
        "groups, rather than with a single ministry, makes results more durable. Data on recruitment costs "
        "remain scarce; a pilot survey on indicator 10.7.1 is planned for 2015."
    ),
    Heading("6. Priorities for the next reporting period"),
    Items(
        (
            "1. Launch the diaspora investment fund and the first call for proposals.",
            "2. Complete the agreement with the National Bank of Tajikistan and deliver Output 2.1.",
            "3. Extend pre-departure orientation to Kazakhstan and T\u00fcrkiye as destination countries.",
            "4. Publish the return migrant survey and present it at the Global Forum on Migration and "
            "Development (GFMD).",
        )
    ),
)


def _progress_styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles of the progress report."""
    body = ParagraphStyle("body", fontName=BODY_FONT, fontSize=10.5, leading=14.5, spaceAfter=7, alignment=TA_LEFT)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=BOLD_FONT, fontSize=17, leading=22, spaceAfter=10),
        "h1": ParagraphStyle("h1", parent=body, fontName=BOLD_FONT, fontSize=13, leading=17, spaceBefore=10,
                             spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD_FONT, fontSize=11, leading=15, spaceBefore=6,
                             spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9.5, leading=12.5, spaceAfter=0),
        "cellb": ParagraphStyle("cellb", parent=body, fontName=BOLD_FONT, fontSize=9.5, leading=12.5, spaceAfter=0),
        "item": ParagraphStyle("item", parent=body, leftIndent=14, spaceAfter=3),
    }


def _progress_story() -> tuple[list, list[str]]:
    """Flowables and truth blocks of the progress report, from the same structures."""
    st = _progress_styles()
    story: list = []
    truth: list[str] = []
    usable = PAGE_W - 2 * MARGIN_X
    for item in PROGRESS_FLOW:
        if isinstance(item, Heading):
            style = {0: st["title"], 1: st["h1"]}.get(item.level, st["h2"])
            story.append(Paragraph(escape(item.text), style))
            truth.append(item.text)
        elif isinstance(item, Para):
            story.append(Paragraph(escape(item.text), st["body"]))
            truth.append(item.text)
        elif isinstance(item, Items):
            story.extend(Paragraph(escape(t), st["item"]) for t in item.items)
            truth.extend(item.items)
        else:
            n_cols = len(item.rows[0])
            widths = [usable * 0.3, usable * 0.7] if n_cols == 2 else [usable * 0.34] + [usable * 0.22] * 3
            data = [
                [Paragraph(escape(cell), st["cellb"] if (item.header and r == 0) or (not item.header and ci == 0)
                           else st["cell"]) for ci, cell in enumerate(row)]
                for r, row in enumerate(item.rows)
            ]
            table = Table(data, colWidths=widths, hAlign="LEFT")
            style = [
                ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
            if item.header:
                style.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)))
            else:
                style.append(("BACKGROUND", (0, 0), (0, -1), colors.Color(0.92, 0.92, 0.92)))
            table.setStyle(TableStyle(style))
            story.extend([table, Spacer(1, 10)])
            truth.append(table_text(item.rows))
    return story, truth


def _progress_build(target: str | io.BytesIO, n_pages: int) -> int:
    """Build the progress report into a target; returns the number of pages."""
    count = {"pages": 0}

    def furniture(c: canvas.Canvas, doc: SimpleDocTemplate) -> None:
        count["pages"] = doc.page
        c.saveState()
        c.setFont(BODY_FONT, FURNITURE_SIZE)
        c.drawString(MARGIN_X, HEADER_Y, PROGRESS_RUNNING_HEADER)
        c.line(MARGIN_X, HEADER_Y - 5, PAGE_W - MARGIN_X, HEADER_Y - 5)
        c.drawRightString(PAGE_W - MARGIN_X, FOOTER_Y, f"Page {doc.page} of {n_pages}")
        c.restoreState()

    doc = SimpleDocTemplate(
        target, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=PROGRESS_TITLE, author=AUTHOR,
        subject="Programme progress report (sample document)", creator="scripts/make_samples.py", invariant=1,
    )
    story, _ = _progress_story()
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return count["pages"]


def write_progress_pdf(out_dir: Path) -> Path:
    """Write the single-column progress report with its key-value and funding tables, and its truth text."""
    path = out_dir / PROGRESS_NAME
    n_pages = _progress_build(io.BytesIO(), 0)
    _progress_build(str(path), n_pages)
    write_truth(path, _progress_story()[1])
    return path


# ---------------------------------------------------------------------------------------------
# 3. VNR-style excerpt (DOCX)
# ---------------------------------------------------------------------------------------------

VNR_NAME = "vnr_excerpt_remittances.docx"
VNR_TITLE = "Voluntary National Review 2023: Jamaica (excerpt)"
VNR_FLOW: tuple[Heading | Para | Grid | Items | str, ...] = (
    Heading(VNR_TITLE, level=0),
    Para(
        "This excerpt of the Voluntary National Review of Jamaica was prepared by the Planning Institute of "
        "Jamaica (PIOJ) with the support of the National Working Group on International Migration and "
        "Development. It covers SDG 10 and the links between migration, remittances and the other goals."
    ),
    Heading("Chapter 4. SDG 10: Reduced inequalities", level=1),
    Para(
        "Migration is a defining feature of Jamaican society: an estimated 1.3 million Jamaicans live "
        "abroad, mainly in the United States of America, the United Kingdom and Canada. The National Policy "
        "on International Migration and Development, approved by Cabinet in 2017, commits the Government to "
        "targets 10.7 and 10.c and to the objectives of the Global Compact for Migration."
    ),
    Heading("4.3 Remittances and the diaspora", level=2),
    Para(
        "Remittances are the largest source of foreign exchange after tourism. Inflows reached USD 3.5 "
        "billion in 2022, equal to 20.2 per cent of gross domestic product. The average cost of sending USD "
        "200 to Jamaica remains above the 3 per cent target of indicator 10.c.1, although costs in the "
        "corridor from the United States fell to 5.8 per cent."
    ),
    Grid(
        (
            ("Year", "Remittance inflows (USD million)", "Share of GDP (%)", "Cost of sending USD 200 (%)"),
            ("2019", "2,405", "15.2", "7.1"),
            ("2020", "2,905", "21.0", "6.6"),
            ("2021", "3,467", "23.6", "6.2"),
            ("2022", "3,502", "20.2", "5.8"),
        )
    ),
    Para(
        "Table 4.3 shows that inflows rose during the COVID-19 pandemic, when migrants supported families "
        "facing job losses in tourism. The Bank of Jamaica notes that 10.7% of recipient households use "
        "digital channels, a figure unrelated to target 10.7."
    ),
    Heading("4.4 Policy measures", level=2),
    Items(
        (
            "Reduce remittance costs through competition between money transfer operators and mobile wallets.",
            "Expand the Diaspora Engagement Programme led by the Ministry of Foreign Affairs and Foreign Trade.",
            "Support return and reintegration of deported migrants through the Ministry of Labour and Social "
            "Security.",
            "Improve migration data with the Statistical Institute of Jamaica, including indicator 10.7.2.",
        )
    ),
    "PAGE_BREAK",
    Heading("Annex: Contributors", level=1),
    Para(
        "The National Working Group thanks IOM, UNDP, the ILO and the Global Forum on Migration and "
        "Development (GFMD) for their contributions, and acknowledges funding of EUR 85,000 from the "
        "European Union for the consultations held between March and May 2023."
    ),
)


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip archive with fixed timestamps so that it is byte-identical on every run."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_vnr_docx(out_dir: Path) -> Path:
    """Write the VNR-style DOCX (headings, paragraphs, list, table, a page break) and its truth text."""
    import datetime as dt

    import docx
    from docx.enum.text import WD_BREAK

    path = out_dir / VNR_NAME
    document = docx.Document()
    props = document.core_properties
    fixed = dt.datetime(2024, 1, 1, 0, 0, 0)
    props.title, props.author, props.last_modified_by = VNR_TITLE, AUTHOR, AUTHOR
    props.created = props.modified = props.last_printed = fixed
    props.revision = 1
    truth: list[str] = []
    for item in VNR_FLOW:
        if item == "PAGE_BREAK":
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(item, Heading):
            document.add_heading(item.text, level=item.level)
            truth.append(item.text)
        elif isinstance(item, Para):
            document.add_paragraph(item.text)
            truth.append(item.text)
        elif isinstance(item, Items):
            for entry in item.items:
                document.add_paragraph(entry, style="List Bullet")
            truth.extend(item.items)
        elif isinstance(item, Grid):
            table = document.add_table(rows=len(item.rows), cols=len(item.rows[0]))
            table.style = "Table Grid"
            for r, row in enumerate(item.rows):
                for ci, cell in enumerate(row):
                    table.cell(r, ci).text = cell
            truth.append(table_text(item.rows))
    buf = io.BytesIO()
    document.save(buf)
    path.write_bytes(_fixed_zip(buf.getvalue()))
    write_truth(path, truth)
    return path


# ---------------------------------------------------------------------------------------------
# 4. Web brief (HTML with navigation, header and footer boilerplate)
# ---------------------------------------------------------------------------------------------

HTML_NAME = "gcm_review_brief.html"
HTML_BYLINE = "Published 15 April 2024"
HTML_TITLE = "Reviewing the Global Compact for Migration: what the SDG indicators tell us"
HTML_FLOW: tuple[Heading | Para | Grid | Items, ...] = (
    Heading(HTML_TITLE, level=1),
    Para(
        "Four years after the first International Migration Review Forum, Member States are preparing the "
        "second review of the Global Compact for Safe, Orderly and Regular Migration (GCM) in 2026. This "
        "brief summarizes what the SDG indicators on migration show and where data gaps remain."
    ),
    Heading("Progress on target 10.7", level=2),
    Para(
        "According to the latest round of the United Nations Inquiry among Governments on Population and "
        "Development, 62 per cent of reporting countries have policies that meet most of the criteria of "
        "indicator 10.7.2. Countries such as Mexico, the Philippines and C\u00f4te d'Ivoire report "
        "comprehensive policies on migrant rights and on cooperation with countries of origin, transit and "
        "destination."
    ),
    Heading("Remaining gaps", level=2),
    Items(
        (
            "Recruitment costs (indicator 10.7.1) are measured in only 14 countries.",
            "Remittance costs remain well above the 3 per cent target of SDG target 10.c.",
            "Deaths and disappearances during migration (indicator 10.7.3) reached a record in 2023.",
            "Few countries disaggregate labour market data by migratory status, as target 17.18 requires.",
        )
    ),
    Heading("Selected indicators", level=2),
    Grid(
        (
            ("Indicator", "Latest value", "Source"),
            ("10.7.2 Countries with well-managed migration policies", "62%", "UN DESA, 2023"),
            ("10.c.1 Average cost of remittances", "6.2%", "World Bank, 2023"),
            ("10.7.3 Migrants who died or disappeared", "8,565", "IOM Missing Migrants Project, 2023"),
        )
    ),
    Para(
        "The GCM review is also an opportunity to connect migration with climate action. The Kyrgyz "
        "Republic and T\u00fcrkiye have asked the United Nations Network on Migration for support in "
        "linking their national adaptation plans with their GCM implementation plans."
    ),
)
HTML_BOILERPLATE_HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | Migration Policy Briefs</title>
<meta name="description" content="Policy brief on the GCM review and the SDG indicators on migration.">
<style>body {{ font-family: sans-serif; }} nav a {{ margin-right: 1em; }}</style>
<script>window.analytics = window.analytics || [];</script>
</head>
<body>
<header class="site-header">
  <div class="logo">Migration Policy Briefs</div>
  <nav>
    <ul>
      <li><a href="/">Home</a></li>
      <li><a href="/briefs/">All briefs</a></li>
      <li><a href="/data/">Data portal</a></li>
      <li><a href="/about/">About us</a></li>
      <li><a href="/contact/">Contact</a></li>
    </ul>
  </nav>
</header>
<main>
<article>
"""
HTML_BOILERPLATE_TAIL = """</article>
<aside class="related">
  <h3>Related briefs</h3>
  <ul>
    <li><a href="/briefs/remittances">Remittance costs in 2023</a></li>
    <li><a href="/briefs/climate">Climate mobility and adaptation plans</a></li>
  </ul>
</aside>
</main>
<footer class="site-footer">
  <p>&copy; 2024 Migration Policy Briefs. All rights reserved.</p>
  <p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a> | Subscribe to our newsletter</p>
</footer>
</body>
</html>
"""


def _html_article() -> tuple[str, list[str]]:
    """The article markup (a byline right after the h1) and its truth blocks."""
    parts: list[str] = []
    truth: list[str] = []
    for item in HTML_FLOW:
        if isinstance(item, Heading):
            parts.append(f"<h{item.level}>{escape(item.text)}</h{item.level}>\n")
            truth.append(item.text)
            if item.level == 1:
                parts.append(f'<p class="byline">{escape(HTML_BYLINE)}</p>\n')
                truth.append(HTML_BYLINE)
        elif isinstance(item, Para):
            parts.append(f"<p>{escape(item.text)}</p>\n")
            truth.append(item.text)
        elif isinstance(item, Items):
            parts.append("<ul>\n" + "".join(f"  <li>{escape(t)}</li>\n" for t in item.items) + "</ul>\n")
            truth.extend(item.items)
        elif isinstance(item, Grid):
            rows = []
            for r, row in enumerate(item.rows):
                tag = "th" if item.header and r == 0 else "td"
                rows.append("  <tr>" + "".join(f"<{tag}>{escape(c)}</{tag}>" for c in row) + "</tr>\n")
            parts.append("<table>\n" + "".join(rows) + "</table>\n")
            truth.append(table_text(item.rows))
    return "".join(parts), truth


def write_gcm_html(out_dir: Path) -> Path:
    """Write the HTML brief (article inside navigation, header, aside and footer) and its truth text."""
    path = out_dir / HTML_NAME
    article, truth = _html_article()
    html = HTML_BOILERPLATE_HEAD.format(title=escape(HTML_TITLE)) + article + HTML_BOILERPLATE_TAIL
    path.write_bytes(html.encode("utf-8"))
    write_truth(path, truth)
    return path


# ---------------------------------------------------------------------------------------------
# 5. Markdown note (UTF-8) and a short Spanish plain-text note (cp1252, with a form feed)
# ---------------------------------------------------------------------------------------------

NOTES_NAME = "notes.md"
NOTES_FLOW: tuple[Heading | Para | Items, ...] = (
    Heading("Field notes: migration data mission to Chisinau", level=1),
    Para(
        "Meeting with the National Bureau of Statistics of the Republic of Moldova, 3 October 2023. The "
        "Bureau plans to add a module on recruitment costs to the labour force survey, which would allow "
        "reporting on indicator 10.7.1 for the first time."
    ),
    Heading("Points agreed", level=2),
    Items(
        (
            "IOM and UNDP will fund the pilot module (budget EUR 1.2 million over three years).",
            "The Ministry of Labour and Social Protection will share administrative data on returnees.",
            "Results will feed into the Voluntary National Review on SDGs 5, 8 and 10.",
        )
    ),
    Heading("Open questions", level=2),
    Para(
        "How to cover seasonal workers in Romania and Italy, and whether remittances sent through relatives "
        "can be separated from informal transfers. Next mission: February 2024."
    ),
)
SPANISH_NAME = "nota_remesas_es.txt"
SPANISH_ENCODING = "cp1252"
SPANISH_PAGES: tuple[tuple[Heading | Para, ...], ...] = (
    (
        Heading("Nota informativa: remesas y migraci\u00f3n laboral en M\u00e9xico"),
        Para(
            "Las remesas recibidas por M\u00e9xico alcanzaron 63.300 millones de d\u00f3lares en 2023, "
            "seg\u00fan el Banco de M\u00e9xico. El costo promedio de enviar 200 d\u00f3lares desde los Estados "
            "Unidos fue de 4,1 por ciento, todav\u00eda por encima de la meta 10.c de los ODS."
        ),
        Para(
            "La Organizaci\u00f3n Internacional para las Migraciones (OIM) y la Secretar\u00eda del Trabajo y "
            "Previsi\u00f3n Social colaboran en un programa de movilidad laboral justa, vinculado con las "
            "metas 8.8 y 10.7."
        ),
    ),
    (
        Heading("Recomendaciones"),
        Para(
            "Reducir el costo de las remesas, ampliar la inclusi\u00f3n financiera de las mujeres migrantes "
            "y mejorar los datos sobre migraci\u00f3n de retorno para el indicador 10.7.2."
        ),
    ),
)
WRAP_COLUMNS = 78


def _markdown(flow: tuple[Heading | Para | Items, ...]) -> tuple[str, list[str]]:
    """A Markdown rendering of a flow and its truth blocks."""
    lines: list[str] = []
    truth: list[str] = []
    for item in flow:
        if isinstance(item, Heading):
            lines.append("#" * item.level + " " + item.text)
            truth.append(item.text)
        elif isinstance(item, Para):
            lines.append(_hard_wrap(item.text))
            truth.append(item.text)
        else:
            lines.append("\n".join(f"- {t}" for t in item.items))
            truth.extend(item.items)
    return "\n\n".join(lines) + "\n", truth


def _hard_wrap(text: str) -> str:
    """Wrap text at a fixed column, as plain-text notes usually are."""
    return "\n".join(" ".join(words) for words in _wrap_chars(text, WRAP_COLUMNS))


def _wrap_chars(text: str, columns: int) -> list[list[str]]:
    """Greedy word wrap by character count."""
    lines: list[list[str]] = [[]]
    for word in text.split(" "):
        if lines[-1] and len(" ".join(lines[-1] + [word])) > columns:
            lines.append([])
        lines[-1].append(word)
    return lines


def write_notes(out_dir: Path) -> list[Path]:
    """Write the Markdown note and the Spanish cp1252 plain-text note with a page break, and truth texts."""
    md_path = out_dir / NOTES_NAME
    md, truth = _markdown(NOTES_FLOW)
    md_path.write_bytes(md.encode("utf-8"))
    write_truth(md_path, truth)

    es_path = out_dir / SPANISH_NAME
    pages_text: list[str] = []
    es_truth: list[str] = []
    for page in SPANISH_PAGES:
        chunks = []
        for item in page:
            chunks.append(item.text.upper() if isinstance(item, Heading) else _hard_wrap(item.text))
            es_truth.append(item.text.upper() if isinstance(item, Heading) else item.text)
        pages_text.append("\r\n\r\n".join(c.replace("\n", "\r\n") for c in chunks) + "\r\n")
    es_path.write_bytes("\f".join(pages_text).encode(SPANISH_ENCODING))
    write_truth(es_path, es_truth)
    return [md_path, es_path]


# ---------------------------------------------------------------------------------------------


def write_all(out_dir: Path) -> list[Path]:
    """Write every sample and its truth text into a folder; returns the sample paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = [
        write_egm_pdf(out_dir),
        write_progress_pdf(out_dir),
        write_vnr_docx(out_dir),
        write_gcm_html(out_dir),
        *write_notes(out_dir),
    ]
    for path in written:
        LOG.info("wrote %s (%d bytes)", path, path.stat().st_size)
    return written


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: corpora/sample)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    write_all(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
