"""DOCX extraction."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from pipeline.errors import ExtractionError
from pipeline.extract.docx import extract_docx
from tests.paths import SAMPLES



def test_sample_blocks_in_body_order_with_table_in_place() -> None:
    extracted = extract_docx(SAMPLES / "vnr_excerpt_remittances.docx")
    assert extracted.title == "Voluntary National Review 2023: Jamaica (excerpt)"
    page1 = extracted.pages[0].blocks
    kinds = [b.kind for b in page1]
    assert kinds == [
        "heading", "text", "heading", "text", "heading", "text", "table", "text", "heading",
        "list", "list", "list", "list",
    ]
    table = page1[6]
    assert table.cells is not None and len(table.cells) == 5
    assert table.cells[0] == (
        "Year", "Remittance inflows (USD million)", "Share of GDP (%)", "Cost of sending USD 200 (%)",
    )
    assert table.cells[4] == ("2022", "3,502", "20.2", "5.8")
    assert table.text.splitlines()[1] == "2019 | 2,405 | 15.2 | 7.1"
    assert page1[5].text.startswith("Remittances are the largest") and page1[7].text.startswith("Table 4.3 shows")


def test_sample_page_break_splits_pages() -> None:
    pages = extract_docx(SAMPLES / "vnr_excerpt_remittances.docx").pages
    assert [p.number for p in pages] == [1, 2]
    assert pages[1].blocks[0].kind == "heading" and pages[1].blocks[0].text == "Annex: Contributors"
    assert all(p.width == 0 and p.height == 0 for p in pages)


def _save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_page_break_inside_a_paragraph_and_merged_cells(tmp_path: Path) -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Before the break.")
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    paragraph.add_run("After the break.")
    numbered = document.add_paragraph("Numbered item", style="List Number")
    assert numbered is not None
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Merged header"
    table.cell(0, 2).text = "Total"
    for i, value in enumerate(("Moldova", "EUR 1.2 million", "100")):
        table.cell(1, i).text = value
    extracted = extract_docx(_save(document, tmp_path / "x.docx"))
    assert [b.text for b in extracted.pages[0].blocks] == ["Before the break."]
    second = extracted.pages[1].blocks
    assert [b.kind for b in second] == ["text", "list", "table"]
    assert second[2].cells == (("Merged header", "Total"), ("Moldova", "EUR 1.2 million", "100"))
    assert extracted.title == ""  # no core title and no heading


def test_title_falls_back_to_first_heading(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = ""
    document.add_paragraph("Preface text.")
    document.add_heading("Migration and SDG 10", level=1)
    assert extract_docx(_save(document, tmp_path / "h.docx")).title == "Migration and SDG 10"


def test_empty_document_has_one_empty_page(tmp_path: Path) -> None:
    extracted = extract_docx(_save(docx.Document(), tmp_path / "empty.docx"))
    assert len(extracted.pages) == 1 and extracted.pages[0].blocks == ()


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (b"", "is empty"),
        (b"%PDF-1.7 not a docx", "not a zip archive"),
    ],
)
def test_unreadable_input_raises_one_line_error(tmp_path: Path, payload: bytes, reason: str) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(payload)
    with pytest.raises(ExtractionError, match=reason) as info:
        extract_docx(path)
    assert "\n" not in str(info.value)


def test_zip_without_document_part_is_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("hello.txt", "not a word file")
    path = tmp_path / "zip.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(ExtractionError, match="has no word/document.xml"):
        extract_docx(path)


def test_broken_document_xml_is_recovered_and_noted(tmp_path: Path) -> None:
    good = (SAMPLES / "vnr_excerpt_remittances.docx").read_bytes()
    src = zipfile.ZipFile(io.BytesIO(good))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for info in src.infolist():
            data = src.read(info.filename)
            archive.writestr(info, data[: len(data) // 2] if info.filename == "word/document.xml" else data)
    path = tmp_path / "broken.docx"
    path.write_bytes(buf.getvalue())
    whole = extract_docx(SAMPLES / "vnr_excerpt_remittances.docx")
    half = extract_docx(path)
    assert any(note.startswith("damaged DOCX: word/document.xml has XML errors") for note in half.notes)
    first = whole.pages[0].blocks[0].text
    assert half.pages[0].blocks[0].text == first  # the readable first half is kept, not dropped
    assert 0 < sum(len(b.blocks) for b in half.pages) < sum(len(b.blocks) for b in whole.pages)


def test_text_after_an_unresolved_entity_is_kept(tmp_path: Path) -> None:
    good = (SAMPLES / "vnr_excerpt_remittances.docx").read_bytes()
    src = zipfile.ZipFile(io.BytesIO(good))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:t>", b"<w:t>&undefined;", 1)
            archive.writestr(info, data)
    path = tmp_path / "entity.docx"
    path.write_bytes(buf.getvalue())
    texts = [b.text for p in extract_docx(path).pages for b in p.blocks]
    expected = [b.text for p in extract_docx(SAMPLES / "vnr_excerpt_remittances.docx").pages for b in p.blocks]
    assert texts == expected
