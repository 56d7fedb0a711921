#!/usr/bin/env python3
"""Time raw pypdfium2 text extraction against extract_pdf over a folder of PDFs, in one process.

usage: bench_extract.py [FOLDER] [--repeat N] [--per-file] [--no-ocr]
"""
from __future__ import annotations

import argparse
import logging
import resource
import sys
import time
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.errors import PipelineError  # noqa: E402
from pipeline.extract.pdf import extract_pdf  # noqa: E402

logger = logging.getLogger("bench_extract")
DEFAULT_FOLDER = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "real"


def raw_pages(path: Path) -> int:
    """Extract every page's text with plain pypdfium2 get_text_range(); returns the page count."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        n = len(pdf)
        for i in range(n):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range(0, textpage.count_chars())
            textpage.close()
            page.close()
        return n
    finally:
        pdf.close()


def main() -> int:
    """Run the benchmark and print pages/s for both and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--per-file", action="store_true")
    parser.add_argument("--no-ocr", action="store_true", help="time the text-layer path only (no Tesseract)")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.pdf"))
    if not files:
        print(f"no PDFs in {args.folder}", file=sys.stderr)
        return 2
    best_raw = best_ext = float("inf")
    pages = 0
    for _ in range(args.repeat):
        start = time.perf_counter()
        pages = sum(raw_pages(f) for f in files)
        best_raw = min(best_raw, time.perf_counter() - start)
        start = time.perf_counter()
        for f in files:
            t0 = time.perf_counter()
            try:
                ex = extract_pdf(f, ocr=not args.no_ocr)
                n = len(ex.pages)
            except PipelineError as exc:
                n = 0
                print(f"{f.name}: {exc}", file=sys.stderr)
            if args.per_file:
                dt = time.perf_counter() - t0
                print(f"  {f.name:60s} {n:4d} pages {dt:7.3f} s {n / dt if dt else 0:7.1f} pages/s")
        best_ext = min(best_ext, time.perf_counter() - start)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"files {len(files)}, pages {pages}")
    print(f"raw pypdfium2 get_text_range: {best_raw:.2f} s, {pages / best_raw:.1f} pages/s")
    print(f"extract_pdf:                  {best_ext:.2f} s, {pages / best_ext:.1f} pages/s")
    print(f"ratio extract/raw: {best_ext / best_raw:.2f}x   peak RSS {rss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
