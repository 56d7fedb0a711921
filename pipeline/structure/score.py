"""Row-level scoring of structured tables against gold CSVs: a row counts when its key fields match.

Gold files are ``<stem>.<table>.csv`` (UTF-8, a header row, the table's column names); keys are compared folded
(accents and case removed, runs of non-word characters as one space) and cut to a prefix, so that line breaks,
hyphenation and a clipped statement do not decide a match.
"""
from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.nlp.fold import fold

KEY_FIELDS: dict[str, tuple[tuple[str, int], ...]] = {
    "recommendations": (("number", 0), ("recommendation", 60)),
    "facts": (("key", 0), ("value", 40)),
    "results": (("kind", 0), ("number", 0)),
    "activities": (("country", 0), ("activity", 50)),
    "agenda": (("time", 0), ("session", 40)),
}
"""Each table's key fields and how many leading characters of each are compared (0: all)."""
NON_WORD_RE = re.compile(r"\W+")
TIME_DASH_RE = re.compile(r"\s*+[–—-]\s*+")


@dataclass(frozen=True, slots=True)
class TableScore:
    """True positives, false positives and false negatives of one table, with the unmatched keys."""

    table: str
    tp: int
    fp: int
    fn: int
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()

    @property
    def precision(self) -> float:
        """Share of predicted rows that match a gold row (1.0 when nothing was predicted and nothing is gold)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float(self.fn == 0)

    @property
    def recall(self) -> float:
        """Share of gold rows matched."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def _norm(value: object, length: int) -> str:
    """A key field folded for comparison."""
    text = NON_WORD_RE.sub(" ", fold(TIME_DASH_RE.sub("-", str(value or "")))).strip()
    return text[:length].strip() if length else text


def row_key(table: str, row: Mapping[str, object]) -> str:
    """The comparison key of a row of a table."""
    return " | ".join(_norm(row.get(name, ""), length) for name, length in KEY_FIELDS[table])


def score_rows(table: str, predicted: Iterable[Mapping[str, object]], gold: Iterable[Mapping[str, object]]) -> TableScore:
    """Score predicted rows against gold rows by their keys (a key present n times matches at most n times)."""
    pred = Counter(row_key(table, r) for r in predicted)
    want = Counter(row_key(table, r) for r in gold)
    tp = sum((pred & want).values())
    return TableScore(table, tp, sum(pred.values()) - tp, sum(want.values()) - tp,
                      missed=tuple(sorted((want - pred).elements())), spurious=tuple(sorted((pred - want).elements())))


def read_gold(folder: Path, stem: str) -> dict[str, list[dict[str, str]]]:
    """The gold tables of one document: table name → its rows (tables without a file are left out)."""
    out: dict[str, list[dict[str, str]]] = {}
    for table in KEY_FIELDS:
        path = folder / f"{stem}.{table}.csv"
        if path.exists():
            with path.open(encoding="utf-8", newline="") as fh:
                out[table] = list(csv.DictReader(fh))
    return out


def score_document(predicted: Mapping[str, Sequence[Mapping[str, object]]],
                   gold: Mapping[str, Sequence[Mapping[str, object]]]) -> list[TableScore]:
    """The score of each gold table of a document."""
    return [score_rows(table, predicted.get(table, ()), rows) for table, rows in gold.items()]
