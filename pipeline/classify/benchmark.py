"""The SDG Classification Benchmark: its labelled rows and its score.

A row says whether a passage is about one goal (``id, text, sdg, label``). A row is right when
(sdg in the predicted goal set) == label; the score is the per-SDG accuracy averaged over SDGs.
"""
from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.classify.knowledge import GOALS
from pipeline.errors import ConfigError

TRUE_LABEL = "true"


@dataclass(frozen=True, slots=True)
class BenchmarkRow:
    """A labelled passage in the SDG-benchmark layout: is `text` about goal `sdg`?"""

    text: str
    sdg: int
    label: bool
    row_id: str = ""
    language: str = "en"


def read_benchmark(path: Path, *, language: str = "en") -> list[BenchmarkRow]:
    """Read a benchmark CSV (columns id, text, sdg, label) whose passages are in ``language``."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = [BenchmarkRow(r["text"], int(r["sdg"]), r["label"].strip().lower() == TRUE_LABEL, r.get("id", ""),
                                 language) for r in csv.DictReader(fh)]
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(f"cannot read benchmark file {path}: {exc}; expected columns id,text,sdg,label") from exc
    bad = sorted({r.sdg for r in rows} - set(GOALS))
    if bad:
        raise ConfigError(f"benchmark file {path} has sdg values {bad}; valid: {GOALS[0]}-{GOALS[-1]}")
    return rows


def normalise_passage(text: str) -> str:
    """A passage's identity for grouping: case and whitespace folded."""
    return " ".join(text.casefold().split())


def passage_groups(rows: Sequence[BenchmarkRow]) -> list[int]:
    """A group number per row: rows with the same normalised text, or the same id (a passage and its
    translations), share one, so that cross-validation never puts them on both sides."""
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for row in rows:
        text_key = "t:" + normalise_passage(row.text)
        if row.row_id:
            parent[find(text_key)] = find("i:" + row.row_id)
        else:
            find(text_key)
    numbers: dict[str, int] = {}
    return [numbers.setdefault(find("t:" + normalise_passage(r.text)), len(numbers)) for r in rows]


def benchmark_accuracy(rows: Iterable[tuple[int, bool]], predicted: Iterable[Iterable[int]]) -> tuple[float, dict[int, float]]:
    """SDG-benchmark score: a row (sdg, label) is right when (sdg in predicted set) == label; mean of per-SDG accuracy."""
    right: dict[int, int] = {}
    total: dict[int, int] = {}
    for (sdg, label), pred in zip(rows, predicted, strict=True):
        ok = (sdg in set(pred)) == bool(label)
        right[sdg] = right.get(sdg, 0) + int(ok)
        total[sdg] = total.get(sdg, 0) + 1
    if not total:
        raise ConfigError("benchmark_accuracy needs at least one row; got none")
    per = {s: right[s] / total[s] for s in sorted(total)}
    return sum(per.values()) / len(per), per


def row_predictions(rows: Sequence[BenchmarkRow], positive: Sequence[bool]) -> list[set[int]]:
    """Predicted goal sets of rows whose own goal was (or was not) predicted."""
    return [{r.sdg} if p else set() for r, p in zip(rows, positive, strict=True)]
