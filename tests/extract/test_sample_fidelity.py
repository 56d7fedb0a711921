"""Reading-order fidelity of every extractor on the sample corpus, scored with the shared text_quality.py."""
from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from pipeline.extract.base import Extracted
from pipeline.extract.docx import extract_docx
from pipeline.extract.html import extract_html
from pipeline.extract.text import extract_text
from tests.paths import ROOT

REPO = ROOT
SAMPLES = REPO / "corpora" / "sample"
TEXT_QUALITY = REPO / ".." / "shared" / "eval" / "text_quality.py"
MIN_FIDELITY = 0.98
MIN_PDF_FIDELITY = 0.95
BLOCK_JOIN = "\n\n"


def _scorer() -> ModuleType:
    """The shared scorer module, imported from its path (the test is skipped when it is absent)."""
    if not TEXT_QUALITY.is_file():
        pytest.skip(f"shared scorer not found at {TEXT_QUALITY}")
    spec = importlib.util.spec_from_file_location("nexus_text_quality", TEXT_QUALITY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
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


@pytest.mark.parametrize("name", ["egm_migration_sdg_meeting_report.pdf", "progress_report_labour_mobility.pdf"])
def test_pdf_samples_reach_fidelity(name: str) -> None:
    try:
        pdf = importlib.import_module("pipeline.extract.pdf")
    except ImportError as exc:
        pytest.skip(f"pipeline.extract.pdf is not importable yet: {exc}")
    assert _score(name, pdf.extract_pdf) >= MIN_PDF_FIDELITY


def test_scorer_punishes_interleaved_columns() -> None:
    truth = (SAMPLES / "egm_migration_sdg_meeting_report.truth").read_text(encoding="utf-8")
    paragraphs = [p for p in truth.split(BLOCK_JOIN) if len(p.split()) > 20]
    left, right = paragraphs[0].split(), paragraphs[-1].split()
    interleaved = " ".join(a + " " + b for a, b in zip(left, right))
    similarity, _, _ = _scorer().fidelity(interleaved, paragraphs[0] + "\n\n" + paragraphs[-1])
    assert similarity < 0.6
