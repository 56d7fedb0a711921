"""Unit tests of the pure layout functions on synthetic line boxes."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract.layout.furniture import find_furniture
from pipeline.extract.layout.lines import TextLine, merge_fragments
from pipeline.extract.layout.order import reading_order
from pipeline.extract.layout.paragraphs import group_paragraphs, paragraph_text

SIZE = 10.0
PITCH = 12.0


def _line(text: str, x0: float, top: float, x1: float, *, size: float = SIZE, bold: bool = False) -> TextLine:
    return TextLine(text, (x0, top, x1, top + size * 0.8), size, bold)


def _column(prefix: str, x0: float, x1: float, top: float, n: int) -> list[TextLine]:
    return [_line(f"{prefix}{i}", x0, top + i * PITCH, x1) for i in range(n)]


def _ordered_texts(lines: list[TextLine]) -> list[str]:
    leaves = reading_order([ln.bbox for ln in lines])
    return [lines[i].text for leaf in leaves for i in leaf]


# ---------------------------------------------------------------- reading order


def test_two_columns_under_a_full_width_title_are_not_interleaved() -> None:
    title = _line("TITLE", 50, 20, 550, size=16)
    left = _column("L", 50, 290, 60, 10)
    right = _column("R", 310, 550, 60, 10)
    drawn_row_by_row = [title] + [ln for pair in zip(left, right) for ln in pair]
    texts = _ordered_texts(drawn_row_by_row)
    assert texts == ["TITLE"] + [f"L{i}" for i in range(10)] + [f"R{i}" for i in range(10)]


def test_three_columns_then_full_width_footer_paragraph() -> None:
    cols = [_column("A", 40, 190, 40, 8), _column("B", 210, 360, 40, 8), _column("C", 380, 530, 40, 8)]
    wide = [_line("W0", 40, 200, 530), _line("W1", 40, 212, 530)]
    lines = [ln for row in zip(*cols) for ln in row] + wide
    texts = _ordered_texts(lines)
    assert texts == [f"{p}{i}" for p in "ABC" for i in range(8)] + ["W0", "W1"]


def test_run_in_heading_is_not_a_column() -> None:
    lines = [
        _line("General Terms", 54, 100, 109, bold=True),
        _line("Design, Experimentation, Perfor-", 118, 100, 292),
        _line("mance.", 54, 112, 79),
        _line("Keywords", 54, 126, 89, bold=True),
        _line("JavaScript, tracing.", 98, 126, 270),
    ]
    texts = _ordered_texts(lines)
    assert texts == ["General Terms", "Design, Experimentation, Perfor-", "mance.", "Keywords", "JavaScript, tracing."]


def test_key_value_rows_are_read_row_by_row() -> None:
    labels = ["Project", "Donor", "Period", "Budget"]
    lines = []
    for i, label in enumerate(labels):
        lines.append(_line(label, 50, 100 + i * 20, 110))
        lines.append(_line(f"value {i}", 200, 100 + i * 20, 540))
    texts = _ordered_texts(lines)
    assert texts == [t for i, label in enumerate(labels) for t in (label, f"value {i}")]


boxes = st.tuples(
    st.floats(0, 500), st.floats(0, 700), st.floats(1, 200), st.floats(1, 30)
).map(lambda t: (t[0], t[1], t[0] + t[2], t[1] + t[3]))


@settings(max_examples=150, deadline=None)
@given(st.lists(boxes, max_size=40))
def test_reading_order_never_loses_or_duplicates_a_box(bxs: list[tuple[float, float, float, float]]) -> None:
    leaves = reading_order(bxs)
    flat = [i for leaf in leaves for i in leaf]
    assert sorted(flat) == list(range(len(bxs)))


# ---------------------------------------------------------------- furniture


def _page(n: int) -> list[TextLine]:
    return [
        _line("Annual Report on Migration 2023", 150, 20, 450, size=8),
        _line(f"Body text of page {n} with a different sentence.", 50, 100, 550),
        _line(f"Another body line {n * 7}.", 50, 112, 550),
        _line(f"Page {n} of 5", 280, 770, 330, size=8),
    ]


def test_running_header_and_page_number_are_furniture() -> None:
    pages = [_page(n) for n in range(1, 6)]
    marks = find_furniture(pages, [792.0] * 5)
    assert marks == [{0, 3}] * 5


def test_bare_page_number_is_furniture_even_on_a_short_document() -> None:
    pages = [[_line("Only page body.", 50, 300, 500), _line("7", 300, 770, 306)]]
    assert find_furniture(pages, [792.0]) == [{1}]


def test_body_text_repeated_mid_page_is_not_furniture() -> None:
    pages = [[_line("Recommendation", 50, 400, 200)] for _ in range(4)]
    assert find_furniture(pages, [792.0] * 4) == [set()] * 4


# ---------------------------------------------------------------- paragraphs and fragments


def test_paragraphs_split_at_larger_gaps_and_headings() -> None:
    lines = [
        _line("1. Introduction", 50, 80, 200, size=12, bold=True),
        *_column("p", 50, 540, 100, 3),
        *_column("q", 50, 540, 150, 2),
    ]
    paragraphs = group_paragraphs(lines)
    assert [[ln.text for ln in p] for p in paragraphs] == [["1. Introduction"], ["p0", "p1", "p2"], ["q0", "q1"]]


def test_bullet_marker_is_merged_with_its_text() -> None:
    merged = merge_fragments([_line("•", 50, 100, 54), _line("First point of the list", 68, 100, 300)])
    assert [ln.text for ln in merged] == ["• First point of the list"]


def test_far_apart_fragments_on_one_line_stay_apart() -> None:
    merged = merge_fragments([_line("left column end", 50, 100, 280), _line("right column", 310, 100, 540)])
    assert len(merged) == 2


# ---------------------------------------------------------------- line boxes (the character map to the page)


def test_merged_line_keeps_each_fragments_box() -> None:
    marker, text = _line("•", 50, 100, 54), _line("First point", 68, 100, 300)
    (merged,) = merge_fragments([marker, text])
    assert merged.parts == ((0, marker.bbox), (2, text.bbox))
    joined, boxes = paragraph_text([merged])
    assert joined == "• First point"
    assert boxes == ((0, 1, marker.bbox), (2, 13, text.bbox))


def test_paragraph_line_boxes_index_the_joined_text_without_a_mended_hyphen() -> None:
    first, second = _line("the devel\ufb01-", 50, 100, 300), _line("ment of policy", 50, 112, 200)
    text, boxes = paragraph_text([first, second])
    assert text == "the develfiment of policy"
    assert boxes == ((0, 11, first.bbox), (11, 25, second.bbox))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet="ab -\u00ad\ufb01\u200b", min_size=0, max_size=8), min_size=1, max_size=6))
def test_line_boxes_are_ordered_disjoint_and_inside_the_text(texts: list[str]) -> None:
    lines = [_line(t, 50 + 5 * i, 100 + 12 * i, 300) for i, t in enumerate(texts)]
    text, boxes = paragraph_text(lines)
    previous_end = 0
    for start, end, box in boxes:
        assert previous_end <= start < end <= len(text) and box in [ln.bbox for ln in lines]
        previous_end = end
    assert all(text[start:end].strip() for start, end, _ in boxes)


def test_a_small_footnote_number_in_the_bottom_band_is_not_a_page_number() -> None:
    mark = _line("2", 60, 760, 61, size=4)
    note = _line("Namibia Economic Outlook, Bank of Namibia", 70, 760, 335, size=7)
    pages = [[_line("Body.", 50, 300, 500), mark, note]]
    assert find_furniture(pages, [842.0]) == [set()]


def test_a_two_page_brief_loses_its_running_header_and_footer_but_keeps_its_title() -> None:
    cover = [_line("EVALUATION BRIEF", 140, 30, 440, size=24), _line("Cover body.", 50, 300, 500),
             _line("IOM Mission in Senegal", 200, 760, 400, size=8)]
    second = [_line("EVALUATION BRIEF", 40, 20, 140, size=8), _line("Findings body.", 50, 300, 500),
              _line("IOM Mission in Senegal", 200, 760, 400, size=8)]
    assert find_furniture([cover, second], [792.0, 792.0]) == [{2}, {0, 2}]
