"""The trained model: supervised part, combiner, their pair features, and the artefact file that holds them.

The artefact ships with the package (``pipeline/classify/trained/model.joblib``, written by
``scripts/train_classifier.py``), so an installed nexus classifies exactly as a checkout does. Only the
supervised part and the combiner are stored; the knowledge part is rebuilt from the resources at load time.
Training fits scikit-learn vectorisers; the artefact stores them as :class:`~pipeline.classify.tfidf.TfidfModel`
(the same matrices, see :func:`frozen_model`), so loading and using the model imports no scikit-learn. An
artefact of the previous layout (format 2, scikit-learn vectorisers) is still read, and converted on load.
"""
from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import joblib
import numpy as np

from pipeline.classify.embeddings import EmbeddingPart
from pipeline.classify.knowledge import (
    KNOWLEDGE_LANGUAGE_FOR_SHAPES,
    N_GOALS,
    KnowledgeFeatures,
    knowledge,
    knowledge_features_by_language,
    resources_fingerprint,
)
from pipeline.classify.phrases import PhraseHits, phrase_hits
from pipeline.classify.projection import TermProjection
from pipeline.classify.text import analyze, fold
from pipeline.classify.tfidf import TfidfModel
from pipeline.classify.wordforms import analyze_tagged

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer

log = logging.getLogger(__name__)

MODEL_DIR = Path(str(files("pipeline.classify"))) / "trained"
"""Package data folder of the trained classifier (artefact and its metrics.json)."""
MODEL_FILE = MODEL_DIR / "model.joblib"
METRICS_FILE = MODEL_DIR / "metrics.json"
MODEL_FORMAT = 3
"""Version of the artefact layout written (3: vectorisers stored as TfidfModel); an artefact of a version not in
READABLE_FORMATS is not used."""
SKLEARN_VECTORIZER_FORMAT = 2
"""The previous layout, whose supervised parts hold scikit-learn vectorisers: read, and converted on load."""
READABLE_FORMATS: tuple[int, ...] = (SKLEARN_VECTORIZER_FORMAT, MODEL_FORMAT)
CHAR_NGRAMS = (3, 5)
"""Character n-grams (within word boundaries) of the second supervised part."""
CHAR_MIN_DF = 2
CHAR_MAX_FEATURES = 50_000
JOBLIB_COMPRESS = 3
DEFAULT_WORD_LANGUAGE = "en"
"""Language a language-aware word part reads passages in when none is given."""
MAX_GOALS_PER_PASSAGE = 4
"""At most this many goals are predicted for one passage."""

FEATURE_NAMES: tuple[str, ...] = (
    "goal_sim", "goal_sim_rel", "goal_sim_top", "goal_terms", "goal_terms_rel", "target_terms",
    "target_sim_max", "sup", "sup_margin", "sup_top", "sup_rel",
)
"""The combiner's features of one (passage, goal) pair, in the order of :func:`pair_features`."""
EXTRA_SUPERVISED_FEATURES: tuple[str, ...] = ("sup", "sup_margin", "sup_rel")
"""Features that each further supervised part (char n-grams) adds, after FEATURE_NAMES."""
PHRASE_FEATURES: tuple[str, ...] = ("phrase_hits", "phrase_rel")
"""Features of the target-wording phrase hits (:mod:`~pipeline.classify.phrases`), added last."""


class Vectorizer(Protocol):
    """A fitted TF-IDF vectoriser: scikit-learn's (in training) or a :class:`~pipeline.classify.tfidf.TfidfModel`."""

    def transform(self, raw_documents: Any) -> Any:
        """The TF-IDF rows of some documents."""
        ...


def char_vectorizer() -> TfidfVectorizer:
    """The TF-IDF vectoriser of the character n-gram part (folded text, n-grams inside word boundaries)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, sublinear_tf=True, min_df=CHAR_MIN_DF,
                           max_features=CHAR_MAX_FEATURES, preprocessor=fold, dtype=np.float32)


def word_vectorizer(*, by_language: bool = False) -> TfidfVectorizer:
    """The TF-IDF vectoriser of the word part: :func:`~pipeline.classify.text.analyze` of texts, or (with
    ``by_language``) :func:`~pipeline.classify.wordforms.analyze_tagged` of (language, text) pairs."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=analyze_tagged if by_language else analyze, sublinear_tf=True, min_df=1)


