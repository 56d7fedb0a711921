"""Fitting the calibration of inferred links on judged candidates (``tests/link/fixtures/inferred_judged.json``).

Each judged candidate is a passage, its placed theme mentions and names, a theme, a target and whether a reader
found the link right. Its features are recomputed with the current classifier (:func:`candidates`), so a refit
follows a changed classifier or term list; the fitted logistic model is written to
``resources/link_calibration.json`` with its in-sample and cross-validated figures.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.classify.inference import infer_targets_batch
from pipeline.link.explicit import Placed
from pipeline.link.inferred import CALIBRATION_FILE, FEATURES, Calibration, candidates
from pipeline.resources import resource_path
from pipeline.vocab import THEME_LABEL

log = logging.getLogger(__name__)

REGULARISATION_C = 1.0
"""Inverse L2 strength of the logistic fit (a few hundred judged candidates, nine features)."""
CV_FOLDS = 5
CV_SEED = 0
REPORT_THRESHOLDS: tuple[float, ...] = (0.5, 0.6, 0.7, 0.75, 0.8)


@dataclass(frozen=True, slots=True)
class Judged:
    """A judged candidate: its recomputed features (None when the candidate no longer arises) and the verdict."""

    features: tuple[float, ...] | None
    right: bool


def load_judged(path: Path) -> list[dict[str, Any]]:
    """The judged candidates of a fixture file."""
    return list(json.loads(path.read_text(encoding="utf-8"))["candidates"])


def featurise(rows: Sequence[dict[str, Any]]) -> list[Judged]:
    """Recompute each judged candidate's features with the current classifier and link rules."""
    out: list[Judged] = []
    by_passage: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        by_passage.setdefault((row["language"], row["text"]), []).append(row)
    for (language, text), members in by_passage.items():
        found = infer_targets_batch([text], language=language)[0]
        themes = [Placed(THEME_LABEL, t[0], int(t[1]), int(t[2]), t[3]) for t in members[0]["themes"]]
        names = [(int(a), int(b)) for a, b in members[0]["names"]]
        cands = {(c.theme, c.code): c for c in candidates(text, found, themes, language=language, names=names)}
        for row in members:
            cand = cands.get((row["theme"], row["code"]))
            out.append(Judged(cand.features if cand else None, bool(row["right"])))
    return out


def precision_at(probabilities: np.ndarray, truth: np.ndarray, threshold: float) -> tuple[int, float]:
    """(how many candidates reach the threshold, the share of them that are right)."""
    kept = probabilities >= threshold
    return int(kept.sum()), float(truth[kept].mean()) if kept.any() else float("nan")


def evaluate(model: Calibration, judged: Sequence[Judged]) -> dict[str, Any]:
    """Brier score and precision per threshold of a calibration on judged candidates (a dropped one scores 0)."""
    truth = np.array([j.right for j in judged], dtype=float)
    prob = np.array([model.probability(j.features) if j.features is not None else 0.0 for j in judged])
    return {"brier": round(float(((prob - truth) ** 2).mean()), 4),
            "precision": {str(t): precision_at(prob, truth, t) for t in REPORT_THRESHOLDS}}


def fit(judged: Sequence[Judged]) -> tuple[Calibration, dict[str, Any]]:
    """Fit the logistic calibration on the candidates that still arise; figures in-sample and cross-validated."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    kept = [j for j in judged if j.features is not None]
    x = np.array([j.features for j in kept])
    y = np.array([j.right for j in kept], dtype=int)
    model = LogisticRegression(C=REGULARISATION_C, max_iter=1000)
    cv = cross_val_predict(model, x, y, cv=StratifiedKFold(CV_FOLDS, shuffle=True, random_state=CV_SEED),
                           method="predict_proba")[:, 1]
    model.fit(x, y)
    calibration = Calibration(float(model.intercept_[0]), tuple(float(c) for c in model.coef_[0]))
    figures = {"judged": len(judged), "fitted": len(kept), "right": int(y.sum()),
               "in_sample": evaluate(calibration, judged),
               "cross_validated": {"brier": round(float(((cv - y) ** 2).mean()), 4),
                                   "precision": {str(t): precision_at(cv, y, t) for t in REPORT_THRESHOLDS}}}
    return calibration, figures


def write_calibration(calibration: Calibration, figures: dict[str, Any], *, path: Path | None = None) -> Path:
    """Write the fitted calibration (and how it was fitted) as ``resources/link_calibration.json``."""
    target = path or resource_path(CALIBRATION_FILE)
    payload = {
        "_about": "Logistic calibration of inferred links (pipeline/link/inferred.py): P(right) = sigmoid(intercept + "
                  "coefficients . features), fitted by scripts/calibrate_links.py on tests/link/fixtures/"
                  "inferred_judged.json.",
        "features": list(FEATURES),
        "intercept": round(calibration.intercept, 4),
        "coefficients": [round(c, 4) for c in calibration.coefficients],
        "fitted_on": figures,
    }
    target.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s (%d judged candidates)", target, figures["judged"])
    return target
