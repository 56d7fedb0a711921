"""Curated SDG term queries (``resources/sdg_terms.json``): parsing, a phrase index, and finding them in passages.

A query is a phrase of words; ``"migrant worker*"`` ends with a prefix, ``"~refugees"`` is weak (weighs
:data:`WEAK_TERM_WEIGHT` whatever its length). Queries are matched on the folded, stemmed tokens of
:mod:`pipeline.classify.text`; English queries also serve French and Spanish passages.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipeline.classify.text import LANGUAGES, TOKEN_RE, check_language, fold, tokens
from pipeline.errors import ModelError
from pipeline.resources import resource_path
from pipeline.resources.sdg import load_sdg

TERMS_FILE = "sdg_terms.json"
MAX_TERM_WEIGHT = 3
"""A term query of n words weighs min(n, MAX_TERM_WEIGHT); longer phrases are more specific."""
WEAK_MARK = "~"
"""A term written "~term" is weak: it weighs WEAK_TERM_WEIGHT whatever its length."""
WEAK_TERM_WEIGHT = 0.5
PREFIX_MARK = "*"
"""A term written "term*" matches every word that starts with its last word."""
WILDCARD_MIN_PREFIX = 3
"""Shortest prefix a trailing-* term may have."""
FALLBACK_LANGUAGE = "en"
"""Term queries of this language also serve every other language."""


@dataclass(frozen=True, slots=True)
class Term:
    """One parsed term query: the goal (number as str) or target code it serves, its words and weight."""

    key: str
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


@lru_cache(maxsize=1)
def load_terms() -> dict[str, Any]:
    """The curated per-goal and per-target term queries from resources/sdg_terms.json."""
    try:
        data = json.loads(resource_path(TERMS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read SDG term queries {TERMS_FILE}: {exc}") from exc
    known = {t.code for t in load_sdg().targets}
    unknown = sorted(set(data.get("targets", {})) - known)
    if unknown:
        raise ModelError(f"{TERMS_FILE} names targets not in the framework: {', '.join(unknown)}")
    return data


class TermIndex:
    """Phrase index over term queries: exact first words in a dict, wildcard first words by prefix."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.by_first: dict[str, list[Term]] = {}
        wildcards: list[Term] = []
        for term in terms:
            if len(term.words) == 1 and term.prefix:
                wildcards.append(term)
            else:
                self.by_first.setdefault(term.words[0], []).append(term)
        self.stub = min((len(t.words[0]) for t in wildcards), default=0)
        """Wildcard terms are indexed by their first `stub` letters (one lookup per token), then checked whole."""
        self.by_stub: dict[str, list[Term]] = {}
        for term in wildcards:
            self.by_stub.setdefault(term.words[0][: self.stub], []).append(term)

    def find(self, toks: Sequence[str]) -> list[TermHit]:
        """All term hits in a token sequence."""
        hits: list[TermHit] = []
        n = len(toks)
        stub, by_stub = self.stub, self.by_stub
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
            if stub and len(tok) >= stub:
                for term in by_stub.get(tok[:stub], ()):
                    if tok.startswith(term.words[0]):
                        hits.append(TermHit(term.key, term.words[0] + PREFIX_MARK, term.weight, i, i + 1))
        return hits


def parse_term(key: str, raw: str) -> Term | None:
    """Parse one raw query ("~refugees", "migrant worker*"); None when it has no words or too short a prefix."""
    weak = raw.startswith(WEAK_MARK)
    raw = raw.lstrip(WEAK_MARK)
    prefix = raw.endswith(PREFIX_MARK)
    words = tuple(tokens(raw.rstrip(PREFIX_MARK)))
    if not words:
        return None
    if prefix:
        last = TOKEN_RE.findall(fold(raw.rstrip(PREFIX_MARK)))[-1]
        if len(last) < WILDCARD_MIN_PREFIX:
            return None
        words = words[:-1] + (last,)
    weight = WEAK_TERM_WEIGHT if weak else float(min(len(words), MAX_TERM_WEIGHT))
    return Term(key, words, prefix, weight)


@lru_cache(maxsize=len(LANGUAGES))
def term_indexes(language: str) -> tuple[TermIndex, TermIndex]:
    """(goal-term index, target-term index) for a language; English terms also serve other languages."""
    data = load_terms()
    langs = (FALLBACK_LANGUAGE,) if language == FALLBACK_LANGUAGE else (language, FALLBACK_LANGUAGE)

    def build(section: dict[str, dict[str, list[str]]]) -> TermIndex:
        out = []
        for key, by_lang in section.items():
            seen: set[tuple[str, ...]] = set()
            for lang in langs:
                for raw in by_lang.get(lang, ()):
                    term = parse_term(key, raw)
                    if term and term.words not in seen:
                        seen.add(term.words)
                        out.append(term)
        return TermIndex(out)

    return build(data["goals"]), build(data["targets"])


FIND_CACHE_SIZE = 4096
"""Passages whose term hits are kept: a passage is scored by the classifier and then placed by the linker."""


def find_terms(text: str, *, language: str = "en") -> tuple[list[TermHit], list[TermHit]]:
    """(goal-term hits, target-term hits) of the curated term queries in a text."""
    goals, targets = _find_terms(text, check_language(language))
    return list(goals), list(targets)


@lru_cache(maxsize=FIND_CACHE_SIZE)
def _find_terms(text: str, language: str) -> tuple[tuple[TermHit, ...], tuple[TermHit, ...]]:
    """Cached :func:`find_terms` (hits are frozen records)."""
    goal_index, target_index = term_indexes(language)
    toks = tokens(text)
    return tuple(goal_index.find(toks)), tuple(target_index.find(toks))


def goal_queries(goal: int | str, *, language: str) -> list[str]:
    """The goal's term queries in one language as plain text (prefix marks removed)."""
    return [t.rstrip(PREFIX_MARK) for t in load_terms()["goals"].get(str(goal), {}).get(language, ())]


def target_queries(code: str, *, language: str) -> list[str]:
    """The target's term queries in one language as plain text (prefix and weak marks removed)."""
    return [t.strip(PREFIX_MARK + WEAK_MARK) for t in load_terms()["targets"].get(code, {}).get(language, ())]
