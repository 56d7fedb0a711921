#!/usr/bin/env python3
"""Draw a fixed-seed random sample of a run's links for a human review of their evidence.

usage: sample_links.py RUN_DIR [--n 100] [--seed 2026] [--all-explicit] [--exclude EARLIER.tsv] [--out FILE.tsv]

Writes one row per sampled link: its number, document file, page, relation (explicit / inferred), theme, SDG
item, score, reason and verbatim evidence, plus empty ``verdict`` and ``why`` columns for the reviewer
(``ok`` or ``wrong``). ``--all-explicit`` adds every explicit link not drawn (explicit links are rare, and their
precision needs more than the handful a random draw gives). Rows are sorted by link id before drawing, so the
same run folder and seed always give the same sample. ``--exclude`` leaves out the links of an earlier sample
(same file, theme, SDG item and evidence), so that a second review is drawn from links nobody has judged yet.
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

COLUMNS = ("n", "drawn", "file", "page", "relation", "theme", "sdg", "weight", "reason", "evidence", "verdict", "why")


def _key(file: str, theme: str, sdg: str, evidence: str) -> tuple[str, str, str, str]:
    return Path(file).name, theme, sdg, " ".join(evidence.split())


def earlier_keys(path: Path) -> set[tuple[str, str, str, str]]:
    """The (file, theme, SDG item, evidence) of every row of an earlier sample."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {_key(r["file"], r["theme"], r["sdg"], r["evidence"]) for r in csv.DictReader(handle, delimiter="\t")}


def sample(rows: list[dict[str, str]], *, n: int, seed: int, all_explicit: bool,
           exclude: set[tuple[str, str, str, str]] = frozenset()) -> list[dict[str, str]]:
    """The drawn rows (``drawn`` = random or explicit), in a stable order."""
    rows = [r for r in rows if _key(r["source"], r["source_id"], r["target_id"], r["evidence"]) not in exclude]
    keyed = sorted(rows, key=lambda r: (r["doc_id"], r["sentence_id"], r["source_id"], r["target_id"]))
    picked = random.Random(seed).sample(range(len(keyed)), min(n, len(keyed)))
    out = [dict(keyed[i], drawn="random") for i in sorted(picked)]
    if all_explicit:
        chosen = set(picked)
        out += [dict(r, drawn="explicit") for i, r in enumerate(keyed) if i not in chosen and r["relation"] == "explicit"]
    return out


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run_dir", type=Path)
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--all-explicit", action="store_true")
    parser.add_argument("--exclude", type=Path, help="an earlier sample whose links are not drawn again")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    links = args.run_dir / "links.csv"
    if not links.is_file():
        print(f"sample_links.py: no links.csv in {args.run_dir}", file=sys.stderr)
        return 2
    with links.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    exclude = earlier_keys(args.exclude) if args.exclude else set()
    drawn = sample(rows, n=args.n, seed=args.seed, all_explicit=args.all_explicit, exclude=exclude)
    handle = args.out.open("w", encoding="utf-8", newline="") if args.out else sys.stdout
    writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
    writer.writerow(COLUMNS)
    for k, r in enumerate(drawn, 1):
        writer.writerow([k, r["drawn"], Path(r["source"]).name, r["page"], r["relation"], r["source_id"],
                         r["target_id"], r["weight"], r["reason"], " ".join(r["evidence"].split()), "", ""])
    if args.out:
        handle.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
