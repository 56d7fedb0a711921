"""The knowledge part: what the SDG framework and the term queries say about a passage, without training.

Each goal and target has a knowledge text (its title, its targets' and indicators' titles, its term
queries); a TF-IDF model per language scores a passage's similarity to every one of them, and the term
queries found in the passage add weighted hits (:class:`KnowledgeFeatures`).
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import scipy.sparse as sp

from pipeline.classify.terms import TERMS_FILE, find_terms, goal_queries, target_queries
from pipeline.classify.tfidf import TfidfModel
from pipeline.classify.text import LANGUAGES, analyze, check_language
from pipeline.resources import resource_path
from pipeline.resources.sdg import SDG_FILE, load_sdg

GOALS: tuple[int, ...] = tuple(range(1, 18))
N_GOALS = len(GOALS)
KNOWLEDGE_LANGUAGE_FOR_SHAPES = "en"
"""Targets are the same in every language, so the target→goal map is read from the English model."""
FINGERPRINT_HEX = 16


def resources_fingerprint() -> str:
    """A short hash of sdg.json and sdg_terms.json; a model trained on other resources is flagged on load."""
    digest = hashlib.sha256(resource_path(SDG_FILE).read_bytes() + resource_path(TERMS_FILE).read_bytes())
    return digest.hexdigest()[:FINGERPRINT_HEX]


def target_code_goal(code: str) -> int:
    """The goal number of a target code ("10.c" → 10)."""
    return int(code.split(".", 1)[0])


def goal_document(goal: int, *, language: str = "en") -> str:
    """The knowledge text of a goal: title, short name, its targets, indicators and term queries."""
    fw = load_sdg()
    g = str(goal)
    parts = [item.title.get(language) for item in fw.goals if item.number == g]
    parts += [item.short.get(language) for item in fw.goals if item.number == g]
    parts += [target_document(t.code, language=language) for t in fw.targets if t.goal == g]
    parts += goal_queries(g, language=language)
    return "\n".join(p for p in parts if p)


def target_document(code: str, *, language: str = "en") -> str:
    """The knowledge text of a target: its title, its indicators' titles and its term queries."""
    fw = load_sdg()
    parts = [t.title.get(language) for t in fw.targets if t.code == code]
    parts += [i.title.get(language) for i in fw.indicators if i.target == code]
    parts += target_queries(code, language=language)
    return "\n".join(p for p in parts if p)


@dataclass(frozen=True)
class Knowledge:
    """TF-IDF model of the goal and target texts of one language."""

    language: str
    vectorizer: TfidfModel
    goal_matrix: Any
    target_matrix: Any
    target_codes: tuple[str, ...]
    target_goals: np.ndarray  # goal index (0-based) of each target
    goal_matrix_t: Any  # goal_matrix.T as CSR, for the products of :func:`knowledge_features`
    target_matrix_t: Any

    def transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        """The TF-IDF rows of some passages in this model (``vectorizer.transform``)."""
        return self.vectorizer.transform(texts)


@lru_cache(maxsize=len(LANGUAGES))
def knowledge(language: str = "en") -> Knowledge:
    """Build (once per language) the knowledge model from the framework texts and term queries."""
    check_language(language)
    codes = tuple(t.code for t in load_sdg().targets)
    goal_docs = [goal_document(g, language=language) for g in GOALS]
    target_docs = [target_document(c, language=language) for c in codes]
    vec = TfidfModel.fit(goal_docs + target_docs, analyzer=analyze)
    goal_matrix, target_matrix = vec.transform(goal_docs), vec.transform(target_docs)
    return Knowledge(
        language=language,
        vectorizer=vec,
        goal_matrix=goal_matrix,
        target_matrix=target_matrix,
        target_codes=codes,
        target_goals=np.array([target_code_goal(c) - 1 for c in codes]),
        goal_matrix_t=goal_matrix.T.tocsr(),
        target_matrix_t=target_matrix.T.tocsr(),
    )


@dataclass(frozen=True)
class KnowledgeFeatures:
    """Knowledge-part scores of a batch of passages (rows) per goal / target (columns)."""

    goal_sim: np.ndarray  # n × 17 cosine to the goal texts
    goal_terms: np.ndarray  # n × 17 log-weighted goal term hits
    target_terms: np.ndarray  # n × 17 log-weighted target term hits, summed per goal
    target_sim: np.ndarray  # n × n_targets cosine to the target texts
    target_hits: tuple[dict[str, float], ...]  # per passage: target code → best term weight

    def subset(self, idx: Sequence[int]) -> KnowledgeFeatures:
        """The features of some passages only (rows ``idx``, in that order)."""
        ix = np.asarray(idx, dtype=int)
        return KnowledgeFeatures(self.goal_sim[ix], self.goal_terms[ix], self.target_terms[ix], self.target_sim[ix],
                                 tuple(self.target_hits[i] for i in ix))


def knowledge_features(texts: Sequence[str], *, language: str = "en") -> KnowledgeFeatures:
    """Compute the knowledge-part features of a batch of passages."""
    kb = knowledge(language)
    x = kb.transform(texts)
    goal_sim = (x @ kb.goal_matrix_t).toarray()
    target_sim = (x @ kb.target_matrix_t).toarray()
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
            target_terms[row, target_code_goal(hit.key) - 1] += hit.weight
        hits_out.append(best)
    return KnowledgeFeatures(goal_sim, np.log1p(goal_terms), np.log1p(target_terms), target_sim, tuple(hits_out))


def knowledge_features_by_language(texts: Sequence[str], *, languages: Sequence[str]) -> KnowledgeFeatures:
    """:func:`knowledge_features` of passages in several languages: each is read with its own language's model."""
    langs = list(languages)
    if len(langs) != len(texts):
        raise ValueError(f"knowledge_features_by_language: {len(texts)} passages but {len(langs)} languages")
    distinct = sorted(set(langs))
    if len(distinct) <= 1:
        return knowledge_features(list(texts), language=distinct[0] if distinct else "en")
    n, n_targets = len(texts), len(knowledge(KNOWLEDGE_LANGUAGE_FOR_SHAPES).target_codes)
    goal_sim, goal_terms, target_terms = np.zeros((n, N_GOALS)), np.zeros((n, N_GOALS)), np.zeros((n, N_GOALS))
    target_sim = np.zeros((n, n_targets))
    hits: list[dict[str, float]] = [{} for _ in range(n)]
    for language in distinct:
        idx = [i for i, lang in enumerate(langs) if lang == language]
        part = knowledge_features([texts[i] for i in idx], language=language)
        goal_sim[idx], goal_terms[idx], target_terms[idx] = part.goal_sim, part.goal_terms, part.target_terms
        target_sim[idx] = part.target_sim
        for j, i in enumerate(idx):
            hits[i] = part.target_hits[j]
    return KnowledgeFeatures(goal_sim, goal_terms, target_terms, target_sim, tuple(hits))
