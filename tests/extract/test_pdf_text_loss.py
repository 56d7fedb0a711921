"""PDF text must not be lost while the status says ok (issue 11, defect 6): repeated dense text taken for a running
header, fonts whose text layer is private-use or control codes, page trees that repeat or loop.

The hostile PDFs are built by scripts/make_fault_corpus.py (the fault corpus holds the same files).
"""
from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path
from types import ModuleType

import pikepdf
import pytest

from pipeline.config import Settings
from pipeline.document.assemble import assemble
from pipeline.extract import extract
from pipeline.extract.layout.furniture import find_furniture
from pipeline.extract.layout.lines import TextLine
from pipeline.extract.ocr import tesseract_available
from pipeline.extract.page_tree import walk_page_tree
from pipeline.extract.repair import open_pdf
from pipeline.extract.text_layer import unreadable_reason
from tests.paths import ROOT

needs_tesseract = pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed (make demo)")
A4_HEIGHT = 842.0
PAGES = 4
BODY_SIZE = 10.0
PITCH = 12.0
WORDS = "remittances sent by migrant workers reduce poverty and lowering their cost is a target".split()


def _faults() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_fault_corpus", ROOT / "scripts" / "make_fault_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


FAULTS = _faults()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _flat(text: str) -> str:
    return " ".join(text.split())


def _page_texts(path: Path, *, ocr: bool = False) -> tuple[list[str], tuple[str, ...]]:
    extracted = extract(path, settings=Settings(ocr=ocr))
    return [_flat(" ".join(b.text for b in p.blocks)) for p in extracted.pages], extracted.notes


# ---------------------------------------------------------------- a. dense text repeated on every page


def test_boilerplate_paragraph_and_footer_disclaimer_repeated_on_every_page_are_kept(tmp_path: Path) -> None:
    path = _write(tmp_path, "boilerplate.pdf", FAULTS.boilerplate_pdf(PAGES))
    extracted = extract(path, settings=Settings(ocr=False))
    assert len(extracted.pages) == PAGES
    for number, page in enumerate(extracted.pages, start=1):
        text = _flat(" ".join(b.text for b in page.blocks))
        assert FAULTS.BOILERPLATE in text, f"page {number}: the boilerplate paragraph in the top band was dropped"
        assert FAULTS.DISCLAIMER in text, f"page {number}: the footer disclaimer was dropped"
        assert page.furniture == (FAULTS.RUNNING_HEADER, f"Page {number} of {PAGES}")
    doc = assemble(extracted, doc_id="d", source="boilerplate.pdf", path="boilerplate.pdf")
    assert _flat(doc.text).count(FAULTS.BOILERPLATE) == PAGES


def _line(text: str, x0: float, top: float, x1: float, *, size: float = BODY_SIZE) -> TextLine:
    return TextLine(text, (x0, top, x1, top + size * 0.8), size)


def _paragraph(top: float, rows: int, *, x0: float = 50.0, x1: float = 545.0, size: float = BODY_SIZE,
               pitch: float = PITCH) -> list[TextLine]:
    """A wrapped paragraph: full rows of 12 words, the last row shorter."""
    lines = []
    for r in range(rows):
        words = WORDS[: 6 if r == rows - 1 else 12]
        right = x1 if r < rows - 1 else (x0 + x1) / 2
        lines.append(_line(" ".join(words), x0, top + r * pitch, right, size=size))
    return lines


def _body(n: int) -> list[TextLine]:
    return [_line(f"Finding {n} differs on every page, this is body text.", 50, 300, 545)]


def test_dense_footer_paragraph_is_text_but_a_short_footer_line_is_furniture() -> None:
    footer = _paragraph(775.0, 4, size=8.0, pitch=9.5)  # the bottom tenth of A4 starts at 757.8
    pages = [[*_body(n), _line("Annual report 2023", 250, 820, 345, size=8.0), *footer] for n in range(PAGES)]
    assert find_furniture(pages, [A4_HEIGHT] * PAGES) == [{1}] * PAGES


