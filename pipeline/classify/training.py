"""Training the classifier: framework examples, the supervised parts, the combiner, benchmark-row training.

Everything is deterministic (fixed seeds). :func:`train_knowledge_model` needs only the resources;
:func:`train_model` adds labelled rows (in any of the three languages): word and character n-gram parts,
scored out of fold on grouped inner folds, feed a combiner whose regularisation and decision threshold are
chosen on those inner folds too. :mod:`~pipeline.classify.evaluation` scores it on rows it never saw.
"""
from __future__ import annotations

import dataclasses
import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold

from pipeline.classify.benchmark import BenchmarkRow, benchmark_accuracy, passage_groups, row_predictions
from pipeline.classify.embeddings import EmbeddingPart, fit_embedding_part
from pipeline.classify.knowledge import (
    GOALS,
    N_GOALS,
    KnowledgeFeatures,
    knowledge_features,
    knowledge_features_by_language,
    resources_fingerprint,
)
from pipeline.classify.model import (
    MODEL_FORMAT,
    Combiner,
    SdgModel,
    Supervised,
    char_vectorizer,
    model_features,
    pair_features,
    word_vectorizer,
)
from pipeline.classify.phrases import PhraseHits, phrase_hits
from pipeline.classify.projection import SOURCE_LANGUAGE, TermProjection, fit_projection, projection_features
from pipeline.classify.terms import PREFIX_MARK, WEAK_MARK, load_terms
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
COMBINER_C_GRID: tuple[float, ...] = (0.1, 0.3, 1.0)
"""Combiner regularisation strengths tried on the inner folds (the only tuned hyper-parameter besides the threshold)."""
COMBINER_MAX_ITER = 2000
DEFAULT_THRESHOLD = 0.5
THRESHOLD_GRID: tuple[float, ...] = tuple(round(0.2 + 0.025 * i, 3) for i in range(25))
"""Decision thresholds tried when tuning on out-of-fold probabilities."""
DEFAULT_COMBINER_LANGUAGE = "en"
"""Each language of the training rows gets a combiner of its own; this one's also serves other languages."""
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
    language: str = "en"


def fit_supervised(examples: Sequence[Example], *, c: float = SUPERVISED_C, char: bool = False,
                   by_language: bool = False) -> Supervised:
    """Train one logistic regression per goal over word (or, with ``char``, character n-gram) TF-IDF features;
    a passage counts for a goal only where its label is known. With ``by_language`` the word part reads each
    passage with its own language's stop words and light stemmer (:mod:`~pipeline.classify.wordforms`)."""
    by_language = by_language and not char
    vec = char_vectorizer() if char else word_vectorizer(by_language=by_language)
    x = vec.fit_transform(Supervised(vec, np.zeros(0), np.zeros(0), by_language).documents(
        [e.text for e in examples], [e.language for e in examples]))
    weights = np.array([e.weight for e in examples])
    coef = np.zeros((N_GOALS, x.shape[1]), dtype=x.dtype)
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
    return Supervised(vec, coef, intercept, by_language)


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
        out.extend(Example(p, pos, neg, weight, language) for p in pieces)
        for _ in range(per_goal):
            text = " ".join(rng.sample(pieces, min(SYNTHETIC_PIECES, len(pieces))))
            text += " " + ", ".join(rng.sample(words, min(SYNTHETIC_WORDS, len(words)))) + "."
            out.append(Example(text, pos, neg, weight, language))
    return out


def fit_combiner(feats: np.ndarray, labels: np.ndarray, *, threshold: float = DEFAULT_THRESHOLD,
                 c: float = COMBINER_C, weights: np.ndarray | None = None,
                 goal_idx: np.ndarray | None = None) -> Combiner:
    """Fit the combiner on pair features (m × F) with binary labels (m); with ``goal_idx`` (each pair's 0-based
    goal) a one-hot goal feature is added, kept in the combiner as a per-goal bias."""
    n_feats = feats.shape[1]
    if goal_idx is not None:
        feats = np.hstack([feats, np.eye(N_GOALS)[goal_idx]])
    mean = feats.mean(axis=0)
    scale = feats.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=COMBINER_MAX_ITER)
    model.fit((feats - mean) / scale, labels, sample_weight=weights)
    coef, intercept = model.coef_[0], float(model.intercept_[0])
    if goal_idx is None:
        return Combiner(coef, intercept, threshold, mean, scale)
    goal_coef, goal_mean, goal_scale = coef[n_feats:], mean[n_feats:], scale[n_feats:]
    shift = -(goal_coef * goal_mean / goal_scale).sum()
    bias = goal_coef / goal_scale + shift
    return Combiner(coef[:n_feats], intercept, threshold, mean[:n_feats], scale[:n_feats], bias)


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
        return Example(row.text, frozenset({row.sdg}), frozenset(GOALS) - {row.sdg}, weight, row.language)
    return Example(row.text, frozenset(), frozenset({row.sdg}), weight, row.language)


def row_pairs(feats: np.ndarray, rows: Sequence[BenchmarkRow]) -> np.ndarray:
    """The features of each row's own (passage, sdg) pair: m × F from n × 17 × F."""
    return feats[np.arange(len(rows)), [r.sdg - 1 for r in rows]]


