"""Fast search primitives of the taggers: a phrase trie over view words, taken positions, anchored regex scans."""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence

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
