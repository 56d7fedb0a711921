"""assemble(): cleaned blocks joined into one text whose offsets every later stage uses."""
from __future__ import annotations

import pytest

from pipeline.document.assemble import BLOCK_SEPARATOR, assemble
from pipeline.extract import extract
from pipeline.extract.base import Extracted
from pipeline.types import RawBlock, RawPage
from tests.paths import SAMPLES

BOX = (10.0, 20.0, 110.0, 30.0)


def _assembled(*blocks: RawBlock):
    return assemble(Extracted(pages=(RawPage(1, 600.0, 800.0, blocks),)), doc_id="d", source="s", path="p")


def test_blocks_without_line_boxes_are_cleaned_and_unwrapped() -> None:
    document = _assembled(RawBlock("text", "e\ufb03cient  devel-\nopment\u200b"), RawBlock("table", "a |  | b\n\nc"))
    assert document.text == "efficient development" + BLOCK_SEPARATOR + "a | | b\nc"


def test_blocks_with_line_boxes_keep_their_final_text_and_boxes() -> None:
    raw = RawBlock("text", "already  final\ufb01", BOX, line_boxes=((0, 15, BOX),))
    block = _assembled(RawBlock("text", "first"), raw).blocks[1]
    assert block.text == raw.text and block.line_boxes == raw.line_boxes
    assert block.char_start == len("first" + BLOCK_SEPARATOR)


def test_empty_blocks_are_dropped() -> None:
    document = _assembled(RawBlock("text", " \u200b "), RawBlock("text", "kept"))
    assert document.text == "kept" and [b.char_start for b in document.blocks] == [0]


@pytest.mark.parametrize("name", ["egm_migration_sdg_meeting_report.pdf", "progress_report_labour_mobility.pdf"])
def test_pdf_blocks_index_the_text_and_their_line_boxes_cover_it(name: str) -> None:
    path = SAMPLES / name
    document = assemble(extract(path), doc_id="d", source=name, path=str(path))
    for page in document.pages:
        for block in page.blocks:
            assert document.text[block.char_start:block.char_end] == block.text
            assert block.line_boxes, f"page {page.number}: no line boxes for {block.text[:40]!r}"
            end = 0
            for start, stop, (x0, top, x1, bottom) in block.line_boxes:
                assert end <= start < stop <= len(block.text)
                assert 0 <= x0 <= x1 <= page.width and 0 <= top <= bottom <= page.height
                end = stop
            covered = {i for start, stop, _ in block.line_boxes for i in range(start, stop)}
            uncovered = {c for i, c in enumerate(block.text) if i not in covered}
            assert uncovered <= set(" \n|" if block.kind == "table" else " ")  # every character of the text is mapped


def test_text_formats_have_no_line_boxes() -> None:
    for name in ("notes.md", "nota_remesas_es.txt", "gcm_review_brief.html", "vnr_excerpt_remittances.docx"):
        path = SAMPLES / name
        document = assemble(extract(path), doc_id="d", source=name, path=str(path))
        assert document.blocks and all(not b.line_boxes for b in document.blocks)
