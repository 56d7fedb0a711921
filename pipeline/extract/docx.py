"""DOCX extraction with python-docx: body paragraphs and tables in document order, headings, lists, page breaks."""
from __future__ import annotations

import io
import logging
import zipfile
from pathlib import Path
from collections.abc import Iterator
from typing import Any

from lxml import etree

from pipeline.errors import ExtractionError, one_line
from pipeline.extract.base import Extracted
from pipeline.types import RawBlock, RawPage

LOG = logging.getLogger(__name__)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
CELL_SEPARATOR = " | "
HEADING_STYLE_PREFIXES: tuple[str, ...] = ("heading", "title", "subtitle")
LIST_STYLE_MARKERS: tuple[str, ...] = ("list",)
MAIN_DOCUMENT_PART = "word/document.xml"
# run children that carry text, in the order they appear inside a run
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
SKIPPED_TAGS: frozenset[str] = frozenset({f"{W}pPr", f"{W}rPr", f"{{{MC_NS}}}Fallback"})
TEXT_TAGS: dict[str, str] = {f"{W}tab": "\t", f"{W}noBreakHyphen": "-", f"{W}cr": "\n"}


def _style_name(paragraph: Any) -> str:
    """The paragraph's style name, lower-cased ('' when it has none)."""
    try:
        style = paragraph.style
    except (KeyError, ValueError):  # a style id that the styles part does not define
        return ""
    return (style.name or "").lower() if style is not None else ""


def _is_list(paragraph: Any, style: str) -> bool:
    """A list paragraph: a list style or direct numbering properties."""
    if any(marker in style for marker in LIST_STYLE_MARKERS):
        return True
    p_pr = paragraph._p.pPr
    return p_pr is not None and p_pr.find(f"{W}numPr") is not None


def _content_nodes(element: Any) -> Iterator[Any]:
    """Descendants in document order, without property elements or the fallback copy of alternate content."""
    for child in element.iterchildren():
        if child.tag in SKIPPED_TAGS:
            continue
        yield child
        yield from _content_nodes(child)


def _paragraph_pieces(p_element: Any) -> list[str | None]:
    """The paragraph's text split at explicit page breaks: a None item marks each page break."""
    pieces: list[str | None] = []
    buf: list[str] = []
    p_pr = p_element.find(f"{W}pPr")
    if p_pr is not None:
        page_break_before = p_pr.find(f"{W}pageBreakBefore")
        if page_break_before is not None and page_break_before.get(f"{W}val", "true") not in ("0", "false", "off"):
            pieces.append(None)
    for node in _content_nodes(p_element):
        tag = node.tag
        if tag == f"{W}t":
            buf.append(node.text or "")
        elif tag == f"{W}br":
            if node.get(f"{W}type") == "page":
                pieces.append("".join(buf))
                pieces.append(None)
                buf = []
            else:
                buf.append("\n")
        elif tag in TEXT_TAGS:
            buf.append(TEXT_TAGS[tag])
    pieces.append("".join(buf))
    return pieces


def _clean(text: str) -> str:
    """Collapse runs of spaces and tabs inside lines and trim the text."""
    return "\n".join(" ".join(line.split()) for line in text.split("\n")).strip()


def _table_rows(table: Any) -> tuple[tuple[str, ...], ...]:
    """Rows of cell texts; a merged cell appears once, in its first grid column."""
    rows: list[tuple[str, ...]] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(_clean(cell.text).split("\n")))
        rows.append(tuple(cells))
    return tuple(rows)


