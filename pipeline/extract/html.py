"""HTML extraction: trafilatura finds the main content (navigation, header, footer dropped), lxml keeps structure."""
from __future__ import annotations

import codecs
import copy
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from pipeline.errors import ExtractionError
from pipeline.extract.base import Extracted
from pipeline.types import RawBlock, RawPage

LOG = logging.getLogger(__name__)

CELL_SEPARATOR = " | "
SNIFF_BYTES = 4096
DEFAULT_ENCODINGS: tuple[str, ...] = ("utf-8", "cp1252")
LAST_RESORT_ENCODING = "latin-1"
REFUSED_CODECS: frozenset[str] = frozenset({"utf-7"})
"""Declared charsets never honoured (see _declared_codec)."""
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
XML_DECL_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.IGNORECASE)
XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
WHITESPACE_RE = re.compile(r"\s+")
HEADING_TAGS: frozenset[str] = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
TEXT_TAGS: frozenset[str] = frozenset({"p", "blockquote", "pre", "address", "dt", "dd"})
CAPTION_TAGS: frozenset[str] = frozenset({"figcaption", "caption"})
BOILERPLATE_TAGS: tuple[str, ...] = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe", "svg",
    "button", "select", "input", "textarea", "menu", "dialog",
)
BLOCK_TAGS: frozenset[str] = HEADING_TAGS | TEXT_TAGS | CAPTION_TAGS | frozenset(
    {"div", "section", "article", "main", "ul", "ol", "li", "table", "figure", "dl", "body", "hr"}
)
FLAT_RESULT_BLOCKS = 1  # a trafilatura result this small is its baseline fallback, not a content analysis
MAIN_CONTENT_MAX_BYTES = 8_000_000
"""Larger pages skip trafilatura's main-content analysis (about 2.5 s a megabyte, so a 50 MB page would spend half
the default time limit there) and are read with the lxml walker, boilerplate elements removed (under 0.3 s a MB)."""
MAIN_CONTAINER_XPATH = "//main | //article | //*[@role='main']"


def _norm(text: str) -> str:
    """Collapse whitespace to single spaces."""
    return WHITESPACE_RE.sub(" ", text).strip()


def _declared_codec(name: str, data: bytes) -> tuple[str | None, str]:
    """The codec a declared charset names when it is safe to honour, and a note when it is not.

    Refused: names Python does not know, codecs that are not text encodings (rot13, zlib, base64), UTF-7 (no
    browser honours it: it turns plain ASCII into other text) and a UTF-16/32 declaration over bytes that hold
    no NUL at all (ASCII bytes cannot be UTF-16)."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None, f"encoding: unknown declared charset {name!r} ignored"
    if not getattr(info, "_is_text_encoding", True) or info.name in REFUSED_CODECS:
        return None, f"encoding: declared charset {name!r} ignored (not a text encoding for web pages)"
    if info.name.startswith(("utf-16", "utf-32")) and b"\x00" not in data[:SNIFF_BYTES]:
        return None, f"encoding: declared charset {name!r} ignored (the bytes are not {info.name})"
    return info.name, ""


def decode_html(data: bytes) -> tuple[str, str, str]:
    """Decode HTML bytes: BOM, <meta charset> or XML declaration (when safe), then UTF-8, cp1252.

    Returns (text, encoding, note) where the note says why a declared charset was not honoured ("" otherwise)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding, ""
    head = data[:SNIFF_BYTES]
    declared = META_CHARSET_RE.search(head) or XML_DECL_ENCODING_RE.search(head)
    candidates: list[str] = []
    note = ""
    if declared:
        codec, note = _declared_codec(declared.group(1).decode("ascii", errors="ignore"), data)
        if codec:
            candidates.append(codec)
    candidates += [c for c in DEFAULT_ENCODINGS if c not in candidates]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding, note
        except UnicodeDecodeError:
            continue
    return data.decode(LAST_RESORT_ENCODING), LAST_RESORT_ENCODING, note


