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

from pipeline.classify.benchmark import BenchmarkRow, benchmark_accuracy, passage_groups, read_benchmark
from pipeline.classify.evaluation import CvResult, cross_validate, evaluate, score_by_language
from pipeline.classify.knowledge import (
    GOALS,
    KNOWLEDGE_LANGUAGE_FOR_SHAPES,
    N_GOALS,
    Knowledge,
    KnowledgeFeatures,
    goal_document,
    knowledge,
    knowledge_features,
    knowledge_features_by_language,
    resources_fingerprint,
    target_document,
)
from pipeline.classify.model import (
    FEATURE_NAMES,
    MAX_GOALS_PER_PASSAGE,
    GoalScores,
    METRICS_FILE,
    MODEL_DIR,
    MODEL_FILE,
    MODEL_FORMAT,
    Combiner,
    SdgModel,
    Supervised,
    model_features,
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
    passage_languages,
)
from pipeline.classify.language import AUTO_LANGUAGE, DEFAULT_LANGUAGE, detect_language, detect_languages
from pipeline.classify.phrases import PhraseHits, phrase_hits, phrase_index
from pipeline.classify.targets import TargetMatch, rank_targets
from pipeline.classify.terms import TermHit, find_terms, load_terms
from pipeline.classify.text import LANGUAGES, STOP_WORDS, analyze, check_language, fold, stem, tokens
from pipeline.classify.training import (
    CV_FOLDS,
    CV_SEED,
    INNER_FOLDS,
    THRESHOLD_GRID,
    Example,
    Variant,
    fit_combiner,
    fit_supervised,
    framework_examples,
    row_example,
    grouped_folds,
    synthetic_pairs,
    train_knowledge_model,
    train_model,
    tune_threshold,
)

__all__ = [
    "AUTO_LANGUAGE", "DEFAULT_LANGUAGE", "GoalScores", "PhraseHits", "detect_language", "detect_languages",
    "grouped_folds", "knowledge_features_by_language", "model_features", "passage_groups", "phrase_hits",
    "phrase_index", "score_by_language", "TargetMatch", "rank_targets", "passage_languages",
    "Variant",
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