def test_boilerplate_paragraph_that_starts_in_the_top_band_is_text() -> None:
    pages = [[_line("Annual report 2023", 250, 20, 345, size=8.0), *_paragraph(60.0, 4), *_body(n)]
             for n in range(PAGES)]
    assert find_furniture(pages, [A4_HEIGHT] * PAGES) == [{0}] * PAGES


def test_numbered_heading_in_the_top_band_that_runs_into_its_text_is_kept() -> None:
    pages = [[_line(f"Evaluation recommendation {n + 1}:", 42, 52, 192, size=11.5),
              _line("Explore opportunities for the continued funding of key activities.", 42, 66, 530, size=11.0),
              _line("provision of funding).", 42, 80, 135, size=11.0), *_body(n)] for n in range(PAGES)]
    assert find_furniture(pages, [A4_HEIGHT] * PAGES) == [set()] * PAGES


def test_running_title_wrapped_in_a_corner_of_the_header_stays_furniture() -> None:
    """UN documents wrap a long resolution title over four short lines in the header: furniture, not text."""
    title = [_line("Follow-up to and implementation of the SIDS Accelerated Modalities", 340, 24, 552, size=8.5),
             _line("of Action (SAMOA) Pathway and the Mauritius Strategy for the Further", 305, 34, 552, size=8.5),
             _line("Implementation of the Programme of Action for the Sustainable", 307, 43, 552, size=8.5),
             _line("Development of Small Island Developing States and its partners", 337, 53, 552, size=8.5)]
    pages = [[*title, _line("A/RES/78/232", 60, 53, 111, size=8.5), *_paragraph(200.0, 6, x0=60, x1=552)]
             for _ in range(PAGES)]
    assert find_furniture(pages, [A4_HEIGHT] * PAGES) == [{0, 1, 2, 3, 4}] * PAGES


def test_footer_overprinted_by_body_text_of_another_size_stays_furniture() -> None:
    pages = [[_line("Namibia SDGs VNR Report 2021 |", 431, 801, 526, size=8.0),
              _line(f"body text that runs over the footer band ({word})", 314, 787, 560, size=10.9),
              _line(f"and on below it ({word}), as a broken page does", 314, 803, 560, size=10.9), *_body(n)]
             for n, word in enumerate(WORDS[:PAGES])]
    assert find_furniture(pages, [A4_HEIGHT] * PAGES) == [{0}] * PAGES


# ---------------------------------------------------------------- b. fonts whose text layer is unreadable

REASONS = {"private-use": "private-use glyph codes", "control": "control characters",
           "none": "glyphs without character codes"}
BROKEN = FAULTS.BROKEN_FONT_PAGE


@needs_tesseract
@pytest.mark.parametrize("mapping", FAULTS.GLYPH_CODE_MAPPINGS)
def test_page_in_a_font_with_unreadable_codes_is_ocrd_and_noted(tmp_path: Path, mapping: str) -> None:
    path = _write(tmp_path, f"glyphs-{mapping}.pdf", FAULTS.glyph_code_pdf(mapping))
    extracted = extract(path, settings=Settings(ocr=True))
    assert f"page {BROKEN}: text layer unreadable ({REASONS[mapping]}); OCR'd" in extracted.notes
    page = extracted.pages[BROKEN - 1]
    assert page.ocr
    text = _flat(" ".join(b.text for b in page.blocks))
    assert text.startswith(f"Chapter {BROKEN}. Remittances sent by migrant workers")
    assert [p.ocr for p in extracted.pages].count(True) == 1  # the readable pages keep their text layer


@pytest.mark.parametrize("mapping", FAULTS.GLYPH_CODE_MAPPINGS)
def test_unreadable_page_without_ocr_gives_no_garbage_and_says_so(tmp_path: Path, mapping: str) -> None:
    path = _write(tmp_path, f"glyphs-{mapping}.pdf", FAULTS.glyph_code_pdf(mapping))
    texts, notes = _page_texts(path, ocr=False)
    assert f"page {BROKEN}: text layer unreadable ({REASONS[mapping]}); not OCR'd (OCR is off)" in notes
    assert texts[BROKEN - 1] == ""
    assert all(t.startswith(f"Chapter {k}. Remittances") for k, t in enumerate(texts, start=1) if k != BROKEN)


