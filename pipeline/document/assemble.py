"""Extracted pages → a Document whose text every offset indexes."""
from __future__ import annotations

from collections.abc import Sequence

from pipeline.clean import clean_block, clean_paragraph
from pipeline.extract.base import Extracted
from pipeline.ids import hash_id
from pipeline.types import Block, Document, Page, RawBlock

BLOCK_SEPARATOR = "\n\n"
ROW_KINDS = frozenset({"table"})
"""Block kinds whose line breaks are structure (rows) and are kept."""


def clean_raw_block(block: RawBlock) -> str:
    """The cleaned text of one extracted block (tables keep one row per line).

    A block with line boxes was cleaned by its extractor (PDF, OCR) and its boxes index its text: it is kept
    as it is, so the character map back to the page stays exact.
    """
    if block.line_boxes:
        return block.text
    if block.kind in ROW_KINDS:
        return "\n".join(line for line in (clean_block(row) for row in block.text.split("\n")) if line)
    return clean_paragraph(block.text)


def clean_raw_cells(block: RawBlock) -> tuple[tuple[str, ...], ...] | None:
    """A table block's cells cleaned like its text (row by row, rows that clean to nothing dropped), so that every
    cell is found in the block's text; a block mapped to its page (PDF) keeps its cells as they are."""
    if block.cells is None or block.line_boxes or block.kind not in ROW_KINDS:
        return block.cells
    rows = block.text.split("\n")
    if len(rows) != len(block.cells):
        return block.cells
    return tuple(tuple(clean_block(c) for c in cells) for row, cells in zip(rows, block.cells) if clean_block(row))


def assemble(extracted: Extracted, *, doc_id: str, source: str, path: str, max_chars: int | None = None) -> Document:
    """Concatenate the cleaned blocks of every page, recording each block's and page's offsets."""
    parts: list[str] = []
    cursor = 0
    pages: list[Page] = []
    for raw_page in extracted.pages:
        blocks: list[Block] = []
        for index, raw in enumerate(raw_page.blocks):
            text = clean_raw_block(raw)
            if not text:
                continue
            if parts:
                parts.append(BLOCK_SEPARATOR)
                cursor += len(BLOCK_SEPARATOR)
            start = cursor
            parts.append(text)
            cursor += len(text)
            blocks.append(Block(
                doc_id=doc_id,
                block_id=hash_id(doc_id, raw_page.number, index, start),
                page=raw_page.number,
                kind=raw.kind,
                char_start=start,
                char_end=cursor,
                text=text,
                bbox=raw.bbox,
                source=raw.source,
                cells=clean_raw_cells(raw),
                line_boxes=raw.line_boxes,
                size=raw.size,
            ))
            if max_chars is not None and cursor > max_chars:
                break
        pages.append(Page(
            doc_id=doc_id, number=raw_page.number, width=raw_page.width, height=raw_page.height,
            char_start=blocks[0].char_start if blocks else cursor, char_end=cursor,
            blocks=tuple(blocks), furniture=raw_page.furniture, ocr=raw_page.ocr,
        ))
        if max_chars is not None and cursor > max_chars:
            break
    return Document(
        doc_id=doc_id, source=source, path=path, text="".join(parts), pages=tuple(pages),
        title=extracted.title, notes=extracted.notes,
    )


def page_at(pages: Sequence[Page], offset: int) -> int:
    """The 1-based number of the page holding a text offset (the last page before it for separators)."""
    lo, hi = 0, len(pages) - 1
    best = pages[0].number if pages else 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if pages[mid].char_start <= offset:
            best = pages[mid].number
            lo = mid + 1
        else:
            hi = mid - 1
    return best