@dataclass(frozen=True)
class Supervised:
    """One-vs-rest linear models per goal over a shared TF-IDF vocabulary."""

    vectorizer: Vectorizer
    coef: np.ndarray  # 17 × V
    intercept: np.ndarray  # 17
    by_language: bool = False
    """The vectoriser reads (language, text) pairs: each passage's words with its own language's rules."""

    def documents(self, texts: Sequence[str], languages: Sequence[str] | None) -> list[Any]:
        """What the vectoriser reads: the texts, or (language, text) pairs for a language-aware part."""
        if not self.by_language:
            return list(texts)
        langs = list(languages) if languages is not None else [DEFAULT_WORD_LANGUAGE] * len(texts)
        return list(zip(langs, texts, strict=True))

    def scores(self, texts: Sequence[str], *, languages: Sequence[str] | None = None) -> np.ndarray:
        """n × 17 probabilities that each passage (in ``languages``, English by default) is about each goal."""
        z = self.vectorizer.transform(self.documents(texts, languages)) @ self.coef.T + self.intercept
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


def _rel(m: np.ndarray) -> np.ndarray:
    top = m.max(axis=1, keepdims=True)
    return np.divide(m, top, out=np.zeros_like(m), where=top > 0)


def _margin(m: np.ndarray) -> np.ndarray:
    """Each goal's score minus the best other goal's."""
    order = np.sort(m, axis=1)
    best, second = order[:, -1:], order[:, -2:-1]
    return m - np.where(m >= best, second, best)


def model_features(kf: KnowledgeFeatures, sups: Sequence[np.ndarray], phrases: PhraseHits | None) -> np.ndarray:
    """n × 17 × F combiner features: :func:`pair_features` of the first supervised part, then each further
    part's score, margin and relative score, then the target-phrase hits (count and relative count)."""
    parts = [pair_features(kf, sups[0])]
    extra = [f for sup in sups[1:] for f in (sup, _margin(sup), _rel(sup))]
    if phrases is not None:
        extra += [phrases.goal_counts, _rel(phrases.goal_counts)]
    if extra:
        parts.append(np.stack(extra, axis=2))
    return np.concatenate(parts, axis=2) if len(parts) > 1 else parts[0]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function."""
    return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class Combiner:
    """Shared logistic model over (passage, goal) features, a per-goal bias, and its decision threshold."""

    coef: np.ndarray
    intercept: float
    threshold: float
    mean: np.ndarray
    scale: np.ndarray
    goal_bias: np.ndarray | None = None  # 17 offsets learnt from a one-hot goal feature (None: no offset)

    def proba(self, feats: np.ndarray) -> np.ndarray:
        """Probability for each (passage, goal) pair: feats is n × 17 × F, result n × 17."""
        z = ((feats - self.mean) / self.scale) @ self.coef + self.intercept
        if self.goal_bias is not None:
            z = z + self.goal_bias
        return sigmoid(z)

    def pair_proba(self, feats: np.ndarray, goal_idx: np.ndarray | None) -> np.ndarray:
        """Probability of single (passage, goal) pairs: feats is m × F, goal_idx the m 0-based goals."""
        z = ((feats - self.mean) / self.scale) @ self.coef + self.intercept
        if self.goal_bias is not None and goal_idx is not None:
            z = z + self.goal_bias[goal_idx]
        return sigmoid(z)


@dataclass(frozen=True)
class GoalScores:
    """A batch's goal probabilities (n × 17), each passage's decision threshold (n), and the knowledge features
    and phrase hits they came from."""

    proba: np.ndarray
    thresholds: np.ndarray
    knowledge: KnowledgeFeatures
    phrases: PhraseHits


@dataclass(frozen=True)
class SdgModel:
    """Supervised parts + combiner; the knowledge part is rebuilt from resources at load time."""

    supervised: Supervised
    combiner: Combiner
    info: dict[str, Any]
    char: Supervised | None = None
    phrases: bool = False
    by_language: dict[str, Combiner] = field(default_factory=dict)
    """A combiner (and threshold) of its own for passages of a language; others use ``combiner``."""
    embedding: EmbeddingPart | None = None
    """Optional sentence-embedding part (off in the shipped model)."""
    monolingual: dict[str, SdgModel] = field(default_factory=dict)
    """When set, passages of each language are scored by that language's own model (this one's parts serve
    languages without one)."""
    projections: dict[str, TermProjection] = field(default_factory=dict)
    """Per language: the projection of English term hits whose features that language's combiner also reads."""

    def combiner_for(self, language: str) -> Combiner:
        """The combiner that scores passages of ``language``."""
        return self.by_language.get(language, self.combiner)

    def scores(self, texts: Sequence[str], *, languages: Sequence[str]) -> GoalScores:
        """Goal probabilities of passages, each read in its own language."""
        texts, languages = list(texts), list(languages)
        kf = knowledge_features_by_language(texts, languages=languages)
        hits = phrase_hits(texts, languages=languages)
        proba = np.zeros((len(texts), N_GOALS))
        thresholds = np.zeros(len(texts))
        for language in sorted(set(languages)):
            idx = [i for i, lang in enumerate(languages) if lang == language]
            own = getattr(self, "monolingual", None)  # absent from artefacts written before it existed
            model = own.get(language, self) if own else self
            proba[idx], thresholds[idx] = model._proba([texts[i] for i in idx], kf.subset(idx), hits.subset(idx),
                                                       language)
        return GoalScores(proba, thresholds, kf, hits)

    def _proba(self, texts: list[str], kf: KnowledgeFeatures, hits: PhraseHits,
               language: str) -> tuple[np.ndarray, float]:
        langs = [language] * len(texts)
        sups = [self.supervised.scores(texts, languages=langs)]
        sups += [self.char.scores(texts, languages=langs)] if self.char is not None else []
        if self.embedding is not None:
            sups.append(self.embedding.scores(texts))
        combiner = self.combiner_for(language)
        feats = model_features(kf, sups, hits if self.phrases else None)
        projection = (getattr(self, "projections", None) or {}).get(language)  # absent from older artefacts
        if projection is not None:
            feats = np.concatenate([feats, projection.features(texts)], axis=2)
        return combiner.proba(feats), combiner.threshold

    def goal_proba(self, texts: Sequence[str], *, language: str = "en") -> tuple[np.ndarray, KnowledgeFeatures]:
        """n × 17 combined probabilities and the knowledge features they came from (one language)."""
        out = self.scores(texts, languages=[language] * len(texts))
        return out.proba, out.knowledge


