"""Inferred links over the whole SDG framework: any theme to any of the 169 targets the passage supports.

The passage classifier (:func:`pipeline.classify.infer_targets_batch`) proposes targets with a raw score; for
each theme mention of the passage this module finds the reason (the target's term that matched, or the target
wording the passage shares) and turns the raw score into a calibrated probability that the link is right:
a logistic model over a few features (raw score, term weight, whether the term is tied to the theme mention
in one clause, how many targets share the term, whether ``theme_targets.json`` lists the pair as a prior),
fitted on judged links (``resources/link_calibration.json``, written by ``scripts/calibrate_links.py``).
"""
from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
import re
from functools import cache, lru_cache

import numpy as np

from pipeline.classify.knowledge import knowledge
from pipeline.clean import clip_words
from pipeline.classify.terms import MAX_TERM_WEIGHT
from pipeline.classify.text import STOP_WORDS, check_language, tokens
from pipeline.link.explicit import Placed, clause_of, clauses
from pipeline.link.terms import PlacedTerm, target_terms
from pipeline.nlp.fold import fold
from pipeline.resources import resource_path
from pipeline.resources.sdg import load_sdg

InferFn = Callable[[Sequence[str]], Sequence[Sequence[tuple[str, float]]]]
"""Passages → for each, [(SDG target code such as "10.c", raw score)]; called once per document (batched)."""

THEME_TARGETS_FILE = "theme_targets.json"
CUES_FILE = "target_cues.json"
CALIBRATION_FILE = "link_calibration.json"
FEATURES: tuple[str, ...] = ("raw", "term", "overlap", "near", "tight", "prior", "shared", "context", "sim_only")
"""The calibration features, in the order of the fitted coefficients."""
CANDIDATE_MIN_RAW = 0.4
NEAR_CHARS = 80
"""A term is near a theme mention when at most this many characters of the same clause part them ..."""
TIGHT_CHARS = 60
"""... and tightly bound when at most this many, with no comma or colon between ("women migrant workers in
informal employment", not "migrant protection, migration management")."""
PHRASE_BREAK_RE = re.compile(r"[,;:()]")
"""A classifier target below this raw score is not even considered."""
SIM_REASON_WORDS = 3
CONTEXT_WORDS = 3
"""The context feature counts, up to this many, the words of a target's wording (and its indicators') that the
passage holds besides the matched term ("women" beside "trafficking in persons" for 5.2)."""
MIN_CONTEXT_STEM = 4
"""Shorter stems ("end", "all") are no context."""
"""A similarity reason quotes this many of the target's words that the passage shares."""
SCORE_DIGITS = 4
HEADING_MIN_WORDS = 3
HEADING_MIN_SIM = 0.45
"""A heading is an indicator's title when its cosine to it reaches this ..."""
HEADING_MARGIN = 0.15
"""... and beats the next indicator by this much (VNR chapters head each indicator's text with its title)."""
HEADING_SCORE_MIN = 0.8
HEADING_SCORE_MAX = 0.95
TITLE_MAX_CHARS = 160
"""A reason quotes a target's wording up to this many characters."""


