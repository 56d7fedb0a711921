"""Tables without rulings, found from aligned text lines, and tables continued over a page break."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipeline.extract.continued import column_edges, continued_tables, join_cells
from pipeline.extract.pdf import extract_pdf
from pipeline.types import RawBlock

PAGE_H = A4[1]
SIZE, LEADING = 10.0, 13.0
PROSE = (
    "Migration governance has improved in the region over the period under review, and the",
    "ministries concerned have adopted a common approach to the collection of data on labour",
    "mobility, which the project supported through training and the provision of equipment to",
    "the national statistics offices of the participating countries. Remittances were also",
    "studied in detail, since they remain a large share of household income in rural areas and",
    "an important source of foreign exchange for the economies of the sending countries alike.",
)


def _text(c: canvas.Canvas, x: float, top: float, text: str, *, bold: bool = False) -> None:
    c.setFont("Helvetica-Bold" if bold else "Helvetica", SIZE)
    c.drawString(x, PAGE_H - top - SIZE, text)


def _tables(path: Path) -> list[tuple[int, RawBlock]]:
    return [(p.number, b) for p in extract_pdf(path, ocr=False).pages for b in p.blocks if b.kind == "table"]


def _intro(c: canvas.Canvas) -> None:
    for k, line in enumerate(PROSE[:3]):
        _text(c, 60, 60 + k * LEADING, line)


def test_key_value_table_without_rulings_is_one_table(tmp_path: Path) -> None:
    path = tmp_path / "kv.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _intro(c)
    rows = [("Project title:", ["Strengthening labour mobility governance", "in East Africa"]),
            ("Budget:", ["USD 822,771"]), ("Duration:", ["24 months"]),
            ("Partners:", ["Ministry of Labour, Ministry of Interior", "and the national statistics office"])]
    top = 130.0
    for key, values in rows:
        _text(c, 60, top, key, bold=True)
        for k, value in enumerate(values):
            _text(c, 200, top + k * LEADING, value)
        top += LEADING * len(values) + 4
    c.save()
    tables = _tables(path)
    assert len(tables) == 1
    block = tables[0][1]
    assert block.cells == (
        ("Project title:", "Strengthening labour mobility governance in East Africa"),
        ("Budget:", "USD 822,771"), ("Duration:", "24 months"),
        ("Partners:", "Ministry of Labour, Ministry of Interior and the national statistics office"),
    )
    # every cell line maps back to its own box on the page
    located = [block.text[s:e] for s, e, _ in block.line_boxes]
    assert "in East Africa" in located and "USD 822,771" in located


def test_agenda_in_three_aligned_columns_keeps_wrapped_speakers_in_their_row(tmp_path: Path) -> None:
    path = tmp_path / "agenda.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _intro(c)
    rows = [("Time", "Session", ["Speakers"]),
            ("09:00", "Opening remarks", ["Director General, IOM"]),
            ("09:30", "Migration data and the SDGs", ["Ms. A. Banda, UN DESA;", "Mr. K. Osei, AU"]),
            ("11:00", "Labour mobility", ["Panel of three ministers"])]
    top = 130.0
    for time, session, speakers in rows:
        _text(c, 60, top, time, bold=time == "Time")
        _text(c, 130, top, session, bold=time == "Time")
        for k, speaker in enumerate(speakers):
            _text(c, 340, top + k * LEADING, speaker, bold=time == "Time")
        top += LEADING * len(speakers) + 6
    c.save()
    tables = _tables(path)
    assert len(tables) == 1
    assert tables[0][1].cells == (
        ("Time", "Session", "Speakers"), ("09:00", "Opening remarks", "Director General, IOM"),
        ("09:30", "Migration data and the SDGs", "Ms. A. Banda, UN DESA; Mr. K. Osei, AU"),
        ("11:00", "Labour mobility", "Panel of three ministers"),
    )


def test_two_column_prose_is_not_a_table(tmp_path: Path) -> None:
    path = tmp_path / "prose.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("Helvetica", 8.5)
    words = " ".join(PROSE * 3).split()
    for x in (50, 310):  # two columns of running text on the same line grid
        line, top = "", 80.0
        for word in words:
            if c.stringWidth(line + " " + word, "Helvetica", 8.5) > 235:
                c.drawString(x, PAGE_H - top - 8.5, line)
                line, top = word, top + 11
            else:
                line = f"{line} {word}".strip()
        c.drawString(x, PAGE_H - top - 8.5, line)
    c.save()
    assert _tables(path) == []


def test_table_continued_on_the_next_page_is_marked_and_joined(tmp_path: Path) -> None:
    path = tmp_path / "continued.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    _intro(c)
    header = ("Country", "Returns", "Year")
    for page, rows in enumerate([[("Kenya", "1,250", "2021"), ("Uganda", "980", "2021"), ("Ethiopia", "2,310", "2022")],
                                 [("Somalia", "410", "2022"), ("Djibouti", "75", "2022"), ("Sudan", "1,005", "2023")]]):
        top = 700.0 if page == 0 else 60.0
        for row in [header, *rows]:
            _text(c, 60, top, row[0], bold=row is header)
            _text(c, 250, top, row[1], bold=row is header)
            _text(c, 400, top, row[2], bold=row is header)
            top += LEADING + 3
        c.showPage()
    c.save()
    extracted = extract_pdf(path, ocr=False)
    tables = [(p.number, b) for p in extracted.pages for b in p.blocks if b.kind == "table"]
    assert [n for n, _ in tables] == [1, 2]
    (cont,) = continued_tables(extracted.pages)
    assert (cont.page, cont.next_page, cont.repeated_header) == (1, 2, True)
    joined = join_cells(tables[0][1], tables[1][1], repeated_header=True)
    assert [row[0] for row in joined] == ["Country", "Kenya", "Uganda", "Ethiopia", "Somalia", "Djibouti", "Sudan"]
    assert len(column_edges(tables[0][1])) == 3


def test_numbered_paragraphs_in_a_margin_are_not_a_table(tmp_path: Path) -> None:
    path = tmp_path / "numbered.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    top = 80.0
    for k, line in enumerate(PROSE[:4]):  # "2.1  At the regional level …": numbers far left of their paragraphs
        _text(c, 60, top, f"2.{k + 1}")
        _text(c, 120, top, line[:60])
        _text(c, 120, top + LEADING, line[60:] + " and more.")
        top += 2 * LEADING + 4
    c.save()
    assert _tables(path) == []


def test_tables_with_other_columns_do_not_continue(tmp_path: Path) -> None:
    path = tmp_path / "two_tables.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    for page, xs in enumerate([(60, 250, 400), (60, 180, 330)]):
        top = 700.0 if page == 0 else 60.0
        for row in [("Country", "Returns", "Year"), ("Kenya", "1,250", "2021"), ("Uganda", "980", "2021"),
                    ("Ethiopia", "2,310", "2022")]:
            for x, cell in zip(xs, row):
                _text(c, x, top, cell)
            top += LEADING + 3
        c.showPage()
    c.save()
    extracted = extract_pdf(path, ocr=False)
    assert sum(1 for p in extracted.pages for b in p.blocks if b.kind == "table") == 2
    assert continued_tables(extracted.pages) == []
