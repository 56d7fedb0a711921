"""Scoring the classifier honestly: grouped, nested cross-validation and the accuracy of a trained model.

:func:`cross_validate` scores :func:`~pipeline.classify.training.train_model` on rows it never saw: folds are
grouped so that a passage, its duplicates (case and whitespace folded) and its translations are always on one
side, and every choice the model makes from data (parts, combiner C, threshold) is made inside the training
folds. Figures are kept per language: the English rows of dev.csv give the headline.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from pipeline.classify.benchmark import BenchmarkRow, benchmark_accuracy, row_predictions
from pipeline.classify.knowledge import knowledge_features_by_language
from pipeline.classify.model import MAX_GOALS_PER_PASSAGE, SdgModel
from pipeline.classify.phrases import phrase_hits
from pipeline.classify.training import CV_FOLDS, CV_SEED, INNER_FOLDS, Variant, grouped_folds, train_model

HEADLINE_LANGUAGE = "en"


@dataclass(frozen=True)
class CvResult:
    """Cross-validated benchmark accuracy: average over SDGs and per SDG (headline language), each row's
    out-of-fold probability, the thresholds chosen per fold, and (average, per SDG) for every language."""

    accuracy: float
    per_sdg: dict[int, float]
    proba: np.ndarray
    thresholds: tuple[float, ...]
    by_language: dict[str, tuple[float, dict[int, float]]] = field(default_factory=dict)
    combiner_c: tuple[float, ...] = ()


def score_by_language(rows: Sequence[BenchmarkRow], positive: Sequence[bool]) -> dict[str, tuple[float, dict[int, float]]]:
    """Benchmark accuracy of own-goal decisions, separately for the rows of each language."""
    out: dict[str, tuple[float, dict[int, float]]] = {}
    for language in sorted({r.language for r in rows}):
        idx = [i for i, r in enumerate(rows) if r.language == language]
        sub = [rows[i] for i in idx]
        out[language] = benchmark_accuracy([(r.sdg, r.label) for r in sub],
                                           row_predictions(sub, [bool(positive[i]) for i in idx]))
    return out


def cross_validate(rows: Sequence[BenchmarkRow], *, folds: int = CV_FOLDS, seed: int = CV_SEED,
                   inner_folds: int = INNER_FOLDS, test_languages: Sequence[str] | None = None,
                   variant: Variant = Variant()) -> CvResult:
    """Out-of-fold benchmark accuracy of train_model on grouped folds (nested: all tuning inside training folds).

    ``test_languages`` limits which rows are scored (all rows still train); by default every language is."""
    rows = list(rows)
    texts = [r.text for r in rows]
    languages = [r.language for r in rows]
    kf = knowledge_features_by_language(texts, languages=languages)
    hits = phrase_hits(texts, languages=languages)
    proba = np.full(len(rows), np.nan)
    positive = np.zeros(len(rows), dtype=bool)
    scored = np.array([test_languages is None or r.language in test_languages for r in rows])
    thresholds, cs = [], []
    for tr, te in grouped_folds(rows, folds=folds, seed=seed):
        train_rows = [rows[i] for i in tr]
        model = train_model(train_rows, kf=kf.subset(tr), hits=hits.subset(tr), inner_folds=inner_folds,
                            seed=seed, variant=variant)
        te = te[scored[te]]
        test_rows = [rows[i] for i in te]
        out = model.scores([r.text for r in test_rows], languages=[r.language for r in test_rows])
        proba[te] = out.proba[np.arange(len(te)), [r.sdg - 1 for r in test_rows]]
        positive[te] = proba[te] >= out.thresholds
        thresholds.append(model.combiner.threshold)
        cs.append(float(model.info["combiner_c"]))
    keep = [i for i in range(len(rows)) if scored[i]]
    by_language = score_by_language([rows[i] for i in keep], positive[keep])
    head = by_language.get(HEADLINE_LANGUAGE) or next(iter(by_language.values()))
    return CvResult(head[0], head[1], proba, tuple(thresholds), by_language, tuple(cs))


def evaluate(model: SdgModel, rows: Sequence[BenchmarkRow]) -> tuple[float, dict[int, float]]:
    """Benchmark accuracy of a model's predicted goal sets (as classify returns them) on labelled rows."""
    out = model.scores([r.text for r in rows], languages=[r.language for r in rows])
    predicted = [{gi + 1 for gi in np.argsort(-p)[:MAX_GOALS_PER_PASSAGE] if p[gi] >= t}
                 for p, t in zip(out.proba, out.thresholds, strict=True)]
    return benchmark_accuracy([(r.sdg, r.label) for r in rows], predicted)
