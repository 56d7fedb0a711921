"""Reading-order fidelity of every extractor on the sample corpus, scored with the shared text_quality.py."""
from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from pipeline.extract.base import Extracted
from pipeline.extract.docx import extract_docx
from pipeline.extract.html import extract_html
from pipeline.extract.layout.lines import Unit
from pipeline.extract.pdf import extract_pdf
from pipeline.extract.text import extract_text
from pipeline.types import BBox
from tests.paths import ROOT

REPO = ROOT
SAMPLES = REPO / "corpora" / "sample"
SHARED = REPO / ".." / "shared"
TEXT_QUALITY = SHARED / "eval" / "text_quality.py"
TWO_COLUMN_SAMPLE = "egm_migration_sdg_meeting_report.pdf"
MIN_FIDELITY = 0.98
MIN_PDF_FIDELITY = 0.95
BLOCK_JOIN = "\n\n"


def _scorer() -> ModuleType:
    """The shared scorer module, imported from its path: skipped without ../shared, failing when it is broken."""
    if not SHARED.is_dir():
        pytest.skip(f"no shared folder at {SHARED}")
    spec = importlib.util.spec_from_file_location("nexus_text_quality", TEXT_QUALITY)
    assert spec is not None and spec.loader is not None, f"cannot load the scorer {TEXT_QUALITY}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # a missing or broken scorer fails the test here
    assert callable(getattr(module, "fidelity", None)), f"{TEXT_QUALITY} has no fidelity(extracted, truth)"
    return module


def _joined(extracted: Extracted) -> str:
    """The extractor's block texts joined as the scorer expects."""
    return BLOCK_JOIN.join(b.text for page in extracted.pages for b in page.blocks)


def _score(name: str, extractor: Callable[[Path], Extracted]) -> float:
    """Word-order similarity of an extraction of a sample against its truth text."""
    path = SAMPLES / name
    truth = path.with_suffix(".truth").read_text(encoding="utf-8")
    similarity, _, _ = _scorer().fidelity(_joined(extractor(path)), truth)
    return similarity


@pytest.mark.parametrize(
    ("name", "extractor"),
    [
        ("vnr_excerpt_remittances.docx", extract_docx),
        ("gcm_review_brief.html", extract_html),
        ("notes.md", extract_text),
        ("nota_remesas_es.txt", extract_text),
    ],
)
def test_non_pdf_samples_reach_fidelity(name: str, extractor: Callable[[Path], Extracted]) -> None:
    assert _score(name, extractor) >= MIN_FIDELITY


@pytest.mark.parametrize("name", [TWO_COLUMN_SAMPLE, "progress_report_labour_mobility.pdf"])
def test_pdf_samples_reach_fidelity(name: str) -> None:
    assert _score(name, extract_pdf) >= MIN_PDF_FIDELITY


def _top_to_bottom(units: list[Unit], *, body_size: float | None = None) -> list[list[int]]:
    """A reading order without column detection: one leaf, top to bottom, left to right."""
    boxes: list[BBox] = [u.bbox for u in units]
    return [sorted(range(len(boxes)), key=lambda i: (boxes[i][1], boxes[i][0]))]


def test_fidelity_check_catches_a_reading_order_that_ignores_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _score(TWO_COLUMN_SAMPLE, extract_pdf) >= MIN_PDF_FIDELITY
    monkeypatch.setattr("pipeline.extract.pdf.page_order", _top_to_bottom)
    assert _score(TWO_COLUMN_SAMPLE, extract_pdf) < MIN_PDF_FIDELITY  # the columns are interleaved row by row
