"""The public predictions: SDG goals and targets of passages (:func:`classify`) and targets to infer links from.

:func:`classify` uses the shipped artefact (:func:`load_model`) and detects each passage's language unless one
is given; its targets come ranked with scores and reasons (:mod:`~pipeline.classify.targets`).
:func:`infer_targets_batch` needs only the knowledge part (term hits and text similarity), so inferred links do
not depend on the trained model (it lives in :mod:`~pipeline.classify.inference`, which imports no scikit-learn).
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.classify.inference import DEFAULT_INFER_MIN_SCORE, SCORE_DIGITS, infer_targets, infer_targets_batch
from pipeline.classify.language import AUTO_LANGUAGE, detect_languages
from pipeline.classify.model import MAX_GOALS_PER_PASSAGE, MODEL_FILE, SdgModel, read_model
from pipeline.classify.targets import TargetMatch, rank_targets
from pipeline.classify.text import check_language
from pipeline.errors import ConfigError

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_INFER_MIN_SCORE", "SdgPrediction", "classify", "classify_text", "infer_targets",
           "infer_targets_batch", "load_model", "passage_languages"]

DEFAULT_TOP_TARGETS = 3


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


def train_knowledge_model() -> SdgModel:
    """The framework-only model trained in memory (imports scikit-learn, which loading an artefact does not)."""
    from pipeline.classify.training import train_knowledge_model as train

    return train()


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
