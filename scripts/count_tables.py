#!/usr/bin/env python3
"""Count the tables extract() finds per PDF, with and without ruling lines, and sample rule-less ones.

usage: count_tables.py [FOLDER] [--sample N] [--seed S]

Prints per file: pages, ruled tables, rule-less tables, tables continued from the page before (from the
extraction notes); then N rule-less detections drawn with a fixed
seed (file, page, first rows of cells) so they can be checked by eye. A table is rule-less when it came
from ``pipeline.extract.aligned.find_aligned_tables`` (recorded by wrapping that function).
"""
from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pipeline.extract.pdf as pdf_module  # noqa: E402
from pipeline.errors import PipelineError  # noqa: E402
from pipeline.extract import extract  # noqa: E402

DEFAULT_FOLDER = ROOT / ".." / "shared" / "corpora" / "real"
SHOWN_ROWS = 3
CELL_CHARS = 40
CONTINUED_NOTE = "table continues from page"
_RULELESS: set[str] = set()


def _record() -> None:
    """Wrap the rule-less detector used by pdf.py so that the texts of its tables are remembered."""
    finder = getattr(pdf_module, "find_aligned_tables", None)
    if finder is None:  # before rule-less tables existed
        return

    def recording(lines: Sequence) -> tuple[list, list]:
        tables, rest = finder(lines)
        _RULELESS.update(t.text for t in tables)
        return tables, rest

    pdf_module.find_aligned_tables = recording


def main() -> int:
    """Print the counts and the sample."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    _record()
    found: list[tuple[str, int, tuple[tuple[str, ...], ...]]] = []
    totals = [0, 0, 0, 0]
    print(f"{'file':62s} pages ruled ruleless continued")
    for path in sorted(args.folder.glob("*.pdf")):
        try:
            extracted = extract(path)
        except PipelineError as exc:
            print(f"{path.name:62s} failed: {exc}")
            continue
        ruled = ruleless = 0
        for page in extracted.pages:
            for block in page.blocks:
                if block.kind != "table":
                    continue
                if block.text in _RULELESS:
                    ruleless += 1
                    found.append((path.name, page.number, block.cells or ()))
                else:
                    ruled += 1
        continued = sum(1 for note in extracted.notes if note.startswith(CONTINUED_NOTE))
        print(f"{path.name:62s} {len(extracted.pages):5d} {ruled:5d} {ruleless:8d} {continued:9d}")
        for k, n in enumerate((len(extracted.pages), ruled, ruleless, continued)):
            totals[k] += n
    print(f"{'total':62s} {totals[0]:5d} {totals[1]:5d} {totals[2]:8d} {totals[3]:9d}")
    sample = random.Random(args.seed).sample(found, min(args.sample, len(found)))
    for name, page, cells in sorted(sample):
        print(f"\n{name} p{page} ({len(cells)} rows x {len(cells[0]) if cells else 0} cols)")
        for row in cells[:SHOWN_ROWS]:
            print("   " + " | ".join(c[:CELL_CHARS] for c in row))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
