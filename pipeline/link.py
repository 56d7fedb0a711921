"""Mentions and sentences → migration–SDG Links, each with its verbatim evidence sentence.

``explicit``: the SDG item is named in the same sentence (or table row) as the migration mention, or in
the heading or call-out box that governs the passage. ``inferred``: the passage paraphrases what a target
is about without citing its number (see :func:`pipeline.classify.infer_targets`).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache

from pipeline.types import Link, Mention, Sentence

SDG_LABELS = frozenset({"SDG_GOAL", "SDG_TARGET", "SDG_INDICATOR"})
THEME_LABEL = "MIGRATION_THEME"
GENERIC_LABEL = "MIGRATION"
GENERIC_ID = "migration"
SAME_SENTENCE_WEIGHT = 1.0
GOVERNING_WEIGHT = 0.8
CHAPTER_WEIGHT = 0.6
GOVERNING_KINDS = frozenset({"callout"})
GOAL_TITLE_MAX_CHARS = 80
GOAL_WORD_RE = re.compile(r"\b(?:goal|sdg|objectif|odd|objetivo|ods)\b", re.IGNORECASE)
NON_LETTER_RE = re.compile(r"[^a-z]+")
DIGITS_RE = re.compile(r"\d+")

InferFn = Callable[[str], Sequence[tuple[str, float]]]
"""A passage → [(SDG target code such as "10.c", score)] function."""


def _letters(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return NON_LETTER_RE.sub("", ascii_text)


@cache
def _goal_names() -> dict[str, str]:
    """Letters-only goal short names (en, fr, es) → goal number."""
    from pipeline.resources.loaders import load_sdg

    names: dict[str, str] = {}
    for goal in load_sdg().goals:
        for name in goal.short.all():
            if name:
                names[_letters(name)] = goal.number
    return names


def goal_title(text: str) -> str | None:
    """The goal number when a short line is a goal's title tile ("10 REDUCED INEQUALITIES", "Goal 5: Gender equality").

    The line's letters (less a leading Goal/SDG word) must spell the goal's short name and its only number must be
    the goal's, so tables of contents ("Reduced inequalities .... 52") and running text do not qualify.
    """
    if len(text) > GOAL_TITLE_MAX_CHARS:
        return None
    numbers = DIGITS_RE.findall(text)
    if len(numbers) != 1:
        return None
    number = _goal_names().get(_letters(GOAL_WORD_RE.sub(" ", text)))
    return number if number is not None and str(int(numbers[0])) == number else None


def _by_sentence(mentions: Iterable[Mention]) -> dict[str, list[Mention]]:
    grouped: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.sentence_id:
            grouped[m.sentence_id].append(m)
    return grouped


def _sources(ms: Sequence[Mention]) -> list[str]:
    """Theme ids of a sentence's migration mentions, plus ``migration`` when any migration cue is there."""
    themes = sorted({m.canonical_id for m in ms if m.label == THEME_LABEL})
    if themes or any(m.label == GENERIC_LABEL for m in ms):
        return [*themes, GENERIC_ID]
    return []


def _targets(ms: Sequence[Mention]) -> list[str]:
    return sorted({m.canonical_id for m in ms if m.label in SDG_LABELS})


def link(
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    *,
    infer: InferFn | None = None,
    min_inferred_weight: float = 0.0,
) -> tuple[Link, ...]:
    """Derive explicit and inferred links from a document's sentences and mentions (generic cues included)."""
    per_sentence = _by_sentence(mentions)
    heading_sdgs: dict[str, list[str]] = {}
    block_sdgs: dict[str, list[str]] = defaultdict(list)
    for s in sentences:
        targets = _targets(per_sentence.get(s.sentence_id, ()))
        if s.block_kind == "heading":
            heading_sdgs[s.section] = targets
        if s.block_kind in GOVERNING_KINDS and targets:
            block_sdgs[s.block_id].extend(targets)

    out: dict[tuple[str, str, str, str], Link] = {}
    chapter = ""

    def add(s: Sentence, source: str, target: str, relation: str, weight: float) -> None:
        key = (source, target, relation, s.sentence_id)
        if key not in out or out[key].weight < weight:
            out[key] = Link(doc_id=s.doc_id, source_id=source, target_id=target, relation=relation,
                            weight=round(weight, 4), evidence=s.text, page=s.page, sentence_id=s.sentence_id,
                            char_start=s.char_start, char_end=s.char_end)

    for s in sentences:
        number = goal_title(s.text)
        if number is not None:
            chapter = f"SDG:{number}"
            continue
        ms = per_sentence.get(s.sentence_id, ())
        sources = _sources(ms)
        if not sources:
            continue
        own = _targets(ms)
        governing = [t for t in (*heading_sdgs.get(s.section, ()), *block_sdgs.get(s.block_id, ())) if t not in own]
        for source in sources:
            for target in own:
                add(s, source, target, "explicit", SAME_SENTENCE_WEIGHT)
            if s.block_kind != "heading":
                for target in governing:
                    add(s, source, target, "explicit", GOVERNING_WEIGHT)
            if chapter and chapter not in own and chapter not in governing:
                add(s, source, chapter, "explicit", CHAPTER_WEIGHT)
        if infer is not None and not own:
            for code, score in infer(s.text):
                if score < min_inferred_weight:
                    continue
                for source in sources:
                    add(s, source, f"SDG:{code}", "inferred", score)
    explicit_pairs = {(k[0], k[1]) for k in out if k[2] == "explicit"}
    links = [l for k, l in out.items() if k[2] == "explicit" or (k[0], k[1]) not in explicit_pairs]
    return tuple(sorted(links, key=lambda l: (l.char_start, l.source_id, l.target_id, l.relation)))
