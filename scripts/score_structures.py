"""Score the structured tables nexus finds against gold CSVs, per document and table (row-level P/R).

    .venv/bin/python scripts/score_structures.py [--gold tests/fixtures/tables_gold] [FILE.pdf ...]

Without files, every document of the gold folder is looked for in corpora/sample and ../shared/corpora.
"""
from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from pipeline.config import Settings
from pipeline.run.process import process_document
from pipeline.structure.score import KEY_FIELDS, read_gold, score_document

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "fixtures" / "tables_gold"
SEARCH = (ROOT / "corpora" / "sample", ROOT.parent / "shared" / "corpora" / "real",
          ROOT.parent / "shared" / "corpora" / "evaluations")


def gold_stems(folder: Path) -> list[str]:
    """The documents that have gold tables."""
    return sorted({p.name.split(".")[0] for p in folder.glob("*.csv") if p.name.split(".")[1] in KEY_FIELDS})


def find_file(stem: str) -> Path | None:
    """The PDF of a gold document in the sample or shared corpora."""
    return next((d / f"{stem}.pdf" for d in SEARCH if (d / f"{stem}.pdf").exists()), None)


def main(argv: list[str] | None = None) -> int:
    """Print P/R per document and table, and the totals per table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--verbose", action="store_true", help="list missed and spurious keys")
    args = parser.parse_args(argv)
    files = args.files or [f for f in (find_file(s) for s in gold_stems(args.gold)) if f is not None]
    totals: dict[str, list[int]] = {}
    for path in files:
        result = process_document(path, settings=Settings())
        predicted = {name: [asdict(r) for r in rows] for name, rows in result.structures.items()}
        for s in score_document(predicted, read_gold(args.gold, path.stem)):
            t = totals.setdefault(s.table, [0, 0, 0])
            t[0] += s.tp
            t[1] += s.fp
            t[2] += s.fn
            print(f"{path.stem:50s} {s.table:16s} P={s.precision:.2f} R={s.recall:.2f} (tp {s.tp}, fp {s.fp}, fn {s.fn})")
            if args.verbose:
                for key in s.missed:
                    print(f"    missed   {key}")
                for key in s.spurious:
                    print(f"    spurious {key}")
    for table, (tp, fp, fn) in sorted(totals.items()):
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        print(f"{'ALL':50s} {table:16s} P={p:.2f} R={r:.2f} (tp {tp}, fp {fp}, fn {fn})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
