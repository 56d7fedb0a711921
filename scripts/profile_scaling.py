"""Time every stage of the pipeline on documents of growing length, so that a superlinear stage shows.

usage: python scripts/profile_scaling.py [FILE ...] [--dir DIR] [--repeat N] [--profile] [--top N]

Without FILE, the PDFs ``report_*p.pdf`` of ``--dir`` (made by scripts/make_large_inputs.py) are timed, smallest
first. Each document goes through :func:`pipeline.run.process.process_document` (the tagger and the inference model
are warmed up first and not timed); the seconds of each stage (``DocResult.timings``: extract, segment, tag, link,
structure) are the least of ``--repeat`` runs (the machine may be shared). Seconds per page (per million characters
for a document without pages) are printed beside them: for a linear stage that column stays flat.
``--profile`` runs the largest document once more under cProfile and prints the top functions by cumulative time.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import time
from pathlib import Path

from pipeline.config import Settings
from pipeline.run.process import process_document, warm_up

STAGES: tuple[str, ...] = ("extract", "segment", "tag", "link", "structure")
DEFAULT_DIR = Path("/tmp/nexus_perf/in")
PAGES_RE = re.compile(r"_(\d+)p\.pdf$")


def _order(path: Path) -> tuple[int, str]:
    match = PAGES_RE.search(path.name)
    return (int(match.group(1)) if match else path.stat().st_size, path.name)


def time_document(path: Path, *, settings: Settings, nlp, repeat: int) -> tuple[dict[str, float], int, int, str, float]:  # noqa: ANN001
    """(least seconds per stage, pages, characters, status, least total seconds) over ``repeat`` runs."""
    best: dict[str, float] = {}
    total = float("inf")
    pages = chars = 0
    status = ""
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = process_document(path, settings=settings, nlp=nlp)
        total = min(total, time.perf_counter() - t0)
        status = result.document.status
        pages, chars = len(result.document.pages), len(result.document.text)
        for stage in STAGES:
            value = result.timings.get(stage, float("nan"))
            best[stage] = min(best.get(stage, float("inf")), value)
    return best, pages, chars, status, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of report_*p.pdf (without FILE)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per document; the least time is kept")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest document")
    parser.add_argument("--top", type=int, default=30, help="functions to print with --profile")
    args = parser.parse_args()
    files = sorted(args.files or args.dir.glob("report_*p.pdf"), key=_order)
    if not files:
        parser.error(f"no documents (make them with scripts/make_large_inputs.py --out {args.dir})")
    settings = Settings(db=None)
    nlp = warm_up(settings)
    header = f"{'document':28} {'status':7} {'pages':>6} {'chars':>10} {'total s':>8}  " + "  ".join(
        f"{stage:>17}" for stage in STAGES)
    print(header)
    print(f"{'':64}" + "  ".join(f"{'s':>8} {'ms/page':>8}" for _ in STAGES))
    for path in files:
        timings, pages, chars, status, total = time_document(path, settings=settings, nlp=nlp, repeat=args.repeat)
        unit = pages if pages > 1 else max(chars / 1e6, 1e-9)
        cells = "  ".join(f"{timings[s]:8.2f} {1000 * timings[s] / unit:8.2f}" for s in STAGES)
        print(f"{path.name[:28]:28} {status:7} {pages:6d} {chars:10d} {total:8.1f}  {cells}", flush=True)
    if args.profile:
        largest = files[-1]
        profiler = cProfile.Profile()
        profiler.enable()
        process_document(largest, settings=settings, nlp=nlp)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
        print(f"\ncProfile of {largest.name} (top {args.top} by cumulative time)")
        print(out.getvalue())


if __name__ == "__main__":
    main()
