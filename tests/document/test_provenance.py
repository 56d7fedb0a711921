"""locate(): document text spans back to page boxes, checked on synthetic blocks and by cropping real pages."""
from __future__ import annotations

import logging
import random
import re
import unicodedata
from pathlib import Path

import pdfplumber
import pytest

from pipeline.config import Settings
from pipeline.document.assemble import assemble
from pipeline.document.provenance import locate
from pipeline.extract import extract
from pipeline.types import Block, Document, Page
from tests.paths import ROOT, SAMPLES

LOG = logging.getLogger(__name__)
REAL = ROOT / ".." / "shared" / "corpora" / "real"
REAL_PDFS = (
    "iom_arco_evaluation_brief_2022.pdf",  # columns, call-out boxes
    "iom_eu_ji_hoa_management_response_2023.pdf",  # ruled tables
    "un_ga_ares_79_217_migration_development.pdf",  # a UN resolution, numbered paragraphs
    "iom_retour_vert_evaluation_brief_2021_fr.pdf",  # French
)
SAMPLE_PDFS = ("egm_migration_sdg_meeting_report.pdf", "progress_report_labour_mobility.pdf")
SPANS_PER_DOCUMENT = 150
MAX_SPAN_WORDS = 3
SEED = 8
TOLERANCE = 2.0
"""Points added around a located box before cropping (glyph boxes and interpolated x are not exact)."""
BASELINE_CLUSTER_EM = 0.4
"""Cropped characters whose baselines are closer than this many font sizes are one line (superscripts)."""
MIN_SHARE = 0.97
"""Share of random word spans whose words must all be found in the crop of their located box."""
WORD_RE = re.compile(r"\w+")


# ---------------------------------------------------------------- synthetic documents


def _document(pages: list[list[tuple[str, tuple]]]) -> Document:
    """A document whose pages hold blocks of (text, line boxes), assembled as assemble() does."""
    parts, cursor, built = [], 0, []
    for number, blocks in enumerate(pages, start=1):
        page_blocks = []
        for text, boxes in blocks:
            if parts:
                parts.append("\n\n")
                cursor += 2
            page_blocks.append(Block("d", f"b{cursor}", number, "text", cursor, cursor + len(text), text,
                                     line_boxes=boxes))
            parts.append(text)
            cursor += len(text)
        built.append(Page("d", number, 600.0, 800.0, page_blocks[0].char_start if page_blocks else cursor, cursor,
                          tuple(page_blocks)))
    return Document("d", "x.pdf", "x.pdf", "".join(parts), tuple(built))


LINE_1 = (100.0, 50.0, 300.0, 60.0)
LINE_2 = (100.0, 62.0, 200.0, 72.0)
DOC = _document([
    [("nnnn nnnn", ((0, 4, (100.0, 50.0, 140.0, 60.0)), (5, 9, (150.0, 50.0, 190.0, 60.0)))),
     ("aaaa bbbb cccc", ((0, 9, LINE_1), (10, 14, LINE_2)))],
    [("next page", ((0, 9, (10.0, 10.0, 90.0, 20.0)),))],
])


def test_a_span_inside_a_line_is_interpolated_by_character_widths() -> None:
    start = DOC.text.index("aaaa")
    page, (x0, top, x1, bottom) = locate(DOC, start, start + 4)
    assert page == 1 and (top, bottom) == (50.0, 60.0)
    assert x0 == 100.0 and 180.0 < x1 < 200.0  # "aaaa" is a bit less than half of "aaaa bbbb" ("a" > " ")
    _, (x0, _, x1, _) = locate(DOC, start + 5, start + 9)
    assert 200.0 < x0 < 220.0 and x1 == 300.0


def test_a_span_over_two_lines_is_the_union_of_its_pieces() -> None:
    start = DOC.text.index("bbbb")
    assert locate(DOC, start, start + 9) == (1, (100.0, 50.0, 300.0, 72.0))


def test_a_span_over_fragments_and_blocks_of_one_page_unites_them() -> None:
    assert locate(DOC, 2, DOC.text.index("aaaa") + 2)[1][1::2] == (50.0, 60.0)
    assert locate(DOC, 0, 9) == (1, (100.0, 50.0, 190.0, 60.0))


