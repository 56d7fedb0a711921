"""A document's title from the typography of its first page: the largest text, read as a title.

Candidates are the text blocks of the first page (the second when the first has none), with the font size the PDF
extractor recorded (``Block.size``; for OCR'd pages, where sizes are unknown, the median height of the line boxes).
Mastheads ("United Nations", "General Assembly"), front-matter labels ("Distr.: General", "Resolution adopted by the
General Assembly on ...", "...: draft resolution"), bylines, dates, tables of contents and running furniture are not
titles. The title is the largest candidate joined with the blocks next to it set nearly as large (a title set over
several lines or blocks). Two genre rules come first: a UN resolution's numbered heading ("78/217. Protection of
migrants") and a gazette instrument's opening words ("LINEAMIENTOS Generales para ...", "DECRETO por el que ...").
An evaluation brief's kind banner ("EVALUATION BRIEF June, 2022") is no title: the lines set under it are; a first
page laid out as one table gives its first cell, less that banner.
"""
from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.types import Block, Document, Page

TITLE_PAGES = 2
"""The title is looked for on the first page, else on the second (a cover without text)."""
SKIPPED_KINDS = frozenset({"header", "footer", "footnote", "caption", "table"})
HEADING_KIND = "heading"
MERGE_RATIO = 0.8
"""Blocks next to the largest one and at least this share of its size belong to the title..."""
ABOVE_BODY_RATIO = 1.05
"""...when they are set larger than the body text (this multiple of the commonest size of the first pages)."""
BODY_PAGES = 5
SIZE_TOLERANCE = 0.25
"""Sizes this close (points) are one size: the lines of one title."""
MAX_TITLE_BLOCKS = 6
TITLE_MAX_CHARS = 300
TITLE_MIN_LETTERS = 8
TITLE_MAX_WORDS = 45
TABLE_TITLE_MAX_CELLS = 6
"""A first-page table with at most this many filled cells is a title set as a table: all of it is the title."""
MASTHEAD_RE = re.compile(
    r"^(?:United Nations|Nations Unies|Naciones Unidas|General Assembly|Assembl[ée]e g[ée]n[ée]rale|Asamblea General|"
    r"Security Council|Conseil de s[ée]curit[ée]|Consejo de Seguridad|Economic and Social Council|"
    r"(?:First|Second|Third|Fourth|Fifth|Sixth|Special Political and Decolonization) Committee|"
    r"(?:Premi[èe]re|Deuxi[èe]me|Troisi[èe]me|Quatri[èe]me|Cinqui[èe]me|Sixi[èe]me) Commission|"
    r"(?:Primera|Segunda|Tercera|Cuarta|Quinta|Sexta) Comisi[óo]n|"
    r"Conseil [ée]conomique et social|Consejo Econ[óo]mico y Social|Human Rights Council)\b"
    r"(?:\s+Distr\.?:.*)?$", re.IGNORECASE)
"""The UN masthead: the organ's name (a Main Committee's for its drafts), possibly followed by the distribution
line."""
LABEL_RE = re.compile(
    r"^(?:Distr\.?\s*:|Original\s*:|Resolution adopted by|R[ée]solution adopt[ée]e par|Resoluci[óo]n aprobada por|"
    r"Decision adopted by|\[on the report|\[sur (?:le )?rapport|\[sobre la base del informe|Agenda item|"
    r"Point \d+ de l.ordre du jour|Tema \d+ del programa|[\w-]+ session\b|Table of contents|Contents$|Sommaire$|"
    r"Table des mati[èe]res|[ÍI]ndice$|Acronyms|Abbreviations|Foreword|Preface|Avant-propos|Executive summary$|"
    r"R[ée]sum[ée] ex[ée]cutif$|The General Assembly,?$|L.Assembl[ée]e g[ée]n[ée]rale,?$|La Asamblea General,?$)"
    r"|: (?:draft resolution|projet de r[ée]solution|proyecto de resoluci[óo]n)\b",
    re.IGNORECASE)
