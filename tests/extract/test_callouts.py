"""Boxed and shaded call-outs from synthetic drawings and line boxes."""
from __future__ import annotations

from pipeline.extract.callouts import find_callouts, stack_shadings
from pipeline.extract.layout.lines import Graphic, TextLine

PAGE_W, PAGE_H = 612.0, 792.0


def _line(text: str, x0: float, top: float, x1: float) -> TextLine:
    return TextLine(text, (x0, top, x1, top + 8), 10.0)


def _shade(x0: float, top: float, x1: float, bottom: float) -> Graphic:
    return Graphic((x0, top, x1, bottom), filled=True, stroked=False, white=False)


def test_shaded_box_narrower_than_page_is_a_callout() -> None:
    box = Graphic((60, 80, 280, 200), filled=True, stroked=False, white=False)
    lines = [_line("Key messages", 70, 90, 150), _line("Migration matters.", 70, 110, 250),
             _line("Body column text", 310, 90, 540)]
    callouts, rest = find_callouts(lines, [box], page_width=PAGE_W, page_height=PAGE_H)
    assert len(callouts) == 1 and [ln.text for ln in callouts[0].lines] == ["Key messages", "Migration matters."]
    assert [ln.text for ln in rest] == ["Body column text"]


def test_white_background_and_page_frame_are_not_callouts() -> None:
    white = Graphic((60, 80, 280, 200), filled=True, stroked=False, white=True)
    frame = Graphic((20, 20, 592, 772), stroked=True)
    lines = [_line("Text", 70, 90, 150)]
    callouts, rest = find_callouts(lines, [white, frame], page_width=PAGE_W, page_height=PAGE_H)
    assert callouts == [] and rest == lines


def test_paragraph_shading_drawn_line_by_line_is_one_callout() -> None:
    strips = [_shade(320, 174 + 14 * k, 585, 174 + 14 * (k + 1)) for k in range(6)]  # 14 pt each, edge to edge
    lines = [_line(f"{k}. Recommendation number {k}", 325, 177 + 14 * k, 560) for k in range(6)]
    lines.append(_line("Body text beside the box", 50, 180, 290))
    callouts, rest = find_callouts(lines, strips, page_width=PAGE_W, page_height=PAGE_H)
    assert len(callouts) == 1 and len(callouts[0].lines) == 6
    assert [ln.text for ln in rest] == ["Body text beside the box"]


def test_only_line_high_strips_stack() -> None:
    panel, box = _shade(286, 148, 568, 367), _shade(286, 367, 568, 532)  # two panels of different colours
    strip_a, strip_b = _shade(50, 600, 300, 614), _shade(50, 614, 300, 628)
    assert sorted(stack_shadings([panel, box, strip_a, strip_b])) == sorted(
        [panel.bbox, box.bbox, (50, 600, 300, 628)]
    )


def test_strips_of_other_widths_do_not_stack() -> None:
    a, b = _shade(50, 600, 300, 614), _shade(50, 614, 200, 628)
    assert sorted(stack_shadings([a, b])) == sorted([a.bbox, b.bbox])
