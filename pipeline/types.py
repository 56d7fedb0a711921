"""Frozen records that flow through the pipeline: Document → Page → Block → Sentence → Mention → Link.

Offsets are 0-based, half-open, into the document's extracted text; pages are 1-based.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

BBox = tuple[float, float, float, float]
"""(x0, top, x1, bottom) in PDF points, origin at the top-left of the page."""
LineBox = tuple[int, int, BBox]
"""(start, end, bbox) of one visual line's (or table cell line's) characters, in offsets into its block's text.

A block's line boxes are in text order and do not overlap; they map the block text back to the page
(``pipeline.document.provenance.locate``). Only formats with page geometry (PDF, OCR) have them."""

BlockKind = Literal["text", "heading", "table", "callout", "footnote", "header", "footer", "list", "caption"]
BLOCK_KINDS: tuple[str, ...] = ("text", "heading", "table", "callout", "footnote", "header", "footer", "list", "caption")

DocStatus = Literal["ok", "failed", "skipped"]
DOC_KINDS: tuple[str, ...] = ("progress_report", "meeting_report", "resolution", "evaluation", "vnr", "law",
                              "management_response", "other")
"""Document kinds: ``law`` covers laws, decrees, regulations and gazette notices."""

LABELS: tuple[str, ...] = (
    "COUNTRY", "GOV_BODY", "ORG", "SDG_GOAL", "SDG_TARGET", "SDG_INDICATOR",
    "OUTPUT", "MIGRATION_THEME", "MONEY", "DATE",
)


@dataclass(frozen=True, slots=True)
class RawBlock:
    """A block as an extractor sees it, before the document text is assembled."""

    kind: str
    text: str
    bbox: BBox | None = None
    source: str = "text"  # "text" (text layer) or "ocr"
    cells: tuple[tuple[str, ...], ...] | None = None  # table rows × cells, when kind == "table"
    line_boxes: tuple[LineBox, ...] = ()  # set by extractors that clean their own text: it is final
    size: float = 0.0
    """The largest font size of the block's lines in points (PDF text layer only; 0 when unknown)."""


@dataclass(frozen=True, slots=True)
class RawPage:
    """A page as an extractor sees it: blocks in reading order plus running furniture."""

    number: int
    width: float
    height: float
    blocks: tuple[RawBlock, ...]
    furniture: tuple[str, ...] = ()  # running headers, footers, page numbers taken out of the flow
    ocr: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """A positioned piece of the document text: paragraph, heading, table, call-out, footnote."""

    doc_id: str
    block_id: str
    page: int
    kind: str
    char_start: int
    char_end: int
    text: str
    bbox: BBox | None = None
    source: str = "text"
    cells: tuple[tuple[str, ...], ...] | None = None
    line_boxes: tuple[LineBox, ...] = ()  # offsets into this block's text (add char_start for the document's)
    size: float = 0.0
    """The largest font size of the block's lines in points (PDF text layer only; 0 when unknown)."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a document with its span in the document text."""

    doc_id: str
    number: int
    width: float
    height: float
    char_start: int
    char_end: int
    blocks: tuple[Block, ...]
    furniture: tuple[str, ...] = ()
    ocr: bool = False


@dataclass(frozen=True, slots=True)
class Document:
    """An extracted document: its text, pages and metadata."""

    doc_id: str
    source: str
    path: str
    text: str
    pages: tuple[Page, ...]
    title: str = ""
    kind: str = "other"
    language: str = "und"
    symbol: str = ""
    """The UN document symbol ("A/RES/79/217") when the document carries one (pipeline.document.metadata)."""
    year: int | None = None
    """The year of the document's date, when its front pages give one."""
    status: DocStatus = "ok"
    error: str = ""
    notes: tuple[str, ...] = ()

    @property
    def blocks(self) -> tuple[Block, ...]:
        """All blocks of the document in reading order."""
        return tuple(b for p in self.pages for b in p.blocks)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence (or table row / heading line) with its section and page."""

    doc_id: str
    sentence_id: str
    page: int
    char_start: int
    char_end: int
    text: str
    block_id: str
    block_kind: str
    section: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """A tagged span of a text before it is placed in a document (label, offsets, canonical id)."""

    label: str
    start: int
    end: int
    canonical_id: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A tagged span of the document text normalised to a canonical id."""

    doc_id: str
    mention_id: str
    label: str
    text: str
    canonical_id: str
    page: int
    char_start: int
    char_end: int
    sentence_id: str
    section: str = ""
    bbox: BBox | None = None
    """The box of the mention's text on its page (PDF points, top-left origin); None without page geometry."""


@dataclass(frozen=True, slots=True)
class Link:
    """A migration theme (or migration in general) tied to an SDG item, with verbatim evidence."""

    doc_id: str
    source_id: str
    target_id: str
    relation: str  # "explicit" or "inferred"
    weight: float
    evidence: str
    page: int
    sentence_id: str
    char_start: int = -1
    char_end: int = -1
    bbox: BBox | None = None
    """The box of the evidence on its page (PDF points, top-left origin); None without page geometry."""
    section: str = ""
    """The heading the evidence is under."""
    countries: tuple[str, ...] = ()
    """ISO3 codes of the countries in the link's scope (pipeline.link.scope)."""
    country_sources: tuple[str, ...] = ()
    """Where each of ``countries`` comes from: sentence, table_row, section or document."""
    actors: tuple[str, ...] = ()
    """Canonical ids of the ORG and GOV_BODY mentions of the evidence."""
    reason: str = ""
    """Why the link holds: the clause, footnote, heading or tile that names the SDG item, or the target's term
    or wording that matched."""
    headers: str = ""
    """The column headers of the table whose row is the evidence."""
    spans: tuple[tuple[int, int], ...] = ()
    """Where the evidence's pieces are in the document text, in evidence order (a sentence cut by a page break,
    a table row's cell lines): each piece is verbatim ``text[start:end]``."""


@dataclass(frozen=True, slots=True)
class DocResult:
    """Everything the pipeline derived from one input file."""

    document: Document
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    links: tuple[Link, ...] = ()
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    structures: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    cached: str = ""
    """The latest stage read from the cache (``extract``, ``tag`` or ``result``), or '' when none was."""
    """The document's structured tables (pipeline.structure): table name → its records."""
