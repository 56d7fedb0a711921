"""Passage-level SDG classifier (goals, targets, indicators) in English, French and Spanish, and target
inference for inferred links.

Three parts are combined:

1. a knowledge part built from the project's own SDG framework (``resources/sdg.json``) and curated
   term queries (``resources/sdg_terms.json``): TF-IDF similarity of a passage to each goal's and
   target's official text, weighted hits of the term queries, and hits of the specific two-word phrases of
   the official target wording (target-level queries, :mod:`~pipeline.classify.phrases`);
2. two supervised parts (TF-IDF word n-grams and character n-grams, one logistic regression per goal each)
   trained by ``scripts/train_classifier.py`` on dev.csv and its French and Spanish translations, shipped as
   package data (``pipeline/classify/trained/model.joblib``);
3. a logistic "combiner" per language with a per-goal bias turns the per-(passage, goal) features into one
   probability; a goal is predicted when it reaches the threshold chosen on inner folds.

When the trained artefact is missing or unusable, a model is trained in memory from the framework texts
and term queries only (with a warning). Each passage's language is detected (``lingua-language-detector``)
unless the caller gives one.

What lives where, in the order a passage flows:

- :mod:`~pipeline.classify.text`: supported languages, folding, stemming, tokens, TF-IDF features;
- :mod:`~pipeline.classify.language`: per-passage language detection (en/fr/es);
- :mod:`~pipeline.classify.terms`: the term queries of ``sdg_terms.json``, their index, :func:`find_terms`;
- :mod:`~pipeline.classify.knowledge`: goal/target knowledge texts, the per-language TF-IDF model,
  :func:`knowledge_features`;
- :mod:`~pipeline.classify.phrases`: target-level phrase queries from the official target wording;
- :mod:`~pipeline.classify.wordforms`: per-language stop words and light stemmers (an optional word part);
- :mod:`~pipeline.classify.projection`: English term hits projected onto French and Spanish passages (optional);
- :mod:`~pipeline.classify.model`: the trained parts (:class:`Supervised`, :class:`Combiner`, :class:`SdgModel`),
  their pair features, reading and writing the artefact;
- :mod:`~pipeline.classify.training`: framework examples, fitting, benchmark-row training, grouped folds;
- :mod:`~pipeline.classify.evaluation`: grouped nested cross-validation, per-language scores;
- :mod:`~pipeline.classify.benchmark`: the SDG-benchmark rows, passage groups and score;
- :mod:`~pipeline.classify.targets`: ranked targets and indicators with scores and reasons;
- :mod:`~pipeline.classify.predict`: :func:`classify`, :func:`classify_text`, :func:`infer_targets`,
  :func:`infer_targets_batch` and the cached :func:`load_model`;
- :mod:`~pipeline.classify.io`: classifying one passage or a CSV file (``nexus classify``).

The names below are the package's API. ``SdgModel``, ``Supervised``, ``Combiner`` and ``analyze`` must stay
importable from here too: artefacts saved before the split pickle them as ``pipeline.classify.<name>``.
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS: dict[str, str] = {
    "BenchmarkRow": "benchmark", "benchmark_accuracy": "benchmark", "passage_groups": "benchmark",
    "read_benchmark": "benchmark",
    "CvResult": "evaluation", "cross_validate": "evaluation", "evaluate": "evaluation",
    "score_by_language": "evaluation",
    "GOALS": "knowledge", "KNOWLEDGE_LANGUAGE_FOR_SHAPES": "knowledge", "Knowledge": "knowledge",
    "KnowledgeFeatures": "knowledge", "N_GOALS": "knowledge", "goal_document": "knowledge",
    "knowledge": "knowledge", "knowledge_features": "knowledge", "knowledge_features_by_language": "knowledge",
    "resources_fingerprint": "knowledge", "target_document": "knowledge",
    "AUTO_LANGUAGE": "language", "DEFAULT_LANGUAGE": "language", "detect_language": "language",
    "detect_languages": "language",
    "Combiner": "model", "FEATURE_NAMES": "model", "GoalScores": "model", "MAX_GOALS_PER_PASSAGE": "model",
    "METRICS_FILE": "model", "MODEL_DIR": "model", "MODEL_FILE": "model", "MODEL_FORMAT": "model",
    "SdgModel": "model", "Supervised": "model", "model_features": "model", "pair_features": "model",
    "read_model": "model", "save_model": "model",
    "PhraseHits": "phrases", "phrase_hits": "phrases", "phrase_index": "phrases",
    "DEFAULT_INFER_MIN_SCORE": "predict", "SdgPrediction": "predict", "classify": "predict",
    "classify_text": "predict", "infer_targets": "predict", "infer_targets_batch": "predict",
    "load_model": "predict", "passage_languages": "predict",
    "TargetMatch": "targets", "rank_targets": "targets",
    "TermHit": "terms", "find_terms": "terms", "load_terms": "terms",
    "LANGUAGES": "text", "STOP_WORDS": "text", "analyze": "text", "check_language": "text", "fold": "text",
    "stem": "text", "tokens": "text",
    "CV_FOLDS": "training", "CV_SEED": "training", "Example": "training", "INNER_FOLDS": "training",
    "THRESHOLD_GRID": "training", "Variant": "training", "fit_combiner": "training", "fit_supervised": "training",
    "framework_examples": "training", "grouped_folds": "training", "row_example": "training",
    "synthetic_pairs": "training", "train_knowledge_model": "training", "train_model": "training",
    "tune_threshold": "training",
}
"""Each public name → the submodule that defines it (imported on first use, see :func:`__getattr__`)."""


def __getattr__(name: str) -> Any:
    """Import a public name's submodule on first use: ``import pipeline.classify.inference`` (the linker's only
    need) then loads neither the trained model nor scikit-learn, while ``pipeline.classify.classify`` and the pickled
    names of older artefacts (``pipeline.classify.SdgModel``) still resolve."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


# A submodule of the same name as a public function would shadow it once imported (the import system sets the
# package attribute to the module): bind the function now (the module imports no scikit-learn).
from pipeline.classify.knowledge import knowledge  # noqa: E402, F401

__all__ = sorted(_EXPORTS)