def _parse(text: str, name: str) -> etree._Element:
    """Parse HTML text with lxml."""
    text = XML_DECL_RE.sub("", text, count=1)
    try:  # huge_tree: libxml2 otherwise drops everything nested deeper than 255 elements, and every later sibling
        root = lxml_html.document_fromstring(text, parser=lxml_html.HTMLParser(huge_tree=True))
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"not an HTML document: {name} ({exc})") from exc
    return root


def _title(root: etree._Element) -> tuple[str, bool]:
    """The first <h1>, else the <title> of the page; and whether it came from an <h1>."""
    for h1 in root.iter("h1"):
        text = _norm(h1.text_content())
        if text:
            return text, True
    title = root.find(".//title")
    return (_norm(title.text_content()) if title is not None else ""), False


# --- trafilatura's XML output ------------------------------------------------------------------


def _xml_text(element: etree._Element, *, skip: frozenset[str] = frozenset()) -> str:
    """Text of an output element; <lb/> becomes a space, children named in skip are left out."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag not in skip:
            parts.append(_xml_text(child, skip=skip))
        if child.tag == "lb":
            parts.append(" ")
        parts.append(child.tail or "")
    return "".join(parts)


def _table_block(rows: list[tuple[str, ...]]) -> RawBlock | None:
    """A table block from rows of cell texts (None when every cell is empty)."""
    rows = [r for r in rows if any(r)]
    if not rows:
        return None
    return RawBlock(kind="table", text="\n".join(CELL_SEPARATOR.join(r) for r in rows), cells=tuple(rows))


def _blocks_from_xml(element: etree._Element) -> Iterator[RawBlock]:
    """Blocks from trafilatura's XML tree (head, p, list/item, table/row/cell, quote, code)."""
    for child in element:
        tag = child.tag
        if tag == "head":
            text = _norm(_xml_text(child))
            if text:
                yield RawBlock(kind="heading", text=text)
        elif tag in ("p", "quote", "code"):
            if any(sub.tag in ("list", "table", "p", "head") for sub in child):
                lead = _norm(child.text or "")
                if lead:
                    yield RawBlock(kind="text", text=lead)
                yield from _blocks_from_xml(child)
                continue
            text = _norm(_xml_text(child))
            if text:
                yield RawBlock(kind="text", text=text)
        elif tag == "list":
            yield from _list_items(child)
        elif tag == "table":
            rows = [
                tuple(_norm(_xml_text(cell, skip=frozenset({"table"}))) for cell in row.iterchildren("cell"))
                for row in child.iter("row")
            ]
            block = _table_block(rows)
            if block is not None:
                yield block
        elif tag in ("graphic", "lb", "ref", "hi", "del"):
            continue
        else:
            yield from _blocks_from_xml(child)


def _list_items(element: etree._Element) -> Iterator[RawBlock]:
    """One "list" block per item of a trafilatura list, nested lists after their item."""
    for item in element.iterchildren("item"):
        text = _norm(_xml_text(item, skip=frozenset({"list"})))
        if text:
            yield RawBlock(kind="list", text=text)
        for sub in item.iterchildren("list"):
            yield from _list_items(sub)


def _trafilatura_blocks(root: etree._Element) -> list[RawBlock]:
    """Main-content blocks found by trafilatura in a copy of the parsed page ([] when it finds no main content).

    trafilatura is given the tree nexus parsed (with huge_tree), not the text: its own parse would drop deeply
    nested content."""
    import trafilatura

    xml = trafilatura.extract(
        copy.deepcopy(root), output_format="xml", include_tables=True, include_comments=False, include_formatting=False,
        include_links=False, include_images=False, deduplicate=False, favor_recall=True,
    )
    if not xml:
        return []
    try:
        tree = etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        LOG.warning("trafilatura returned unparsable XML (%s); using the lxml walker", exc)
        return []
    main = tree.find("main")
    return list(_blocks_from_xml(main if main is not None else tree))


