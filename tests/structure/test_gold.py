"""Structured tables against gold written by an annotator who saw no nexus output (tests/fixtures/tables_gold):
row-level precision and recall of every table, over all its gold documents, at least MIN_SCORE."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest

from pipeline.config import Settings
from pipeline.run.process import process_document
from pipeline.structure.score import KEY_FIELDS, read_gold, score_document
from tests.paths import ROOT, SHARED

GOLD = ROOT / "tests" / "fixtures" / "tables_gold"
SEARCH = (ROOT / "corpora" / "sample", SHARED / "corpora" / "real", SHARED / "corpora" / "evaluations")
MIN_SCORE = 0.90


def _gold_documents() -> list[Path]:
    stems = sorted({p.name.split(".")[0] for p in GOLD.glob("*.csv") if p.name.split(".")[1] in KEY_FIELDS})
    found = [next((d / f"{s}.pdf" for d in SEARCH if (d / f"{s}.pdf").exists()), None) for s in stems]
    return [f for f in found if f is not None]


@pytest.fixture(scope="module")
def totals() -> dict[str, list[int]]:
    """tp, fp, fn of each table over the gold documents."""
    docs = _gold_documents()
    if not docs:
        pytest.skip(f"no gold documents found beside {GOLD}")
    out: dict[str, list[int]] = {}
    for path in docs:
        result = process_document(path, settings=Settings())
        predicted = {name: [asdict(r) for r in rows] for name, rows in result.structures.items()}
        for s in score_document(predicted, read_gold(GOLD, path.stem)):
            t = out.setdefault(s.table, [0, 0, 0])
            t[0], t[1], t[2] = t[0] + s.tp, t[1] + s.fp, t[2] + s.fn
    return out


@pytest.mark.parametrize("table", sorted(KEY_FIELDS))
def test_table_reaches_gold(totals: dict[str, list[int]], table: str) -> None:
    if table not in totals:
        pytest.skip(f"no gold file for {table}")
    tp, fp, fn = totals[table]
    precision, recall = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
    assert precision >= MIN_SCORE and recall >= MIN_SCORE, f"{table}: P={precision:.2f} R={recall:.2f} ({tp}, {fp}, {fn})"
