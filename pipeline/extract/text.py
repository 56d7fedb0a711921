"""Plain-text and Markdown extraction: paragraphs, '#' headings, lists, pipe tables, form-feed pages."""
from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from pipeline.clean import join_lines
from pipeline.errors import ExtractionError
from pipeline.extract.base import Extracted
from pipeline.types import RawBlock, RawPage

LOG = logging.getLogger(__name__)

MARKDOWN_SUFFIXES: frozenset[str] = frozenset({".md", ".markdown", ".mdown", ".mkd"})
TEXT_SUFFIXES: frozenset[str] = frozenset({".txt", ".text"}) | MARKDOWN_SUFFIXES
FALLBACK_ENCODINGS: tuple[str, ...] = ("utf-8", "cp1252")
LAST_RESORT_ENCODING = "latin-1"
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
UTF16_NUL_SHARE = 0.3  # BOM-less UTF-16: at least this share of even or odd bytes are NUL
SNIFF_BYTES = 4096
CELL_SEPARATOR = " | "
PAGE_BREAK = "\f"
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
ATX_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
SETEXT_UNDERLINE_RE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
LIST_ITEM_RE = re.compile(r"^[ \t]*(?:[-*+•]|\d{1,3}[.)])[ \t]+")
BULLET_RE = re.compile(r"^[ \t]*[-*+•][ \t]+")  # bullets are dropped, numbers like "1." are kept
TABLE_ROW_RE = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
TABLE_RULE_RE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MD_EMPHASIS_RE = re.compile(r"(\*\*|__|\*|`)(?=\S)(.+?)(?<=\S)\1")
MD_HARD_BREAK_RE = re.compile(r"(?:  |\\)$")
TXT_HEADING_MAX_WORDS = 12
TXT_HEADING_END_PUNCT = ".,;:!?)\"'”’"


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode text bytes: BOM first, then BOM-less UTF-16, UTF-8, cp1252, latin-1; returns (text, encoding)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ExtractionError(
                    f"not a text file: {encoding} byte-order mark but undecodable bytes ({exc.reason})"
                ) from exc
    sniff = data[:SNIFF_BYTES]
    if sniff and b"\x00" in sniff:
        even, odd = sniff[0::2], sniff[1::2]
        shares = ((odd.count(0) / max(len(odd), 1), "utf-16-le"), (even.count(0) / max(len(even), 1), "utf-16-be"))
        for share, encoding in shares:
            if share >= UTF16_NUL_SHARE:
                try:
                    return data.decode(encoding), encoding
                except UnicodeDecodeError:
                    break
        raise ExtractionError("not a text file: binary content (NUL bytes) and no UTF-16 byte-order mark")
    for encoding in FALLBACK_ENCODINGS:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode(LAST_RESORT_ENCODING), LAST_RESORT_ENCODING


def _clean_markdown_inline(text: str) -> str:
    """Drop Markdown inline markup: links keep their text, emphasis and code marks go."""
    text = MD_LINK_RE.sub(r"\1", text)
    previous = None
    while previous != text:
        previous, text = text, MD_EMPHASIS_RE.sub(r"\2", text)
    return text


def _table_block(lines: list[str], *, markdown: bool) -> RawBlock:
    """A pipe table: rows of cells, the rule line under the header dropped."""
    rows: list[tuple[str, ...]] = []
    for line in lines:
        if TABLE_RULE_RE.match(line):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if markdown:
            cells = [_clean_markdown_inline(c) for c in cells]
        rows.append(tuple(cells))
    return RawBlock(kind="table", text="\n".join(CELL_SEPARATOR.join(r) for r in rows), cells=tuple(rows))


def _is_txt_heading(lines: list[str]) -> bool:
    """A plain-text heading: one short line without closing punctuation that starts with a capital or number."""
    if len(lines) != 1:
        return False
    line = lines[0].strip()
    words = line.split()
    return (
        0 < len(words) <= TXT_HEADING_MAX_WORDS
        and line[-1] not in TXT_HEADING_END_PUNCT
        and (line[0].isupper() or line[0].isdigit())
        and not LIST_ITEM_RE.match(line)
    )


