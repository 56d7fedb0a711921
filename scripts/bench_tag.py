"""Benchmark tag_text: pages per second per core over a folder of PDFs (text dumped with pypdfium2, in memory).

usage: python scripts/bench_tag.py PDF_DIR [--repeat N] [--model PATH]
Extraction is not timed; only tagging is, as CPU time of this one process (= per core).
"""
from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

import pypdfium2 as pdfium

from pipeline.config import Settings
from pipeline.tag import load_tagger, tag_text

log = logging.getLogger("bench_tag")


def page_texts(pdf_dir: Path) -> list[tuple[str, int, str]]:
    """(file name, page count, whole text) of every PDF in a folder."""
    out = []
    for path in sorted(pdf_dir.glob("*.pdf")):
        pdf = pdfium.PdfDocument(str(path))
        pages = [pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf))]
        out.append((path.name, len(pages), "\n\f".join(pages)))
    return out


def main() -> None:
    """Time the tagger over the PDFs of a folder and log pages/s."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("pdf_dir", type=Path)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--model", type=Path, default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    docs = page_texts(args.pdf_dir)
    pages = sum(n for _, n, _ in docs)
    chars = sum(len(t) for _, _, t in docs)
    t0 = time.process_time()
    nlp = load_tagger(Settings(model=args.model))
    tag_text("Warm-up: Italy, IOM and the Ministry of Health.", nlp=nlp)
    log.info("load: %.2f s CPU (pipes: %s)", time.process_time() - t0, ", ".join(nlp.pipe_names))
    best = float("inf")
    for _ in range(args.repeat):
        cpu0, wall0 = time.process_time(), time.perf_counter()
        spans = 0
        for _, _, text in docs:
            spans += len(tag_text(text, nlp=nlp))
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        best = min(best, cpu)
        log.info("%d docs, %d pages, %d chars, %d spans: %.2f s CPU (%.2f s wall)", len(docs), pages, chars,
                 spans, cpu, wall)
    log.info("best: %.0f pages/s per core (%.0f k chars/s)", pages / best, chars / best / 1000)


if __name__ == "__main__":
    main()
