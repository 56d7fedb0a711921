"""File edges of the SDG classifier: classify one passage or every row of a CSV (used by ``nexus classify``).

Unless a language is given, each passage (each CSV row) is read in the language detected for it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.classify.language import AUTO_LANGUAGE
from pipeline.errors import ConfigError, InputError
from pipeline.output.files import atomic_path

CLASSIFY_BATCH = 256
LIST_SEP = ";"


@dataclass(frozen=True, slots=True)
class OutputRow:
    """One printed line of ``nexus classify``: a goal, target or indicator with its score and reason."""

    kind: str
    code: str
    score: float
    reason: str = ""


def classify_one(text: str, *, language: str = AUTO_LANGUAGE) -> tuple[str, list[OutputRow]]:
    """The language a passage was read in, and its SDG goals, then its ranked targets (each followed by its
    indicators)."""
    from pipeline.classify import classify_text

    pred = classify_text(text, language=language)
    rows = [OutputRow("goal", f"SDG {g}", s) for g, s in pred.goals]
    for match in pred.target_matches:
        rows.append(OutputRow("target", match.code, match.score, match.reason))
        rows += [OutputRow("indicator", code, score) for code, score in match.indicators]
    return pred.language, rows


def classify_csv(path: Path, *, text_column: str, out: Path, language: str = AUTO_LANGUAGE) -> tuple[int, float]:
    """Write each row of a CSV back with ``language``, ``sdgs`` (goal numbers joined by ';'), ``sdg_scores``,
    ``targets``, ``target_scores`` and ``target_reasons`` columns."""
    from pipeline.classify import classify

    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read CSV: {exc}") from exc
    if text_column not in df.columns:
        raise ConfigError(f"--text-column: no column {text_column!r} in {path} (columns: {', '.join(df.columns)})")
    t0 = time.perf_counter()
    texts = df[text_column].tolist()
    preds = []
    for i in range(0, len(texts), CLASSIFY_BATCH):
        preds.extend(classify(texts[i:i + CLASSIFY_BATCH], language=language))
    seconds = time.perf_counter() - t0
    df["language"] = [p.language for p in preds]
    df["sdgs"] = [LIST_SEP.join(str(g) for g, _ in sorted(p.goals)) for p in preds]
    df["sdg_scores"] = [LIST_SEP.join(f"{g}:{s:.3f}" for g, s in p.goals) for p in preds]
    df["targets"] = [LIST_SEP.join(t for t, _ in p.targets) for p in preds]
    df["target_scores"] = [LIST_SEP.join(f"{m.code}:{m.score:.3f}" for m in p.target_matches) for p in preds]
    df["target_reasons"] = [" | ".join(f"{m.code}: {m.reason}" for m in p.target_matches) for p in preds]
    with atomic_path(out) as tmp:
        df.to_csv(tmp, index=False)
    return len(df), seconds
