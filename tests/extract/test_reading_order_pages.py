"""Reading order on whole pages, scored with the shared text_quality.py: the generated layout suite and ten real
multi-column pages with hand-written truths (tests/fixtures/reading_order)."""
from __future__ import annotations

import importlib.util
import re
import statistics
import sys
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest

from pipeline.extract.pdf import extract_pdf
from tests.paths import ROOT, SAMPLES, SHARED

SCRIPTS = ROOT / "scripts"
TEXT_QUALITY = SHARED / "eval" / "text_quality.py"
FIXTURES = ROOT / "tests" / "fixtures" / "reading_order"
CORPORA = SHARED / "corpora"
SUITE = sorted(p.name for p in SAMPLES.glob("layout_*.pdf"))
SUITE_LAYOUTS = 5
MIN_SUITE_FIDELITY = 0.99
MAX_DRAWING_ORDER_FIDELITY = 0.5
"""Drawn row by row, a suite page read in drawing order is far from its truth (the trap is real)."""
BLOCK_JOIN = "\n\n"
WORD_RE = re.compile(r"\w+")
MIN_PAGE_FIDELITY = 0.98
"""The issue's target for every real page (all ten are at or above it: 0.981-1.000, average 0.9945)."""
MIN_LEAD_OVER_PYMUPDF4LLM = 0.05


def _load(name: str, path: Path) -> ModuleType:
    """A module imported from its file path (skipped when the file is absent)."""
    if not path.is_file():
        pytest.skip(f"not found: {path}")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None, f"cannot load {path}"
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scorer() -> ModuleType:
    return _load("nexus_text_quality", TEXT_QUALITY)


@pytest.fixture(scope="module")
def scores() -> dict[str, float]:
    """nexus's fidelity on each real truth page (the PDFs under the shared corpora)."""
    script = _load("score_reading_order", SCRIPTS / "score_reading_order.py")
    pages = script.read_manifest(FIXTURES, CORPORA)
    missing = [p.pdf for p in pages if not p.pdf.is_file()]
    if missing:
        pytest.skip(f"shared corpus files not found: {missing}")
    scored = script.score_pages(pages, script.load_scorer(TEXT_QUALITY))
    return {path.name: value for path, value in scored.items()}


# ---------------------------------------------------------------- the generated layout suite


def test_the_suite_holds_every_layout_drawn_two_ways() -> None:
    assert len(SUITE) == 2 * SUITE_LAYOUTS, SUITE
    assert {n.removesuffix("_rows.pdf") for n in SUITE if n.endswith("_rows.pdf")} == {
        n.removesuffix(".pdf") for n in SUITE if not n.endswith("_rows.pdf")
    }
    for name in SUITE:
        assert (SAMPLES / name).with_suffix(".truth").read_text(encoding="utf-8").strip(), name


@pytest.mark.parametrize("name", SUITE)
def test_suite_page_reaches_fidelity(name: str, scorer: ModuleType) -> None:
    path = SAMPLES / name
    text = BLOCK_JOIN.join(b.text for page in extract_pdf(path, ocr=False).pages for b in page.blocks)
    similarity, _, _ = scorer.fidelity(text, path.with_suffix(".truth").read_text(encoding="utf-8"))
    assert similarity >= MIN_SUITE_FIDELITY, f"{name}: {similarity:.4f}"


def _similarity(a: str, b: str) -> float:
    from rapidfuzz.distance import Levenshtein

    vocab: dict[str, int] = {}
    ai = [vocab.setdefault(w, len(vocab)) for w in WORD_RE.findall(a.lower())]
    bi = [vocab.setdefault(w, len(vocab)) for w in WORD_RE.findall(b.lower())]
    return Levenshtein.normalized_similarity(ai, bi)


def _drawing_order(path: Path) -> str:
    """The page's characters in content-stream order, a space wherever two characters stand apart."""
    out: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            last = None
            for char in page.chars:
                if last is not None and (abs(char["top"] - last["top"]) > 1 or char["x0"] - last["x1"] > 1):
                    out.append(" ")
                out.append(char["text"])
                last = char
    return "".join(out)


@pytest.mark.parametrize("name", [n for n in SUITE if n.endswith("_rows.pdf")])
def test_row_by_row_drawing_defeats_the_drawing_order(name: str) -> None:
    truth = (SAMPLES / name).with_suffix(".truth").read_text(encoding="utf-8")
    assert _similarity(_drawing_order(SAMPLES / name), truth) < MAX_DRAWING_ORDER_FIDELITY


def test_suite_is_deterministic_and_matches_the_committed_files(tmp_path: Path) -> None:
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    suite = _load("samples.layout_suite", SCRIPTS / "samples" / "layout_suite.py")
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    names = [p.name for p in suite.write_layout_suite(first)]
    suite.write_layout_suite(second)
    assert sorted(names) == SUITE
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
        truth = Path(name).with_suffix(".truth").name
        assert (first / truth).read_text(encoding="utf-8") == (SAMPLES / truth).read_text(encoding="utf-8"), name


# ---------------------------------------------------------------- ten real pages


REAL_PAGES = sorted(p.name for p in FIXTURES.glob("*.truth"))


def test_every_real_truth_page_is_scored(scores: dict[str, float]) -> None:
    assert len(REAL_PAGES) == 10
    assert set(scores) == set(REAL_PAGES)


@pytest.mark.parametrize("truth", REAL_PAGES)
def test_real_page_reaches_the_target(truth: str, scores: dict[str, float]) -> None:
    assert scores[truth] >= MIN_PAGE_FIDELITY, f"{truth}: {scores[truth]:.4f}"


def test_nexus_leads_pymupdf4llm_on_average(scores: dict[str, float]) -> None:
    script = sys.modules.get("score_reading_order") or _load("score_reading_order", SCRIPTS / "score_reading_order.py")
    baselines = script.read_baselines(FIXTURES)
    theirs = statistics.mean(baselines[t]["pymupdf4llm"] for t in scores)
    ours = statistics.mean(scores.values())
    assert ours >= theirs + MIN_LEAD_OVER_PYMUPDF4LLM, f"nexus {ours:.4f}, pymupdf4llm {theirs:.4f}"
