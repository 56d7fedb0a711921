"""PDF extraction: pdfium text runs → furniture, tables, call-outs, reading order, paragraphs."""
from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.clean import clean_line
from pipeline.errors import DamagedError, ExtractionError, InputError, PipelineError
from pipeline.extract.base import Extracted
from pipeline.extract.layout.furniture import find_furniture
from pipeline.extract.layout.lines import Graphic, TextLine, Unit, margin_notes, merge_fragments
from pipeline.extract.layout.order import line_order, page_order
from pipeline.extract.layout.paragraphs import body_font_size, classify, group_paragraphs, paragraph_text
from pipeline.extract.pdf_text import image_share, read_graphics, read_text_lines
from pipeline.extract.repair import open_pdf
from pipeline.extract.aligned import find_aligned_tables
from pipeline.extract.callouts import find_callouts
from pipeline.extract.tables import find_tables
from pipeline.extract.text_layer import is_unreadable, unreadable_reason
from pipeline.types import RawBlock, RawPage

logger = logging.getLogger(__name__)

PDF_MAGIC = b"%PDF-"
MAGIC_SEARCH_BYTES = 1024
"""The PDF header may be preceded by some junk; look for it in this many leading bytes."""
MIN_OCR_IMAGE_SHARE = 0.2
"""A textless page is OCR'd only when images cover at least this share of it (blank pages are skipped)."""
MIN_TEXT_CHARS = 8
"""A page with fewer non-space characters than this has no usable text layer."""
UNTITLED_RE = re.compile(r"^(?:microsoft (?:word|powerpoint)\s*-|untitled|document\d*$|\S+\.(?:docx?|pdf|indd)$)", re.I)
FOOTNOTE_KIND = "footnote"
NO_TEXT_NOTE = "no text layer"
UNREADABLE_NOTE = "text layer unreadable ("
"""Start of the note on a page whose text layer is garbage: "text layer unreadable (private-use glyph codes); OCR'd"."""


@dataclass(frozen=True, slots=True)
class _PageData:
    number: int
    width: float
    height: float
    lines: tuple[TextLine, ...]
    graphics: tuple[Graphic, ...]
    ocr_page: RawPage | None = None


def _check_file(path: Path) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(MAGIC_SEARCH_BYTES)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if size == 0:
        raise DamagedError("empty file: 0 bytes")
    if PDF_MAGIC not in head:
        raise DamagedError(f"not a PDF: starts with {head[:16]!r}")


def _open(path: Path, passwords: Sequence[str]) -> tuple[pdfium.PdfDocument, list[str]]:
    """Open with the tolerant opener (passwords, qpdf repair); returns the document and notes on how."""
    document, notes = open_pdf(path, passwords=passwords)
    return document, list(notes)


def _title(pdf: pdfium.PdfDocument, pages: Sequence[RawPage]) -> str:
    try:
        meta = (pdf.get_metadata_dict().get("Title") or "").strip()
    except pdfium.PdfiumError:
        meta = ""
    if meta and not UNTITLED_RE.match(meta):
        return clean_line(meta)
    for page in pages[:2]:
        for block in page.blocks:
            if block.kind == "heading":
                return block.text
    return ""


