"""OCR of pages without a text layer: render with pdfium, read words with Tesseract, group them into paragraphs."""
from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytesseract
from PIL import Image

from pipeline.clean import clean_line, join_lines_mapped
from pipeline.errors import ExtractionError, LimitExceededError
from pipeline.types import BBox, RawBlock, RawPage

log = logging.getLogger(__name__)

DEFAULT_LANGUAGES = "eng+fra+spa"
DEFAULT_DPI = 300
POINTS_PER_INCH = 72
MAX_RENDER_PIXELS = 60_000_000
"""A page is rendered at a lower resolution when the requested one would exceed this many pixels."""
OCR_TIMEOUT_SECONDS = 180
MIN_WORD_CONFIDENCE = 40.0
"""Words Tesseract is less sure of than this (0–100) are dropped."""
MIN_PARAGRAPH_CONFIDENCE = 55.0
"""Paragraphs whose mean word confidence is below this are dropped as noise (stamps, pictures, scribbles)."""
MIN_SYMBOL_CONFIDENCE = 90.0
"""Words without a letter or digit (specks, rules, bullets read as '~' or '|') need this much confidence."""
TESSERACT_WORD_LEVEL = 5
OMP_THREAD_LIMIT_VARIABLE = "OMP_THREAD_LIMIT"
TESSERACT_THREADS = "1"
"""Tesseract's OpenMP threads thrash on small machines (measured: 7.5 s single-threaded against 11–25 s by
default for one dense page on 2 cores); pages are parallelised across documents instead."""
NOT_INSTALLED = "no text layer and Tesseract is not installed: run make demo"
NETPBM_FORMAT = "PPM"
"""Pillow's format name for Netpbm files: the page goes to Tesseract as an uncompressed PGM (no PNG encoding and
decoding of some 9 million pixels; the same pixels, so the same words)."""
NETPBM_MODES = frozenset({"1", "L", "RGB"})
"""Image modes Pillow writes as Netpbm (PBM, PGM, PPM); others go through pytesseract's own PNG file."""
NETPBM_NAME = "page.pgm"

_HAS_WORD_CHARACTER = re.compile(r"\w")
WORD_SEPARATOR = " "
PixelBox = tuple[int, int, int, int]
"""(left, top, right, bottom) in image pixels, origin top-left."""


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One word Tesseract read, with its box in pixels and its paragraph and line keys."""

    text: str
    confidence: float
    left: int
    top: int
    right: int
    bottom: int
    paragraph: tuple[int, int]  # (block_num, par_num)
    line: int


@functools.lru_cache(maxsize=1)
def tesseract_available() -> bool:
    """True when the Tesseract binary can be found and run."""
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) is None:
        return False
    try:
        pytesseract.get_tesseract_version()
    except (pytesseract.TesseractNotFoundError, OSError, RuntimeError):
        return False
    return True


@functools.lru_cache(maxsize=1)
def installed_languages() -> frozenset[str]:
    """The Tesseract language packs installed on this machine."""
    return frozenset(pytesseract.get_languages(config=""))


def usable_languages(languages: str) -> str:
    """The requested "eng+fra" languages that are installed, in order; raise when none is."""
    requested = [code for code in languages.split("+") if code]
    installed = installed_languages()
    usable = [code for code in requested if code in installed]
    missing = [code for code in requested if code not in installed]
    if missing:
        log.warning("Tesseract languages not installed, OCR goes on without them: %s", ", ".join(missing))
    if not usable:
        options = ", ".join(sorted(installed - {"osd"})) or "none"
        raise ExtractionError(f"no installed Tesseract language among {languages!r} (installed: {options})")
    return "+".join(usable)


def ocr_page(
    page: pdfium.PdfPage, number: int, *, languages: str = DEFAULT_LANGUAGES, dpi: int = DEFAULT_DPI
) -> RawPage:
    """OCR one PDF page into a RawPage of paragraph blocks (source "ocr") with boxes in PDF points."""
    if not tesseract_available():
        raise ExtractionError(NOT_INSTALLED)
    width, height = page.get_size()
    image = render_page(page, dpi=dpi)
    words = read_words(image, languages=usable_languages(languages), number=number)
    scale_x, scale_y = width / image.width, height / image.height
    blocks = tuple(
        RawBlock(
            kind="text",
            text=paragraph.text,
            bbox=_to_points(paragraph.box, scale_x, scale_y),
            source="ocr",
            line_boxes=tuple((start, end, _to_points(box, scale_x, scale_y)) for start, end, box in paragraph.words),
        )
        for paragraph in paragraphs(words)
    )
    log.debug("page %d: OCR found %d words in %d paragraphs", number, len(words), len(blocks))
    return RawPage(number=number, width=width, height=height, blocks=blocks, ocr=True)


def render_page(page: pdfium.PdfPage, *, dpi: int = DEFAULT_DPI) -> Image.Image:
    """Render a page to a greyscale image at `dpi`, lowered when the page is too large to render whole."""
    if dpi <= 0:
        raise ValueError(f"dpi must be positive, got {dpi}")
    width, height = page.get_size()
    scale = dpi / POINTS_PER_INCH
    pixels = width * height * scale * scale
    if pixels > MAX_RENDER_PIXELS:
        scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
        log.info("page of %.0f×%.0f pt rendered at %.0f dpi instead of %d", width, height, scale * POINTS_PER_INCH, dpi)
    bitmap = page.render(scale=scale, grayscale=True)
    return bitmap.to_pil()


def read_words(image: Image.Image, *, languages: str, number: int = 0) -> list[OcrWord]:
    """Run Tesseract on `image` and return the words it is reasonably sure of."""
    os.environ.setdefault(OMP_THREAD_LIMIT_VARIABLE, TESSERACT_THREADS)  # inherited by the tesseract process
    try:
        if image.mode not in NETPBM_MODES:
            data = _image_to_data(image, languages)
        else:
            with tempfile.TemporaryDirectory(prefix="nexus_ocr_") as folder:
                path = os.path.join(folder, NETPBM_NAME)
                image.save(path, format=NETPBM_FORMAT)
                data = _image_to_data(path, languages)
    except RuntimeError as error:  # pytesseract signals its timeout this way
        raise LimitExceededError(f"OCR of page {number} took longer than {OCR_TIMEOUT_SECONDS} s") from error
    except pytesseract.TesseractError as error:
        raise ExtractionError(f"OCR of page {number} failed: {' '.join(str(error).split())}") from error
    return list(_words(data))


def _image_to_data(image: Image.Image | str, languages: str) -> dict[str, list]:
    """Tesseract's word table for an image, or for the image file at a path."""
    return pytesseract.image_to_data(image, lang=languages, output_type=pytesseract.Output.DICT,
                                     timeout=OCR_TIMEOUT_SECONDS)


