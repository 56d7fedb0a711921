"""Ranked SDG targets (and their indicators) of a passage, each with a score and the reason it was chosen.

A target's score is its goal's probability (the combiner's, calibrated on out-of-fold rows) times the target's
share of that goal: a softmax over the goal's targets of a match strength made of the text similarity to the
target's wording, the curated term queries that name it, and the specific phrases of its official wording
(:mod:`~pipeline.classify.phrases`). The reason names what matched: the term, the official phrase, or the words
the passage shares with the target's text. An indicator's score splits its target's in the same way.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from pipeline.classify.inference import SCORE_DIGITS, TARGET_SIM_SCALE
from pipeline.classify.knowledge import KNOWLEDGE_LANGUAGE_FOR_SHAPES, N_GOALS, KnowledgeFeatures, knowledge
from pipeline.classify.phrases import PhraseHits
from pipeline.classify.terms import MAX_TERM_WEIGHT, find_terms
from pipeline.classify.text import LANGUAGES
from pipeline.resources.sdg import load_sdg

SIM_SHARE = 0.5
TERM_SHARE = 0.35
PHRASE_SHARE = 0.15
"""Weights of text similarity, curated term hits and official-phrase hits in a target's match strength."""
SHARE_TEMPERATURE = 0.1
"""Softmax temperature that turns match strengths into a goal's target shares."""
MIN_TARGET_SCORE = 0.02
"""Targets scoring below this are not listed."""
MAX_INDICATORS = 2
"""At most this many indicators are listed under one target."""
REASON_WORDS = 3
"""A similarity reason quotes this many of the words the passage shares with the target's text."""


@dataclass(frozen=True, slots=True)
class TargetMatch:
    """A ranked target of a passage: its code, score, why it matched, and its likeliest indicators (code, score)."""

    code: str
    score: float
    reason: str
    indicators: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class _Framework:
    target_codes: tuple[str, ...]
    target_index: dict[str, int]
    goal_starts: np.ndarray  # first target column of each goal (targets are in goal order)
    target_goals: np.ndarray  # 0-based goal of each target
    indicators: dict[str, tuple[int, ...]]  # target code → rows of its indicators
    indicator_codes: tuple[str, ...]


@lru_cache(maxsize=1)
def _framework() -> _Framework:
    kb = knowledge(KNOWLEDGE_LANGUAGE_FOR_SHAPES)
    goals = kb.target_goals
    if (np.diff(goals) < 0).any():
        raise ValueError("the framework's targets are not in goal order")
    by_target: dict[str, list[int]] = {}
    indicators = load_sdg().indicators
    for n, ind in enumerate(indicators):
        by_target.setdefault(ind.target, []).append(n)
    starts = np.searchsorted(goals, np.arange(N_GOALS))
    return _Framework(kb.target_codes, {c: i for i, c in enumerate(kb.target_codes)}, starts, goals,
                      {k: tuple(v) for k, v in by_target.items()}, tuple(i.code for i in indicators))


@lru_cache(maxsize=len(LANGUAGES))
def _indicator_matrix(language: str) -> Any:
    """TF-IDF rows of the indicators' titles (framework order) in the language's knowledge space."""
    kb = knowledge(language)
    return kb.vectorizer.transform([i.title.get(language) or i.title.get("en") or "" for i in load_sdg().indicators])


@lru_cache(maxsize=len(LANGUAGES))
def _feature_names(language: str) -> np.ndarray:
    return knowledge(language).vectorizer.get_feature_names_out()


def match_strength(kf: KnowledgeFeatures, phrases: PhraseHits) -> np.ndarray:
    """n × targets match strength in [0, 1] of each passage to every target (knowledge order)."""
    fw = _framework()
    sim = np.minimum(1.0, kf.target_sim / TARGET_SIM_SCALE)
    term = np.zeros_like(sim)
    phrase = np.zeros_like(sim)
    for row, (hits, found) in enumerate(zip(kf.target_hits, phrases.by_target, strict=True)):
        for code, weight in hits.items():
            term[row, fw.target_index[code]] = min(1.0, weight / MAX_TERM_WEIGHT)
        for code in found:
            phrase[row, fw.target_index[code]] = 1.0
    return SIM_SHARE * sim + TERM_SHARE * term + PHRASE_SHARE * phrase