"""Front-matter lines that are labels, not the title."""
BYLINE_RE = re.compile(
    r"\b(?:Authors?|Auteurs?|Autor(?:es)?|Prepared by|Pr[ée]par[ée] par|Elaborado por|Conducted by|Written by|"
    r"Evaluat(?:or|ors|eur|eurs)|[ÉE]valuat(?:eur|rice)s?|Evaluador(?:es)?|Published by|Publi[ée] par|"
    r"Commissioned by|Contact)\s*(?:\(s\))?\s*:|@|©|https?://|www\.", re.IGNORECASE)
TOC_RE = re.compile(r"\.{4,}|(?:\. ){4,}|…{2,}")
UN_RESOLUTION_HEADING_RE = re.compile(r"^\d{1,3}/\d{1,4}\.\s+(\S.{3,})$")
"""A resolution's numbered heading: "78/217. Protection of migrants"."""
INSTRUMENT_RE = re.compile(
    r"^(?:LEY|DECRETO|ACUERDO|LINEAMIENTOS|REGLAMENTO|NORMA|AVISO|RESOLUCI[ÓO]N|CIRCULAR|C[ÓO]DIGO|ESTATUTO|"
    r"LOI|D[ÉE]CRET|ARR[ÊE]T[ÉE]|ORDONNANCE)\s+\w[a-záéíóúñàâçèéêëîïôûü]")
"""A gazette instrument's opening: the instrument word in capitals, then its title in lower case ("LINEAMIENTOS
Generales para ...", "DECRETO por el que ...")."""
KIND_LABEL_RE = re.compile(
    r"^(?:EVALUATION BRIEF|EVALUATION SUMMARY|R[ÉE]SUM[ÉE] D[’']?\s?[ÉE]VALUATION|SOMMAIRE (?:D[’']\s?)?[ÉE]VALUATION|"
    r"RESUMEN DE (?:LA )?EVALUACI[ÓO]N|NOTE D[’']\s?[ÉE]VALUATION)(?:\s+|$)", re.IGNORECASE)
"""The document-kind banner that opens an evaluation brief's title cell."""
DATE_WORDS = frozenset(
    "january february march april may june july august september october november december janvier fevrier fvrier "
    "mars avril mai juin juillet aout septembre octobre novembre decembre enero febrero marzo abril mayo junio julio "
    "agosto septiembre octubre noviembre diciembre de del st nd rd th er le".split())
WORD_RE = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class _Candidate:
    order: int
    size: float
    text: str


def _normal(text: str) -> str:
    return " ".join(text.split())


def _box_size(block: Block) -> float:
    """A size for a block without font sizes (OCR): the median height of its line boxes."""
    heights = [box[3] - box[1] for _, _, box in block.line_boxes]
    return statistics.median(heights) if heights else 0.0


def _is_date_only(text: str) -> bool:
    """Whether a line holds nothing but a date ("March 2022", "Juillet, 2021", "9th July 2025")."""
    words = [w.lower() for w in WORD_RE.findall(text)]
    return all(w in DATE_WORDS for w in words)


def title_like(text: str) -> bool:
    """Whether a first-page line can be (part of) a title: not a masthead, label, byline, date or TOC line."""
    letters = sum(c.isalpha() for c in text)
    if letters < TITLE_MIN_LETTERS or len(text.split()) > TITLE_MAX_WORDS:
        return False
    if MASTHEAD_RE.match(text) or LABEL_RE.search(text) or BYLINE_RE.search(text) or TOC_RE.search(text):
        return False
    if _is_banner(text):
        return False  # the kind banner of a brief, with its date: the title is the line under it
    return not _is_date_only(text)


def _is_banner(text: str) -> bool:
    """Whether a line is only an evaluation brief's kind banner, possibly with its date ("EVALUATION BRIEF June,
    2022")."""
    banner = KIND_LABEL_RE.match(text)
    return banner is not None and _is_date_only(text[banner.end():])


