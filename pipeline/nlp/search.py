"""Fast search primitives of the taggers: a phrase trie over view words, taken positions, anchored regex scans."""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence

from pipeline.nlp.view import MatchView

WORD_END = r"(?![^\W_])"
"""Regex suffix: no letter or digit follows."""
_END = ""  # key of a PhraseIndex trie node marking the end of a phrase (no view word is empty)


class Occupancy:
    """Which positions (chars or tokens) are taken, for linear-time overlap checks of many spans."""

    __slots__ = ("_taken",)

    def __init__(self, size: int) -> None:
        self._taken = bytearray(size)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any position in [start, end) is taken."""
        return 1 in self._taken[start:end]

    def take(self, start: int, end: int) -> None:
        """Mark [start, end) as taken."""
        self._taken[start:end] = b"\x01" * (end - start)


class PhraseIndex:
    """Phrases of folded words found at every view token with plain dict lookups (no spaCy Doc is needed).

    A trie of dicts walked from every token that starts a phrase, as spaCy's ``PhraseMatcher(attr="ORTH")`` walks
    its own: it yields exactly what such a matcher over the view words would, every occurrence of every phrase,
    overlapping ones included, ordered by start and, at one start, shortest first.
    """

    __slots__ = ("_root", "_size")

    def __init__(self, phrases: Iterable[tuple[str, ...]] = ()) -> None:
        self._root: dict[str, dict] = {}
        self._size = 0
        for phrase in phrases:
            self.add(phrase)

    def add(self, phrase: tuple[str, ...]) -> None:
        """Index one phrase (a tuple of folded view words; empty phrases are ignored)."""
        if not phrase:
            return
        node = self._root
        for word in phrase:
            node = node.setdefault(word, {})
        if _END not in node:
            node[_END] = {}
            self._size += 1

    def __len__(self) -> int:
        return self._size

    def matches(self, words: Sequence[str]) -> list[tuple[int, int]]:
        """Token ranges [start, end) of every phrase occurring in words."""
        root, n = self._root, len(words)
        out: list[tuple[int, int]] = []
        # only positions whose word starts some phrase (found by a C-level scan) are walked
        for i in itertools.compress(range(n), map(root.__contains__, words)):
            node = root[words[i]]
            j = i + 1
            while True:
                if _END in node:
                    out.append((i, j))
                if j >= n:
                    break
                node = node.get(words[j])
                if node is None:
                    break
                j += 1
        return out


def anchored_finditer(pattern: re.Pattern[str], anchor: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)``, with pattern tried only where a cheap anchor regex matches.

    Exact when pattern never matches the empty string and anchor matches at every position where a match of
    pattern can start (a necessary condition such as the literal first words of the pattern). An anchor that begins
    with a literal or a character class is scanned for in C by the re engine, whereas a pattern that begins with a
    lookbehind is otherwise tried at every character of the text.
    """
    search, match = anchor.search, pattern.match
    pos = 0
    while True:
        hit = search(text, pos)
        if hit is None:
            return
        start = hit.start()
        found = match(text, start)
        if found is None or found.end() == start:
            pos = start + 1
            continue
        yield found
        pos = found.end()


def occurrences(text: str, literal: str) -> Iterator[int]:
    """Every offset where ``literal`` starts in ``text``, overlapping ones included (``str.find``: far faster than a
    regex scan for a rare literal)."""
    at = text.find(literal)
    while at >= 0:
        yield at
        at = text.find(literal, at + 1)


_SPECIAL = frozenset("\\.^$*+{}")
"""Regex syntax :func:`literal_words` does not read."""


def literal_words(pattern: str) -> frozenset[str]:
    """Every string a regex made only of literal characters, classes of them (``[ée]``), non-capturing groups,
    alternation and ``?`` matches (a ValueError for any other syntax)."""
    found, end = _alternatives(pattern, 0)
    if end != len(pattern):
        raise ValueError(f"unbalanced ) at {end} in {pattern!r}")
    return frozenset(found)


def _alternatives(pattern: str, at: int) -> tuple[set[str], int]:
    """The strings of the alternation that starts at ``at``, and where it ends (a ``)`` or the pattern's end)."""
    out: set[str] = set()
    strings = {""}
    while at < len(pattern) and pattern[at] != ")":
        char = pattern[at]
        if char == "|":
            out |= strings
            strings, at = {""}, at + 1
            continue
        if char == "(":
            if not pattern.startswith("(?:", at):
                raise ValueError(f"only (?:...) groups are read, at {at} in {pattern!r}")
            options, at = _alternatives(pattern, at + 3)
            if at >= len(pattern):
                raise ValueError(f"unclosed group in {pattern!r}")
            at += 1
        elif char == "[":
            close = pattern.find("]", at)
            options = set(pattern[at + 1:close])
            if close < 0 or not options or options & (_SPECIAL | set("-^[")):
                raise ValueError(f"only classes of literal characters are read, at {at} in {pattern!r}")
            at = close + 1
        elif char in _SPECIAL or char in "?]":
            raise ValueError(f"unsupported regex syntax {char!r} at {at} in {pattern!r}")
        else:
            options, at = {char}, at + 1
        if at < len(pattern) and pattern[at] == "?":
            options, at = options | {""}, at + 1
        strings = {s + o for s in strings for o in options}
    return out | strings, at


def token_matches(pattern: re.Pattern[str], words: frozenset[str], text: str,
                  view: MatchView) -> Iterator[re.Match[str]]:
    """The matches of ``pattern.finditer(text)`` that start where a view token of ``text`` starts, in text order,
    found from the view: the pattern is tried only at tokens whose (folded) word is in ``words``, or whose text is
    longer than their word (:attr:`MatchView.rejoined`), never scanned over the whole text.

    Exact when every match of the pattern is a run of letters followed by no letter or digit (a head noun of
    HEAD_RE) and ``words`` holds the fold of every string it matches: such a match at a token's start is the whole
    token; inside a rejoined token every match is taken (its parts may be words of their own).
    """
    n = len(view.words)
    found = itertools.compress(range(n), map(words.__contains__, view.words))
    rejoined = frozenset(view.rejoined)
    tried = sorted({*found, *rejoined}) if rejoined else found
    match, starts, ends = pattern.match, view.starts, view.ends
    for i in tried:
        if i in rejoined:  # a soft hyphen or a line-break hyphen may join two words: each may start a match
            for hit in pattern.finditer(text, starts[i]):
                if hit.start() >= ends[i]:
                    break
                yield hit
            continue
        hit = match(text, starts[i])
        if hit is not None:
            yield hit
