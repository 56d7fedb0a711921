"""The classifier's SDG term queries placed in a unit's text: which target's wording a passage uses, and where."""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.classify.terms import find_terms
from pipeline.classify.text import TOKEN_RE, check_language, tokens

POSSESSIVE_RE = re.compile(r"['’]s\b")


@dataclass(frozen=True, slots=True)
class PlacedTerm:
    """A target term query found in a text: the target code, its weight, and its char span (or -1, -1)."""

    code: str
    weight: float
    start: int
    end: int
    surface: str


def _token_spans(text: str) -> list[tuple[int, int]]:
    """Char spans of the classifier's tokens of ``text`` (a possessive "'s" is no token)."""
    spans = []
    for m in TOKEN_RE.finditer(text):
        if m.group() in ("s", "S") and m.start() and POSSESSIVE_RE.match(text, m.start() - 1):
            continue
        spans.append(m.span())
    return spans


def target_terms(text: str, *, language: str) -> list[PlacedTerm]:
    """The target term queries of ``sdg_terms.json`` found in a text, placed (span -1 when they cannot be)."""
    _, hits = find_terms(text, language=check_language(language))
    if not hits:
        return []
    spans = _token_spans(text)
    placeable = len(spans) == len(tokens(text))
    out = []
    for h in hits:
        if placeable and h.end <= len(spans):
            a, b = spans[h.start][0], spans[h.end - 1][1]
            out.append(PlacedTerm(h.key, h.weight, a, b, text[a:b]))
        else:
            out.append(PlacedTerm(h.key, h.weight, -1, -1, h.term))
    return out
