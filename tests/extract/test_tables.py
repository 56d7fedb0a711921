"""Ruled tables from synthetic rulings and line boxes."""
from __future__ import annotations

from pipeline.extract.layout.lines import Graphic, TextLine
from pipeline.extract.tables import find_tables

PAGE_W, PAGE_H = 612.0, 792.0


def _line(text: str, x0: float, top: float, x1: float) -> TextLine:
    return TextLine(text, (x0, top, x1, top + 8), 10.0)


def _grid(xs: list[float], ys: list[float]) -> list[Graphic]:
    h = [Graphic((xs[0], y - 0.25, xs[-1], y + 0.25)) for y in ys]
    v = [Graphic((x - 0.25, ys[0], x + 0.25, ys[-1])) for x in xs]
    return h + v


def test_ruled_grid_becomes_rows_of_cells() -> None:
    graphics = _grid([50, 200, 550], [100, 120, 140, 160])
    lines = [
        _line("Project title", 55, 106, 150), _line("Labour mobility", 205, 106, 300),
        _line("Budget", 55, 126, 90), _line("USD 822,771", 205, 126, 270),
        _line("Period", 55, 146, 90), _line("2014 – 2015", 205, 146, 270),
        _line("Body text below the table.", 50, 200, 400),
    ]
    tables, rest = find_tables(lines, graphics, page_width=PAGE_W, page_height=PAGE_H)
    assert len(tables) == 1
    assert tables[0].cells == (
        ("Project title", "Labour mobility"), ("Budget", "USD 822,771"), ("Period", "2014 – 2015"),
    )
    assert [ln.text for ln in rest] == ["Body text below the table."]
    assert tables[0].text.splitlines()[1] == "Budget | USD 822,771"


def test_multi_line_cell_text_is_joined_in_its_cell() -> None:
    graphics = _grid([50, 200, 550], [100, 140, 160])
    lines = [
        _line("Implementing", 55, 104, 130), _line("partners", 55, 120, 100), _line("IOM, ILO", 205, 104, 260),
        _line("Countries", 55, 146, 100), _line("Kenya", 205, 146, 240),
    ]
    tables, _ = find_tables(lines, graphics, page_width=PAGE_W, page_height=PAGE_H)
    assert tables[0].cells[0] == ("Implementing partners", "IOM, ILO")


def test_table_text_collapses_empty_cells_and_maps_every_cell_line_to_its_box() -> None:
    graphics = _grid([50, 150, 250, 550], [100, 140, 170])
    lines = [
        _line("Output", 155, 104, 200), _line("Budget", 255, 104, 300),
        _line("1.1", 55, 146, 70), _line("Training of", 155, 146, 230), _line("USD 9", 255, 146, 290),
        _line("border staff", 155, 156, 240),  # the second line of a wrapped cell
    ]
    tables, _ = find_tables(lines, graphics, page_width=PAGE_W, page_height=PAGE_H)
    table = tables[0]
    assert table.cells == (("", "Output", "Budget"), ("1.1", "Training of border staff", "USD 9"))
    assert table.text == "| Output | Budget\n1.1 | Training of border staff | USD 9"
    located = [(table.text[start:end], box) for start, end, box in table.line_boxes]
    by_text = {ln.text: ln.bbox for ln in lines}
    assert located == [(text, by_text[text]) for text in
                       ["Output", "Budget", "1.1", "Training of", "border staff", "USD 9"]]


def test_single_rules_are_not_tables() -> None:
    graphics = [Graphic((50, 60, 550, 61)), Graphic((50, 700, 200, 700.5))]
    lines = [_line("Heading", 50, 40, 120), _line("Footnote", 50, 705, 120)]
    tables, rest = find_tables(lines, graphics, page_width=PAGE_W, page_height=PAGE_H)
    assert tables == [] and len(rest) == 2
