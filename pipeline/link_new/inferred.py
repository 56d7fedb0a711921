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
from functools import cache

import numpy as np

from pipeline.classify.knowledge import knowledge
from pipeline.classify.terms import MAX_TERM_WEIGHT
from pipeline.classify.text import STOP_WORDS, check_language, tokens
from pipeline.link_new.explicit import Placed, clause_of, clauses
from pipeline.link_new.terms import PlacedTerm, target_terms
from pipeline.resources import resource_path
from pipeline.resources.sdg import load_sdg

InferFn = Callable[[Sequence[str]], Sequence[Sequence[tuple[str, float]]]]
"""Passages → for each, [(SDG target code such as "10.c", raw score)]; called once per document (batched)."""

THEME_TARGETS_FILE = "theme_targets.json"
CALIBRATION_FILE = "link_calibration.json"
FEATURES: tuple[str, ...] = ("raw", "term", "overlap", "near", "prior", "shared", "context", "sim_only")
"""The calibration features, in the order of the fitted coefficients."""
CANDIDATE_MIN_RAW = 0.4
NEAR_CHARS = 80
"""A term is near a theme mention when at most this many characters of the same clause part them."""
"""A classifier target below this raw score is not even considered."""
SIM_REASON_WORDS = 3
CONTEXT_WORDS = 3
"""The context feature counts, up to this many, the words of a target's wording (and its indicators') that the
passage holds besides the matched term ("women" beside "trafficking in persons" for 5.2)."""
MIN_CONTEXT_STEM = 4
"""Shorter stems ("end", "all") are no context."""
"""A similarity reason quotes this many of the target's words that the passage shares."""
SCORE_DIGITS = 4
TITLE_MAX_CHARS = 160
"""A reason quotes a target's wording up to this many characters."""


@cache
def theme_targets() -> Mapping[str, frozenset[str]]:
    """The prior: SDG targets each migration theme is canonically tied to (``resources/theme_targets.json``)."""
    data = json.loads(resource_path(THEME_TARGETS_FILE).read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


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
    return title if len(title) <= TITLE_MAX_CHARS else title[:TITLE_MAX_CHARS].rsplit(" ", 1)[0] + " …"


@cache
def _wording_stems(code: str, language: str) -> frozenset[str]:
    """Content stems of a target's wording and its indicators' (in ``language`` and English)."""
    fw = load_sdg()
    texts = [fw.target(code).title.get(lang) or "" for lang in {language, "en"}]
    texts += [i.title.get(lang) or "" for i in fw.indicators_of(code) for lang in {language, "en"}]
    return frozenset(t for text in texts for t in tokens(text) if len(t) >= MIN_CONTEXT_STEM and t not in STOP_WORDS)


def context_support(text: str, code: str, *, language: str, skip: tuple[int, int] = (-1, -1)) -> float:
    """The share (of CONTEXT_WORDS) of a target's wording words in a passage outside the span ``skip``."""
    outside = text[:skip[0]] + " " + text[skip[1]:] if skip[0] >= 0 else text
    found = _wording_stems(code, language) & set(tokens(outside))
    return min(len(found), CONTEXT_WORDS) / CONTEXT_WORDS


def _shared_words(text: str, code: str, language: str) -> list[str]:
    """The target-text words (TF-IDF features) a passage shares with a target, strongest first."""
    kb = knowledge(language)
    try:
        ti = kb.target_codes.index(code)
    except ValueError:
        return []
    x = kb.vectorizer.transform([text]).multiply(kb.target_matrix[ti]).tocsr()
    if not x.nnz:
        return []
    names = kb.vectorizer.get_feature_names_out()
    order = np.argsort(-x.data)
    return [str(names[x.indices[i]]) for i in order[:SIM_REASON_WORDS]]


def _term_for(theme: Placed, code_terms: Sequence[PlacedTerm], clause_spans: Sequence[tuple[int, int]]
              ) -> tuple[PlacedTerm | None, float, float]:
    """The target term that best supports a theme mention: (term, overlaps it, near it in its clause)."""
    best: tuple[float, float, PlacedTerm] | None = None
    for t in code_terms:
        if t.start < 0:
            continue
        overlap = float(t.start < theme.end and theme.start < t.end)
        gap = max(0, t.start - theme.end, theme.start - t.end)
        near = float(not overlap and gap <= NEAR_CHARS and
                     clause_of(clause_spans, t.start) == clause_of(clause_spans, theme.start))
        key = (overlap, near, t)
        if best is None or (overlap, near, t.weight) > (best[0], best[1], best[2].weight):
            best = key
    if best is None:
        return (code_terms[0] if code_terms else None), 0.0, 0.0
    return best[2], best[0], best[1]


def candidates(text: str, found: Sequence[tuple[str, float]], themes: Sequence[Placed], *,
               language: str, names: Sequence[tuple[int, int]] = ()) -> list[Candidate]:
    """Scored candidate links of one passage: each theme mention × each target the classifier found.

    A target term inside a name (``names``: an instrument's, a body's) is no evidence for its target.
    """
    language = check_language(language)
    found = [(c, s) for c, s in found if s >= CANDIDATE_MIN_RAW]
    if not found or not themes:
        return []
    terms = [t for t in target_terms(text, language=language)
             if not (t.start >= 0 and any(a <= t.start and t.end <= b for a, b in names))]
    named = {t.code for t in target_terms(text, language=language)} - {t.code for t in terms}
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
            term, overlap, near = _term_for(theme, code_terms, clause_spans)
            shared = len(shared_at.get((term.start, term.end, term.surface), {code})) if term else 1
            context = context_support(text, code, language=language, skip=(term.start, term.end) if term else (-1, -1))
            features = (float(raw), (term.weight / MAX_TERM_WEIGHT) if term else 0.0, overlap, near,
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