@cache
def theme_targets() -> Mapping[str, frozenset[str]]:
    """The prior: SDG targets each migration theme is canonically tied to (``resources/theme_targets.json``)."""
    data = json.loads(resource_path(THEME_TARGETS_FILE).read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


@cache
def target_cues() -> Mapping[str, re.Pattern[str]]:
    """Per target, a regex of the cue words that tell it apart from targets sharing its terms (``target_cues.json``)."""
    data = json.loads(resource_path(CUES_FILE).read_text(encoding="utf-8"))
    out = {}
    for code, words in data.items():
        if code.startswith("_"):
            continue
        alternatives = [re.escape(fold(w.rstrip("*"))) + (r"[a-z]*" if w.endswith("*") else "") for w in words]
        out[code] = re.compile(r"(?<![a-z])(?:" + "|".join(alternatives) + r")(?![a-z])")
    return out


@cache
def cue_always() -> frozenset[str]:
    """Targets whose cue words are needed even where they are the theme's default (``target_cues.json``)."""
    data = json.loads(resource_path(CUES_FILE).read_text(encoding="utf-8"))
    return frozenset(data.get("_always", ()))


@cache
def not_evidence() -> Mapping[str, frozenset[str]]:
    """Per target, the folded term queries that are no evidence of it for a link (``target_cues.json``)."""
    data = json.loads(resource_path(CUES_FILE).read_text(encoding="utf-8"))
    return {code: frozenset(" ".join(tokens(t)) for t in terms) for code, terms in data.get("_not_evidence", {}).items()}


def has_cue(text: str, code: str, span: tuple[int, int]) -> bool:
    """Whether a cue word of a target is in ``text[span[0]:span[1]]`` (folded)."""
    pattern = target_cues().get(code)
    return bool(pattern and pattern.search(fold(text[span[0]:span[1]])))


@dataclass(frozen=True, slots=True)
class Calibration:
    """Logistic calibration: intercept and one coefficient per feature of :data:`FEATURES`."""

    intercept: float
    coefficients: tuple[float, ...]

    def probability(self, features: Sequence[float]) -> float:
        """The calibrated probability that a candidate link with these features is right."""
        z = self.intercept + sum(c * f for c, f in zip(self.coefficients, features, strict=True))
        return 1.0 / (1.0 + math.exp(-z))


@cache
def calibration() -> Calibration:
    """The fitted calibration of ``resources/link_calibration.json``."""
    data = json.loads(resource_path(CALIBRATION_FILE).read_text(encoding="utf-8"))
    names = tuple(data["features"])
    if names != FEATURES:
        raise ValueError(f"{CALIBRATION_FILE}: features {list(names)} differ from {list(FEATURES)}")
    return Calibration(float(data["intercept"]), tuple(float(c) for c in data["coefficients"]))


@lru_cache(maxsize=4)
def _indicator_matrix(language: str) -> tuple[tuple[str, ...], object]:
    """Indicator codes and their titles' TF-IDF vectors (transposed, as CSR) in the knowledge model of a language."""
    fw = load_sdg()
    codes = tuple(i.code for i in fw.indicators)
    titles = [i.title.get(language) or i.title.get("en") or "" for i in fw.indicators]
    return codes, knowledge(language).transform(titles).T.tocsr()


def heading_indicators(headings: Sequence[str], *, language: str) -> list[tuple[str, float] | None]:
    """For each heading, the indicator whose title it gives ("Remittance Costs as a Proportion of the Amount
    Remitted" → 10.c.1) and how closely (cosine), or None when no indicator title is close and clearly closest."""
    out: list[tuple[str, float] | None] = [None] * len(headings)
    todo = [i for i, h in enumerate(headings) if len(tokens(h)) >= HEADING_MIN_WORDS]
    if not todo:
        return out
    codes, matrix_t = _indicator_matrix(check_language(language))
    sims = (knowledge(language).transform([headings[i] for i in todo]) @ matrix_t).toarray()
    for row, i in enumerate(todo):
        order = np.argsort(-sims[row])[:2]
        best, second = float(sims[row, order[0]]), float(sims[row, order[1]])
        if best >= HEADING_MIN_SIM and best - second >= HEADING_MARGIN:
            out[i] = (codes[order[0]], best)
    return out


def prepare(language: str) -> None:
    """Load every table inferred links read in ``language`` (priors, cues, calibration, the indicator and feature
    matrices), so that the first document's link stage does not pay for them (warm-up before timing or forking)."""
    language = check_language(language)
    theme_targets(), target_cues(), cue_always(), not_evidence(), calibration()
    _indicator_matrix(language)
    _feature_names(language)


def heading_indicator(heading: str, *, language: str) -> tuple[str, float] | None:
    """:func:`heading_indicators` of one heading."""
    return heading_indicators([heading], language=language)[0]


HEADING_SHARED_WORDS = 2
"""A passage under an indicator-title heading is linked to the indicator only when it shares at least this many
content words with the indicator's wording (the heading alone does not say what the sentence is about)."""
QUESTION_RE = re.compile(r"[?¿]")


LEAD_IN_RE = re.compile(r":\s*$")


def is_question(text: str) -> bool:
    """Whether a passage asks a question (an evaluation question, an interview guide's item): it claims nothing."""
    return QUESTION_RE.search(text) is not None


def claims_nothing(text: str) -> bool:
    """Whether a passage can give no evidence of its own for an inferred link: a question, or a lead-in that only
    announces the list after it ("The principles are the following:")."""
    return is_question(text) or LEAD_IN_RE.search(text) is not None


def speaks_of_indicator(text: str, code: str, language: str) -> bool:
    """Whether a passage shares HEADING_SHARED_WORDS content words with an indicator's wording."""
    def words(t: str) -> set[str]:
        return {w for w in tokens(t) if len(w) > 2 and not w.isdigit() and w not in STOP_WORDS}

    return len(words(text) & words(indicator_title(code, language))) >= HEADING_SHARED_WORDS


def heading_score(similarity: float) -> float:
    """The score of a link governed by an indicator-title heading: HEADING_SCORE_MIN at HEADING_MIN_SIM rising
    to HEADING_SCORE_MAX for the indicator's very title."""
    share = (similarity - HEADING_MIN_SIM) / (1 - HEADING_MIN_SIM)
    return round(HEADING_SCORE_MIN + (HEADING_SCORE_MAX - HEADING_SCORE_MIN) * max(0.0, min(1.0, share)), SCORE_DIGITS)


def indicator_title(code: str, language: str) -> str:
    """An indicator's official wording (English when missing)."""
    item = load_sdg().indicator(code)
    return item.title.get(language) or item.title.get("en") or ""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A proposed inferred link: theme → target code, its features, calibrated score and reason."""

    theme: str
    code: str
    features: tuple[float, ...]
    score: float
    reason: str


def _target_title(code: str, language: str) -> str:
    """A target's official wording in a language (English when missing), cut to TITLE_MAX_CHARS."""
    target = load_sdg().target(code)
    title = target.title.get(language) or target.title.get("en") or ""
    return clip_words(title, TITLE_MAX_CHARS)


@cache
def _wording_stems(code: str, language: str, *, indicators: bool = True) -> frozenset[str]:
    """Content stems of a target's wording (and its indicators', with ``indicators``), in ``language`` and English."""
    fw = load_sdg()
    texts = [fw.target(code).title.get(lang) or "" for lang in {language, "en"}]
    if indicators:
        texts += [i.title.get(lang) or "" for i in fw.indicators_of(code) for lang in {language, "en"}]
    return frozenset(t for text in texts for t in tokens(text) if len(t) >= MIN_CONTEXT_STEM and t not in STOP_WORDS)


def context_support(text: str, code: str, *, language: str, skip: tuple[int, int] = (-1, -1),
                    rivals: Sequence[str] = ()) -> float:
    """The share (of CONTEXT_WORDS) of a target's wording words in a passage outside the span ``skip``.

    With ``rivals`` (other targets whose term the passage matched at the same place: "trafficking in persons"
    serves 5.2, 8.7 and 16.2) only the words of the target's own wording that no rival's wording has count
    ("women", "girls" for 5.2; "children", "torture" for 16.2; "forced", "labour", "slavery" for 8.7).
    """
    outside = text[:skip[0]] + " " + text[skip[1]:] if skip[0] >= 0 else text
    if rivals:
        own = _wording_stems(code, language, indicators=False)
        stems = own - frozenset().union(*(_wording_stems(r, language, indicators=False) for r in rivals))
    else:
        stems = _wording_stems(code, language)
    found = stems & set(tokens(outside))
    return min(len(found), CONTEXT_WORDS) / CONTEXT_WORDS


@lru_cache(maxsize=4)
def _feature_names(language: str) -> np.ndarray:
    """The knowledge model's feature names (scikit-learn sorts them on every call)."""
    return knowledge(language).vectorizer.get_feature_names_out()


def _shared_words(text: str, code: str, language: str) -> list[str]:
    """The target-text words (TF-IDF features) a passage shares with a target, strongest first."""
    kb = knowledge(language)
    try:
        ti = kb.target_codes.index(code)
    except ValueError:
        return []
    x = kb.transform([text]).multiply(kb.target_matrix[ti]).tocsr()
    if not x.nnz:
        return []
    names = _feature_names(language)
    order = np.argsort(-x.data)
    return [str(names[x.indices[i]]) for i in order[:SIM_REASON_WORDS]]


def _term_for(theme: Placed, code_terms: Sequence[PlacedTerm], clause_spans: Sequence[tuple[int, int]],
              text: str) -> tuple[PlacedTerm | None, tuple[float, float, float]]:
    """The target term that best supports a theme mention, and how: (overlaps it, near it, tightly bound)."""
    best: tuple[tuple[float, float, float], float, PlacedTerm] | None = None
    for t in code_terms:
        if t.start < 0:
            continue
        overlap = float(t.start < theme.end and theme.start < t.end)
        a, b = (theme.end, t.start) if theme.end <= t.start else (t.end, theme.start)
        gap = max(0, b - a)
        same = clause_of(clause_spans, t.start) == clause_of(clause_spans, theme.start)
        near = float(not overlap and same and gap <= NEAR_CHARS)
        tight = float(not overlap and same and gap <= TIGHT_CHARS and not PHRASE_BREAK_RE.search(text, a, max(a, b)))
        how = (overlap, near, tight)
        if best is None or (how, t.weight) > (best[0], best[1]):
            best = (how, t.weight, t)
    if best is None:
        return (code_terms[0] if code_terms else None), (0.0, 0.0, 0.0)
    return best[2], best[0]


def candidates(text: str, found: Sequence[tuple[str, float]], themes: Sequence[Placed], *,
               language: str, names: Sequence[tuple[int, int]] = ()) -> list[Candidate]:
    """Scored candidate links of one passage: each theme mention × each target the classifier found.

    A target term inside a name (``names``: an instrument's, a body's) is no evidence for its target.
    """
    language = check_language(language)
    found = [(c, s) for c, s in found if s >= CANDIDATE_MIN_RAW]
    if not found or not themes:
        return []
    every = target_terms(text, language=language)
    excluded = not_evidence()
    every = [t for t in every if " ".join(tokens(t.surface)) not in excluded.get(t.code, ())]
    terms = [t for t in every if not (t.start >= 0 and any(a <= t.start and t.end <= b for a, b in names))]
    named = {t.code for t in every} - {t.code for t in terms}
    clause_spans = clauses(text)
    prior = theme_targets()
    model = calibration()
    by_code: dict[str, list[PlacedTerm]] = {}
    shared_at: dict[tuple[int, int, str], set[str]] = {}
    for t in terms:
        by_code.setdefault(t.code, []).append(t)
        shared_at.setdefault((t.start, t.end, t.surface), set()).add(t.code)
    out: dict[tuple[str, str], Candidate] = {}
    for code, raw in found:
        code_terms = sorted(by_code.get(code, []), key=lambda t: (-t.weight, t.start))
        if not code_terms and code in named:
            continue  # the classifier found the target only in a name
        for theme in themes:
            term, (overlap, near, tight) = _term_for(theme, code_terms, clause_spans, text)
            sharing = shared_at.get((term.start, term.end, term.surface), {code}) if term else {code}
            if code in target_cues() and (code not in prior.get(theme.canonical_id, ()) or code in cue_always()) \
                    and term is not None \
                    and not has_cue(text, code, clause_spans[clause_of(clause_spans, max(term.start, 0))]):
                continue  # a target told apart by cue words needs one (unless it is the theme's default)
            context = context_support(text, code, language=language, skip=(term.start, term.end) if term else (-1, -1),
                                      rivals=sorted(sharing - {code}))
            shared = len(sharing)
            features = (float(raw), (term.weight / MAX_TERM_WEIGHT) if term else 0.0, overlap, near, tight,
                        float(code in prior.get(theme.canonical_id, ())), 1.0 / shared, context, float(term is None))
            score = round(model.probability(features), SCORE_DIGITS)
            if term is not None:
                reason = f'term "{term.surface}" of target {code}: "{_target_title(code, language)}"'
            else:
                words = ", ".join(f'"{w}"' for w in _shared_words(text, code, language))
                reason = f'wording of target {code} ({words}): "{_target_title(code, language)}"'
            key = (theme.canonical_id, code)
            if key not in out or out[key].score < score:
                out[key] = Candidate(theme.canonical_id, code, features, score, reason)
    return list(out.values())
