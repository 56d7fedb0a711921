"""The speed-ups in clean/layout/tables/callouts/pdf_text agree with the straightforward definitions they replace."""
from __future__ import annotations

import unicodedata

import pypdfium2 as pdfium
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.clean import CHARACTER_MAP, DROPPED_CHARS, LINE_END_HYPHENS, MULTI_SPACE_RE, clean_line
from pipeline.extract.callouts import _stack_scan, stack_shadings
from pipeline.extract.layout.lines import Graphic
from pipeline.extract.layout.order import MIN_GUTTER, _cover_gaps, _extend_cover, x_gaps
from pipeline.extract.pdf_text import LETTER_SPACED_RE, letter_spaced, read_text_lines
from pipeline.extract.tables import _slot, _slotter
from tests.paths import SAMPLES

ODD_CHARS = "\x00\x02\t\x0b\x0c\x1f\x7f\u00a0\u00ad\u1680\u2002\u200b\u2010\u202f\u3000\ufb01\ufb03\ufeff\ufffe\uffff\u0301éA -"


def _reference_normalize(text: str) -> str:
    """clean_line without its fast paths."""
    if not text:
        return text
    stripped = text
    while stripped != (stripped := stripped.rstrip().rstrip(DROPPED_CHARS)):
        pass
    if stripped.endswith(tuple(LINE_END_HYPHENS)):
        text = stripped[:-1] + "-"
    text = text.translate(CHARACTER_MAP)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return MULTI_SPACE_RE.sub(" ", text).strip()


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(ODD_CHARS) | st.characters(max_codepoint=0x7F), max_size=20))
def test_clean_line_fast_paths_match_the_full_translation(text: str) -> None:
    assert clean_line(text) == _reference_normalize(text)


_SPANS = st.lists(
    st.tuples(st.floats(0, 500, allow_nan=False), st.floats(0, 60, allow_nan=False)).map(lambda t: (t[0], t[0] + t[1])),
    min_size=1,
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(_SPANS, _SPANS)
def test_incremental_cover_finds_the_same_gutters_as_a_full_sweep(first: list, second: list) -> None:
    cover = _extend_cover(_extend_cover([], first), second)
    boxes = [(x0, 0.0, x1, 1.0) for x0, x1 in first + second]
    assert _cover_gaps(cover) == x_gaps(boxes, MIN_GUTTER)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=2, max_size=8), st.floats(-120, 120, allow_nan=False))
def test_bisected_slots_match_the_linear_count(edges: list[float], value: float) -> None:
    assert _slotter(sorted(edges))(value) == _slot(value, sorted(edges))
    assert _slotter(edges)(value) == _slot(value, edges)  # unsorted edges fall back to counting


def test_text_lines_have_real_boxes_fonts_and_no_line_breaks() -> None:
    path = SAMPLES / "egm_migration_sdg_meeting_report.pdf"
    if not path.exists():
        pytest.skip("sample not generated yet")
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[0]
        textpage = page.get_textpage()
        lines = read_text_lines(textpage, page_height=page.get_height())
        full = textpage.get_text_range(0, textpage.count_chars())
        textpage.close()
        page.close()
    finally:
        pdf.close()
    assert len(lines) > 10
    for line in lines:
        x0, top, x1, bottom = line.bbox
        assert x0 < x1 and top < bottom and line.size > 0
        assert line.text == line.text.strip() and "\n" not in line.text and "\r" not in line.text
    words = " ".join(ln.text for ln in lines).split()
    assert words == " ".join(full.split()).split()  # every character, in pdfium's order


_STRIP_EDGES = st.sampled_from([-1.0, -0.5, 0.0, 0.25, 0.9999, 1.0, 1.5, 2.0, 10.0, 10.5, 11.0])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_STRIP_EDGES, st.sampled_from([0.0, 1.0, 2.0, 2.5, 3.0, 5.0, 6.0]), _STRIP_EDGES,
                          st.sampled_from([0.5, 1.0, 2.0, 30.0])), max_size=30))
def test_bucketed_shading_stacks_match_the_scan_of_all_stacks(strips: list) -> None:
    graphics = [Graphic((x0, top, 40.0 + x1, top + height), filled=True, stroked=False)
                for x0, top, x1, height in strips]
    shaded = sorted((g.bbox for g in graphics), key=lambda b: (b[1], b[0]))
    assert stack_shadings(graphics) == _stack_scan(shaded)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab1é_ -\u00a0\t.\u2003"), max_size=16))
def test_split_letter_spacing_search_matches_the_pattern(text: str) -> None:
    assert letter_spaced(text) == (LETTER_SPACED_RE.search(text) is not None)
