#!/usr/bin/env python3
"""Time raw pypdfium2 text extraction against extract_pdf over a folder of PDFs, in one process.

usage: bench_extract.py [FOLDER] [--repeat N] [--per-file] [--no-ocr]

Each round times raw pypdfium2 over all files, then extract_pdf over all files (as ``nexus bench`` does);
the best round of each is reported as wall-clock seconds. On a shared, noisy machine also compare the
"per-file best" line: every file is timed raw and extracted back to back, and the per-file minima (wall
and CPU time) are summed, which is far less sensitive to other processes than whole-round timings.
"""
from __future__ import annotations

import argparse
import logging
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.errors import PipelineError  # noqa: E402
from pipeline.extract.pdf import extract_pdf  # noqa: E402

logger = logging.getLogger("bench_extract")
DEFAULT_FOLDER = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "real"
KIB_PER_MIB = 1024


@dataclass(slots=True)
class _Best:
    """Per-file minima of raw and extraction times over the rounds (wall and CPU seconds)."""

    raw_wall: float = float("inf")
    raw_cpu: float = float("inf")
    ext_wall: float = float("inf")
    ext_cpu: float = float("inf")
    pages: int = 0


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


def _extract(path: Path, *, ocr: bool) -> int:
    """Run extract_pdf on one file; returns its page count (0 when it fails)."""
    try:
        return len(extract_pdf(path, ocr=ocr).pages)
    except PipelineError as exc:
        print(f"{path.name}: {exc}", file=sys.stderr)
        return 0


def _timed(func, *args, **kwargs) -> tuple[float, float]:
    """(wall, cpu) seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    func(*args, **kwargs)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    """Run the benchmark and print pages/s for both and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--per-file", action="store_true")
    parser.add_argument("--no-ocr", action="store_true", help="time the text-layer path only (no Tesseract)")
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.pdf"))
    if not files:
        print(f"no PDFs in {args.folder}", file=sys.stderr)
        return 2
    ocr = not args.no_ocr
    best_raw = best_ext = float("inf")
    per_file = {f: _Best() for f in files}
    pages = 0
    for _ in range(max(1, args.repeat)):
        start = time.perf_counter()
        pages = sum(raw_pages(f) for f in files)
        best_raw = min(best_raw, time.perf_counter() - start)
        start = time.perf_counter()
        for f in files:
            per_file[f].pages = _extract(f, ocr=ocr)
        best_ext = min(best_ext, time.perf_counter() - start)
        for f in files:  # back to back, per file: robust against load that drifts during a round
            best = per_file[f]
            raw_wall, raw_cpu = _timed(raw_pages, f)
            ext_wall, ext_cpu = _timed(_extract, f, ocr=ocr)
            best.raw_wall, best.raw_cpu = min(best.raw_wall, raw_wall), min(best.raw_cpu, raw_cpu)
            best.ext_wall, best.ext_cpu = min(best.ext_wall, ext_wall), min(best.ext_cpu, ext_cpu)
    if args.per_file:
        for f, best in per_file.items():
            print(
                f"  {f.name:60s} {best.pages:4d} pages  raw {best.raw_wall:6.3f} s  extract {best.ext_wall:6.3f} s"
                f"  ratio {best.ext_wall / best.raw_wall if best.raw_wall else 0:5.2f}x"
            )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB_PER_MIB
    raw_wall = sum(b.raw_wall for b in per_file.values())
    ext_wall = sum(b.ext_wall for b in per_file.values())
    raw_cpu = sum(b.raw_cpu for b in per_file.values())
    ext_cpu = sum(b.ext_cpu for b in per_file.values())
    print(f"files {len(files)}, pages {pages}, rounds {max(1, args.repeat)}")
    print(f"raw pypdfium2 get_text_range: {best_raw:.2f} s, {pages / best_raw:.1f} pages/s")
    print(f"extract_pdf:                  {best_ext:.2f} s, {pages / best_ext:.1f} pages/s")
    print(f"ratio extract/raw: {best_ext / best_raw:.2f}x   peak RSS {rss_mb:.0f} MB")
    print(
        f"per-file best: wall {ext_wall:.2f}/{raw_wall:.2f} s = {ext_wall / raw_wall:.2f}x, "
        f"cpu {ext_cpu:.2f}/{raw_cpu:.2f} s = {ext_cpu / raw_cpu:.2f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
