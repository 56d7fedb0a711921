"""Plain-text and Markdown extraction."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.errors import ExtractionError
from pipeline.extract.text import blocks_from_text, decode_bytes, extract_text
from tests.paths import SAMPLES



def _kinds(path: Path) -> list[tuple[int, str]]:
    return [(p.number, b.kind) for p in extract_text(path).pages for b in p.blocks]


def test_markdown_sample_headings_lists_and_order() -> None:
    extracted = extract_text(SAMPLES / "notes.md")
    blocks = [b for p in extracted.pages for b in p.blocks]
    assert extracted.title == "Field notes: migration data mission to Chisinau"
    assert [b.kind for b in blocks] == ["heading", "text", "heading", "list", "list", "list", "heading", "text"]
    assert blocks[3].text.startswith("IOM and UNDP will fund")  # bullet marker dropped
    assert "\n" not in blocks[1].text  # hard-wrapped lines joined
    assert blocks[1].text.endswith("indicator 10.7.1 for the first time.")


def test_cp1252_sample_with_form_feed_has_two_pages() -> None:
    extracted = extract_text(SAMPLES / "nota_remesas_es.txt")
    assert [p.number for p in extracted.pages] == [1, 2]
    assert extracted.pages[0].blocks[0].kind == "heading"
    assert "MÉXICO" in extracted.pages[0].blocks[0].text
    assert extracted.pages[1].blocks[0].text == "RECOMENDACIONES"
    assert "encoding: cp1252" in extracted.notes


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Türkiye — 10.7".encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + "Türkiye".encode("utf-8"), "utf-8-sig"),
        ("Türkiye".encode("utf-16"), "utf-16"),
        ("Türkiye".encode("utf-16-le"), "utf-16-le"),
        ("Côte d’Ivoire".encode("cp1252"), "cp1252"),
        (b"caf\xe9 \x81", "latin-1"),  # 0x81 is undefined in cp1252
    ],
)
def test_decode_bytes_detects_encoding(data: bytes, encoding: str) -> None:
    text, found = decode_bytes(data)
    assert found == encoding
    assert text.startswith(("Türkiye", "Côte", "café"))


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blob.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(ExtractionError, match="not a text file"):
        extract_text(path)


def test_missing_file_is_an_extraction_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="cannot read text file"):
        extract_text(tmp_path / "absent.txt")


def test_empty_file_gives_one_empty_page(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    extracted = extract_text(path)
    assert len(extracted.pages) == 1 and extracted.pages[0].blocks == ()
    assert any(n.startswith("empty") for n in extracted.notes)


def test_markdown_table_and_inline_markup(tmp_path: Path) -> None:
    path = tmp_path / "t.md"
    path.write_text(
        "# Title\nIntro with **bold** and a [link](http://x.org).\n\n"
        "| Country | Share |\n|---|---:|\n| Mexico | 10.7% |\n\n1. First item\n2. Second\n   continued\n",
        encoding="utf-8",
    )
    blocks = [b for p in extract_text(path).pages for b in p.blocks]
    assert [b.kind for b in blocks] == ["heading", "text", "table", "list", "list"]
    assert blocks[1].text == "Intro with bold and a link."
    assert blocks[2].cells == (("Country", "Share"), ("Mexico", "10.7%"))
    assert blocks[2].text == "Country | Share\nMexico | 10.7%"
    assert blocks[4].text == "2. Second continued"


def test_hash_is_not_a_heading_in_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("# of households receiving remittances rose.\n\nSecond paragraph, with\na wrapped line.\n")
    kinds = _kinds(path)
    assert kinds == [(1, "text"), (1, "text")]


def test_trailing_form_feed_opens_no_page() -> None:
    assert len(blocks_from_text("One.\f")) == 1
    assert len(blocks_from_text("One.\fTwo.\f\f")) == 3


CHARS = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\f -")


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet=CHARS, max_size=40), max_size=8))
@example(paragraphs=["\\"])  # a Markdown paragraph of only a hard-break backslash once became an empty block
@example(paragraphs=["[ a](b)"])  # link text with a leading space
def test_no_letters_or_digits_are_lost(paragraphs: list[str]) -> None:
    text = "\n\n".join(paragraphs)
    for markdown in (False, True):
        pages = blocks_from_text(text, markdown=markdown)
        produced = "".join(b.text for blocks in pages for b in blocks)
        if not markdown:
            assert [c for c in produced if c.isalnum()] == [c for c in text if c.isalnum()]
        assert all(b.text == b.text.strip() and b.text for blocks in pages for b in blocks)
