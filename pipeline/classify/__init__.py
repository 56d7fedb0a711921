"""Passage-level SDG classifier (goals and targets) and target inference for inferred links.

Two parts are combined:

1. a knowledge part built from the project's own SDG framework (``resources/sdg.json``) and curated
   term queries (``resources/sdg_terms.json``): TF-IDF similarity of a passage to each goal's and
   target's official text, and weighted hits of the term queries;
2. a supervised part (TF-IDF word n-grams, one logistic regression per goal) trained by
   ``scripts/train_classifier.py`` and stored under ``models/sdg_classifier/``.

A small shared logistic "combiner" turns the per-(passage, goal) features of both parts into one
probability; a goal is predicted when it reaches the cross-validated threshold. When the trained
artefact is missing, a model is trained in memory from the framework texts and term queries only.
"""
from __future__ import annotations

import json
import logging
import random
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from pipeline.errors import ConfigError, ModelError
from pipeline.resources import RESOURCES_DIR

log = logging.getLogger(__name__)

SDG_JSON = RESOURCES_DIR / "sdg.json"
TERMS_JSON = RESOURCES_DIR / "sdg_terms.json"
MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "sdg_classifier"
MODEL_FILE = MODEL_DIR / "model.joblib"
MODEL_FORMAT = 1
"""Version of the artefact layout; an artefact of another version is ignored with a warning."""

LANGUAGES: tuple[str, ...] = ("en", "fr", "es")
GOALS: tuple[int, ...] = tuple(range(1, 18))
N_GOALS = len(GOALS)

MAX_TERM_WEIGHT = 3
"""A term query of n words weighs min(n, MAX_TERM_WEIGHT); longer phrases are more specific."""
WEAK_MARK = "~"
"""A term written "~term" is weak: it weighs WEAK_TERM_WEIGHT whatever its length."""
WEAK_TERM_WEIGHT = 0.5
WEAK_TERM_BASE = 0.4
"""Score of a weak target term hit in infer_targets before the similarity bonus (needs close text to pass)."""
WILDCARD_MIN_PREFIX = 3
"""Shortest prefix a trailing-* term may have."""
SYNTHETIC_PER_GOAL = 60
"""Synthetic passages composed per goal from its targets, indicators and terms."""
SYNTHETIC_SEED = 13
SYNTHETIC_WEIGHT = 0.5
"""Sample weight of framework texts and synthetic passages next to real labelled passages."""
SUPERVISED_C = 4.0
COMBINER_C = 1.0
DEFAULT_THRESHOLD = 0.5
MIN_OFF_GOAL_TERM_WEIGHT = 2
"""A target outside the predicted goals is listed only for a term hit of at least this many words."""
MAX_GOALS_PER_PASSAGE = 4
"""At most this many goals are returned for one passage."""

TARGET_SIM_SCALE = 0.30
"""A TF-IDF cosine to a target's text at this value counts as full similarity."""
TARGET_TERM_BASE = 0.55
"""Score of a one-word target term hit in infer_targets; each extra word adds TARGET_TERM_STEP."""
TARGET_TERM_STEP = 0.1
TARGET_TERM_MAX = 0.95
TARGET_SIM_ONLY_MIN = 0.40
"""A target is inferred without a term hit only when its text similarity reaches this cosine."""
DEFAULT_INFER_MIN_SCORE = 0.6
KNOWLEDGE_LANGUAGE_FOR_SHAPES = "en"
"""Targets are the same in every language, so the target→goal map is read from the English model."""
TARGET_SIM_SHARE = 0.6
"""In a prediction's target scores, the share of text similarity; the rest comes from term hits."""
INFER_SIM_BONUS = 0.2
"""In infer_targets, what full text similarity adds to a term hit's score."""

