"""The public predictions: SDG goals and targets of passages (:func:`classify`) and targets to infer links from.

:func:`classify` uses the shipped artefact (:func:`load_model`) and detects each passage's language unless one
is given; its targets come ranked with scores and reasons (:mod:`~pipeline.classify.targets`).
:func:`infer_targets_batch` needs only the knowledge part (term hits and text similarity), so inferred links do
not depend on the trained model.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.classify.knowledge import KNOWLEDGE_LANGUAGE_FOR_SHAPES, knowledge, knowledge_features
from pipeline.classify.language import AUTO_LANGUAGE, detect_languages
from pipeline.classify.model import MAX_GOALS_PER_PASSAGE, MODEL_FILE, SdgModel, read_model
from pipeline.classify.targets import TargetMatch, rank_targets
from pipeline.classify.terms import WEAK_TERM_WEIGHT
from pipeline.classify.text import check_language
from pipeline.classify.training import train_knowledge_model
from pipeline.errors import ConfigError

log = logging.getLogger(__name__)

DEFAULT_TOP_TARGETS = 3
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


@dataclass(frozen=True, slots=True)
class SdgPrediction:
    """SDG goals (number, score) above threshold, the passage's most likely targets (code, score), the same
    targets with reasons and indicators, and the language the passage was read in."""

    goals: tuple[tuple[int, float], ...] = ()
    targets: tuple[tuple[str, float], ...] = ()
    target_matches: tuple[TargetMatch, ...] = ()
    language: str = "en"

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


def passage_languages(texts: Sequence[str], language: str) -> list[str]:
    """Each passage's language: detected per passage for ``auto``, else ``language`` (checked) for all."""
    if language == AUTO_LANGUAGE:
        return detect_languages(texts)
    return [check_language(language)] * len(texts)


def classify(texts: Sequence[str], *, language: str = AUTO_LANGUAGE,
             top_targets: int = DEFAULT_TOP_TARGETS) -> list[SdgPrediction]:
    """Classify passages into SDG goals (above the tuned threshold) and their ranked targets with reasons;
    each passage's language is detected unless ``language`` (en, fr or es) is given."""
    if isinstance(texts, str):
        raise ConfigError("classify takes a sequence of passages, not one string; use classify_text")
    languages = passage_languages(texts, language)
    if not texts:
        return []
    texts = list(texts)
    model = load_model()
    out = model.scores(texts, languages=languages)
    ranked = rank_targets(texts, languages, out.proba, out.knowledge, out.phrases, top=top_targets)
    preds = []
    for row, (proba, threshold) in enumerate(zip(out.proba, out.thresholds, strict=True)):
        order = np.argsort(-proba, kind="stable")[:MAX_GOALS_PER_PASSAGE]
        goals = tuple((int(gi) + 1, round(float(proba[gi]), SCORE_DIGITS)) for gi in order if proba[gi] >= threshold)
        matches = ranked[row] if goals else ()
        preds.append(SdgPrediction(goals, tuple((m.code, m.score) for m in matches), matches, languages[row]))
    return preds


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
