"""Cleaners are pure str → str functions."""
from hypothesis import given, strategies as st

from pipeline.clean import (clean_block, clean_paragraph, join_hyphenated, normalize_spaces, replace_ligatures,
                            unwrap_lines)


def test_ligatures_and_odd_spaces() -> None:
    assert replace_ligatures("e\ufb03cient \ufb01nance") == "efficient finance"
    assert normalize_spaces("a\u00a0\u00a0b\u2009c\t d") == "a b c d"


def test_hyphen_joining_only_lowercase_breaks() -> None:
    assert join_hyphenated("develop-\nment") == "development"
    assert join_hyphenated("SDG-\n10") == "SDG-\n10"
    assert clean_paragraph("inter-\nnational mi-\ngrants and\nremittances") == "international migrants and remittances"


def test_unwrap_keeps_paragraph_breaks() -> None:
    assert unwrap_lines("a\nb\n\nc") == "a b\n\nc"


def test_block_cleaner_drops_zero_width_and_controls() -> None:
    assert clean_block("mi\u00adgra\u200btion\x07") == "migration"


@given(st.text())
def test_cleaners_are_idempotent_and_total(text: str) -> None:
    once = clean_paragraph(text)
    assert clean_paragraph(once) == once
    assert clean_block(clean_block(text)) == clean_block(text)
