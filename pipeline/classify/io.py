"""File edges of the SDG classifier: classify one passage or every row of a CSV (used by ``nexus classify``)."""
from __future__ import annotations

import time
from pathlib import Path

import pandas as pd

from pipeline.errors import ConfigError, InputError
from pipeline.output.store import atomic_path

CLASSIFY_BATCH = 256


def classify_one(text: str, *, language: str = "en") -> list[tuple[str, str, float]]:
    """(kind, code, score) rows for a passage: its SDG goals, then its targets."""
    from pipeline.classify import classify_text

    pred = classify_text(text, language=language)
    rows = [("goal", f"SDG {g}", s) for g, s in pred.goals]
    rows += [("target", t, s) for t, s in pred.targets]
    return rows


def classify_csv(path: Path, *, text_column: str, out: Path, language: str = "en") -> tuple[int, float]:
    """Write each row of a CSV back with ``sdgs`` (goal numbers joined by ';') and ``targets`` columns."""
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
    df["sdgs"] = [";".join(str(g) for g, _ in sorted(p.goals)) for p in preds]
    df["sdg_scores"] = [";".join(f"{g}:{s:.3f}" for g, s in p.goals) for p in preds]
    df["targets"] = [";".join(t for t, _ in p.targets) for p in preds]
    with atomic_path(out) as tmp:
        df.to_csv(tmp, index=False)
    return len(df), seconds
