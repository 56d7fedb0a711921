"""Cleaners are pure str → str functions; one line joiner mends hyphenated words."""
from hypothesis import example, given, strategies as st

from pipeline.clean import (clean_block, clean_line, clean_paragraph, join_hyphenated, join_lines, join_lines_mapped,
                            normalize_characters, normalize_spaces, unwrap_lines)


def test_ligatures_and_odd_spaces() -> None:
    assert normalize_characters("e\ufb03cient \ufb01nance") == "efficient finance"
    assert normalize_spaces("a\u00a0\u00a0b\u2009c\t d") == "a b c d"


def test_clean_line_fixes_ligatures_spaces_and_invisible_characters() -> None:
    assert clean_line("e\ufb03cient \ufb01eld\u00a0of\u2009work") == "efficient field of work"
    assert clean_line("zero\u200bwidth\ufeff soft\u00adhyphen") == "zerowidth softhyphen"
    assert clean_line("develop\x02") == "develop-"  # pdfium's end-of-line hyphen
    assert clean_line("develop\ufffe ") == "develop-"
    assert clean_line("e\u200b\u0301 \uffff") == "\u00e9"  # composed after the invisible character goes
    assert clean_line("develop\u2010\u200b") == "develop-"  # a marker behind a zero-width character


@given(st.text(alphabet=st.sampled_from("a -\u00ad\u2010\u200b\x02\ufffe\u0301\ufb01\t")))
@example("\u2010\u200b")
def test_clean_line_is_idempotent(text: str) -> None:
    assert clean_line(clean_line(text)) == clean_line(text)


def test_join_lines_undoes_hyphenation_and_keeps_compounds() -> None:
    assert join_lines(["the develop-", "ment of policy"]) == "the development of policy"
    assert join_lines(["interna\u2010", "tional law"]) == "international law"
    assert join_lines(["a well-", "managed migration"]) == "a well-managed migration"
    assert join_lines(["UN-", "led process"]) == "UN-led process"
    assert join_lines(["Trace-", "Monkey"]) == "Trace-Monkey"
    assert join_lines(["SDG-", "10"]) == "SDG-10"
    assert join_lines(["2019-", "2020"]) == "2019- 2020"  # not after a whole word: an ordinary break
    assert join_lines(["two  ", "", "  lines"]) == "two lines"
    assert join_lines([]) == ""


def test_join_lines_capitalised_fragment_still_joins() -> None:
    assert join_lines(["Programming Lan-", "guages"]) == "Programming Languages"


def test_join_lines_mapped_gives_each_line_its_span_without_the_mended_hyphen() -> None:
    text, spans = join_lines_mapped(["the develop-", " ", "ment of", "well-", "managed"], "abcde")
    assert text == "the development of well-managed"
    assert spans == [(0, 11, "a"), (11, 18, "c"), (19, 24, "d"), (24, 31, "e")]


@given(st.lists(st.from_regex(r"[a-z]{1,8}( [a-z]{1,8}){0,4}", fullmatch=True), min_size=1, max_size=8))
def test_join_lines_without_hyphens_is_a_plain_space_join(lines: list[str]) -> None:
    assert join_lines(lines) == " ".join(lines)


def test_hyphen_joining_in_blocks_follows_the_line_joiner() -> None:
    assert join_hyphenated("develop-\nment") == "development"
    assert join_hyphenated("SDG-\n10") == "SDG-10"
    assert join_hyphenated("2019-\n2020") == "2019-\n2020"
    assert join_hyphenated("well-\nmanaged") == "well-managed"
    assert clean_paragraph("interna-\ntional mi-\ngrants and\nremittances") == "international migrants and remittances"
    assert clean_paragraph("develop\u00ad\nment") == "development"


def test_unwrap_keeps_paragraph_breaks() -> None:
    assert unwrap_lines("a\nb\n\nc") == "a b\n\nc"


def test_block_cleaner_drops_zero_width_and_controls() -> None:
    assert clean_block("mi\u00adgra\u200btion\x07") == "migration"


@given(st.text())
@example("e\u200b\u0301")
def test_cleaners_are_idempotent_and_total(text: str) -> None:
    once = clean_paragraph(text)
    assert clean_paragraph(once) == once
    assert clean_block(clean_block(text)) == clean_block(text)


def test_ex_is_a_prefix_only_before_its_compounds() -> None:
    text, _ = join_lines_mapped(["data ex-", "tracted for the ex-", "post evaluation of ex-", "combatants"], "abcd")
    assert text == "data extracted for the ex-post evaluation of ex-combatants"
    assert join_hyphenated("was ex-\npected") == "was expected"


def test_clip_words_cuts_at_a_word_and_marks_the_cut() -> None:
    from pipeline.clean import clip_words

    assert clip_words("Facilitate orderly, safe, regular migration", 20) == "Facilitate orderly, …"
    assert clip_words("Short title", 20) == "Short title"
