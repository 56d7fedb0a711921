"""Training the classifier: framework examples, the supervised part, the combiner, benchmark-row training and CV.

Everything is deterministic (fixed seeds). :func:`train_knowledge_model` needs only the resources;
:func:`train_model` adds labelled benchmark rows and tunes the decision threshold by inner cross-validation;
:func:`cross_validate` scores :func:`train_model` on rows it never saw.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from pipeline.classify.benchmark import BenchmarkRow, benchmark_accuracy, row_predictions
from pipeline.classify.knowledge import GOALS, N_GOALS, KnowledgeFeatures, knowledge_features, resources_fingerprint
from pipeline.classify.model import MAX_GOALS_PER_PASSAGE, MODEL_FORMAT, Combiner, SdgModel, Supervised, pair_features
from pipeline.classify.terms import PREFIX_MARK, WEAK_MARK, load_terms
from pipeline.classify.text import analyze
from pipeline.resources.sdg import load_sdg

SYNTHETIC_PER_GOAL = 60
"""Synthetic passages composed per goal from its targets, indicators and terms."""
SYNTHETIC_SEED = 13
SYNTHETIC_WEIGHT = 0.5
"""Sample weight of framework texts and synthetic passages next to real labelled passages."""
SYNTHETIC_PIECES = 2
"""Framework texts joined into one synthetic passage."""
SYNTHETIC_WORDS = 4
"""Term queries appended to one synthetic passage."""
SUPERVISED_C = 4.0
SUPERVISED_MAX_ITER = 5000
SUPERVISED_SEED = 0
"""liblinear's dual solver visits samples in random order; a fixed seed makes training repeatable."""
COMBINER_C = 1.0
COMBINER_MAX_ITER = 2000
DEFAULT_THRESHOLD = 0.5
THRESHOLD_GRID: tuple[float, ...] = tuple(round(0.2 + 0.025 * i, 3) for i in range(25))
"""Decision thresholds tried when tuning on out-of-fold probabilities."""
INNER_FOLDS = 5
CV_FOLDS = 5
CV_SEED = 42


@dataclass(frozen=True, slots=True)
class Example:
    """A training passage: positive goals it is about and goals it is known not to be about."""

    text: str
    positive: frozenset[int]
    negative: frozenset[int]
    weight: float = 1.0


@dataclass(frozen=True)
class CvResult:
    """Cross-validated benchmark accuracy: average over SDGs, per SDG, and each row's out-of-fold probability."""

    accuracy: float
    per_sdg: dict[int, float]
    proba: np.ndarray
    thresholds: tuple[float, ...]


def fit_supervised(examples: Sequence[Example], *, c: float = SUPERVISED_C) -> Supervised:
    """Train one logistic regression per goal; a passage counts for a goal only where its label is known."""
    vec = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, min_df=1)
    x = vec.fit_transform([e.text for e in examples])
    weights = np.array([e.weight for e in examples])
    coef = np.zeros((N_GOALS, x.shape[1]))
    intercept = np.zeros(N_GOALS)
    for gi, goal in enumerate(GOALS):
        rows = [i for i, e in enumerate(examples) if goal in e.positive or goal in e.negative]
        y = np.array([goal in examples[i].positive for i in rows])
        if y.all() or not y.any():
            intercept[gi] = 1.0 if y.all() else -1.0
            continue
        model = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", dual=True,
                                   max_iter=SUPERVISED_MAX_ITER, random_state=SUPERVISED_SEED)
        model.fit(x[rows], y, sample_weight=weights[rows])
        coef[gi], intercept[gi] = model.coef_[0], model.intercept_[0]
    return Supervised(vec, coef, intercept)