def test_bullets_and_icons_in_private_use_codes_are_readable_text() -> None:
    page = "\uf0b7 Remittances reduce poverty. \uf0a7 Lower costs. \ue900 Icon. " * 5
    assert unreadable_reason(page) == ""
    assert unreadable_reason("\ue052\ue065\ue06d \ue069\ue074 " * 5 + "Page 3") == "private-use glyph codes"
    assert unreadable_reason("\x15\t\x11\r\x18 \x05\x12" * 5) == "control characters"
    assert unreadable_reason("") == ""


# ---------------------------------------------------------------- c. page trees that repeat or loop

TRUE_PAGES = 3


def _tree_pdf(mend: str) -> bytes:
    """A 3-page PDF whose page tree is broken the way `mend` says."""
    data = FAULTS.distinct_pages_pdf(TRUE_PAGES)
    if mend == "repeats":
        return FAULTS.repeated_pages_pdf(data, times=3)
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.Pages
        pages = list(root.Kids)
        if mend == "self-kid":
            root.Kids.append(root)
        elif mend == "inner-loop":  # an inner node holds the inherited MediaBox and Resources and lists itself
            node = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Pages, Kids=pikepdf.Array(pages),
                                                        Count=len(pages), Parent=root))
            node.MediaBox, node.Resources = pages[0].MediaBox, pages[0].Resources
            for page in pages:
                page.Parent = node
                del page["/MediaBox"], page["/Resources"]
            node.Kids.append(node)
            root.Kids = pikepdf.Array([node, pages[0]])  # and the first page is reachable twice
        elif mend == "page-own-kid":
            pages[1].Kids = pikepdf.Array([pages[1]])
        else:
            raise ValueError(mend)
        pdf.save(out, static_id=True)
    return out.getvalue()


@pytest.mark.parametrize("mend", ["repeats", "self-kid", "inner-loop", "page-own-kid"])
def test_broken_page_tree_gives_each_page_once_and_says_so(tmp_path: Path, mend: str) -> None:
    path = _write(tmp_path, f"{mend}.pdf", _tree_pdf(mend))
    texts, notes = _page_texts(path)
    assert len(texts) == TRUE_PAGES
    assert [t.split(":")[0] for t in texts] == [f"Page {k} says" for k in range(1, TRUE_PAGES + 1)]
    assert all("Remittances sent by migrant workers" in t for t in texts)
    assert any(note.startswith("damaged: page tree ") and note.endswith("each page read once") for note in notes)


def test_page_listed_three_times_is_read_once(tmp_path: Path) -> None:
    document, notes = open_pdf(_write(tmp_path, "triple.pdf", _tree_pdf("repeats")))
    assert len(document) == TRUE_PAGES
    assert notes == ("damaged: page tree lists pages more than once (2 repeated references), each page read once",)


def test_damaged_file_with_a_repeating_page_tree_is_repaired_once(tmp_path: Path) -> None:
    data = _tree_pdf("repeats")
    broken = re.sub(rb"startxref\s+\d+", b"startxref\n999999", data)  # qpdf must rebuild the cross-references
    document, notes = open_pdf(_write(tmp_path, "broken.pdf", broken))
    assert len(document) == TRUE_PAGES
    assert any(note.startswith("damaged: page tree lists pages more than once") for note in notes)


def test_clean_page_tree_is_left_alone(tmp_path: Path) -> None:
    with pikepdf.open(io.BytesIO(FAULTS.distinct_pages_pdf(TRUE_PAGES))) as pdf:
        tree = walk_page_tree(pdf)
    assert (len(tree.pages), tree.problem()) == (TRUE_PAGES, "")
    document, notes = open_pdf(_write(tmp_path, "clean.pdf", FAULTS.distinct_pages_pdf(TRUE_PAGES)))
    assert (len(document), notes) == (TRUE_PAGES, ())
