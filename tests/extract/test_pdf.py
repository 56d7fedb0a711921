"""extract_pdf on the shared and sample corpora: reading order, tables, furniture, errors."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from pipeline.errors import DamagedError, EncryptedError, ExtractionError
from pipeline.extract.base import Extracted
from pipeline.extract.pdf import extract_pdf, extracted_text
from tests.paths import ROOT

REPO = ROOT
SHARED = REPO / ".." / "shared"
AWKWARD = SHARED / "corpora" / "awkward"
REAL = SHARED / "corpora" / "real"
SAMPLES = REPO / "corpora" / "sample"
TEXT_QUALITY = SHARED / "eval" / "text_quality.py"
MIN_SAMPLE_FIDELITY = 0.98
KINDS = {"text", "heading", "table", "callout", "footnote", "list", "caption"}


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared corpus file not found: {path.name}")
    return path


def _words(text: str) -> list[str]:
    """Lower-case words without bare numbers (footnote markers), as a reader would compare them."""
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if not w.isdigit()]


def _contains_contiguously(text: str, sentence: str) -> bool:
    hay, needle = " ".join(_words(text)), " ".join(_words(sentence))
    return f" {needle} " in f" {hay} "


def _page_text(extracted: Extracted, number: int) -> str:
    return "\n\n".join(b.text for b in extracted.pages[number - 1].blocks)


@pytest.fixture(scope="module")
def federal_register() -> Extracted:
    return extract_pdf(_need(AWKWARD / "federal_register_3col.pdf"))


@pytest.fixture(scope="module")
def tracemonkey() -> Extracted:
    return extract_pdf(_need(AWKWARD / "tracemonkey_2col_paper.pdf"))


# ------------------------------------------------------------------ reading order


@pytest.mark.parametrize(
    ("page", "sentence"),
    [
        # column 3 of page 2, eight lines long
        (2, "The data from the flight data recorders, as summarized in reports of the Ethiopian Airlines "
            "Flight 302 accident and the Lion Air Flight 610 accident, indicated that if a single erroneously "
            "high AOA sensor input is received by the flight control system"),
        # column 2 of page 2
        (2, "On March 10, 2019, a Boeing Model 737-8 airplane operated by Ethiopian Airlines (Ethiopian "
            "Airlines Flight 302) was involved in an accident after takeoff from Addis Ababa Bole International "
            "Airport in Addis Ababa, Ethiopia, resulting in 157 fatalities."),
        # column 1 of page 2
        (2, "Investigation of the accident has been completed by the Indonesian authorities"),
    ],
)
def test_federal_register_columns_are_not_interleaved(federal_register: Extracted, page: int, sentence: str) -> None:
    assert _contains_contiguously(_page_text(federal_register, page), sentence)


def test_federal_register_running_header_is_furniture(federal_register: Extracted) -> None:
    headers = [p for p in federal_register.pages if any("Federal Register" in f for f in p.furniture)]
    assert len(headers) >= 10
    assert not any(b.text.startswith("Federal Register / Vol. 85") for p in federal_register.pages for b in p.blocks)


@pytest.mark.parametrize(
    ("page", "sentence"),
    [
        (1, "Dynamic languages such as JavaScript are more difficult to compile than statically typed ones."),
        (1, "We present a trace-based compilation technique for dynamic languages that reconciles speed of "
            "compilation with excellent performance of the generated machine code."),
    ],
)
def test_tracemonkey_sentences_are_whole(tracemonkey: Extracted, page: int, sentence: str) -> None:
    text = _page_text(tracemonkey, page)
    assert _contains_contiguously(text, sentence)
    assert sentence.split()[-2] in text  # hyphenated words are re-joined ("compile", "performance")


def test_tracemonkey_ligatures_are_normalised(tracemonkey: Extracted) -> None:
    text = extracted_text(tracemonkey)
    assert "\ufb01" not in text and "\ufb02" not in text and "\ufffe" not in text
    assert "identifies frequently executed loop traces" in text


def test_block_kinds_and_boxes_are_valid(tracemonkey: Extracted) -> None:
    for page in tracemonkey.pages:
        assert page.width > 0 and page.height > 0
        for block in page.blocks:
            assert block.kind in KINDS and block.text == block.text.strip()
            x0, top, x1, bottom = block.bbox
            assert x0 <= x1 and top <= bottom
    assert any(b.kind == "heading" and "Introduction" in b.text for b in tracemonkey.pages[0].blocks)


# ------------------------------------------------------------------ tables


def test_dense_ruled_table_is_one_table_with_rows() -> None:
    extracted = extract_pdf(_need(AWKWARD / "nics_dense_table.pdf"))
    tables = [b for b in extracted.pages[0].blocks if b.kind == "table"]
    assert len(tables) == 1
    table = tables[0]
    assert table.cells is not None and len(table.cells) >= 50
    rows = {row[0]: row for row in table.cells}
    assert rows["Alabama"][1] == "18,870" and rows["Alabama"][-1] == "71,137"
    assert table.text.splitlines()[2].startswith("Alabama | 18,870 | ")


# ------------------------------------------------------------------ errors and options


def test_zero_byte_file_is_damaged() -> None:
    with pytest.raises(ExtractionError, match="empty file: 0 bytes"):
        extract_pdf(_need(AWKWARD / "empty_zero_bytes.pdf"))


def test_not_a_pdf_names_its_first_bytes(tmp_path: Path) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"<html><body>not a pdf</body></html>")
    with pytest.raises(DamagedError, match=r"not a PDF: starts with b'<html>"):
        extract_pdf(path)


def test_encrypted_needs_a_password() -> None:
    path = _need(AWKWARD / "encrypted_rc4_password_test.pdf")
    with pytest.raises(EncryptedError, match="encrypted"):
        extract_pdf(path)
    extracted = extract_pdf(path, passwords=("wrong", "test"))
    assert any("password" in note for note in extracted.notes)
    assert extracted_text(extracted).strip()


def test_max_pages_limits_the_pages_read(federal_register: Extracted) -> None:
    extracted = extract_pdf(_need(AWKWARD / "federal_register_3col.pdf"), max_pages=2)
    assert [p.number for p in extracted.pages] == [1, 2]
    assert any("2 of 15" in note for note in extracted.notes)


def test_image_only_page_without_ocr_is_noted() -> None:
    extracted = extract_pdf(_need(AWKWARD / "scanned_image_only_fr.pdf"), ocr=False)
    assert extracted.pages[0].blocks == ()
    assert any("no text layer" in note for note in extracted.notes)


@pytest.mark.parametrize("name", ["un_ga_ares_79_217_migration_development.pdf", "iom_arco_evaluation_brief_2022.pdf"])
def test_real_reports_extract_with_furniture(name: str) -> None:
    extracted = extract_pdf(_need(REAL / name))
    assert extracted.pages and all(p.blocks for p in extracted.pages)
    assert len(extracted_text(extracted)) > 2000


# ------------------------------------------------------------------ sample corpus fidelity


def _fidelity(extracted: Extracted, truth: str) -> float:
    if not TEXT_QUALITY.is_file():
        pytest.skip("shared text_quality.py not found")
    spec = importlib.util.spec_from_file_location("text_quality_for_pdf_tests", TEXT_QUALITY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    similarity, _, _ = module.fidelity(extracted_text(extracted), truth)
    return similarity


@pytest.mark.parametrize("name", ["egm_migration_sdg_meeting_report", "progress_report_labour_mobility"])
def test_sample_pdfs_reach_target_fidelity(name: str) -> None:
    path = SAMPLES / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"sample {path.name} not generated yet")
    truth = path.with_suffix(".truth").read_text(encoding="utf-8")
    extracted = extract_pdf(path)
    assert _fidelity(extracted, truth) >= MIN_SAMPLE_FIDELITY
    assert all(p.furniture for p in extracted.pages)  # running header and "Page N of 3"


def test_meeting_report_callout_and_footnotes() -> None:
    path = SAMPLES / "egm_migration_sdg_meeting_report.pdf"
    if not path.exists():
        pytest.skip("sample not generated yet")
    blocks = [b for p in extract_pdf(path).pages for b in p.blocks]
    assert any(b.kind == "callout" and "target 10.7" in b.text for b in blocks)
    assert sum(1 for b in blocks if b.kind == "footnote") == 2


def test_progress_report_key_value_table() -> None:
    path = SAMPLES / "progress_report_labour_mobility.pdf"
    if not path.exists():
        pytest.skip("sample not generated yet")
    tables = [b for p in extract_pdf(path).pages for b in p.blocks if b.kind == "table"]
    assert tables and any("Budget" in row[0] and "USD 822,771" in row[1] for t in tables for row in t.cells)
