"""Passage-level SDG classifier (goals and targets) and target inference for inferred links.

Two parts are combined:

1. a knowledge part built from the project's own SDG framework (``resources/sdg.json``) and curated
   term queries (``resources/sdg_terms.json``): TF-IDF similarity of a passage to each goal's and
   target's official text, and weighted hits of the term queries;
2. a supervised part (TF-IDF word n-grams, one logistic regression per goal) trained by
   ``scripts/train_classifier.py`` and shipped as package data (``pipeline/classify/trained/model.joblib``).

A small shared logistic "combiner" turns the per-(passage, goal) features of both parts into one
probability; a goal is predicted when it reaches the cross-validated threshold. When the trained
artefact is missing or unusable, a model is trained in memory from the framework texts and term
queries only (with a warning).

What lives where, in the order a passage flows:

- :mod:`~pipeline.classify.text`: supported languages, folding, stemming, tokens, TF-IDF features;
- :mod:`~pipeline.classify.terms`: the term queries of ``sdg_terms.json``, their index, :func:`find_terms`;
- :mod:`~pipeline.classify.knowledge`: goal/target knowledge texts, the per-language TF-IDF model,
  :func:`knowledge_features`;
- :mod:`~pipeline.classify.model`: the trained parts (:class:`Supervised`, :class:`Combiner`, :class:`SdgModel`),
  their pair features, reading and writing the artefact;
- :mod:`~pipeline.classify.training`: framework examples, fitting, benchmark-row training, cross-validation;
- :mod:`~pipeline.classify.benchmark`: the SDG-benchmark rows and score;
- :mod:`~pipeline.classify.predict`: :func:`classify`, :func:`classify_text`, :func:`infer_targets`,
  :func:`infer_targets_batch` and the cached :func:`load_model`;
- :mod:`~pipeline.classify.io`: classifying one passage or a CSV file (``nexus classify``).

The names below are the package's API. ``SdgModel``, ``Supervised``, ``Combiner`` and ``analyze`` must stay
importable from here too: artefacts saved before the split pickle them as ``pipeline.classify.<name>``.
"""
from __future__ import annotations

from pipeline.classify.benchmark import BenchmarkRow, benchmark_accuracy, read_benchmark
from pipeline.classify.knowledge import (
    GOALS,
    KNOWLEDGE_LANGUAGE_FOR_SHAPES,
    N_GOALS,
    Knowledge,
    KnowledgeFeatures,
    goal_document,
    knowledge,
    knowledge_features,
    resources_fingerprint,
    target_document,
)
from pipeline.classify.model import (
    FEATURE_NAMES,
    MAX_GOALS_PER_PASSAGE,
    METRICS_FILE,
    MODEL_DIR,
    MODEL_FILE,
    MODEL_FORMAT,
    Combiner,
    SdgModel,
    Supervised,
    pair_features,
    read_model,
    save_model,
)
from pipeline.classify.predict import (
    DEFAULT_INFER_MIN_SCORE,
    SdgPrediction,
    classify,
    classify_text,
    infer_targets,
    infer_targets_batch,
    load_model,
)
from pipeline.classify.terms import TermHit, find_terms, load_terms
from pipeline.classify.text import LANGUAGES, STOP_WORDS, analyze, check_language, fold, stem, tokens
from pipeline.classify.training import (
    CV_FOLDS,
    CV_SEED,
    INNER_FOLDS,
    THRESHOLD_GRID,
    CvResult,
    Example,
    cross_validate,
    evaluate,
    fit_combiner,
    fit_supervised,
    framework_examples,
    row_example,
    synthetic_pairs,
    train_knowledge_model,
    train_model,
    tune_threshold,
)

__all__ = [
    "CV_FOLDS", "CV_SEED", "DEFAULT_INFER_MIN_SCORE", "FEATURE_NAMES", "GOALS", "INNER_FOLDS",
    "KNOWLEDGE_LANGUAGE_FOR_SHAPES", "LANGUAGES", "MAX_GOALS_PER_PASSAGE", "METRICS_FILE", "MODEL_DIR", "MODEL_FILE",
    "MODEL_FORMAT", "N_GOALS", "STOP_WORDS", "THRESHOLD_GRID",
    "BenchmarkRow", "Combiner", "CvResult", "Example", "Knowledge", "KnowledgeFeatures", "SdgModel", "SdgPrediction",
    "Supervised", "TermHit",
    "analyze", "benchmark_accuracy", "check_language", "classify", "classify_text", "cross_validate", "evaluate",
    "find_terms", "fit_combiner", "fit_supervised", "fold", "framework_examples", "goal_document", "infer_targets",
    "infer_targets_batch", "knowledge", "knowledge_features", "load_model", "load_terms", "pair_features",
    "read_benchmark", "read_model", "resources_fingerprint", "row_example", "save_model", "stem", "synthetic_pairs",
    "target_document", "tokens", "train_knowledge_model", "train_model", "tune_threshold",
]
