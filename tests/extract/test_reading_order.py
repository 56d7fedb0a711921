"""Page order on synthetic units: bands of columns, band headings, run-on sentences, boxes, rotated lines."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.layout.cues import ends_mid_sentence, ends_sentence, is_label, starts_lowercase
from pipeline.extract.layout.lines import TextLine, Unit, margin_notes, merge_fragments
from pipeline.extract.layout.order import line_order, page_order

SIZE = 10.0
PITCH = 12.0
HEADING = 14.0


def _line(text: str, x0: float, top: float, x1: float, *, size: float = SIZE, bold: bool = False) -> TextLine:
    return TextLine(text, (x0, top, x1, top + size * 0.8), size, bold)


def _unit(line: TextLine) -> Unit:
    return Unit(line.bbox, (line,))


def _box(lines: list[TextLine], pad: float = 6.0) -> Unit:
    x0 = min(ln.bbox[0] for ln in lines) - pad
    top = min(ln.bbox[1] for ln in lines) - pad
    x1 = max(ln.bbox[2] for ln in lines) + pad
    bottom = max(ln.bbox[3] for ln in lines) + pad
    return Unit((x0, top, x1, bottom), tuple(lines), kind="callout")


def _column(words: list[str], x0: float, x1: float, top: float) -> list[TextLine]:
    """One line per word list entry, the text of each line its entry."""
    return [_line(w, x0, top + i * PITCH, x1) for i, w in enumerate(words)]


def _read(units: list[Unit]) -> list[str]:
    """The page order of `units` as the first line text of each unit."""
    return [units[i].lines[0].text for leaf in page_order(units) for i in leaf]


def _body(prefix: str, n: int, *, last: str = ".") -> list[str]:
    """n lines of running text: lower-case continuations ending mid-sentence, the last one ending in `last`."""
    return [f"{'T' if k == 0 else 't'}ext {prefix}{k} of the band and" if k < n - 1 else f"end of {prefix}{k}{last}"
            for k in range(n)]


THREE = ((40.0, 190.0), (210.0, 360.0), (380.0, 530.0))


def _band(prefix: str, top: float, n: int, columns: tuple[tuple[float, float], ...] = THREE) -> list[TextLine]:
    """A band of balanced columns of n lines each; text runs on from each column into the next."""
    out: list[TextLine] = []
    for c, (x0, x1) in enumerate(columns):
        words = [f"{'T' if c == 0 and k == 0 else 't'}ext {prefix}{c}.{k} runs on and" for k in range(n)]
        if c == len(columns) - 1:
            words[-1] = f"end of {prefix}{c}.{n - 1}."
        out += _column(words, x0, x1, top)
    return out


def _texts(lines: list[TextLine]) -> list[str]:
    return [ln.text for ln in lines]


# ---------------------------------------------------------------- bands under headings


def test_short_band_headings_cut_three_columns_into_bands() -> None:
    first = _band("a", 60, 6)
    second = _band("b", 60 + 6 * PITCH + 40, 6)
    heading_a = _line("Remittances", 40, 40, 120, size=HEADING, bold=True)
    heading_b = _line("Labour mobility", 40, 60 + 6 * PITCH + 16, 140, size=HEADING, bold=True)
    lines = [heading_a, *first, heading_b, *second]
    drawn_row_by_row = sorted(lines, key=lambda ln: (ln.bbox[1], ln.bbox[0]))
    assert _read([_unit(ln) for ln in drawn_row_by_row]) == _texts(lines)


def test_a_heading_with_text_beside_it_stays_in_its_column() -> None:
    left = _column(_body("l", 4) + ["Findings"] + _body("m", 4), 50, 290, 60)
    left[4] = _line("Findings", 50, 60 + 4 * PITCH, 120, bold=True)
    right = _column([f"right line {k} runs on and" for k in range(9)], 310, 550, 60)
    assert _read([_unit(ln) for ln in left + right]) == _texts(left + right)


def test_a_section_starting_at_the_foot_of_a_column_is_not_a_band() -> None:
    left = _column(_body("l", 6), 50, 290, 60)
    heading = _line("Can we do it?", 50, 60 + 7 * PITCH, 150, size=HEADING, bold=True)
    tail = _column(["It can, and it", "must be done"], 50, 290, 60 + 9 * PITCH)
    right = _column(["of dignity for all and", "policies need to be", "universal for all", "the rest of it."], 310, 550, 60)
    lines = [*left, heading, *tail, *right]
    assert _read([_unit(ln) for ln in lines]) == _texts(lines)


def test_a_heading_left_at_the_foot_of_the_columns_goes_with_what_follows() -> None:
    band = _band("a", 60, 5)
    heading = _line("Outlook", 40, 60 + 5 * PITCH + 10, 100, size=HEADING, bold=True)
    closing = _line("A closing paragraph across the whole page.", 40, 60 + 7 * PITCH + 10, 530)
    lines = [*band, heading, closing]
    assert _read([_unit(ln) for ln in lines]) == _texts(lines)


def test_a_sentence_running_on_across_columns_closes_the_band_above_a_band_gap() -> None:
    two = ((50.0, 290.0), (310.0, 550.0))
    upper = _band("u", 60, 5, two)
    lower_top = 60 + 5 * PITCH + 30
    lower = _band("w", lower_top, 4, two)
    lines = [*upper, *lower]
    assert _read([_unit(ln) for ln in sorted(lines, key=lambda ln: ln.bbox[1])]) == _texts(lines)


def test_two_columns_each_opening_a_section_at_one_height_are_not_a_band() -> None:
    left = _column(_body("l", 4), 50, 290, 60)
    left_heading = _line("6.3 Trace Recording", 50, 60 + 4 * PITCH + 8, 160, size=HEADING, bold=True)
    left_tail = _column(_body("m", 4), 50, 290, 60 + 6 * PITCH + 8)
    right = _column(_body("r", 4), 310, 550, 60)
    right_heading = _line("6.4 Preemption", 310, 60 + 6 * PITCH + 8, 400, size=HEADING, bold=True)  # level with
    right_tail = _column(_body("s", 3), 310, 550, 60 + 8 * PITCH + 8)  # the left column's text, under its heading
    lines = [*left, left_heading, *left_tail, *right, right_heading, *right_tail]
    assert _read([_unit(ln) for ln in lines]) == _texts(lines)


def test_paragraph_gaps_that_line_up_do_not_cut_flowing_columns() -> None:
    left = _column(_body("l", 4) + _body("m", 4), 50, 290, 60)
    right = _column(_body("r", 4) + _body("s", 4), 310, 550, 60)
    for k in range(4, 8):  # both columns leave one paragraph gap at the same height
        left[k] = _line(left[k].text, 50, 60 + k * PITCH + 6, 290)
        right[k] = _line(right[k].text, 310, 60 + k * PITCH + 6, 550)
    lines = left + right
    assert _read([_unit(ln) for ln in lines]) == _texts(lines)


def test_column_count_changing_mid_page_reads_each_band_in_turn() -> None:
    two = _band("a", 60, 4, ((50.0, 290.0), (310.0, 550.0)))
    three = _band("b", 60 + 4 * PITCH + 14, 4, ((50.0, 210.0), (230.0, 390.0), (410.0, 550.0)))
    lines = [*two, *three]
    assert _read([_unit(ln) for ln in sorted(lines, key=lambda ln: ln.bbox[1])]) == _texts(lines)


# ---------------------------------------------------------------- boxes


def test_a_box_that_interrupts_a_sentence_is_read_after_its_paragraph() -> None:
    left = _column(_body("l", 6), 50, 290, 60)
    above = _column(["which were", "suspended for five"], 310, 550, 60)
    box = _box(_column(["Project information", "Budget: USD 2,450,000"], 320, 540, 60 + 2 * PITCH + 10))
    below = _column(["months and resumed.", "A new paragraph starts", "here and ends."], 310, 550, 60 + 5 * PITCH + 10)
    below[0] = _line("months and resumed.", 310, below[0].bbox[1], 420)  # a paragraph's short last line
    units = [*map(_unit, left + above), box, *map(_unit, below)]
    expected = _texts(left + above) + ["months and resumed.", "Project information", "A new paragraph starts",
                                       "here and ends."]
    assert _read(units) == expected


def test_a_box_between_finished_paragraphs_stays_in_place() -> None:
    above = _column(_body("a", 3), 50, 290, 60)
    box = _box(_column(["Key messages", "Data matter."], 60, 280, 60 + 3 * PITCH + 10))
    below = _column(["New section starts here", "and ends."], 50, 290, 60 + 7 * PITCH)
    units = [*map(_unit, above), box, *map(_unit, below)]
    assert _read(units) == [*_texts(above), "Key messages", *_texts(below)]


def test_a_box_opening_a_column_after_a_run_on_sentence_goes_after_the_text() -> None:
    left = _column(["The objective is to", "ensure that"], 50, 280, 60)
    box = _box(_column(["Project information:", "Donor: Canada"], 300, 540, 66))
    right = _column(["the borders are secured.", "More text follows", "to the end."], 290, 550, 60 + 4 * PITCH)
    right[0] = _line("the borders are secured.", 290, right[0].bbox[1], 420)
    units = [*map(_unit, left), box, *map(_unit, right)]
    assert _read(units) == [*_texts(left), "the borders are secured.", "Project information:", "More text follows",
                            "to the end."]


def test_a_table_under_its_caption_is_not_moved() -> None:
    intro = _column(_body("i", 3), 50, 550, 60)
    caption = _line("Table 4. Planned budget and expenditures by output and outcome of the project in", 50,
                    60 + 3 * PITCH + 6, 550)
    table = Unit((50, 110, 550, 200), (_line("Output 1.1 | 479 263", 55, 115, 300),), kind="table")
    after = _column(["3.5. This performance is confirmed by", "the respondents and ends here."], 50, 550, 210)
    units = [*map(_unit, [*intro, caption]), table, *map(_unit, after)]
    assert _read(units) == [*_texts(intro), caption.text, "Output 1.1 | 479 263", *_texts(after)]


def test_a_box_whose_sentence_goes_on_under_it_keeps_its_place() -> None:
    above = _column(_body("a", 3), 50, 550, 60)
    finding = _box([_line("Finding 1. The project was endorsed as aligned to urgent", 60, 106, 540)], pad=4)
    rest = _column(["national priorities of both countries.", "Another paragraph follows", "and ends."],
                   50, 550, finding.bbox[3] + 2)
    units = [*map(_unit, above), finding, *map(_unit, rest)]
    assert _read(units) == [*_texts(above), finding.lines[0].text, *_texts(rest)]


def test_panels_side_by_side_are_read_before_the_band_below_even_when_staggered() -> None:
    panel_left = _box(_column(["Summary of the brief", "Evaluation type: final"], 40, 280, 60))
    panel_right = _box(_column(["Evaluation purpose: to assess", "relevance and impact.", "Criteria: all."], 300, 550, 60))
    heading = _line("PROJECT SUMMARY", 40, 60 + 3 * PITCH + 20, 150, size=HEADING, bold=True)
    left = _column(["Border security remains", "a priority of the", "whole region."], 40, 280, 60 + 5 * PITCH + 10)
    right = _column(["Funded by Canada, the", "project ran for", "three years."], 300, 550, 60 + 5 * PITCH + 10)
    units = [panel_right, panel_left, *map(_unit, [heading, *left, *right])]
    assert _read(units) == ["Summary of the brief", "Evaluation purpose: to assess", "PROJECT SUMMARY",
                            *_texts(left), *_texts(right)]


def test_rotated_lines_are_read_after_the_body() -> None:
    credit = TextLine("Photo credit", (20, 40, 26, 140), 6.0)  # left of and above the text
    body = _column(_body("b", 3), 50, 290, 60)
    assert _read([_unit(credit), *map(_unit, body)]) == [*_texts(body), "Photo credit"]


units_strategy = st.lists(
    st.tuples(st.floats(0, 500), st.floats(0, 700), st.floats(2, 200), st.floats(2, 40), st.booleans(), st.booleans()),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(units_strategy)
def test_page_order_never_loses_or_duplicates_a_unit(specs: list[tuple[float, float, float, float, bool, bool]]) -> None:
    units = []
    for k, (x, y, w, h, boxed, bold) in enumerate(specs):
        line = TextLine(f"line {k} text" if k % 3 else f"Line {k}.", (x, y, x + w, y + min(h, 12)), SIZE, bold)
        units.append(Unit((x, y, x + w, y + h), (line,), kind="callout" if boxed else "line"))
    flat = [i for leaf in page_order(units) for i in leaf]
    assert sorted(flat) == list(range(len(units)))


# ---------------------------------------------------------------- cues and lines


def test_sentence_cues() -> None:
    assert ends_mid_sentence("the target 10.1") and ends_mid_sentence("women,") and ends_mid_sentence("see (a)")
    assert not ends_mid_sentence("as follows:") and not ends_mid_sentence("below 3 per cent.12")
    assert ends_sentence("the end.”") and ends_sentence("“quoted.”1") and not ends_sentence("in 2023")
    assert starts_lowercase("“the borders") and not starts_lowercase("2. Increased") and not starts_lowercase("The")
    assert not starts_lowercase("a Includes one post") and not starts_lowercase("b) The second")
    assert is_label("Project period:") and not is_label("The evaluation used a mix of methods as follows:")


def test_label_value_rows_of_similar_widths_are_read_row_by_row_when_labelled() -> None:
    labels = ["Evaluation type:", "Evaluator(s):", "Field visit dates:", "Final report date:"]
    lines = []
    for k, label in enumerate(labels):
        lines.append(_line(label, 37, 240 + k * 18, 37 + 60 + 4 * k))
        lines.append(_line(f"value {k} here", 123, 240 + k * 18, 123 + 80 + 8 * k))
    order = [lines[i].text for leaf in line_order(lines) for i in leaf]
    assert order == [t for k, label in enumerate(labels) for t in (label, f"value {k} here")]


def test_margin_notes_are_rotated_lines_away_from_drawings() -> None:
    from pipeline.extract.layout.lines import Graphic

    credit = TextLine("© UNICEF / Photographer", (388, 130, 394, 258), 6.0)
    header = TextLine("2019 2020 2021", (100, 300, 108, 380), 8.0)  # rotated header inside a ruled table
    body = [_line(f"body {k}", 50, 400 + k * PITCH, 300) for k in range(10)]
    rules = [Graphic((90, 295, 300, 296)), Graphic((90, 385, 300, 386))]
    assert margin_notes([credit, header, *body], rules) == {0}
    rotated_page = [TextLine(f"rotated {k}", (50 + 20 * k, 100, 60 + 20 * k, 400), 10.0) for k in range(6)]
    assert margin_notes(rotated_page, []) == set()


def test_a_small_footnote_number_is_merged_with_its_note() -> None:
    mark = TextLine("1", (59.6, 744.5, 60.3, 747.4), 4.1)
    note = TextLine("National Plans | NDP 5", (70.1, 744.0, 260.4, 751.1), 7.0)
    merged = merge_fragments([mark, note])
    assert [ln.text for ln in merged] == ["1 National Plans | NDP 5"]
    same_size = merge_fragments([TextLine("12", (50, 100, 60, 110), 10.0), TextLine("cases", (90, 100, 130, 110), 10.0)])
    assert len(same_size) == 2  # a number set like its neighbour is a table cell, not a note mark


def test_a_possessive_split_off_its_word_is_joined_without_a_space() -> None:
    word = TextLine("women", (382.9, 696.0, 414.5, 701.6), 10.56)  # no ascenders: a lower box than the next one
    rest = TextLine("\u2019s group, in improving border", (416.0, 693.6, 557.7, 704.0), 10.56)
    assert [ln.text for ln in merge_fragments([word, rest])] == ["women\u2019s group, in improving border"]
    spaced = TextLine("\u2018quoted\u2019 text", (417.5, 693.6, 557.7, 704.0), 10.56)  # a word space before it
    assert [ln.text for ln in merge_fragments([word, spaced])] == ["women \u2018quoted\u2019 text"]


def test_a_sidebar_opening_a_column_is_read_after_the_column() -> None:
    left = _column(_body("l", 8), 50, 290, 60)
    box = _box(_column(["Project information:", "Donor: Netherlands"], 320, 540, 66))
    right = _column(["Outcome 3. The office leads.", "The project ran two years", "and ended."], 310, 550,
                    60 + 4 * PITCH)
    units = [*map(_unit, left), box, *map(_unit, right)]
    assert _read(units) == [*_texts(left), *_texts(right), "Project information:"]


def test_a_box_opening_a_column_under_a_full_width_title_stays_first() -> None:
    title = _line("EVALUATION BRIEF OF THE PROJECT", 50, 40, 550, size=HEADING, bold=True)
    box = _box(_column(["This brief presents the findings.", "More details in the report."], 56, 284, 72))
    below = _column(["Evaluation type: Final", "Evaluator: A. Person", "Managed by: B. Person"], 50, 290,
                    72 + 3 * PITCH)
    right = _column(_body("r", 6), 310, 550, 72)
    units = [_unit(title), box, *map(_unit, below), *map(_unit, right)]
    assert _read(units) == [title.text, "This brief presents the findings.", *_texts(below), *_texts(right)]
