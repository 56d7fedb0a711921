"""OCR of image-only pages: accents survive, boxes land where the text is, junk and missing Tesseract fail clearly."""
from __future__ import annotations

import io
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import reportlab
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from pipeline.errors import ExtractionError
from pipeline.extract import ocr
from pipeline.extract.ocr import OcrWord, ocr_page, paragraphs, tesseract_available, usable_languages
from tests.paths import AWKWARD

needs_tesseract = pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed (make demo)")
TEST_DPI = 200  # enough for these clean scans; each page OCRs in about a second

PHRASE = "Migration and development report"
IMAGE_PX = (1600, 160)
IMAGE_PT = (400.0, 40.0)  # drawn size on the page
IMAGE_AT_PT = (100.0, 150.0)  # left, top of the image from the page's top-left corner
PAGE_PT = (612.0, 792.0)
BOX_TOLERANCE_PT = 12.0


def _scanned_pdf(*, rotated: bool = False) -> bytes:
    """A one-page PDF whose only content is a picture of PHRASE, displayed upright at IMAGE_AT_PT.

    With `rotated`, the page is a portrait MediaBox turned by /Rotate 90 into a landscape display, and the
    picture is drawn turned the other way, so a reader (and the renderer) sees it upright.
    """
    font = ImageFont.truetype(str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"), 90)
    picture = Image.new("L", IMAGE_PX, 255)
    ImageDraw.Draw(picture).text((20, 25), PHRASE, font=font, fill=0)
    left, top = IMAGE_AT_PT
    width, height = IMAGE_PT
    buffer = io.BytesIO()
    if rotated:  # displayed (x, top) = user (y, x) under a clockwise quarter turn
        drawing = canvas.Canvas(buffer, pagesize=PAGE_PT)
        drawing.drawImage(ImageReader(picture.rotate(90, expand=True)), top, left, height, width)
    else:
        drawing = canvas.Canvas(buffer, pagesize=PAGE_PT)
        drawing.drawImage(ImageReader(picture), left, PAGE_PT[1] - top - height, width, height)
    drawing.showPage()
    drawing.save()
    if not rotated:
        return buffer.getvalue()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        pdf.pages[0].obj.Rotate = 90
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _assert_box_where_drawn(block) -> None:
    x0, top, x1, bottom = block.bbox
    left, image_top = IMAGE_AT_PT
    assert left <= x0 <= left + BOX_TOLERANCE_PT * 2
    assert image_top <= top <= image_top + IMAGE_PT[1] / 2
    assert image_top + IMAGE_PT[1] / 2 <= bottom <= image_top + IMAGE_PT[1]
    assert x1 <= left + IMAGE_PT[0]


def _text(page) -> str:
    return "\n".join(block.text for block in page.blocks)


@needs_tesseract
@pytest.mark.parametrize("rotated", [False, True])
def test_synthetic_scan_text_and_box_in_points(rotated: bool) -> None:
    document = pdfium.PdfDocument(_scanned_pdf(rotated=rotated))
    page = ocr_page(document[0], 1, dpi=TEST_DPI)
    assert page.ocr and page.number == 1
    assert (page.width, page.height) == (PAGE_PT[::-1] if rotated else PAGE_PT)
    assert [b.text for b in page.blocks] == [PHRASE]
    assert page.blocks[0].source == "ocr" and page.blocks[0].kind == "text"
    _assert_box_where_drawn(page.blocks[0])


@needs_tesseract
def test_french_scan_keeps_accents() -> None:
    path = AWKWARD / "scanned_image_only_fr.pdf"
    if not path.exists():
        pytest.skip("shared awkward corpus is absent")
    page = ocr_page(pdfium.PdfDocument(path)[0], 1, dpi=TEST_DPI)
    assert "Où puis-je m'en procurer" in _text(page)
    assert all(0 <= b.bbox[0] < b.bbox[2] <= page.width and 0 <= b.bbox[1] < b.bbox[3] <= page.height for b in page.blocks)


@needs_tesseract
def test_jbig2_scan_does_not_crash() -> None:
    path = AWKWARD / "scanned_jbig2_no_text.pdf"
    if not path.exists():
        pytest.skip("shared awkward corpus is absent")
    page = ocr_page(pdfium.PdfDocument(path)[0], 7, dpi=TEST_DPI)
    assert page.number == 7 and page.ocr
    assert all(b.source == "ocr" and b.text.strip() for b in page.blocks)


@needs_tesseract
def test_blank_page_gives_no_blocks() -> None:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    drawing.showPage()
    drawing.save()
    page = ocr_page(pdfium.PdfDocument(buffer.getvalue())[0], 1, dpi=100)
    assert page.blocks == () and page.ocr


def test_missing_tesseract_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    ocr.tesseract_available.cache_clear()
    try:
        assert not tesseract_available()
        with pytest.raises(ExtractionError, match="^no text layer and Tesseract is not installed: run make demo$"):
            ocr_page(pdfium.PdfDocument(_scanned_pdf())[0], 1)
    finally:
        monkeypatch.undo()
        ocr.tesseract_available.cache_clear()


@needs_tesseract
def test_languages_fall_back_to_installed_ones() -> None:
    assert usable_languages("eng+zz_not_a_language") == "eng"
    with pytest.raises(ExtractionError, match=r"no installed Tesseract language among 'zz' \(installed: .*eng"):
        usable_languages("zz")


def _word(text: str, conf: float, block: int, par: int, line: int, left: int) -> OcrWord:
    return OcrWord(text, conf, left, line * 40, left + 10 * len(text), line * 40 + 30, (block, par), line)


def test_paragraphs_group_by_tesseract_numbers_and_drop_noise() -> None:
    words = [
        _word("Migrants", 95, 1, 1, 1, 0),
        _word("send", 92, 1, 1, 1, 100),
        _word("remit-", 90, 1, 1, 2, 0),
        _word("tances", 91, 1, 1, 3, 0),
        _word("Next", 96, 1, 2, 4, 0),
        _word("ZZxq", 41, 2, 1, 9, 300),  # a stamp: sure enough word by word, not as a paragraph
        _word("Wq", 45, 2, 1, 9, 360),
    ]
    result = paragraphs(words)
    assert [p.text for p in result] == ["Migrants send remittances", "Next"]
    assert result[0].box == (0, 40, 100 + 40, 120 + 30)


def test_paragraph_words_keep_their_pixel_boxes_in_text_offsets() -> None:
    words = [
        _word("Well-", 95, 1, 1, 1, 0), _word("managed", 92, 1, 1, 2, 0),
        _word("mi\ufb01-", 90, 1, 1, 3, 0), _word("gration", 91, 1, 1, 4, 0),
    ]
    (paragraph,) = paragraphs(words)
    assert paragraph.text == "Well-managed mifigration"
    assert [paragraph.text[start:end] for start, end, _ in paragraph.words] == ["Well-", "managed", "mifi", "gration"]
    assert [box for _, _, box in paragraph.words] == [(w.left, w.top, w.right, w.bottom) for w in words]


@needs_tesseract
def test_the_uncompressed_page_file_reads_as_the_png_one() -> None:
    image = ocr.render_page(pdfium.PdfDocument(_scanned_pdf())[0], dpi=TEST_DPI)
    languages = usable_languages("eng")
    png = ocr.pytesseract.image_to_data(image, lang=languages, output_type=ocr.pytesseract.Output.DICT)
    words = ocr.read_words(image, languages=languages)
    assert words == list(ocr._words(png)) and PHRASE.split()[0] in [w.text for w in words]