def frozen_vectorizer(vec: Any) -> Any:
    """A fitted scikit-learn vectoriser as a :class:`~pipeline.classify.tfidf.TfidfModel` (bit-identical rows), or
    ``vec`` itself when it already is one or has settings that class does not reproduce."""
    if isinstance(vec, TfidfModel):
        return vec
    return TfidfModel.from_vectorizer(vec) or vec


def frozen_model(model: SdgModel) -> SdgModel:
    """The same model with every fitted vectoriser (supervised parts, projections, per-language models) frozen by
    :func:`frozen_vectorizer`: identical predictions, and nothing of scikit-learn to unpickle or import."""

    def part(sup: Supervised) -> Supervised:
        return dataclasses.replace(sup, vectorizer=frozen_vectorizer(sup.vectorizer))

    # Fields absent from an artefact pickled before they existed take their defaults.
    kept = {f.name: getattr(model, f.name) for f in dataclasses.fields(model) if hasattr(model, f.name)}
    kept.update(
        supervised=part(model.supervised),
        char=part(model.char) if model.char is not None else None,
        projections={lang: dataclasses.replace(p, vectorizer=frozen_vectorizer(p.vectorizer))
                     for lang, p in kept.get("projections", {}).items()},
        monolingual={lang: frozen_model(m) for lang, m in kept.get("monolingual", {}).items()},
    )
    return SdgModel(**kept)


def read_model(path: Path) -> SdgModel | None:
    """The artefact at ``path``, or None (with a warning) when it is absent, unreadable or of another format; an
    artefact of the previous format is converted (:func:`frozen_model`)."""
    if not path.is_file():
        return None
    try:
        payload = joblib.load(path)
    except Exception as exc:  # noqa: BLE001 - any unpickling error means the artefact is unusable
        log.warning("cannot load SDG classifier artefact %s: %s", path, exc)
        return None
    if not isinstance(payload, SdgModel) or payload.info.get("format") not in READABLE_FORMATS:
        log.warning("SDG classifier artefact %s has another format; expected %s", path, MODEL_FORMAT)
        return None
    if payload.info.get("resources") != resources_fingerprint():
        log.warning("SDG classifier artefact %s was trained on other SDG resources; retrain with "
                    "scripts/train_classifier.py", path)
    old_format = payload.info.get("format")
    if old_format != MODEL_FORMAT:
        log.info("SDG classifier artefact %s has format %s, converted on load; rewrite it in format %s to load "
                 "faster (scripts/train_classifier.py --resave)", path, old_format, MODEL_FORMAT)
        payload = dataclasses.replace(frozen_model(payload), info={
            **payload.info, "format": MODEL_FORMAT, "converted_from_format": old_format})
    return payload


def save_model(model: SdgModel, *, path: Path = MODEL_FILE) -> Path:
    """Write a model artefact with joblib (compressed), its vectorisers frozen (:func:`frozen_model`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(frozen_model(model), path, compress=JOBLIB_COMPRESS)
    return path
