"""Sentences keep exact offsets into the document text."""
from hypothesis import given, settings, strategies as st

from pipeline.document.assemble import assemble
from pipeline.extract.base import Extracted
from pipeline.document.segment import segment, split_sentences
from pipeline.types import RawBlock, RawPage


def _doc(blocks_per_page):
    pages = tuple(RawPage(number=i + 1, width=600, height=800, blocks=tuple(blocks))
                  for i, blocks in enumerate(blocks_per_page))
    return assemble(Extracted(pages=pages), doc_id="d" * 16, source="x.pdf", path="x.pdf")


def test_abbreviations_do_not_split() -> None:
    text = "The IOM (e.g. in Mr. Smith's view) works. It is here. U.S. policy changed. 1. First item."
    assert [text[a:b] for a, b in split_sentences(text)] == [
        "The IOM (e.g. in Mr. Smith's view) works.", "It is here.", "U.S. policy changed.", "1. First item."]


def test_sections_pages_and_table_rows() -> None:
    doc = _doc([[RawBlock("heading", "Goal 10: Reduced inequalities"),
                 RawBlock("text", "Remittances matter. Costs fell.")],
                [RawBlock("table", "Indicator | Value\n10.c.1 | 6.2%")]])
    sents = segment(doc)
    assert [s.text for s in sents] == ["Goal 10: Reduced inequalities", "Remittances matter.", "Costs fell.",
                                       "Indicator | Value", "10.c.1 | 6.2%"]
    assert {s.section for s in sents} == {"Goal 10: Reduced inequalities"}
    assert [s.page for s in sents] == [1, 1, 1, 2, 2]
    for s in sents:
        assert doc.text[s.char_start:s.char_end] == s.text


block_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=200)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(["text", "heading", "table", "callout", "footnote"]), block_text),
                         max_size=4), min_size=1, max_size=4))
def test_offsets_slice_to_text(pages) -> None:
    doc = _doc([[RawBlock(kind, text) for kind, text in blocks] for blocks in pages])
    for page in doc.pages:
        for b in page.blocks:
            assert doc.text[b.char_start:b.char_end] == b.text
            assert page.char_start <= b.char_start <= b.char_end <= page.char_end
    for s in segment(doc):
        assert doc.text[s.char_start:s.char_end] == s.text
        assert s.text.strip() == s.text and s.text
