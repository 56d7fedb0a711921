"""Targets to infer links from: what the knowledge part (term hits and text similarity) says a passage is about.

Inferred links use only this: it depends on the SDG framework and the term queries, not on the trained model, and
imports no scikit-learn (tagging and linking never load it).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from pipeline.classify.knowledge import KNOWLEDGE_LANGUAGE_FOR_SHAPES, knowledge, knowledge_features
from pipeline.classify.terms import WEAK_TERM_WEIGHT
from pipeline.classify.text import check_language

TARGET_SIM_SCALE = 0.30
"""A TF-IDF cosine to a target's text at this value counts as full similarity."""
TARGET_TERM_BASE = 0.55
"""Score of a one-word target term hit in infer_targets; each extra word adds TARGET_TERM_STEP."""
TARGET_TERM_STEP = 0.1
TARGET_TERM_MAX = 0.95
WEAK_TERM_BASE = 0.4
"""Score of a weak target term hit in infer_targets before the similarity bonus (needs close text to pass)."""
TARGET_SIM_ONLY_MIN = 0.40
"""A target is inferred without a term hit only when its text similarity reaches this cosine."""
INFER_SIM_BONUS = 0.2
"""In infer_targets, what full text similarity adds to a term hit's score."""
DEFAULT_INFER_MIN_SCORE = 0.6
SCORE_DIGITS = 4


def infer_targets(text: str, *, language: str = "en",
                  min_score: float = DEFAULT_INFER_MIN_SCORE) -> list[tuple[str, float]]:
    """SDG targets a passage is about without citing them: term-query hits, or very close text similarity."""
    return infer_targets_batch([text], language=language, min_score=min_score)[0]


def infer_targets_batch(texts: Sequence[str], *, language: str = "en",
                        min_score: float = DEFAULT_INFER_MIN_SCORE) -> list[list[tuple[str, float]]]:
    """:func:`infer_targets` for many passages at once (one vectorisation, one sparse product)."""
    if not texts:
        return []
    kf = knowledge_features(list(texts), language=check_language(language))
    kb = knowledge(KNOWLEDGE_LANGUAGE_FOR_SHAPES)
    target_index = {code: i for i, code in enumerate(kb.target_codes)}
    out: list[list[tuple[str, float]]] = []
    for row in range(len(texts)):
        hits = kf.target_hits[row]
        sims = kf.target_sim[row]
        scores: dict[str, float] = {}
        for ti in np.flatnonzero(sims >= TARGET_SIM_ONLY_MIN):
            scores[kb.target_codes[ti]] = min(TARGET_TERM_MAX, float(sims[ti]))
        for code, weight in hits.items():
            if code not in target_index:
                continue
            sim = float(sims[target_index[code]])
            weak = weight <= WEAK_TERM_WEIGHT
            base = WEAK_TERM_BASE if weak else TARGET_TERM_BASE + TARGET_TERM_STEP * (weight - 1)
            scores[code] = min(TARGET_TERM_MAX, base + INFER_SIM_BONUS * min(1.0, sim / TARGET_SIM_SCALE))
        out.append(sorted(((c, round(v, SCORE_DIGITS)) for c, v in scores.items() if v >= min_score),
                          key=lambda kv: (-kv[1], kv[0])))
    return out