def _paragraph_blocks(chunk: str, *, markdown: bool) -> list[RawBlock]:
    """Blocks of one blank-line-separated chunk."""
    lines = [line.rstrip() for line in chunk.split("\n") if line.strip()]
    if not lines:
        return []
    blocks: list[RawBlock] = []
    if markdown:
        # ATX headings may sit directly above their paragraph; setext underlines follow one line
        if len(lines) >= 2 and SETEXT_UNDERLINE_RE.match(lines[1]) and not LIST_ITEM_RE.match(lines[0]):
            blocks.extend(_text_block("heading", _clean_markdown_inline(lines[0].strip())))
            lines = lines[2:]
        while lines and (m := ATX_HEADING_RE.match(lines[0])):
            blocks.extend(_text_block("heading", _clean_markdown_inline(m.group(2).strip())))
            lines = lines[1:]
        if not lines:
            return blocks
    if all(TABLE_ROW_RE.match(line) or TABLE_RULE_RE.match(line) for line in lines) and TABLE_ROW_RE.match(lines[0]):
        return blocks + [_table_block(lines, markdown=markdown)]
    if LIST_ITEM_RE.match(lines[0]):
        return blocks + _list_blocks(lines, markdown=markdown)
    if not markdown and _is_txt_heading(lines):
        return blocks + [RawBlock(kind="heading", text=lines[0].strip())]
    text = join_lines(lines)
    if markdown:
        text = _clean_markdown_inline(MD_HARD_BREAK_RE.sub("", text))
    return blocks + _text_block("text", text)


def _list_blocks(lines: list[str], *, markdown: bool) -> list[RawBlock]:
    """One "list" block per item; continuation lines join their item."""
    items: list[list[str]] = []
    for line in lines:
        if LIST_ITEM_RE.match(line) or not items:
            items.append([BULLET_RE.sub("", line, count=1)])
        else:
            items[-1].append(line)
    out = []
    for item in items:
        text = join_lines(item)
        out.extend(_text_block("list", _clean_markdown_inline(text) if markdown else text))
    return out


def _text_block(kind: str, text: str) -> list[RawBlock]:
    """A block of the given kind holding `text` trimmed, or none when nothing is left (a paragraph of markup)."""
    text = text.strip()
    return [RawBlock(kind=kind, text=text)] if text else []


def blocks_from_text(text: str, *, markdown: bool = False) -> list[list[RawBlock]]:
    """Split decoded text into pages (form feeds) of blocks (blank-line paragraphs)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages: list[list[RawBlock]] = []
    for page_text in text.split(PAGE_BREAK):
        blocks: list[RawBlock] = []
        for chunk in BLANK_LINE_RE.split(page_text):
            blocks.extend(_paragraph_blocks(chunk, markdown=markdown))
        pages.append(blocks)
    if len(pages) > 1 and not pages[-1]:
        pages.pop()  # a final form feed ends the last page; it does not open a new one
    return pages


def extract_text(path: Path) -> Extracted:
    """Extract a .txt or .md file: blank-line paragraphs, Markdown headings, form feeds as page breaks."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractionError(f"cannot read text file {path.name}: {exc.strerror or exc}") from exc
    try:
        text, encoding = decode_bytes(data)
    except ExtractionError as exc:
        raise ExtractionError(f"{exc} in {path.name}") from exc
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    page_blocks = blocks_from_text(text, markdown=markdown)
    pages = tuple(
        RawPage(number=i, width=0.0, height=0.0, blocks=tuple(blocks)) for i, blocks in enumerate(page_blocks, start=1)
    )
    notes: list[str] = []
    if not text.strip():
        notes.append("empty: the file has no text")
    if encoding == LAST_RESORT_ENCODING:
        notes.append(f"encoding: not UTF-8 or cp1252, decoded as {LAST_RESORT_ENCODING}")
    elif encoding not in ("utf-8",):
        notes.append(f"encoding: {encoding}")
    title = next((b.text for p in pages for b in p.blocks if b.kind == "heading"), "")
    LOG.debug("extracted %s: %d pages, encoding %s", path.name, len(pages), encoding)
    return Extracted(pages=pages, title=title, notes=tuple(notes))
