#!/usr/bin/env python3
"""Score nexus's reading order on the real-page truth fixtures, beside the third-party baselines.

usage: score_reading_order.py [--fixtures DIR] [--corpora DIR] [--scorer PATH] [--dump DIR]

For every page listed in FIXTURES/MANIFEST.tsv the PDF is extracted with nexus (``extract_pdf``, no OCR),
the page's text is its blocks in order joined by blank lines, and it is scored with the shared scorer
(``eval/text_quality.py``) against the page's hand-written truth. One row per page is printed with the
figures of FIXTURES/BASELINES.tsv (pymupdf4llm, pdftotext -raw, pdftotext) beside nexus's, then the
averages. ``--dump DIR`` also writes each page's extracted text to DIR (``<truth stem>.txt``).
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import logging
import statistics
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.extract.pdf import extract_pdf  # noqa: E402

DEFAULT_FIXTURES = ROOT / "tests" / "fixtures" / "reading_order"
DEFAULT_CORPORA = ROOT / ".." / "shared" / "corpora"
DEFAULT_SCORER = ROOT / ".." / "shared" / "eval" / "text_quality.py"
MANIFEST = "MANIFEST.tsv"
BASELINES = "BASELINES.tsv"
BLOCK_JOIN = "\n\n"
BASELINE_COLUMNS = ("pymupdf4llm", "pdftotext_raw", "pdftotext_default")


@dataclass(frozen=True, slots=True)
class TruthPage:
    """One manifest row: the truth file, the PDF it was written from and the 1-based page."""

    truth: Path
    pdf: Path
    page: int
    layout: str


def load_scorer(path: Path) -> ModuleType:
    """The shared scorer module imported from its path (it has ``fidelity(extracted, truth)``)."""
    spec = importlib.util.spec_from_file_location("nexus_text_quality", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"cannot load the scorer {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_manifest(fixtures: Path, corpora: Path) -> list[TruthPage]:
    """The truth pages listed in the fixtures' manifest, with the PDF paths resolved under `corpora`."""
    with (fixtures / MANIFEST).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    return [
        TruthPage(fixtures / r["truth_file"], corpora / r["corpus_folder"] / r["pdf"], int(r["page"]), r["layout"])
        for r in rows
    ]


def read_baselines(fixtures: Path) -> dict[str, dict[str, float]]:
    """The baseline scores per truth file name and extractor column."""
    with (fixtures / BASELINES).open(encoding="utf-8", newline="") as handle:
        return {r["truth_file"]: {k: float(r[k]) for k in BASELINE_COLUMNS} for r in csv.DictReader(handle, delimiter="\t")}


def page_texts(pages: list[TruthPage]) -> dict[Path, str]:
    """nexus's text of every listed page (each PDF extracted once): its blocks in order, blank-line joined."""
    by_pdf: dict[Path, list[TruthPage]] = {}
    for page in pages:
        by_pdf.setdefault(page.pdf, []).append(page)
    out: dict[Path, str] = {}
    for pdf, wanted in by_pdf.items():
        extracted = extract_pdf(pdf, ocr=False)
        for page in wanted:
            blocks = extracted.pages[page.page - 1].blocks
            out[page.truth] = BLOCK_JOIN.join(b.text for b in blocks)
    return out


def score_pages(pages: list[TruthPage], scorer: ModuleType) -> dict[Path, float]:
    """nexus's word-order similarity per truth file."""
    texts = page_texts(pages)
    return {p.truth: scorer.fidelity(texts[p.truth], p.truth.read_text(encoding="utf-8"))[0] for p in pages}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=DEFAULT_FIXTURES, help="truth folder (MANIFEST.tsv)")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="shared corpora folder")
    parser.add_argument("--scorer", type=Path, default=DEFAULT_SCORER, help="text_quality.py")
    parser.add_argument("--dump", type=Path, default=None, help="write each page's extracted text here")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    pages = read_manifest(args.fixtures, args.corpora)
    baselines = read_baselines(args.fixtures)
    scorer = load_scorer(args.scorer)
    texts = page_texts(pages)
    if args.dump is not None:
        args.dump.mkdir(parents=True, exist_ok=True)
        for page in pages:
            (args.dump / f"{page.truth.stem}.txt").write_text(texts[page.truth], encoding="utf-8")
    header = ("page", "nexus", *BASELINE_COLUMNS)
    print("\t".join(header))
    columns: dict[str, list[float]] = {k: [] for k in header[1:]}
    for page in pages:
        nexus = scorer.fidelity(texts[page.truth], page.truth.read_text(encoding="utf-8"))[0]
        base = baselines.get(page.truth.name, {})
        row = {"nexus": nexus, **base}
        for key in columns:
            if key in row:
                columns[key].append(row[key])
        cells = [f"{row[k]:.4f}" if k in row else "-" for k in header[1:]]
        print("\t".join([page.truth.stem, *cells]))
    print("\t".join(["average", *(f"{statistics.mean(v):.4f}" if v else "-" for v in columns.values())]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