def framework_examples(*, language: str = "en", per_goal: int = SYNTHETIC_PER_GOAL,
                       seed: int = SYNTHETIC_SEED, weight: float = SYNTHETIC_WEIGHT) -> list[Example]:
    """Training passages made from the framework: goal/target/indicator texts and composed passages."""
    fw, terms = load_sdg(), load_terms()
    rng = random.Random(seed)
    all_goals = frozenset(GOALS)
    out: list[Example] = []
    for goal in GOALS:
        g = str(goal)
        pos, neg = frozenset({goal}), all_goals - {goal}
        pieces = [t.title.get(language) for t in fw.targets if t.goal == g]
        pieces += [i.title.get(language) for i in fw.indicators if i.target.split(".")[0] == g]
        pieces += [x.title.get(language) for x in fw.goals if x.number == g]
        words = [t.rstrip(PREFIX_MARK) for t in terms["goals"][g].get(language, ())]
        words += [t.strip(PREFIX_MARK + WEAK_MARK) for code, v in terms["targets"].items() if code.split(".")[0] == g
                  for t in v.get(language, ())]
        out.extend(Example(p, pos, neg, weight) for p in pieces)
        for _ in range(per_goal):
            text = " ".join(rng.sample(pieces, min(SYNTHETIC_PIECES, len(pieces))))
            text += " " + ", ".join(rng.sample(words, min(SYNTHETIC_WORDS, len(words)))) + "."
            out.append(Example(text, pos, neg, weight))
    return out


def fit_combiner(feats: np.ndarray, labels: np.ndarray, *, threshold: float = DEFAULT_THRESHOLD,
                 c: float = COMBINER_C, weights: np.ndarray | None = None) -> Combiner:
    """Fit the combiner on pair features (m × F) with binary labels (m)."""
    mean = feats.mean(axis=0)
    scale = feats.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=COMBINER_MAX_ITER)
    model.fit((feats - mean) / scale, labels, sample_weight=weights)
    return Combiner(model.coef_[0], float(model.intercept_[0]), threshold, mean, scale)


def synthetic_pairs(examples: Sequence[Example], sup_scores: np.ndarray, *, language: str = "en",
                    seed: int = SYNTHETIC_SEED) -> tuple[np.ndarray, np.ndarray]:
    """Pair features and labels from synthetic examples: the own goal (positive) and one other goal (negative)."""
    rng = random.Random(seed)
    kf = knowledge_features([e.text for e in examples], language=language)
    feats = pair_features(kf, sup_scores)
    rows, labels = [], []
    for i, e in enumerate(examples):
        own = next(iter(e.positive))
        other = rng.choice([g for g in GOALS if g != own])
        rows += [feats[i, own - 1], feats[i, other - 1]]
        labels += [1, 0]
    return np.array(rows), np.array(labels)


def train_knowledge_model(*, language: str = "en") -> SdgModel:
    """Train a model from the framework texts and term queries only (no labelled passages)."""
    examples = framework_examples(language=language)
    half = len(examples) // 2
    rng = random.Random(SYNTHETIC_SEED)
    order = list(range(len(examples)))
    rng.shuffle(order)
    a, b = [examples[i] for i in order[:half]], [examples[i] for i in order[half:]]
    # out-of-fold supervised scores so that the combiner does not learn from memorised passages
    sup_b = fit_supervised(a).scores([e.text for e in b])
    sup_a = fit_supervised(b).scores([e.text for e in a])
    fa, la = synthetic_pairs(a, sup_a, language=language)
    fb, lb = synthetic_pairs(b, sup_b, language=language)
    combiner = fit_combiner(np.vstack([fa, fb]), np.concatenate([la, lb]))
    info = {"trained_on": "framework", "format": MODEL_FORMAT, "resources": resources_fingerprint()}
    return SdgModel(fit_supervised(examples), combiner, info)


def row_example(row: BenchmarkRow, *, weight: float = 1.0) -> Example:
    """A labelled row as a training example: a positive row also counts against the other goals."""
    if row.label:
        return Example(row.text, frozenset({row.sdg}), frozenset(GOALS) - {row.sdg}, weight)
    return Example(row.text, frozenset(), frozenset({row.sdg}), weight)


