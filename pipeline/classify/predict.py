"""The public predictions: SDG goals and targets of passages (:func:`classify`) and targets to infer links from.

:func:`classify` uses the shipped artefact (:func:`load_model`); :func:`infer_targets_batch` needs only the
knowledge part (term hits and text similarity), so inferred links do not depend on the trained model.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.classify.knowledge import KNOWLEDGE_LANGUAGE_FOR_SHAPES, KnowledgeFeatures, knowledge, knowledge_features
from pipeline.classify.model import MAX_GOALS_PER_PASSAGE, MODEL_FILE, SdgModel, read_model
from pipeline.classify.terms import MAX_TERM_WEIGHT, WEAK_TERM_WEIGHT
from pipeline.classify.text import check_language
from pipeline.classify.training import train_knowledge_model
from pipeline.errors import ConfigError

log = logging.getLogger(__name__)

DEFAULT_TOP_TARGETS = 3
MIN_OFF_GOAL_TERM_WEIGHT = 2
"""A target outside the predicted goals is listed only for a term hit of at least this many words."""
TARGET_SIM_SCALE = 0.30
"""A TF-IDF cosine to a target's text at this value counts as full similarity."""
TARGET_SIM_SHARE = 0.6
"""In a prediction's target scores, the share of text similarity; the rest comes from term hits."""
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


@dataclass(frozen=True, slots=True)
class SdgPrediction:
    """SDG goals (number, score) above threshold and the passage's most likely targets (code, score)."""

    goals: tuple[tuple[int, float], ...] = ()
    targets: tuple[tuple[str, float], ...] = ()

    @property
    def goal_numbers(self) -> frozenset[int]:
        """The predicted goal numbers as a set (benchmark view)."""
        return frozenset(g for g, _ in self.goals)


_MODEL_LOCK = threading.Lock()
_MODEL_CACHE: dict[str, SdgModel] = {}


def load_model(*, path: Path | None = None) -> SdgModel:
    """Load the trained artefact (cached); without a usable one, train the knowledge model in memory and warn."""
    key = str(path or MODEL_FILE)
    with _MODEL_LOCK:
        if key in _MODEL_CACHE:
            return _MODEL_CACHE[key]
        model = read_model(Path(key))
        if model is None:
            log.warning("SDG classifier artefact %s not found or unusable; training the knowledge model in memory", key)
            model = train_knowledge_model()
        _MODEL_CACHE[key] = model
        return model


def _target_scores(kf: KnowledgeFeatures, row: int, goal_idx: Iterable[int]) -> dict[str, float]:
    kb = knowledge(KNOWLEDGE_LANGUAGE_FOR_SHAPES)
    allowed = set(goal_idx)
    hits = kf.target_hits[row]
    out: dict[str, float] = {}
    for ti, code in enumerate(kb.target_codes):
        if kb.target_goals[ti] not in allowed and hits.get(code, 0.0) < MIN_OFF_GOAL_TERM_WEIGHT:
            continue
        sim = min(1.0, kf.target_sim[row, ti] / TARGET_SIM_SCALE)
        hit = hits.get(code, 0.0) / MAX_TERM_WEIGHT
        score = TARGET_SIM_SHARE * sim + (1 - TARGET_SIM_SHARE) * hit
        if score > 0:
            out[code] = round(float(score), SCORE_DIGITS)
    return out


def classify(texts: Sequence[str], *, language: str = "en",
             top_targets: int = DEFAULT_TOP_TARGETS) -> list[SdgPrediction]:
    """Classify passages into SDG goals (above the tuned threshold) and their most likely targets."""
    check_language(language)
    if isinstance(texts, str):
        raise ConfigError("classify takes a sequence of passages, not one string; use classify_text")
    if not texts:
        return []
    model = load_model()
    proba, kf = model.goal_proba(list(texts), language=language)
    threshold = model.combiner.threshold
    out = []
    for row in range(len(texts)):
        order = np.argsort(-proba[row])
        goals = tuple((int(gi) + 1, round(float(proba[row, gi]), SCORE_DIGITS)) for gi in order[:MAX_GOALS_PER_PASSAGE]
                      if proba[row, gi] >= threshold)
        tscores = _target_scores(kf, row, [g - 1 for g, _ in goals])
        targets = tuple(sorted(tscores.items(), key=lambda kv: (-kv[1], kv[0]))[:max(0, top_targets)])
        out.append(SdgPrediction(goals, targets if goals else ()))
    return out


def classify_text(text: str, **kw: Any) -> SdgPrediction:
    """Classify one passage; keyword options as for classify."""
    return classify([text], **kw)[0]


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