# --- lxml fallback walker over the page --------------------------------------------------------


def _main_container(root: etree._Element) -> etree._Element:
    """The page's <main>/<article> when there is exactly one, else <body>."""
    found = root.xpath(MAIN_CONTAINER_XPATH)
    if len(found) == 1:
        return found[0]
    body = root.find("body")
    return body if body is not None else root


def _lxml_blocks(root: etree._Element) -> list[RawBlock]:
    """Blocks from the DOM itself, boilerplate elements removed (used when trafilatura finds nothing)."""
    for bad in list(root.iter(*BOILERPLATE_TAGS)):
        if bad.getparent() is not None:
            bad.drop_tree()
    return list(_walk_dom(_main_container(root)))


def _walk_dom(element: etree._Element) -> Iterator[RawBlock]:
    """Blocks of a DOM subtree in document order."""
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in HEADING_TAGS:
        text = _norm(element.text_content())
        if text:
            yield RawBlock(kind="heading", text=text)
        return
    if tag == "table":
        rows = [
            tuple(_norm(cell.text_content()) for cell in row.iterchildren("td", "th"))
            for row in element.iter("tr")
        ]
        block = _table_block(rows)
        if block is not None:
            yield block
        return
    kind = "list" if tag == "li" else "caption" if tag in CAPTION_TAGS else "text"
    has_blocks = any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in element)
    if tag in TEXT_TAGS | CAPTION_TAGS | {"li"} and not has_blocks:
        text = _norm(element.text_content())
        if text:
            yield RawBlock(kind=kind, text=text)
        return
    inline: list[str] = [element.text or ""]  # inline text between nested blocks forms one block
    for child in element:
        if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
            text = _norm("".join(inline))
            if text:
                yield RawBlock(kind=kind, text=text)
            inline = []
            yield from _walk_dom(child)
        elif isinstance(child.tag, str):
            inline.append(" " if child.tag == "br" else child.text_content())
        inline.append(child.tail or "")
    text = _norm("".join(inline))
    if text:
        yield RawBlock(kind=kind, text=text)


def extract_html(path: Path) -> Extracted:
    """Extract an HTML page: main content only, headings, paragraphs, list items and tables as blocks."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"cannot read HTML file {path.name}: {exc.strerror or exc}") from exc
    if not data.strip():
        raise ExtractionError(f"not an HTML document: {path.name} is empty")
    text, encoding, encoding_note = decode_html(data)
    root = _parse(text, path.name)
    title, from_h1 = _title(root)
    notes: list[str] = [encoding_note] if encoding_note else []
    if len(data) > MAIN_CONTENT_MAX_BYTES:
        blocks = _lxml_blocks(root)
        notes.append(f"html: page of {len(data) / 1e6:.0f} MB (over {MAIN_CONTENT_MAX_BYTES / 1e6:.0f} MB) read from "
                     "its markup without boilerplate, not by main-content detection")
    else:
        blocks = _trafilatura_blocks(root)
    if len(blocks) <= FLAT_RESULT_BLOCKS and len(data) <= MAIN_CONTENT_MAX_BYTES:
        # nothing, or trafilatura's flat baseline text of a short page: the page's own markup is a better guide
        dom_blocks = _lxml_blocks(root)
        if len(dom_blocks) > len(blocks):
            blocks = dom_blocks
            notes.append("html: no main content found by trafilatura; used the page markup without boilerplate")
    if from_h1 and blocks and not any(b.kind == "heading" and b.text == title for b in blocks):
        blocks.insert(0, RawBlock(kind="heading", text=title))  # trafilatura sometimes drops the article title
    if encoding not in ("utf-8", "utf-8-sig"):
        notes.append(f"encoding: {encoding}")
    page = RawPage(number=1, width=0.0, height=0.0, blocks=tuple(blocks))
    LOG.debug("extracted %s: %d blocks, encoding %s", path.name, len(blocks), encoding)
    return Extracted(pages=(page,), title=title, notes=tuple(notes))