def _row_pairs(feats: np.ndarray, rows: Sequence[BenchmarkRow]) -> np.ndarray:
    return np.array([feats[i, r.sdg - 1] for i, r in enumerate(rows)])


def tune_threshold(rows: Sequence[BenchmarkRow], proba: np.ndarray) -> float:
    """Threshold on the rows' own-goal probabilities that maximises the benchmark accuracy (ties: closest to 0.5)."""
    pairs = [(r.sdg, r.label) for r in rows]
    scored = [(benchmark_accuracy(pairs, row_predictions(rows, proba >= t))[0], -abs(t - DEFAULT_THRESHOLD), t)
              for t in THRESHOLD_GRID]
    return max(scored)[2]


def _stratum(rows: Sequence[BenchmarkRow]) -> np.ndarray:
    return np.array([r.sdg * 2 + int(r.label) for r in rows])


def train_model(rows: Sequence[BenchmarkRow], *, kf: KnowledgeFeatures | None = None,
                inner_folds: int = INNER_FOLDS, seed: int = 0) -> SdgModel:
    """Train supervised part + combiner on framework examples and labelled rows; threshold from inner CV."""
    rows = list(rows)
    kf = kf or knowledge_features([r.text for r in rows])
    framework = framework_examples()
    oof = np.zeros((len(rows), N_GOALS))
    for a, b in StratifiedKFold(inner_folds, shuffle=True, random_state=seed).split(rows, _stratum(rows)):
        sup = fit_supervised(framework + [row_example(rows[i]) for i in a])
        oof[b] = sup.scores([rows[i].text for i in b])
    x = _row_pairs(pair_features(kf, oof), rows)
    y = np.array([int(r.label) for r in rows])
    combiner = fit_combiner(x, y)
    threshold = tune_threshold(rows, combiner.proba(x[:, None, :])[:, 0])
    combiner = Combiner(combiner.coef, combiner.intercept, threshold, combiner.mean, combiner.scale)
    supervised = fit_supervised(framework + [row_example(r) for r in rows])
    info = {"trained_on": "framework+benchmark", "rows": len(rows), "format": MODEL_FORMAT, "threshold": threshold,
            "resources": resources_fingerprint()}
    return SdgModel(supervised, combiner, info)


def cross_validate(rows: Sequence[BenchmarkRow], *, folds: int = CV_FOLDS, seed: int = CV_SEED) -> CvResult:
    """Out-of-fold benchmark accuracy of train_model: every row is scored by a model that never saw it."""
    rows = list(rows)
    kf = knowledge_features([r.text for r in rows])
    proba = np.zeros(len(rows))
    positive = np.zeros(len(rows), dtype=bool)
    thresholds = []
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(rows, _stratum(rows)):
        model = train_model([rows[i] for i in tr], kf=kf.subset(tr), seed=seed)
        test_rows = [rows[i] for i in te]
        feats = pair_features(kf.subset(te), model.supervised.scores([r.text for r in test_rows]))
        proba[te] = _row_pairs(model.combiner.proba(feats), test_rows)
        positive[te] = proba[te] >= model.combiner.threshold
        thresholds.append(model.combiner.threshold)
    acc, per = benchmark_accuracy([(r.sdg, r.label) for r in rows], row_predictions(rows, positive))
    return CvResult(acc, per, proba, tuple(thresholds))


def evaluate(model: SdgModel, rows: Sequence[BenchmarkRow]) -> tuple[float, dict[int, float]]:
    """Benchmark accuracy of a model's predicted goal sets (as classify returns them) on labelled rows."""
    proba, _ = model.goal_proba([r.text for r in rows])
    predicted = [{gi + 1 for gi in np.argsort(-p)[:MAX_GOALS_PER_PASSAGE] if p[gi] >= model.combiner.threshold}
                 for p in proba]
    return benchmark_accuracy([(r.sdg, r.label) for r in rows], predicted)