def tune_threshold(rows: Sequence[BenchmarkRow], proba: np.ndarray) -> float:
    """Threshold on the rows' own-goal probabilities that maximises the benchmark accuracy (ties: closest to 0.5)."""
    pairs = [(r.sdg, r.label) for r in rows]
    scored = [(benchmark_accuracy(pairs, row_predictions(rows, proba >= t))[0], -abs(t - DEFAULT_THRESHOLD), t)
              for t in THRESHOLD_GRID]
    return max(scored)[2]


def stratum(rows: Sequence[BenchmarkRow]) -> np.ndarray:
    """Stratification key of rows: goal and label."""
    return np.array([r.sdg * 2 + int(r.label) for r in rows])


def grouped_folds(rows: Sequence[BenchmarkRow], *, folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Stratified folds in which a passage, its duplicates and its translations are always on one side."""
    splitter = StratifiedGroupKFold(folds, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(rows)), stratum(rows), passage_groups(rows)))


def _framework_for(rows: Sequence[BenchmarkRow]) -> list[Example]:
    languages = sorted({"en"} | {r.language for r in rows})
    return [e for lang in languages for e in framework_examples(language=lang)]


def _fit_parts(examples: Sequence[Example], *, char: bool,
               word_forms: bool = False) -> tuple[Supervised, Supervised | None]:
    return (fit_supervised(examples, by_language=word_forms),
            fit_supervised(examples, char=True) if char else None)


@dataclass(frozen=True, slots=True)
class Variant:
    """Which parts a trained model has: the shipped model has all; ``Variant.today()`` is the model of format 1."""

    char: bool = True
    phrases: bool = True
    goal_bias: bool = True
    tune_c: bool = True
    embeddings: bool = False
    per_language: bool = False
    """One model per language of the training rows (each on its own language's rows) instead of one shared."""
    project_terms: bool = False
    """French and Spanish combiners also get the English term hits projected from the passage's words
    (:mod:`~pipeline.classify.projection`; tried for issue 15, not in the shipped model)."""
    word_forms: bool = False
    """The word part reads each passage with its own language's stop words and light stemmer
    (:mod:`~pipeline.classify.wordforms`; tried for issue 15, not in the shipped model)."""

    @classmethod
    def today(cls) -> Variant:
        """Word part + knowledge features, combiner C fixed, no goal bias (the model before issue 15)."""
        return cls(char=False, phrases=False, goal_bias=False, tune_c=False)


def _choose_c(x: np.ndarray, rows: Sequence[BenchmarkRow], *, folds: int, seed: int, goal_bias: bool) -> float:
    """The combiner C of COMBINER_C_GRID with the best inner-fold accuracy (threshold tuned inside each fold)."""
    goal_idx = np.array([r.sdg - 1 for r in rows]) if goal_bias else None
    y = np.array([int(r.label) for r in rows])
    best: tuple[float, float] | None = None
    splits = grouped_folds(rows, folds=folds, seed=seed)
    for c in COMBINER_C_GRID:
        positive = np.zeros(len(rows), dtype=bool)
        for a, b in splits:
            ga, gb = (goal_idx[a], goal_idx[b]) if goal_idx is not None else (None, None)
            comb = fit_combiner(x[a], y[a], c=c, goal_idx=ga)
            t = tune_threshold([rows[i] for i in a], comb.pair_proba(x[a], ga))
            positive[b] = comb.pair_proba(x[b], gb) >= t
        acc = benchmark_accuracy([(r.sdg, r.label) for r in rows], row_predictions(rows, positive))[0]
        if best is None or acc > best[0]:
            best = (acc, c)
    assert best is not None
    return best[1]


def train_model(rows: Sequence[BenchmarkRow], *, kf: KnowledgeFeatures | None = None,
                hits: PhraseHits | None = None, inner_folds: int = INNER_FOLDS, seed: int = 0,
                variant: Variant = Variant()) -> SdgModel:
    """Train word and char parts + combiner on framework examples and labelled rows (any of en/fr/es);
    the parts are scored out of fold on grouped inner folds, where the combiner's C and threshold are chosen."""
    rows = list(rows)
    texts = [r.text for r in rows]
    languages = [r.language for r in rows]
    kf = kf or knowledge_features_by_language(texts, languages=languages)
    hits = hits or phrase_hits(texts, languages=languages)
    if variant.per_language and len(set(languages)) > 1:
        return _train_per_language(rows, kf=kf, hits=hits, inner_folds=inner_folds, seed=seed, variant=variant)
    framework = _framework_for(rows)
    projections = _fit_projections(rows, kf) if variant.project_terms else {}
    oof_word, oof_char = np.zeros((len(rows), N_GOALS)), np.zeros((len(rows), N_GOALS))
    oof_embed = np.zeros((len(rows), N_GOALS))
    oof_projected = {language: np.zeros((len(rows), N_GOALS)) for language in projections}
    for a, b in grouped_folds(rows, folds=inner_folds, seed=seed):
        word, char = _fit_parts(framework + [row_example(rows[i]) for i in a], char=variant.char,
                                word_forms=variant.word_forms)
        held_out = [texts[i] for i in b]
        oof_word[b] = word.scores(held_out, languages=[languages[i] for i in b])
        if char is not None:
            oof_char[b] = char.scores(held_out)
        if variant.embeddings:
            oof_embed[b] = _fit_embedding([rows[i] for i in a]).scores(held_out)
        for language, projected in oof_projected.items():
            inner = fit_projection([rows[i] for i in a], kf.subset(a), language=language)
            mine = [i for i in b if languages[i] == language]
            if inner is not None and mine:
                projected[mine] = inner.goal_terms([texts[i] for i in mine])
    sups = [oof_word, oof_char] if variant.char else [oof_word]
    if variant.embeddings:
        sups.append(oof_embed)
    x = row_pairs(model_features(kf, sups, hits if variant.phrases else None), rows)
    combiners: dict[str, Combiner] = {}
    chosen_c: dict[str, float] = {}
    for language in sorted(set(languages)):
        idx = [i for i, lang in enumerate(languages) if lang == language]
        x_lang = x[idx]
        if language in oof_projected:
            x_lang = np.hstack([x_lang, row_pairs(projection_features(oof_projected[language][idx]),
                                                  [rows[i] for i in idx])])
        combiners[language], chosen_c[language] = _train_combiner(x_lang, [rows[i] for i in idx], variant=variant,
                                                                  folds=inner_folds, seed=seed)
    default = combiners.get(DEFAULT_COMBINER_LANGUAGE) or next(iter(combiners.values()))
    word, char = _fit_parts(framework + [row_example(r) for r in rows], char=variant.char,
                            word_forms=variant.word_forms)
    info = {"trained_on": "framework+benchmark", "rows": len(rows), "format": MODEL_FORMAT,
            "threshold": default.threshold, "thresholds": {k: v.threshold for k, v in combiners.items()},
            "combiner_c": chosen_c.get(DEFAULT_COMBINER_LANGUAGE, next(iter(chosen_c.values()))),
            "combiner_c_by_language": chosen_c, "languages": sorted(set(languages)),
            "variant": dataclasses.asdict(variant), "resources": resources_fingerprint()}
    embedding = _fit_embedding(rows) if variant.embeddings else None
    return SdgModel(word, default, info, char=char, phrases=variant.phrases, by_language=combiners,
                    embedding=embedding, projections=projections)


def _fit_projections(rows: Sequence[BenchmarkRow], kf: KnowledgeFeatures) -> dict[str, TermProjection]:
    """The term projection of every language of the rows but English that has rows with their English original."""
    out: dict[str, TermProjection] = {}
    for language in sorted({r.language for r in rows} - {SOURCE_LANGUAGE}):
        projection = fit_projection(rows, kf, language=language)
        if projection is not None:
            out[language] = projection
    return out


def _train_per_language(rows: list[BenchmarkRow], *, kf: KnowledgeFeatures, hits: PhraseHits, inner_folds: int,
                        seed: int, variant: Variant) -> SdgModel:
    """A model per language, each trained on its own language's rows only, gathered in one SdgModel."""
    models: dict[str, SdgModel] = {}
    for language in sorted({r.language for r in rows}):
        idx = [i for i, r in enumerate(rows) if r.language == language]
        models[language] = train_model([rows[i] for i in idx], kf=kf.subset(idx), hits=hits.subset(idx),
                                       inner_folds=inner_folds, seed=seed, variant=variant)
    default = models.get(DEFAULT_COMBINER_LANGUAGE) or next(iter(models.values()))
    info = {**default.info, "rows": len(rows), "languages": sorted(models),
            "thresholds": {k: m.combiner.threshold for k, m in models.items()},
            "combiner_c_by_language": {k: m.info["combiner_c"] for k, m in models.items()}}
    return dataclasses.replace(default, info=info, monolingual=models)


def _fit_embedding(rows: Sequence[BenchmarkRow]) -> EmbeddingPart:
    examples = [row_example(r) for r in rows]
    return fit_embedding_part([e.text for e in examples], [e.positive for e in examples],
                              [e.negative for e in examples])


def _train_combiner(x: np.ndarray, rows: Sequence[BenchmarkRow], *, variant: Variant, folds: int,
                    seed: int) -> tuple[Combiner, float]:
    """The combiner of one language's rows (C chosen on inner folds when the variant tunes it) and its C."""
    y = np.array([int(r.label) for r in rows])
    goal_idx = np.array([r.sdg - 1 for r in rows]) if variant.goal_bias else None
    c = _choose_c(x, rows, folds=folds, seed=seed, goal_bias=variant.goal_bias) if variant.tune_c else COMBINER_C
    combiner = fit_combiner(x, y, c=c, goal_idx=goal_idx)
    threshold = tune_threshold(rows, combiner.pair_proba(x, goal_idx))
    return Combiner(combiner.coef, combiner.intercept, threshold, combiner.mean, combiner.scale,
                    combiner.goal_bias), c
