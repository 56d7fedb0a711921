"""Units: sentences rebuilt across page breaks and furniture, table rows rebuilt from their lines with headers."""
import pytest

from pipeline.link.units import build_units, is_furniture
from tests.link.helpers import TinyDoc


def test_furniture_is_never_part_of_a_unit() -> None:
    for text in ("24-24338", "23-25978 (E) 100124", "*2424338*", "3/10", "Page 3 of 10", "__________"):
        assert is_furniture(text), text
    for text in ("24 States adopted it.", "10.7", "Target 10.7"):
        assert not is_furniture(text), text


def test_a_sentence_cut_by_a_page_break_is_rebuilt_past_footnotes_and_job_numbers() -> None:
    d = TinyDoc()
    d.add("Recalling the targets on violence against women, including trafficking and other types of", page=1,
          block="p1")
    d.add("__________________ 1 Resolution 70/1.", page=1, block="fn1")
    d.add("23-25978", page=1, block="f1")
    d.add("*2325978*", kind="heading", page=2, block="f2")
    d.add("exploitation, and on ending trafficking of children,", page=2, block="p2")
    d.add("Welcoming the report of the Secretary-General,", page=2, block="p3")
    units = build_units(d.sentences)
    texts = [u.text for u in units]
    assert ("Recalling the targets on violence against women, including trafficking and other types of "
            "exploitation, and on ending trafficking of children,") in texts
    assert not any("23-25978" in t or "2325978" in t for t in texts)
    joined = next(u for u in units if len(u.sentences) == 2)
    for start, end, at in joined.pieces:  # every piece is verbatim document text
        sentence = next(s for s in d.sentences if s.char_start <= start < s.char_end)
        assert joined.text[at:at + end - start] == sentence.text[start - sentence.char_start:end - sentence.char_start]
    assert joined.position(d.sentences[4].char_start) == d.sentences[0].char_end - d.sentences[0].char_start + 1


def test_a_closed_sentence_or_an_upper_case_next_piece_is_not_joined() -> None:
    d = TinyDoc()
    d.add("The project ended in 2022.", page=1, block="p1")
    d.add("exploitation remained a concern.", page=2, block="p2")
    d.add("The evaluation covered three countries and", page=2, block="p3")
    d.add("Annex 2 lists them.", page=3, block="p4")
    assert len(build_units(d.sentences)) == 4


def test_table_lines_are_rebuilt_into_rows_quoted_with_their_headers() -> None:
    d = TinyDoc()
    lines = ["Criterion | Evaluation Question | Data Source",
             "| To what extent were the needs of | Desk Review",
             "| stakeholders taken into account? | KII- Partners",
             "| Internal coherence: To what extent the project's interventions | Desk Review",
             "Coherence | correspond to SDG's target 10.7, the Global |",
             "| Compact for Migration, and other treaties? |"]
    for line in lines:
        d.add(line, kind="table", block="t")
    rows = build_units(d.sentences)
    assert [r.text for r in rows] == [
        "Criterion | Evaluation Question | Data Source",
        " | To what extent were the needs of stakeholders taken into account? | Desk Review KII- Partners",
        "Coherence | Internal coherence: To what extent the project's interventions correspond to SDG's target 10.7, "
        "the Global Compact for Migration, and other treaties? | Desk Review"]
    assert rows[0].headers == "" and rows[1].headers == rows[2].headers == "Criterion | Evaluation Question | Data Source"


def test_single_line_rows_of_a_data_table_stay_apart() -> None:
    d = TinyDoc()
    for line in ["Indicator | 2019 | 2020", "Indicator 10.7.2 | 45 | 47", "Indicator 10.7.4 | 3 | 4"]:
        d.add(line, kind="table", block="t")
    assert [r.text for r in build_units(d.sentences)] == [
        "Indicator | 2019 | 2020", "Indicator 10.7.2 | 45 | 47", "Indicator 10.7.4 | 3 | 4"]


def test_units_can_be_built_for_some_blocks_only() -> None:
    d = TinyDoc()
    d.add("The first block ends without a stop and", page=1)
    d.add("goes on in the second block.", page=2)
    d.add("A third block stands alone.", page=2)
    blocks = {s.block_id for s in d.sentences}
    first = d.sentences[0].block_id
    whole = build_units(d.sentences)
    some = build_units(d.sentences, blocks={first})
    assert len(blocks) == 3 and [u.text for u in some] == [whole[0].text]
    assert whole[0].text == "The first block ends without a stop and goes on in the second block."


PAGE_BREAKS = [
    # a comma at a page end goes on into a lower-case piece; preambular paragraphs (capitals) stand alone
    (["Encourages all States to reduce transaction costs and to consider, as appropriate,",
      "the adoption of diaspora investment schemes.", "Recalling its resolution 78/217,",
      "Noting the report of the Secretary-General,"],
     ["Encourages all States to reduce transaction costs and to consider, as appropriate, the adoption of diaspora "
      "investment schemes.", "Recalling its resolution 78/217,", "Noting the report of the Secretary-General,"]),
    # a name cut after its article goes on in capitals; a piece stopping on a plain word does not
    (["The project supported the implementation of the National", "Plan to Combat Trafficking in Persons (2015).",
      "The evaluation found good results", "Recommendations follow."],
     ["The project supported the implementation of the National Plan to Combat Trafficking in Persons (2015).",
      "The evaluation found good results", "Recommendations follow."]),
]


@pytest.mark.parametrize(("pieces", "expected"), PAGE_BREAKS)
def test_sentences_go_on_across_a_page_break(pieces: list[str], expected: list[str]) -> None:
    d = TinyDoc()
    for page, text in zip((1, 2, 2, 3), pieces):
        d.add(text, page=page)
    assert [u.text for u in build_units(d.sentences)] == expected