def test_a_span_onto_the_next_page_gives_its_box_on_the_first_page() -> None:
    start = DOC.text.index("cccc")
    assert locate(DOC, start, len(DOC.text)) == (1, LINE_2)
    assert locate(DOC, DOC.text.index("next"), len(DOC.text)) == (2, (10.0, 10.0, 90.0, 20.0))


def test_empty_spans_separators_and_text_without_geometry_have_no_box() -> None:
    assert locate(DOC, 3, 3) is None
    separator = DOC.text.index("\n\n")
    assert locate(DOC, separator, separator + 2) is None
    assert locate(DOC, len(DOC.text), len(DOC.text) + 5) is None
    plain = _document([[("no geometry", ())]])
    assert locate(plain, 0, 2) is None


def test_non_pdf_documents_have_no_geometry() -> None:
    path = SAMPLES / "vnr_excerpt_remittances.docx"
    document = assemble(extract(path), doc_id="d", source=path.name, path=str(path))
    assert document.text and locate(document, 0, len(document.text)) is None


# ---------------------------------------------------------------- real pages, cropped with pdfplumber


def _normal(text: str) -> str:
    """Letters and digits only, ligatures spelt out, case folded (whitespace and hyphenation do not count)."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def _cropped_text(page: pdfplumber.page.Page, box: tuple[float, float, float, float]) -> str:
    """The characters of a page crop, line by line: lines by baseline (chars keep their matrix), x within one."""
    x0, top, x1, bottom = page.bbox
    clipped = (max(x0, box[0] - TOLERANCE), max(top, box[1] - TOLERANCE),
               min(x1, box[2] + TOLERANCE), min(bottom, box[3] + TOLERANCE))
    if clipped[0] >= clipped[2] or clipped[1] >= clipped[3]:
        return ""  # text drawn off the page
    chars = sorted(page.crop(clipped).chars, key=lambda c: -c["matrix"][5])
    lines: list[list[dict]] = []
    for char in chars:
        if lines and abs(lines[-1][0]["matrix"][5] - char["matrix"][5]) < BASELINE_CLUSTER_EM * char["size"]:
            lines[-1].append(char)
        else:
            lines.append([char])
    return "".join(c["text"] for line in lines for c in sorted(line, key=lambda c: c["matrix"][4]))


def _share_found(path: Path) -> float:
    """Share of random word spans (within one block) whose words are all in the crop of their located box."""
    document = assemble(extract(path, settings=Settings(ocr=False)), doc_id="d", source=path.name, path=str(path))
    spans = []
    for block in document.blocks:
        words = list(WORD_RE.finditer(block.text))
        spans.extend((block.char_start + words[i].start(), block.char_start + words[min(i + n, len(words)) - 1].end())
                     for i in range(len(words)) for n in (1 + i % MAX_SPAN_WORDS,))
    chosen = random.Random(SEED).sample(spans, min(SPANS_PER_DOCUMENT, len(spans)))
    found = 0
    failures = []
    with pdfplumber.open(path) as pdf:
        for start, end in chosen:
            located = locate(document, start, end)
            assert located is not None, f"{path.name}: no box for {document.text[start:end]!r}"
            number, box = located
            text = _normal(_cropped_text(pdf.pages[number - 1], box))
            if all(_normal(word) in text for word in WORD_RE.findall(document.text[start:end])):
                found += 1
            else:
                failures.append((document.text[start:end], number, box))
    LOG.info("%s: %d of %d spans found; first misses %s", path.name, found, len(chosen), failures[:3])
    return found / len(chosen)


@pytest.mark.parametrize("name", SAMPLE_PDFS)
def test_located_sample_spans_are_found_on_the_cropped_page(name: str) -> None:
    assert _share_found(SAMPLES / name) >= MIN_SHARE


@pytest.mark.parametrize("name", REAL_PDFS)
def test_located_real_spans_are_found_on_the_cropped_page(name: str) -> None:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"shared corpus absent: {path}")
    assert _share_found(path) >= MIN_SHARE
