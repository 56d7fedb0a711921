"""The trained model: supervised part, combiner, their pair features, and the artefact file that holds them.

The artefact ships with the package (``pipeline/classify/trained/model.joblib``, written by
``scripts/train_classifier.py``), so an installed nexus classifies exactly as a checkout does. Only the
supervised part and the combiner are stored; the knowledge part is rebuilt from the resources at load time.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.classify.knowledge import (
    KNOWLEDGE_LANGUAGE_FOR_SHAPES,
    N_GOALS,
    KnowledgeFeatures,
    knowledge,
    knowledge_features,
    resources_fingerprint,
)

log = logging.getLogger(__name__)

MODEL_DIR = Path(str(files("pipeline.classify"))) / "trained"
"""Package data folder of the trained classifier (artefact and its metrics.json)."""
MODEL_FILE = MODEL_DIR / "model.joblib"
METRICS_FILE = MODEL_DIR / "metrics.json"
MODEL_FORMAT = 1
"""Version of the artefact layout; an artefact of another version is not used."""
JOBLIB_COMPRESS = 3
MAX_GOALS_PER_PASSAGE = 4
"""At most this many goals are predicted for one passage."""

FEATURE_NAMES: tuple[str, ...] = (
    "goal_sim", "goal_sim_rel", "goal_sim_top", "goal_terms", "goal_terms_rel", "target_terms",
    "target_sim_max", "sup", "sup_margin", "sup_top", "sup_rel",
)
"""The combiner's features of one (passage, goal) pair, in the order of :func:`pair_features`."""


@dataclass(frozen=True)
class Supervised:
    """One-vs-rest linear models per goal over a shared TF-IDF vocabulary."""

    vectorizer: TfidfVectorizer
    coef: np.ndarray  # 17 × V
    intercept: np.ndarray  # 17

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """n × 17 probabilities that each passage is about each goal."""
        z = self.vectorizer.transform(texts) @ self.coef.T + self.intercept
        return 1.0 / (1.0 + np.exp(-np.asarray(z)))


def pair_features(kf: KnowledgeFeatures, sup: np.ndarray) -> np.ndarray:
    """n × 17 × F features of every (passage, goal) pair for the combiner."""
    n = kf.goal_sim.shape[0]

    def rel(m: np.ndarray) -> np.ndarray:
        top = m.max(axis=1, keepdims=True)
        return np.divide(m, top, out=np.zeros_like(m), where=top > 0)

    def top(m: np.ndarray) -> np.ndarray:
        return (m >= m.max(axis=1, keepdims=True)).astype(float) * (m > 0)

    def margin(m: np.ndarray) -> np.ndarray:
        out = np.empty_like(m)
        for gi in range(N_GOALS):
            others = np.delete(m, gi, axis=1)
            out[:, gi] = m[:, gi] - others.max(axis=1)
        return out

    kb = knowledge(KNOWLEDGE_LANGUAGE_FOR_SHAPES)
    target_sim_max = np.zeros((n, N_GOALS))
    if kf.target_sim.size:
        for gi in range(N_GOALS):
            cols = kb.target_goals == gi
            target_sim_max[:, gi] = kf.target_sim[:, cols].max(axis=1)
    feats = [
        kf.goal_sim, rel(kf.goal_sim), top(kf.goal_sim), kf.goal_terms, rel(kf.goal_terms), kf.target_terms,
        target_sim_max, sup, margin(sup), top(sup), rel(sup),
    ]
    return np.stack(feats, axis=2)


@dataclass(frozen=True)
class Combiner:
    """Shared logistic model over (passage, goal) features, with its decision threshold."""

    coef: np.ndarray
    intercept: float
    threshold: float
    mean: np.ndarray
    scale: np.ndarray

    def proba(self, feats: np.ndarray) -> np.ndarray:
        """Probability for each (passage, goal) pair: feats is n × 17 × F, result n × 17."""
        z = ((feats - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class SdgModel:
    """Supervised part + combiner; the knowledge part is rebuilt from resources at load time."""

    supervised: Supervised
    combiner: Combiner
    info: dict[str, Any]

    def goal_proba(self, texts: Sequence[str], *, language: str = "en") -> tuple[np.ndarray, KnowledgeFeatures]:
        """n × 17 combined probabilities and the knowledge features they came from."""
        kf = knowledge_features(texts, language=language)
        sup = self.supervised.scores(texts)
        return self.combiner.proba(pair_features(kf, sup)), kf


def read_model(path: Path) -> SdgModel | None:
    """The artefact at ``path``, or None (with a warning) when it is absent, unreadable or of another format."""
    if not path.is_file():
        return None
    try:
        payload = joblib.load(path)
    except Exception as exc:  # noqa: BLE001 - any unpickling error means the artefact is unusable
        log.warning("cannot load SDG classifier artefact %s: %s", path, exc)
        return None
    if not isinstance(payload, SdgModel) or payload.info.get("format") != MODEL_FORMAT:
        log.warning("SDG classifier artefact %s has another format; expected %s", path, MODEL_FORMAT)
        return None
    if payload.info.get("resources") != resources_fingerprint():
        log.warning("SDG classifier artefact %s was trained on other SDG resources; retrain with "
                    "scripts/train_classifier.py", path)
    return payload


def save_model(model: SdgModel, *, path: Path = MODEL_FILE) -> Path:
    """Write a model artefact with joblib (compressed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path, compress=JOBLIB_COMPRESS)
    return path