def target_scores(goal_proba: np.ndarray, strength: np.ndarray) -> np.ndarray:
    """n × targets scores: each goal's probability times the target's softmax share of that goal."""
    fw = _framework()
    goal_max = np.maximum.reduceat(strength, fw.goal_starts, axis=1)
    z = np.exp((strength - goal_max[:, fw.target_goals]) / SHARE_TEMPERATURE)
    total = np.add.reduceat(z, fw.goal_starts, axis=1)
    return goal_proba[:, fw.target_goals] * z / total[:, fw.target_goals]


def _row(x: Any, j: int) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = x.indptr[j], x.indptr[j + 1]
    return x.indices[lo:hi], x.data[lo:hi]


def _reason(code: str, text: str, language: str, phrases_found: dict[str, tuple[str, ...]],
            passage: tuple[np.ndarray, np.ndarray]) -> str:
    terms = sorted({h.term for h in find_terms(text, language=language)[1] if h.key == code})
    if terms:
        return "term " + ", ".join(f'"{t}"' for t in terms)
    found = phrases_found.get(code, ())
    if found:
        return "target wording " + ", ".join(f'"{p}"' for p in found)
    cols, weights = passage
    target_cols, target_weights = _row(knowledge(language).target_matrix, _framework().target_index[code])
    common, ia, ib = np.intersect1d(cols, target_cols, assume_unique=True, return_indices=True)
    if not common.size:
        return "text similarity"
    order = np.argsort(-(weights[ia] * target_weights[ib]), kind="stable")[:REASON_WORDS]
    return "shares " + ", ".join(f'"{w}"' for w in _feature_names(language)[common[order]])


def _indicators(code: str, score: float, sims: np.ndarray) -> tuple[tuple[str, float], ...]:
    fw = _framework()
    rows = fw.indicators.get(code, ())
    mine = sims[list(rows)] if rows else np.zeros(0)
    if not mine.any():
        return ()
    strength = np.minimum(1.0, mine / TARGET_SIM_SCALE)
    z = np.exp((strength - strength.max()) / SHARE_TEMPERATURE)
    share = z / z.sum()
    order = [i for i in np.argsort(-mine, kind="stable") if mine[i] > 0][:MAX_INDICATORS]
    return tuple((fw.indicator_codes[rows[i]], round(float(score * share[i]), SCORE_DIGITS)) for i in order)


def rank_targets(texts: Sequence[str], languages: Sequence[str], goal_proba: np.ndarray, kf: KnowledgeFeatures,
                 phrases: PhraseHits, *, top: int) -> list[tuple[TargetMatch, ...]]:
    """The ``top`` best targets of each passage (score order), with reasons and indicators."""
    fw = _framework()
    scores = target_scores(goal_proba, match_strength(kf, phrases))
    best = np.argsort(-scores, axis=1, kind="stable")[:, :max(0, top)]
    out: list[tuple[TargetMatch, ...]] = [()] * len(texts)
    for language in sorted(set(languages)):
        idx = [i for i, lang in enumerate(languages) if lang == language]
        x = knowledge(language).vectorizer.transform([texts[i] for i in idx])
        ind_sims = (x @ _indicator_matrix(language).T).toarray()
        for j, row in enumerate(idx):
            matches = []
            for ti in best[row]:
                score = round(float(scores[row, ti]), SCORE_DIGITS)
                if score < MIN_TARGET_SCORE:
                    continue
                code = fw.target_codes[ti]
                matches.append(TargetMatch(code, score, _reason(code, texts[row], language, phrases.by_target[row],
                                                                _row(x, j)), _indicators(code, score, ind_sims[j])))
            out[row] = tuple(matches)
    return out