def _open(path: Path) -> tuple[Any, tuple[str, ...]]:
    """Open a DOCX with python-docx (recovering a main part with XML errors); returns it and notes on repairs."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if not path.exists():
        raise ExtractionError(f"cannot read DOCX {path.name}: no such file")
    if path.stat().st_size == 0:
        raise ExtractionError(f"not a DOCX: {path.name} is empty")
    if not zipfile.is_zipfile(path):
        raise ExtractionError(f"not a DOCX: {path.name} is not a zip archive")
    try:
        with zipfile.ZipFile(path) as archive:
            if MAIN_DOCUMENT_PART not in archive.namelist():
                raise ExtractionError(f"not a DOCX: {path.name} has no {MAIN_DOCUMENT_PART}")
        return docx.Document(str(path)), ()
    except ExtractionError:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ExtractionError(f"damaged DOCX {path.name}: {type(exc).__name__}: {exc}") from exc
    except etree.XMLSyntaxError as exc:  # a broken main part: recover what the XML parser can read
        repaired, note = _recovered(path, exc)
        return docx.Document(repaired), (note,)
    except Exception as exc:  # other lxml errors from a broken part
        raise ExtractionError(f"damaged DOCX {path.name}: {type(exc).__name__}: {exc}") from exc


def _drop_keeping_tail(node: etree._Element) -> None:
    """Remove a node from its parent, keeping the text that follows it."""
    parent, previous = node.getparent(), node.getprevious()
    if parent is None:
        return
    if previous is not None:
        previous.tail = (previous.tail or "") + (node.tail or "")
    else:
        parent.text = (parent.text or "") + (node.tail or "")
    parent.remove(node)


def _recovered(path: Path, error: Exception) -> tuple[io.BytesIO, str]:
    """The DOCX rebuilt in memory with its main part re-parsed in recovery mode (unresolved entities dropped)."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, huge_tree=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(path) as archive, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == MAIN_DOCUMENT_PART:
                root = etree.fromstring(data, parser)
                if root is None:
                    raise ExtractionError(f"damaged DOCX {path.name}: {MAIN_DOCUMENT_PART} cannot be read ({error})")
                for entity in list(root.iter(etree.Entity)):
                    _drop_keeping_tail(entity)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            out.writestr(info, data)
    buffer.seek(0)
    return buffer, f"damaged DOCX: {MAIN_DOCUMENT_PART} has XML errors ({one_line(str(error))}); the readable text " \
                   "was recovered"


def extract_docx(path: Path) -> Extracted:
    """Extract a DOCX: paragraphs and tables in body order, headings and lists typed, pages split at page breaks."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    path = Path(path)
    document, notes = _open(path)
    pages: list[list[RawBlock]] = [[]]
    first_heading = ""
    for child in document.element.body.iterchildren():
        if child.tag == f"{W}p":
            paragraph = Paragraph(child, document)
            style = _style_name(paragraph)
            if style.startswith(HEADING_STYLE_PREFIXES):
                kind = "heading"
            elif _is_list(paragraph, style):
                kind = "list"
            else:
                kind = "text"
            for piece in _paragraph_pieces(child):
                if piece is None:
                    pages.append([])
                    continue
                text = _clean(piece)
                if not text:
                    continue
                pages[-1].append(RawBlock(kind=kind, text=text))
                if kind == "heading" and not first_heading:
                    first_heading = text
        elif child.tag == f"{W}tbl":
            rows = _table_rows(Table(child, document))
            if any(any(cell for cell in row) for row in rows):
                text = "\n".join(CELL_SEPARATOR.join(row) for row in rows)
                pages[-1].append(RawBlock(kind="table", text=text, cells=rows))
    if len(pages) > 1 and not pages[-1]:
        pages.pop()  # a break at the very end opens no page
    if len(pages) > 1 and not pages[0]:
        pages.pop(0)  # nor does a break before any text
    title = _clean(document.core_properties.title or "") or first_heading
    raw_pages = tuple(
        RawPage(number=i, width=0.0, height=0.0, blocks=tuple(blocks)) for i, blocks in enumerate(pages, start=1)
    )
    LOG.debug("extracted %s: %d pages, %d blocks", path.name, len(raw_pages), sum(len(p) for p in pages))
    return Extracted(pages=raw_pages, title=title, notes=notes)