def _read_page(pdf: pdfium.PdfDocument, index: int, *, ocr: bool, ocr_languages: str) -> tuple[_PageData, str]:
    """Read one page's text runs and graphics (or OCR it); returns the page data and a note ('' if none).

    A page whose text layer is mostly unreadable codes (see `text_layer`) is OCR'd whatever its images.
    """
    page = pdf[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            lines = read_text_lines(textpage, page_height=height)
        finally:
            textpage.close()
        text = "".join(ln.text for ln in lines)
        n_chars = len(text) - text.count(" ")
        number = index + 1
        unreadable = unreadable_reason(text)
        if unreadable:
            return _read_unreadable(page, number, lines, (width, height), unreadable,
                                    ocr=ocr, ocr_languages=ocr_languages)
        if n_chars >= MIN_TEXT_CHARS:
            graphics = read_graphics(page, page_height=height)
            return _PageData(number, width, height, tuple(lines), graphics), ""
        if not ocr:
            return _PageData(number, width, height, tuple(lines), ()), f"no text layer on page {number}"
        if image_share(page, page_width=width, page_height=height) < MIN_OCR_IMAGE_SHARE:
            return _PageData(number, width, height, tuple(lines), ()), ""  # blank page: nothing to read
        raw, _ = _ocr(page, number, ocr_languages)
        if raw is None:
            return _PageData(number, width, height, tuple(lines), ()), f"no text layer on page {number}"
        return _PageData(number, width, height, (), (), raw), f"OCR'd page {number}"
    finally:
        page.close()


def _read_unreadable(
    page: pdfium.PdfPage,
    number: int,
    lines: Sequence[TextLine],
    size: tuple[float, float],
    reason: str,
    *,
    ocr: bool,
    ocr_languages: str,
) -> tuple[_PageData, str]:
    """OCR a page whose text layer is garbage; without OCR keep only its readable lines. The note says which."""
    width, height = size
    note = f"{UNREADABLE_NOTE}{reason}); "
    raw, error = _ocr(page, number, ocr_languages) if ocr else (None, "OCR is off")
    if raw is not None:
        return _PageData(number, width, height, (), (), raw), note + "OCR'd"
    readable = tuple(ln for ln in lines if not is_unreadable(ln.text))
    graphics = read_graphics(page, page_height=height) if readable else ()
    return _PageData(number, width, height, readable, graphics), note + f"not OCR'd ({error})"


def _ocr(page: pdfium.PdfPage, number: int, languages: str) -> tuple[RawPage | None, str]:
    """OCR one page; returns the page, or None and why OCR failed."""
    from pipeline.extract.ocr import ocr_page  # imported on first use: pytesseract imports pandas (~100 MB)

    try:
        return ocr_page(page, number, languages=languages), ""
    except PipelineError as exc:
        logger.info("page %d: OCR failed: %s", number, exc)
        return None, f"OCR failed: {exc}"


def _units(data: _PageData, lines: Sequence[TextLine]) -> list[Unit]:
    tables, rest = find_tables(lines, data.graphics, page_width=data.width, page_height=data.height)
    callouts, rest = find_callouts(rest, data.graphics, page_width=data.width, page_height=data.height)
    aligned, merged = find_aligned_tables(merge_fragments(rest))
    return tables + aligned + callouts + [Unit(ln.bbox, (ln,)) for ln in merged]


def _blocks(units: Sequence[Unit], *, body_size: float, page_height: float) -> list[RawBlock]:
    leaves = page_order(units, body_size=body_size)
    blocks: list[RawBlock] = []
    footnotes: list[RawBlock] = []
    for leaf in leaves:
        run: list[TextLine] = []
        for i in leaf:
            unit = units[i]
            if unit.kind == "line":
                run.extend(unit.lines)
                continue
            _flush(run, blocks, footnotes, body_size=body_size, page_height=page_height)
            run = []
            if unit.kind == "table" and unit.cells:
                blocks.append(RawBlock("table", unit.text, unit.bbox, cells=unit.cells, line_boxes=unit.line_boxes))
            else:
                ordered = _ordered_lines(unit.lines)
                _flush(ordered, blocks, footnotes, body_size=body_size, page_height=page_height, in_box=True)
        _flush(run, blocks, footnotes, body_size=body_size, page_height=page_height)
    return blocks + footnotes


def _ordered_lines(lines: Sequence[TextLine]) -> list[TextLine]:
    merged = merge_fragments(lines)
    leaves = line_order(merged)
    return [merged[i] for leaf in leaves for i in leaf]


def _flush(
    lines: list[TextLine],
    blocks: list[RawBlock],
    footnotes: list[RawBlock],
    *,
    body_size: float,
    page_height: float,
    in_box: bool = False,
) -> None:
    for para in group_paragraphs(lines):
        text, line_boxes = paragraph_text(para)
        if not text:
            continue
        kind = classify(para, body_size=body_size, page_height=page_height, in_box=in_box)
        x0, top, x1, bottom = para[0].bbox  # the union of the line boxes, inlined: this runs for every paragraph
        for line in para[1:]:
            box = line.bbox
            if box[0] < x0:
                x0 = box[0]
            if box[1] < top:
                top = box[1]
            if box[2] > x1:
                x1 = box[2]
            if box[3] > bottom:
                bottom = box[3]
        block = RawBlock(kind, text, (x0, top, x1, bottom), line_boxes=line_boxes, size=max(ln.size for ln in para))
        if kind == FOOTNOTE_KIND:
            footnotes.append(block)
        else:
            blocks.append(block)


def extract_pdf(
    path: Path,
    *,
    passwords: Sequence[str] = (),
    max_pages: int | None = None,
    ocr_languages: str = "eng+fra+spa",
    ocr: bool = True,
) -> Extracted:
    """Extract a PDF into pages of blocks in reading order, with running furniture set apart."""
    path = Path(path)
    _check_file(path)
    pdf, notes = _open(path, passwords)
    try:
        total = len(pdf)
        if total == 0:
            raise DamagedError("damaged: the document has no pages")
        count = total if max_pages is None else max(0, min(total, max_pages))
        if count < total:
            notes.append(f"read {count} of {total} pages (max_pages)")
        data: list[_PageData] = []
        empty: list[int] = []
        unreadable: dict[str, list[int]] = {}
        for index in range(count):
            page_data, note = _read_page(pdf, index, ocr=ocr, ocr_languages=ocr_languages)
            data.append(page_data)
            if note.startswith(NO_TEXT_NOTE):
                empty.append(index + 1)
            elif note.startswith(UNREADABLE_NOTE):
                unreadable.setdefault(note, []).append(index + 1)
            elif note:
                notes.append(note)
        if empty:
            notes.append(f"{NO_TEXT_NOTE} on {len(empty)} page(s): {', '.join(map(str, empty))}")
        notes.extend(f"{_pages_phrase(numbers)}: {note}" for note, numbers in unreadable.items())
        pages = _layout(data)
        title = _title(pdf, pages)
    except pdfium.PdfiumError as exc:
        raise DamagedError(f"damaged: {exc}") from exc
    finally:
        pdf.close()
    return Extracted(pages=tuple(pages), title=title, notes=tuple(notes))


def _pages_phrase(numbers: Sequence[int]) -> str:
    """The page numbers as "page 3" or "pages 3, 4, 9"."""
    return f"page {numbers[0]}" if len(numbers) == 1 else f"pages {', '.join(map(str, numbers))}"


def _layout(data: Sequence[_PageData]) -> list[RawPage]:
    text_pages = [d for d in data if d.ocr_page is None]
    furniture = find_furniture([d.lines for d in text_pages], [d.height for d in text_pages])
    body_size = body_font_size([ln for d in text_pages for ln in d.lines])
    marks = {d.number: f for d, f in zip(text_pages, furniture)}
    pages: list[RawPage] = []
    for d in data:
        if d.ocr_page is not None:
            pages.append(d.ocr_page)
            continue
        skip = marks.get(d.number, set()) | margin_notes(d.lines, d.graphics)
        body = [ln for i, ln in enumerate(d.lines) if i not in skip]
        furn = tuple(clean_line(d.lines[i].text) for i in sorted(skip, key=lambda i: d.lines[i].bbox[1]))
        blocks = _blocks(_units(d, body), body_size=body_size, page_height=d.height)
        pages.append(RawPage(d.number, d.width, d.height, tuple(blocks), furniture=furn))
    return pages


def extracted_text(extracted: Extracted) -> str:
    """The blocks of all pages joined by blank lines (for inspection and quality scoring)."""
    return "\n\n".join(b.text for p in extracted.pages for b in p.blocks)


__all__ = ["extract_pdf", "extracted_text", "ExtractionError"]
