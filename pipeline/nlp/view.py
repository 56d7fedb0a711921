"""A case-, accent- and damage-tolerant matching view of a text, with exact offsets back into it.

Gazetteer matching does not run on the spaCy tokens of the original text: PDF extraction breaks names across
lines ("Republic of\\nMoldova"), hyphenates them ("Moldo- va", "Internation-\\nal"), doubles spaces and mixes
curly and straight apostrophes. The view folds every word (pipeline.nlp.fold), drops whitespace entirely and
rejoins line-break hyphenation (pipeline.clean.BREAK_HYPHEN_RE), while every view token keeps the char offsets
of the original text it came from. Names of a gazetteer are folded with :func:`fold_words`, so both sides agree.
"""
from __future__ import annotations

import bisect
import itertools
import operator
import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.clean import BREAK_HYPHEN_RE
from pipeline.nlp.fold import fold, fold_document

# One view token: a run of letters/digits (soft hyphens allowed inside), or one punctuation character.
VIEW_TOKEN_RE = re.compile(r"[^\W_]+(?:\xad[^\W_]*)*|[^\w\s]")
VIEW_SPLIT_RE = re.compile(f"({VIEW_TOKEN_RE.pattern})")
# VIEW_SPLIT_RE for texts without soft hyphens and underscores (about 1.5x faster).
FAST_VIEW_SPLIT_RE = re.compile(r"(\w+|[^\w\s])")
SOFT_HYPHEN = "\xad"
FOLD_WORDS_CACHE = 65536
"""How many short strings (gazetteer names) fold_words remembers."""


@lru_cache(maxsize=FOLD_WORDS_CACHE)
def fold_words(text: str) -> tuple[str, ...]:
    """The folded view tokens of a short string such as a gazetteer name (line-break hyphens rejoined)."""
    joined = BREAK_HYPHEN_RE.sub("", text)
    return tuple(t.replace(SOFT_HYPHEN, "") for t in VIEW_TOKEN_RE.findall(fold(joined)))


def clean_surface(text: str) -> str:
    """The surface of a span with hyphen breaks rejoined and whitespace collapsed (for display and slugs)."""
    return " ".join(BREAK_HYPHEN_RE.sub("", text).split())


@dataclass(frozen=True, slots=True)
class MatchView:
    """Folded view tokens of a text with the original [start, end) offsets of each token."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    rejoined: tuple[int, ...] = ()
    """Indexes of the tokens whose text is longer than their word: rejoined across a line-break hyphen, or holding
    soft hyphens (every other token's text is its word, folded)."""

    def token_at_or_after(self, char: int) -> int:
        """Index of the first view token that starts at or after a char offset."""
        return bisect.bisect_left(self.starts, char)

    def token_before(self, char: int) -> int:
        """Index of the last view token that ends at or before a char offset (-1 if none)."""
        return bisect.bisect_right(self.ends, char) - 1


def build_view(text: str) -> MatchView:
    """Tokenise and fold a text into a MatchView, rejoining words hyphenated across a line or a space."""
    folded = fold_document(text)
    if SOFT_HYPHEN in folded:
        parts = VIEW_SPLIT_RE.split(folded)  # gap, word, gap, word, ..., gap: offsets come from running lengths
    else:  # the same tokens: without soft hyphens a word is \w+ once '_' (a gap char) is made a space
        parts = FAST_VIEW_SPLIT_RE.split(folded.replace("_", " ") if "_" in folded else folded)
    bounds = list(itertools.accumulate(map(len, parts)))
    words = parts[1::2]
    starts = bounds[0:-1:2]
    ends = bounds[1::2]
    if SOFT_HYPHEN in text:
        words = [w.replace(SOFT_HYPHEN, "") for w in words]
    breaks = [m.start() for m in BREAK_HYPHEN_RE.finditer(text)]
    joined: list[int] = []
    if breaks:
        words, starts, ends = _join_breaks(words, starts, ends, breaks, joined)
    if SOFT_HYPHEN in text:  # rare: find every token whose text is longer than its word
        joined = list(itertools.compress(range(len(words)), map(
            operator.ne, map(operator.sub, ends, starts), map(len, words))))
    return MatchView(tuple(words), tuple(starts), tuple(ends), tuple(joined))


def _join_breaks(words: list[str], starts: list[int], ends: list[int], breaks: list[int],
                 joined: list[int]) -> tuple[list[str], list[int], list[int]]:
    """Merge 'word', '-', 'word' token triples at each line-break hyphen position into one token (the index of each
    merged token goes into ``joined``)."""
    out_w: list[str] = []
    out_s: list[int] = []
    out_e: list[int] = []
    cursor = 0
    for pos in breaks:
        hyphen = bisect.bisect_left(starts, pos)
        if hyphen < 1 or hyphen + 1 >= len(words) or hyphen - 1 < cursor or starts[hyphen] != pos:
            continue
        left, right = hyphen - 1, hyphen + 1
        out_w.extend(words[cursor:left])
        out_s.extend(starts[cursor:left])
        out_e.extend(ends[cursor:left])
        joined.append(len(out_w))
        out_w.append(words[left] + words[right])
        out_s.append(starts[left])
        out_e.append(ends[right])
        cursor = right + 1
    out_w.extend(words[cursor:])
    out_s.extend(starts[cursor:])
    out_e.extend(ends[cursor:])
    return out_w, out_s, out_e