def _words(data: dict[str, list]) -> Iterable[OcrWord]:
    """Word rows of Tesseract's table, minus empty, low-confidence and symbol-only junk."""
    for i, level in enumerate(data["level"]):
        text = str(data["text"][i]).strip()
        if int(level) != TESSERACT_WORD_LEVEL or not text:
            continue
        confidence = float(data["conf"][i])
        if confidence < MIN_WORD_CONFIDENCE:
            continue
        if not _HAS_WORD_CHARACTER.search(text) and confidence < MIN_SYMBOL_CONFIDENCE:
            continue
        left, top = int(data["left"][i]), int(data["top"][i])
        yield OcrWord(
            text=text,
            confidence=confidence,
            left=left,
            top=top,
            right=left + int(data["width"][i]),
            bottom=top + int(data["height"][i]),
            paragraph=(int(data["block_num"][i]), int(data["par_num"][i])),
            line=int(data["line_num"][i]),
        )


@dataclass(frozen=True, slots=True)
class OcrParagraph:
    """One paragraph Tesseract read: its final (cleaned, joined) text, pixel box and the pixel box of each word."""

    text: str
    box: PixelBox
    words: tuple[tuple[int, int, PixelBox], ...]  # (start, end) in `text`, box


def paragraphs(words: Iterable[OcrWord]) -> list[OcrParagraph]:
    """Group words into paragraphs (Tesseract's block/paragraph/line numbers), cleaned and joined."""
    grouped: dict[tuple[int, int], dict[int, list[OcrWord]]] = {}
    for word in words:
        grouped.setdefault(word.paragraph, {}).setdefault(word.line, []).append(word)
    result = []
    for lines in grouped.values():
        members = [w for line in lines.values() for w in line]
        if sum(w.confidence for w in members) / len(members) < MIN_PARAGRAPH_CONFIDENCE:
            continue
        paragraph = _paragraph(list(lines.values()))
        if paragraph.text:
            result.append(paragraph)
    return result


def _paragraph(lines: list[list[OcrWord]]) -> OcrParagraph:
    """Clean each word once, join words with spaces and lines by `pipeline.clean.join_lines_mapped`."""
    line_texts: list[str] = []
    line_words: list[list[tuple[int, int, PixelBox]]] = []
    for line in lines:
        text = ""
        placed = []
        for word in line:
            cleaned = clean_line(word.text)
            if not cleaned:
                continue
            if text:
                text += WORD_SEPARATOR
            placed.append((len(text), len(text) + len(cleaned), (word.left, word.top, word.right, word.bottom)))
            text += cleaned
        line_texts.append(text)
        line_words.append(placed)
    text, spans = join_lines_mapped(line_texts, line_words)
    boxes = [(start + lo, min(start + hi, end), box) for start, end, words in spans for lo, hi, box in words]
    members = [w for line in lines for w in line]
    box = (
        min(w.left for w in members),
        min(w.top for w in members),
        max(w.right for w in members),
        max(w.bottom for w in members),
    )
    return OcrParagraph(text, box, tuple(boxes))


def _to_points(box: PixelBox, scale_x: float, scale_y: float) -> BBox:
    """A pixel box (top-left origin) in PDF points (top-left origin)."""
    left, top, right, bottom = box
    return (
        round(left * scale_x, 2),
        round(top * scale_y, 2),
        round(right * scale_x, 2),
        round(bottom * scale_y, 2),
    )