_STOP_EXTRA = frozenset(
    "de la le les des du un une et en au aux pour par sur dans est sont que qui ou ne pas plus "
    "el los las del y o con por para una uno se su sus al lo como más que es son entre "
    "also per cent percent including include includes well use used may within would could".split()
)
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | _STOP_EXTRA
_NO_STEM = frozenset({"aids", "species", "series", "news", "sars", "gas", "this", "its", "has", "was", "is", "us",
                      "lens", "physics", "economics", "statistics", "ethics", "politics", "mathematics"})
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
TOKEN_CACHE_SIZE = 4096
_APOSTROPHE_RE = re.compile(r"['’]s\b")


@dataclass(frozen=True, slots=True)
class SdgPrediction:
    """SDG goals (number, score) above threshold and the passage's most likely targets (code, score)."""

    goals: tuple[tuple[int, float], ...] = ()
    targets: tuple[tuple[str, float], ...] = ()

    @property
    def goal_numbers(self) -> frozenset[int]:
        """The predicted goal numbers as a set (benchmark view)."""
        return frozenset(g for g, _ in self.goals)


# --------------------------------------------------------------------------- text normalisation


def fold(text: str) -> str:
    """Lower-case, strip accents and possessive 's, so that term queries match across spellings."""
    text = _APOSTROPHE_RE.sub("", text)
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1 << 16)
def stem(token: str) -> str:
    """Fold a plural to its singular with two light rules (-ies → -y, -s → '')."""
    if token in _NO_STEM:
        return token
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Folded, stemmed word tokens of a text (letters and digits only)."""
    return list(_tokens(text))


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def _tokens(text: str) -> tuple[str, ...]:
    """Cached :func:`tokens` (a passage is tokenised for its TF-IDF vector and again for its term hits)."""
    return tuple(stem(t) for t in _TOKEN_RE.findall(fold(text)))


def analyze(text: str) -> list[str]:
    """TF-IDF features of a text: content-word unigrams and bigrams."""
    words = [t for t in tokens(text) if t not in STOP_WORDS and len(t) > 1 and not t.isdigit()]
    return words + [f"{a} {b}" for a, b in zip(words, words[1:])]


# --------------------------------------------------------------------------- resources


def _check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ConfigError(f"language {language!r} is not supported by the SDG classifier; valid: {', '.join(LANGUAGES)}")
    return language


@lru_cache(maxsize=1)
def load_framework() -> dict[str, Any]:
    """The project's SDG framework (goals, targets, indicators in en/fr/es) from resources/sdg.json."""
    try:
        return json.loads(SDG_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read SDG framework {SDG_JSON.name}: {exc}") from exc


@lru_cache(maxsize=1)
def load_terms() -> dict[str, Any]:
    """The curated per-goal and per-target term queries from resources/sdg_terms.json."""
    try:
        data = json.loads(TERMS_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read SDG term queries {TERMS_JSON.name}: {exc}") from exc
    known = {t["code"] for t in load_framework()["targets"]}
    unknown = sorted(set(data.get("targets", {})) - known)
    if unknown:
        raise ModelError(f"{TERMS_JSON.name} names targets not in the framework: {', '.join(unknown)}")
    return data


def resources_fingerprint() -> str:
    """A short hash of sdg.json and sdg_terms.json; a model trained on other resources is flagged on load."""
    import hashlib

    digest = hashlib.sha256(SDG_JSON.read_bytes() + TERMS_JSON.read_bytes())
    return digest.hexdigest()[:16]


def _target_code_goal(code: str) -> int:
    return int(code.split(".", 1)[0])


# --------------------------------------------------------------------------- term queries


@dataclass(frozen=True, slots=True)
class _Term:
    key: str  # goal number as str, or a target code
    words: tuple[str, ...]
    prefix: bool  # the last word is a prefix (trailing *)
    weight: float


@dataclass(frozen=True, slots=True)
class TermHit:
    """One term query found in a passage: which goal/target it serves, its words, its weight, token span."""

    key: str
    term: str
    weight: float
    start: int
    end: int


class _TermIndex:
    """Phrase index over term queries: exact first words in a dict, wildcard first words by prefix."""

    def __init__(self, terms: Iterable[_Term]) -> None:
        self.by_first: dict[str, list[_Term]] = {}
        self.by_prefix: dict[str, list[_Term]] = {}
        for term in terms:
            if len(term.words) == 1 and term.prefix:
                self.by_prefix.setdefault(term.words[0], []).append(term)
            else:
                self.by_first.setdefault(term.words[0], []).append(term)
        self.prefix_lengths = sorted({len(p) for p in self.by_prefix})

    def find(self, toks: Sequence[str]) -> list[TermHit]:
        """All term hits in a token sequence."""
        hits: list[TermHit] = []
        n = len(toks)
        for i, tok in enumerate(toks):
            for term in self.by_first.get(tok, ()):
                m = len(term.words)
                if i + m > n:
                    continue
                inner_ok = all(toks[i + j] == term.words[j] for j in range(1, m - 1)) if m > 2 else True
                if not inner_ok:
                    continue
                if m > 1:
                    last = toks[i + m - 1]
                    if not (last.startswith(term.words[-1]) if term.prefix else last == term.words[-1]):
                        continue
                hits.append(TermHit(term.key, " ".join(term.words), term.weight, i, i + m))
            for length in self.prefix_lengths:
                if length > len(tok):
                    break
                for term in self.by_prefix.get(tok[:length], ()):
                    hits.append(TermHit(term.key, term.words[0] + "*", term.weight, i, i + 1))
        return hits


def _parse_term(key: str, raw: str) -> _Term | None:
    weak = raw.startswith(WEAK_MARK)
    raw = raw.lstrip(WEAK_MARK)
    prefix = raw.endswith("*")
    words = tuple(tokens(raw.rstrip("*")))
    if not words:
        return None
    if prefix:
        last = _TOKEN_RE.findall(fold(raw.rstrip("*")))[-1]
        if len(last) < WILDCARD_MIN_PREFIX:
            return None
        words = words[:-1] + (last,)
    weight = WEAK_TERM_WEIGHT if weak else float(min(len(words), MAX_TERM_WEIGHT))
    return _Term(key, words, prefix, weight)


@lru_cache(maxsize=len(LANGUAGES))
def _term_indexes(language: str) -> tuple[_TermIndex, _TermIndex]:
    """(goal-term index, target-term index) for a language; English terms also serve other languages."""
    data = load_terms()
    langs = ("en",) if language == "en" else (language, "en")

    def build(section: dict[str, dict[str, list[str]]]) -> _TermIndex:
        out = []
        for key, by_lang in section.items():
            seen: set[tuple[str, ...]] = set()
            for lang in langs:
                for raw in by_lang.get(lang, ()):
                    term = _parse_term(key, raw)
                    if term and term.words not in seen:
                        seen.add(term.words)
                        out.append(term)
        return _TermIndex(out)

    return build(data["goals"]), build(data["targets"])


def find_terms(text: str, *, language: str = "en") -> tuple[list[TermHit], list[TermHit]]:
    """(goal-term hits, target-term hits) of the curated term queries in a text."""
    goal_index, target_index = _term_indexes(_check_language(language))
    toks = tokens(text)
    return goal_index.find(toks), target_index.find(toks)


# --------------------------------------------------------------------------- knowledge part


def goal_document(goal: int, *, language: str = "en") -> str:
    """The knowledge text of a goal: title, short name, its targets, indicators and term queries."""
    fw, terms = load_framework(), load_terms()
    g = str(goal)
    parts = [item["title"].get(language, "") for item in fw["goals"] if item["number"] == g]
    parts += [item["short"].get(language, "") for item in fw["goals"] if item["number"] == g]
    parts += [target_document(t["code"], language=language) for t in fw["targets"] if t["goal"] == g]
    parts += [t.rstrip("*") for t in terms["goals"].get(g, {}).get(language, ())]
    return "\n".join(p for p in parts if p)


def target_document(code: str, *, language: str = "en") -> str:
    """The knowledge text of a target: its title, its indicators' titles and its term queries."""
    fw, terms = load_framework(), load_terms()
    parts = [t["title"].get(language, "") for t in fw["targets"] if t["code"] == code]
    parts += [i["title"].get(language, "") for i in fw["indicators"] if i["target"] == code]
    parts += [t.strip("*~") for t in terms["targets"].get(code, {}).get(language, ())]
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Knowledge:
    """TF-IDF model of the goal and target texts of one language."""

    language: str
    vectorizer: TfidfVectorizer
    goal_matrix: Any
    target_matrix: Any
    target_codes: tuple[str, ...]
    target_goals: np.ndarray  # goal index (0-based) of each target


@lru_cache(maxsize=len(LANGUAGES))
def knowledge(language: str = "en") -> Knowledge:
    """Build (once per language) the knowledge model from the framework texts and term queries."""
    _check_language(language)
    codes = tuple(t["code"] for t in load_framework()["targets"])
    goal_docs = [goal_document(g, language=language) for g in GOALS]
    target_docs = [target_document(c, language=language) for c in codes]
    vec = TfidfVectorizer(analyzer=analyze, sublinear_tf=True)
    vec.fit(goal_docs + target_docs)
    return Knowledge(
        language=language,
        vectorizer=vec,
        goal_matrix=vec.transform(goal_docs),
        target_matrix=vec.transform(target_docs),
        target_codes=codes,
        target_goals=np.array([_target_code_goal(c) - 1 for c in codes]),
    )


@dataclass(frozen=True)
class KnowledgeFeatures:
    """Knowledge-part scores of a batch of passages (rows) per goal / target (columns)."""

    goal_sim: np.ndarray  # n × 17 cosine to the goal texts
    goal_terms: np.ndarray  # n × 17 log-weighted goal term hits
    target_terms: np.ndarray  # n × 17 log-weighted target term hits, summed per goal
    target_sim: np.ndarray  # n × n_targets cosine to the target texts
    target_hits: tuple[dict[str, float], ...]  # per passage: target code → best term weight


def knowledge_features(texts: Sequence[str], *, language: str = "en") -> KnowledgeFeatures:
    """Compute the knowledge-part features of a batch of passages."""
    kb = knowledge(language)
    x = kb.vectorizer.transform(texts)
    goal_sim = (x @ kb.goal_matrix.T).toarray()
    target_sim = (x @ kb.target_matrix.T).toarray()
    goal_terms = np.zeros((len(texts), N_GOALS))
    target_terms = np.zeros((len(texts), N_GOALS))
    hits_out: list[dict[str, float]] = []
    for row, text in enumerate(texts):
        goal_hits, target_hits = find_terms(text, language=language)
        for hit in goal_hits:
            goal_terms[row, int(hit.key) - 1] += hit.weight
        best: dict[str, float] = {}
        for hit in target_hits:
            best[hit.key] = max(best.get(hit.key, 0.0), hit.weight)
            target_terms[row, _target_code_goal(hit.key) - 1] += hit.weight
        hits_out.append(best)
    return KnowledgeFeatures(goal_sim, np.log1p(goal_terms), np.log1p(target_terms), target_sim, tuple(hits_out))


# --------------------------------------------------------------------------- supervised part


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


@dataclass(frozen=True, slots=True)
class Example:
    """A training passage: positive goals it is about and goals it is known not to be about."""

    text: str
    positive: frozenset[int]
    negative: frozenset[int]
    weight: float = 1.0


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
        model = LogisticRegression(C=c, class_weight="balanced", solver="liblinear", dual=True, max_iter=5000)
        model.fit(x[rows], y, sample_weight=weights[rows])
        coef[gi], intercept[gi] = model.coef_[0], model.intercept_[0]
    return Supervised(vec, coef, intercept)


# --------------------------------------------------------------------------- synthetic training data


def framework_examples(*, language: str = "en", per_goal: int = SYNTHETIC_PER_GOAL,
                       seed: int = SYNTHETIC_SEED, weight: float = SYNTHETIC_WEIGHT) -> list[Example]:
    """Training passages made from the framework: goal/target/indicator texts and composed passages."""
    fw, terms = load_framework(), load_terms()
    rng = random.Random(seed)
    all_goals = frozenset(GOALS)
    out: list[Example] = []
    for goal in GOALS:
        g = str(goal)
        pos, neg = frozenset({goal}), all_goals - {goal}
        pieces = [t["title"][language] for t in fw["targets"] if t["goal"] == g]
        pieces += [i["title"][language] for i in fw["indicators"] if i["target"].split(".")[0] == g]
        pieces += [x["title"][language] for x in fw["goals"] if x["number"] == g]
        words = [t.rstrip("*") for t in terms["goals"][g].get(language, ())]
        words += [t.strip("*~") for code, v in terms["targets"].items() if code.split(".")[0] == g
                  for t in v.get(language, ())]
        out.extend(Example(p, pos, neg, weight) for p in pieces)
        for _ in range(per_goal):
            text = " ".join(rng.sample(pieces, min(2, len(pieces))))
            text += " " + ", ".join(rng.sample(words, min(4, len(words)))) + "."
            out.append(Example(text, pos, neg, weight))
    return out


# --------------------------------------------------------------------------- combiner

FEATURE_NAMES: tuple[str, ...] = (
    "goal_sim", "goal_sim_rel", "goal_sim_top", "goal_terms", "goal_terms_rel", "target_terms",
    "target_sim_max", "sup", "sup_margin", "sup_top", "sup_rel",
)


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


def fit_combiner(feats: np.ndarray, labels: np.ndarray, *, threshold: float = DEFAULT_THRESHOLD,
                 c: float = COMBINER_C, weights: np.ndarray | None = None) -> Combiner:
    """Fit the combiner on pair features (m × F) with binary labels (m)."""
    mean = feats.mean(axis=0)
    scale = feats.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    model.fit((feats - mean) / scale, labels, sample_weight=weights)
    return Combiner(model.coef_[0], float(model.intercept_[0]), threshold, mean, scale)


# --------------------------------------------------------------------------- the model


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


_MODEL_LOCK = threading.Lock()
_MODEL_CACHE: dict[str, SdgModel] = {}


def load_model(*, path: Path | None = None) -> SdgModel:
    """Load the trained artefact (cached); without one, train the knowledge model in memory and warn."""
    key = str(path or MODEL_FILE)
    with _MODEL_LOCK:
        if key in _MODEL_CACHE:
            return _MODEL_CACHE[key]
        model = _read_model(Path(key))
        if model is None:
            log.warning("SDG classifier artefact %s not found or unusable; training the knowledge model in memory", key)
            model = train_knowledge_model()
        _MODEL_CACHE[key] = model
        return model


def _read_model(path: Path) -> SdgModel | None:
    if not path.is_file():
        return None
    import joblib

    try:
        payload = joblib.load(path)
    except Exception as exc:  # noqa: BLE001 - a broken artefact falls back to the in-memory model
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
    import joblib

    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, path, compress=3)
    return path


# --------------------------------------------------------------------------- public API


def _target_scores(kf: KnowledgeFeatures, row: int, goal_idx: Iterable[int]) -> dict[str, float]:
    kb = knowledge(KNOWLEDGE_LANGUAGE_FOR_SHAPES)
    allowed = set(goal_idx)
    hits = kf.target_hits[row]
    out: dict[str, float] = {}
    for ti, code in enumerate(kb.target_codes):
        if kb.target_goals[ti] not in allowed and hits.get(code, 0.0) < MIN_OFF_GOAL_TERM_WEIGHT:
            continue
        sim = min(1.0, kf.target_sim[row, ti] / TARGET_SIM_SCALE)
        hit = hits.get(code, 0.0) / MAX_TERM_WEIGHT
        score = TARGET_SIM_SHARE * sim + (1 - TARGET_SIM_SHARE) * hit
        if score > 0:
            out[code] = round(float(score), 4)
    return out


def classify(texts: Sequence[str], *, language: str = "en", top_targets: int = 3) -> list[SdgPrediction]:
    """Classify passages into SDG goals (above the tuned threshold) and their most likely targets."""
    _check_language(language)
    if isinstance(texts, str):
        raise ConfigError("classify takes a sequence of passages, not one string; use classify_text")
    if not texts:
        return []
    model = load_model()
    proba, kf = model.goal_proba(list(texts), language=language)
    threshold = model.combiner.threshold
    out = []
    for row in range(len(texts)):
        order = np.argsort(-proba[row])
        goals = tuple((int(gi) + 1, round(float(proba[row, gi]), 4)) for gi in order[:MAX_GOALS_PER_PASSAGE]
                      if proba[row, gi] >= threshold)
        tscores = _target_scores(kf, row, [g - 1 for g, _ in goals])
        targets = tuple(sorted(tscores.items(), key=lambda kv: (-kv[1], kv[0]))[:max(0, top_targets)])
        out.append(SdgPrediction(goals, targets if goals else ()))
    return out


def classify_text(text: str, **kw: Any) -> SdgPrediction:
    """Classify one passage; keyword options as for classify."""
    return classify([text], **kw)[0]


def infer_targets(text: str, *, language: str = "en", min_score: float = DEFAULT_INFER_MIN_SCORE) -> list[tuple[str, float]]:
    """SDG targets a passage is about without citing them: term-query hits, or very close text similarity."""
    return infer_targets_batch([text], language=language, min_score=min_score)[0]


def infer_targets_batch(texts: Sequence[str], *, language: str = "en",
                        min_score: float = DEFAULT_INFER_MIN_SCORE) -> list[list[tuple[str, float]]]:
    """:func:`infer_targets` for many passages at once (one vectorisation, one sparse product)."""
    if not texts:
        return []
    kf = knowledge_features(list(texts), language=_check_language(language))
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
        out.append(sorted(((c, round(v, 4)) for c, v in scores.items() if v >= min_score), key=lambda kv: (-kv[1], kv[0])))
    return out


# --------------------------------------------------------------------------- benchmark scoring


def benchmark_accuracy(rows: Iterable[tuple[int, bool]], predicted: Iterable[Iterable[int]]) -> tuple[float, dict[int, float]]:
    """SDG-benchmark score: a row (sdg, label) is right when (sdg in predicted set) == label; mean of per-SDG accuracy."""
    right: dict[int, int] = {}
    total: dict[int, int] = {}
    for (sdg, label), pred in zip(rows, predicted, strict=True):
        ok = (sdg in set(pred)) == bool(label)
        right[sdg] = right.get(sdg, 0) + int(ok)
        total[sdg] = total.get(sdg, 0) + 1
    if not total:
        raise ConfigError("benchmark_accuracy needs at least one row; got none")
    per = {s: right[s] / total[s] for s in sorted(total)}
    return sum(per.values()) / len(per), per


# --------------------------------------------------------------------------- training on labelled passages

THRESHOLD_GRID: tuple[float, ...] = tuple(round(0.2 + 0.025 * i, 3) for i in range(25))
"""Decision thresholds tried when tuning on out-of-fold probabilities."""
INNER_FOLDS = 5
CV_FOLDS = 5
CV_SEED = 42


@dataclass(frozen=True, slots=True)
class BenchmarkRow:
    """A labelled passage in the SDG-benchmark layout: is `text` about goal `sdg`?"""

    text: str
    sdg: int
    label: bool
    row_id: str = ""


@dataclass(frozen=True)
class CvResult:
    """Cross-validated benchmark accuracy: average over SDGs, per SDG, and each row's out-of-fold probability."""

    accuracy: float
    per_sdg: dict[int, float]
    proba: np.ndarray
    thresholds: tuple[float, ...]


def read_benchmark(path: Path) -> list[BenchmarkRow]:
    """Read a benchmark CSV (columns id, text, sdg, label)."""
    import csv

    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = [BenchmarkRow(r["text"], int(r["sdg"]), r["label"].strip().lower() == "true", r.get("id", ""))
                    for r in csv.DictReader(fh)]
    except (OSError, KeyError, ValueError) as exc:
        raise ConfigError(f"cannot read benchmark file {path}: {exc}; expected columns id,text,sdg,label") from exc
    bad = sorted({r.sdg for r in rows} - set(GOALS))
    if bad:
        raise ConfigError(f"benchmark file {path} has sdg values {bad}; valid: 1-17")
    return rows


def row_example(row: BenchmarkRow, *, weight: float = 1.0) -> Example:
    """A labelled row as a training example: a positive row also counts against the other goals."""
    if row.label:
        return Example(row.text, frozenset({row.sdg}), frozenset(GOALS) - {row.sdg}, weight)
    return Example(row.text, frozenset(), frozenset({row.sdg}), weight)


def _row_pairs(feats: np.ndarray, rows: Sequence[BenchmarkRow]) -> np.ndarray:
    return np.array([feats[i, r.sdg - 1] for i, r in enumerate(rows)])


def _row_predictions(rows: Sequence[BenchmarkRow], positive: Sequence[bool]) -> list[set[int]]:
    return [{r.sdg} if p else set() for r, p in zip(rows, positive, strict=True)]


def tune_threshold(rows: Sequence[BenchmarkRow], proba: np.ndarray) -> float:
    """Threshold on the rows' own-goal probabilities that maximises the benchmark accuracy (ties: closest to 0.5)."""
    pairs = [(r.sdg, r.label) for r in rows]
    scored = [(benchmark_accuracy(pairs, _row_predictions(rows, proba >= t))[0], -abs(t - DEFAULT_THRESHOLD), t)
              for t in THRESHOLD_GRID]
    return max(scored)[2]


def _knowledge_subset(kf: KnowledgeFeatures, idx: Sequence[int]) -> KnowledgeFeatures:
    ix = np.asarray(idx, dtype=int)
    return KnowledgeFeatures(kf.goal_sim[ix], kf.goal_terms[ix], kf.target_terms[ix], kf.target_sim[ix],
                             tuple(kf.target_hits[i] for i in ix))


def _stratum(rows: Sequence[BenchmarkRow]) -> np.ndarray:
    return np.array([r.sdg * 2 + int(r.label) for r in rows])


def train_model(rows: Sequence[BenchmarkRow], *, kf: KnowledgeFeatures | None = None,
                inner_folds: int = INNER_FOLDS, seed: int = 0) -> SdgModel:
    """Train supervised part + combiner on framework examples and labelled rows; threshold from inner CV."""
    from sklearn.model_selection import StratifiedKFold

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
    from sklearn.model_selection import StratifiedKFold

    rows = list(rows)
    kf = knowledge_features([r.text for r in rows])
    proba = np.zeros(len(rows))
    positive = np.zeros(len(rows), dtype=bool)
    thresholds = []
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=seed).split(rows, _stratum(rows)):
        model = train_model([rows[i] for i in tr], kf=_knowledge_subset(kf, tr), seed=seed)
        test_rows = [rows[i] for i in te]
        feats = pair_features(_knowledge_subset(kf, te), model.supervised.scores([r.text for r in test_rows]))
        proba[te] = _row_pairs(model.combiner.proba(feats), test_rows)
        positive[te] = proba[te] >= model.combiner.threshold
        thresholds.append(model.combiner.threshold)
    acc, per = benchmark_accuracy([(r.sdg, r.label) for r in rows], _row_predictions(rows, positive))
    return CvResult(acc, per, proba, tuple(thresholds))


def evaluate(model: SdgModel, rows: Sequence[BenchmarkRow]) -> tuple[float, dict[int, float]]:
    """Benchmark accuracy of a model's predicted goal sets (as classify returns them) on labelled rows."""
    proba, _ = model.goal_proba([r.text for r in rows])
    predicted = [{gi + 1 for gi in np.argsort(-p)[:MAX_GOALS_PER_PASSAGE] if p[gi] >= model.combiner.threshold}
                 for p in proba]
    return benchmark_accuracy([(r.sdg, r.label) for r in rows], predicted)
