"""Cross-lingual term projection: the English term-query evidence a French or Spanish passage would have.

The curated term queries (``resources/sdg_terms.json``) are much richer in English (about 1100 goal queries) than
in French or Spanish (about 180), so a French passage often has no goal-term hits where its English version has
several. A projection is a ridge regression, one per language, from the passage's own words (read with its
language's rules, :mod:`~pipeline.classify.wordforms`) to the log goal-term hits of its English version
(:func:`~pipeline.classify.knowledge.knowledge_features`); it is fitted on the training rows that have both a
translation and its English original (a passage and its translations share an id). Its predictions are two
more combiner features of a French or Spanish (passage, goal) pair: the projected hits and their share of the
passage's best goal. English passages keep their real hits and get no projection.

Tried for issue 15 (``Variant(project_terms=True)``), it is not in the shipped model: on the grouped nested CV
of dev.csv it moved the French figure by +1.4 points with seed 42 and -0.5 with seed 7, within the noise.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from pipeline.classify.benchmark import BenchmarkRow
from pipeline.classify.knowledge import KnowledgeFeatures
from pipeline.classify.wordforms import analyze_tagged

PROJECTION_ALPHA = 1.0
"""Ridge regularisation of a projection (0.3 and 3 measured no better on the grouped CV of dev.csv)."""
SOURCE_LANGUAGE = "en"
"""The language whose term-query hits are projected."""
PROJECTION_FEATURES: tuple[str, ...] = ("projected_goal_terms", "projected_goal_terms_rel")
"""The combiner features a projection adds to a (passage, goal) pair, after the model's other features."""


@dataclass(frozen=True)
class TermProjection:
    """Ridge regression from a language's passage words to the log goal-term hits of their English version."""

    language: str
    vectorizer: Any
    """A fitted TF-IDF vectoriser of (language, text) pairs: scikit-learn's, or its TfidfModel in an artefact."""
    coef: np.ndarray  # 17 × V
    intercept: np.ndarray  # 17

    def goal_terms(self, texts: Sequence[str]) -> np.ndarray:
        """n × 17 projected log goal-term hits (never below zero)."""
        x = self.vectorizer.transform([(self.language, t) for t in texts])
        return np.maximum(0.0, np.asarray(x @ self.coef.T) + self.intercept)

    def features(self, texts: Sequence[str]) -> np.ndarray:
        """n × 17 × 2 combiner features: projected hits and their share of the passage's best goal."""
        return projection_features(self.goal_terms(texts))


def projection_features(projected: np.ndarray) -> np.ndarray:
    """n × 17 × 2 features of projected hits (n × 17): the hits and each goal's share of the best goal's."""
    top = projected.max(axis=1, keepdims=True)
    rel = np.divide(projected, top, out=np.zeros_like(projected), where=top > 0)
    return np.stack([projected, rel], axis=2)


def source_pairs(rows: Sequence[BenchmarkRow], *, language: str) -> list[tuple[int, int]]:
    """(row, its English original's row) for the rows of ``language`` whose original is among ``rows``."""
    source = {r.row_id: i for i, r in enumerate(rows) if r.language == SOURCE_LANGUAGE and r.row_id}
    return [(i, source[r.row_id]) for i, r in enumerate(rows) if r.language == language and r.row_id in source]


def fit_projection(rows: Sequence[BenchmarkRow], kf: KnowledgeFeatures, *, language: str,
                   alpha: float = PROJECTION_ALPHA) -> TermProjection | None:
    """Fit the projection of ``language`` on the rows that have their English original among ``rows`` (``kf`` holds
    the rows' knowledge features); None when there is no such row."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # training only: loading imports no scikit-learn
    from sklearn.linear_model import Ridge

    pairs = source_pairs(rows, language=language)
    if not pairs:
        return None
    vec = TfidfVectorizer(analyzer=analyze_tagged, sublinear_tf=True, min_df=1, dtype=np.float64)
    x = vec.fit_transform([(language, rows[i].text) for i, _ in pairs])
    y = kf.goal_terms[[j for _, j in pairs]]
    model = Ridge(alpha=alpha).fit(x, y)
    return TermProjection(language, vec, np.asarray(model.coef_), np.asarray(model.intercept_))
