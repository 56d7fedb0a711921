"""What the page order is given: panels, page bars and ruled tables told apart, letter-spaced display text."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from pipeline.extract.layout.lines import Graphic, TextLine
from pipeline.extract.pdf import extract_pdf
from pipeline.extract.callouts import find_callouts
from pipeline.extract.tables import _merge_collinear, find_tables

PAGE_W, PAGE_H = 595.0, 842.0
TITLE_FONT, TITLE_SIZE = "Helvetica-Bold", 24.0


def _line(text: str, x0: float, top: float, x1: float) -> TextLine:
    return TextLine(text, (x0, top, x1, top + 8), 10.0)


def _column(prefix: str, x0: float, x1: float, top: float, n: int) -> list[TextLine]:
    return [_line(f"{prefix} line {k} of running text", x0, top + 13 * k, x1) for k in range(n)]


def test_touching_panels_and_page_bars_are_not_a_table() -> None:
    """An evaluation brief's first page: header and footer bars across the page, two shaded panels side by side
    over a shaded box, decorative bars in the margins; every drawing touches another one."""
    graphics = [
        Graphic((-8.7, 25.1, 603.9, 141.6), filled=True, stroked=False),  # header bar, bleeding off the page
        Graphic((-8.7, 778.2, 603.9, 816.7), filled=True, stroked=False),  # footer bar
        Graphic((27.6, 141.6, 286.8, 367.3), filled=True, stroked=False),  # left panel
        Graphic((286.8, 141.6, 568.3, 367.3), filled=True, stroked=False),  # right panel, touching it
        Graphic((286.8, 367.3, 568.3, 532.2), filled=True, stroked=False),  # box under the right panel
        Graphic((23.6, 137.6, 31.6, 782.2), filled=False, stroked=True),  # margin bar
        Graphic((564.3, 137.6, 572.3, 782.2), filled=False, stroked=True),
    ]
    lines = [
        *_column("left panel", 35, 275, 150, 8),
        *_column("right panel", 295, 560, 150, 8),
        *_column("box", 295, 560, 380, 6),
        *_column("body", 35, 275, 390, 20),
    ]
    tables, rest = find_tables(lines, graphics, page_width=PAGE_W, page_height=PAGE_H)
    assert tables == []
    callouts, _ = find_callouts(rest, graphics, page_width=PAGE_W, page_height=PAGE_H)
    assert sorted(len(c.lines) for c in callouts) == [6, 8, 8]


def test_shaded_cells_touched_by_rulings_still_make_a_table() -> None:
    rules = [Graphic((50, y, 500, y + 0.5), filled=True, stroked=False) for y in (100, 180, 260)]
    cells = [Graphic((50, 100.5, 250, 180), filled=True, stroked=False),  # wide and high, like a panel
             Graphic((50, 180.5, 250, 260), filled=True, stroked=False)]
    column = [Graphic((250, 100, 250.5, 260), filled=True, stroked=False)]
    lines = [_line("Indicator 1.1", 55, 110, 130), _line("Baseline 0", 260, 110, 400),
             _line("Indicator 1.2", 55, 190, 130), _line("Baseline 4", 260, 190, 400)]
    tables, rest = find_tables(lines, rules + cells + column, page_width=PAGE_W, page_height=PAGE_H)
    assert len(tables) == 1 and rest == []
    assert tables[0].cells == (("Indicator 1.1", "Baseline 0"), ("Indicator 1.2", "Baseline 4"))


def test_collinear_rulings_join_only_where_they_meet() -> None:
    right = (583.5, 740.6, 589.5, 740.6)  # the foot of a bar in the right margin...
    left = (19.1, 743.0, 25.1, 743.0)  # ...and of one in the left margin, nearly on the same line
    assert sorted(_merge_collinear([right, left], horizontal=True)) == sorted([right, left])
    pieces = [(50.0, 100.0, 150.0, 100.0), (150.5, 100.2, 300.0, 100.2)]
    assert _merge_collinear(pieces, horizontal=True) == [(50.0, 100.0, 300.0, 100.2)]


TRACKING = 4.0
"""Points between the letters of the tracked title: pdfium then generates a space between every two letters."""


def _letter_spaced_pdf(path: Path) -> None:
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont(TITLE_FONT, TITLE_SIZE)
    x = 60.0
    for word in ("sustainable", "development"):  # drawn glyph by glyph, as design software sets tracked type
        for char in word:
            c.drawString(x, 700, char)
            x += stringWidth(char, TITLE_FONT, TITLE_SIZE) + TRACKING
        x += stringWidth(" ", TITLE_FONT, TITLE_SIZE) + 2 * TRACKING
    c.setFont("Helvetica", 10)
    c.drawString(60, 650, "Body text set without any letter spacing at all, in one line.")
    c.showPage()
    c.save()


def test_letter_spaced_display_text_reads_as_words(tmp_path: Path) -> None:
    path = tmp_path / "tracked.pdf"
    _letter_spaced_pdf(path)
    texts = [b.text for p in extract_pdf(path, ocr=False).pages for b in p.blocks]
    assert "sustainable development" in texts
    assert "Body text set without any letter spacing at all, in one line." in texts
