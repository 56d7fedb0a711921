"""Goal tiles: the numbered goal title ("10 REDUCED INEQUALITIES") that opens a chapter of a report.

A tile's words often come out of the PDF as several short lines ("5 EQUALITY", "GENDER"), so a tile is
recognised over a window of consecutive short sentences of one page: their words, as a bag, must be the
goal's short name (en/fr/es) and their only number must be the goal's.

This is the one detector of goal tiles: its tiles become SDG_GOAL mentions (the span of the tile's number,
see :func:`tile_spans`) and open the chapters that pipeline.link ties to the goal.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.nlp.fold import fold
from pipeline.resources.sdg import load_sdg
from pipeline.types import Sentence, Span
from pipeline.vocab import SDG_PREFIX

TILE_WINDOW = 3
TILE_PART_MAX_CHARS = 60
CELL_SEPARATOR = " | "
TOKEN_RE = re.compile(r"[a-z]+|\d+")
GOAL_WORDS = frozenset({"goal", "sdg", "objectif", "odd", "objetivo", "ods"})


@dataclass(frozen=True, slots=True)
class GoalTile:
    """A goal tile: the goal number, the sentence that completes it and the char span of its number."""

    goal: str
    sentence_id: str
    number_start: int
    number_end: int


GOAL_LABEL = "SDG_GOAL"


def _tokens(text: str) -> list[str]:
    """The folded words and numbers of a text."""
    return TOKEN_RE.findall(fold(text))


@cache
def _goal_bags() -> dict[tuple[str, ...], str]:
    """Sorted word bags of every goal short name (en, fr, es) → goal number."""
    bags: dict[tuple[str, ...], str] = {}
    for goal in load_sdg().goals:
        for name in goal.short.all():
            words = tuple(sorted(t for t in _tokens(name) if not t.isdigit()))
            if words:
                bags[words] = goal.number
    return bags


@cache
def _tile_words() -> frozenset[str]:
    """Every word a tile may hold: the words of the goals' short names and the words for "goal"."""
    return frozenset(w for bag in _goal_bags() for w in bag) | GOAL_WORDS


def _goal_of_tokens(tokens: Sequence[str]) -> str | None:
    """The goal number when the tokens are exactly a goal's number and short name, in any word order."""
    numbers = [t for t in tokens if t.isdigit()]
    if len(numbers) != 1:
        return None
    words = tuple(sorted(t for t in tokens if not t.isdigit() and t not in GOAL_WORDS))
    goal = _goal_bags().get(words)
    return goal if goal is not None and str(int(numbers[0])) == goal else None


def tile_goal(text: str) -> str | None:
    """The goal number when ``text`` is exactly a goal's number and short name, in any word order."""
    return _goal_of_tokens(_tokens(text))


def _parts(sentence: Sentence) -> list[tuple[str, int]]:
    """Candidate tile texts of a sentence with their offsets: the sentence, or each cell of a table row."""
    if CELL_SEPARATOR not in sentence.text:
        return [(sentence.text, sentence.char_start)]
    out, pos = [], 0
    for cell in sentence.text.split(CELL_SEPARATOR):
        out.append((cell, sentence.char_start + pos))
        pos += len(cell) + len(CELL_SEPARATOR)
    return out


def find_goal_tiles(sentences: Sequence[Sentence]) -> list[GoalTile]:
    """Goal tiles in a document's sentences, in order."""
    tiles: list[GoalTile] = []
    window: list[tuple[str, int, Sentence, list[str]]] = []
    vocabulary = _tile_words()
    for s in sentences:
        if window and window[-1][2].page != s.page:
            window = []
        for text, start in _parts(s):
            if len(text) > TILE_PART_MAX_CHARS:
                window = []
                continue
            tokens = _tokens(text)
            if any(t not in vocabulary and not t.isdigit() for t in tokens):
                window = []  # a word no goal name holds: no tile takes in this part
                continue
            window = [*window, (text, start, s, tokens)][-TILE_WINDOW:]
            for size in range(1, len(window) + 1):
                group = window[-size:]
                goal = _goal_of_tokens([t for *_, part in group for t in part])
                if goal is None:
                    continue
                for t, st, _, _ in group:
                    m = re.search(rf"(?<!\d){goal}(?!\d)", t)
                    if m:
                        tiles.append(GoalTile(goal=goal, sentence_id=s.sentence_id, number_start=st + m.start(),
                                              number_end=st + m.end()))
                        break
                window = []
                break
    return tiles


def tile_spans(tiles: Sequence[GoalTile]) -> list[Span]:
    """The SDG_GOAL span of each tile: its number, with the goal's canonical id."""
    return [Span(GOAL_LABEL, t.number_start, t.number_end, f"{SDG_PREFIX}{t.goal}") for t in tiles]