def _banner_title(page: Page) -> str:
    """The title under a brief's kind banner: the title-like block right after it, with the headings that follow it
    set nearly as large (MERGE_RATIO)."""
    blocks = [b for b in page.blocks if b.kind not in SKIPPED_KINDS]
    at = next((k for k, b in enumerate(blocks) if _is_banner(_normal(b.text))), None)
    if at is None:
        return ""
    parts: list[str] = []
    size = 0.0
    for block in blocks[at + 1 : at + 1 + MAX_TITLE_BLOCKS]:
        text = _normal(block.text)
        same = abs(block.size - size) <= SIZE_TOLERANCE
        if not title_like(text) or (parts and not same and (block.kind != HEADING_KIND or block.size < MERGE_RATIO
                                                             * size)):
            break
        parts.append(text)
        size = size or block.size
    return " ".join(parts)[:TITLE_MAX_CHARS]


def _candidates(page: Page) -> list[_Candidate]:
    """The page's text blocks with an effective size (font size, or line-box height on OCR'd pages)."""
    sized = any(block.size > 0 for block in page.blocks)
    out: list[_Candidate] = []
    for order, block in enumerate(page.blocks):
        if block.kind in SKIPPED_KINDS:
            continue
        size = block.size if sized else _box_size(block)
        if size > 0:
            out.append(_Candidate(order, size, _normal(block.text)))
    return out


def _genre_title(page: Page) -> str:
    """A UN resolution's numbered heading or a gazette instrument's opening line, if the page has one."""
    for block in page.blocks:
        text = _normal(block.text)
        match = UN_RESOLUTION_HEADING_RE.match(text)
        if match:
            return match.group(1)
        if INSTRUMENT_RE.match(text):
            return text[:TITLE_MAX_CHARS]
    return ""


def _body_size(doc: Document) -> float:
    """The commonest font size of the text of the first pages, weighted by characters (0 when unknown)."""
    weight: dict[float, int] = {}
    for page in doc.pages[:BODY_PAGES]:
        for block in page.blocks:
            if block.size > 0 and block.kind not in SKIPPED_KINDS:
                key = round(block.size, 1)
                weight[key] = weight.get(key, 0) + len(block.text)
    return max(weight, key=lambda size: weight[size]) if weight else 0.0


def _largest(candidates: Sequence[_Candidate], *, body: float) -> str:
    """The largest title-like candidate joined with its neighbours set nearly as large and above the body text."""
    usable = [c for c in candidates if title_like(c.text)]
    if not usable:
        return ""
    best = max(usable, key=lambda c: (c.size, -c.order))
    index = candidates.index(best)

    def joins(other: _Candidate) -> bool:
        same = other.size >= best.size - SIZE_TOLERANCE
        return title_like(other.text) and (same or other.size >= MERGE_RATIO * best.size
                                           and other.size > ABOVE_BODY_RATIO * body)

    first = last = index
    while first > 0 and index - first < MAX_TITLE_BLOCKS and joins(candidates[first - 1]):
        first -= 1
    while last + 1 < len(candidates) and last - first + 1 < MAX_TITLE_BLOCKS and joins(candidates[last + 1]):
        last += 1
    return " ".join(c.text for c in candidates[first:last + 1])[:TITLE_MAX_CHARS]


def _table_title(page: Page) -> str:
    """The title of a first page laid out as a table: a small table whole (in reading order of its lines), else
    its first cell less the kind banner ("EVALUATION BRIEF")."""
    block = next((b for b in page.blocks if b.kind not in ("header", "footer")), None)
    if block is None or block.kind != "table" or not block.cells:
        return ""
    filled = [cell for row in block.cells for cell in row if cell.strip()]
    if len(filled) <= TABLE_TITLE_MAX_CELLS and block.line_boxes:
        lines = sorted(block.line_boxes, key=lambda lb: (round(lb[2][1]), lb[2][0]))
        text = _normal(" ".join(block.text[s:e] for s, e, _ in lines))
    else:
        text = _normal(KIND_LABEL_RE.sub("", _normal(block.cells[0][0])))
    return text[:TITLE_MAX_CHARS] if title_like(text) else ""


def typographic_title(doc: Document) -> str:
    """The title set on the first page (the second for a textless cover), or "" when typography says nothing."""
    body = _body_size(doc)
    for page in doc.pages[:TITLE_PAGES]:
        title = _genre_title(page) or _banner_title(page) or _largest(_candidates(page), body=body) or \
            _table_title(page)
        if title:
            return title.strip(" :;,-–—|")
    return ""
