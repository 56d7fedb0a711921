"""Mentions and sentences → migration–SDG Links, each with its verbatim evidence sentence.

``explicit``: the SDG item is named in the same sentence (or table row) as the migration mention, or in
the heading or call-out box that governs the passage. ``inferred``: the passage paraphrases what a target
is about without citing its number (see :func:`pipeline.classify.infer_targets`).
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache

from pipeline.document.tiles import GoalTile
from pipeline.resources import resource_path
from pipeline.types import Link, Mention, Sentence
from pipeline.vocab import GENERIC_ID, GENERIC_LABEL, SDG_PREFIX, THEME_LABEL

SDG_LABELS = frozenset({"SDG_GOAL", "SDG_TARGET", "SDG_INDICATOR"})
SAME_SENTENCE_WEIGHT = 1.0
GOVERNING_WEIGHT = 0.8
CHAPTER_WEIGHT = 0.6
GOVERNING_KINDS = frozenset({"callout"})
"""Block kinds whose SDG items govern every sentence of the block."""
HEADING_KIND = "heading"
EXPLICIT = "explicit"
INFERRED = "inferred"
DEFAULT_MIN_INFERRED_WEIGHT = 0.8

InferFn = Callable[[Sequence[str]], Sequence[Sequence[tuple[str, float]]]]
"""Passages → for each, [(SDG target code such as "10.c", score)]; called once per document (batched)."""


@cache
def theme_targets() -> Mapping[str, frozenset[str]]:
    """SDG targets each migration theme may be tied to by inference (``resources/theme_targets.json``)."""
    data = json.loads(resource_path("theme_targets.json").read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


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
    tiles: Sequence[GoalTile] = (),
    min_inferred_weight: float = DEFAULT_MIN_INFERRED_WEIGHT,
) -> tuple[Link, ...]:
    """Derive explicit and inferred links from a document's sentences and mentions (generic cues included).

    A goal tile opens a chapter governed by its goal until the next tile. An inferred link needs a theme
    mention, a target the passage classifier finds with at least ``min_inferred_weight``, and that target
    listed for the theme in :func:`theme_targets`.
    """
    per_sentence = _by_sentence(mentions)
    heading_sdgs: dict[str, list[str]] = {}
    block_sdgs: dict[str, list[str]] = defaultdict(list)
    for s in sentences:
        targets = _targets(per_sentence.get(s.sentence_id, ()))
        if s.block_kind == HEADING_KIND:
            heading_sdgs[s.section] = targets
        if s.block_kind in GOVERNING_KINDS and targets:
            block_sdgs[s.block_id].extend(targets)

    out: dict[tuple[str, str, str, str], Link] = {}
    chapter = ""
    tile_at = {t.sentence_id: f"{SDG_PREFIX}{t.goal}" for t in tiles}
    candidates: list[tuple[Sentence, list[str]]] = []
    allowed = theme_targets()

    def add(s: Sentence, source: str, target: str, relation: str, weight: float) -> None:
        key = (source, target, relation, s.sentence_id)
        if key not in out or out[key].weight < weight:
            out[key] = Link(doc_id=s.doc_id, source_id=source, target_id=target, relation=relation,
                            weight=round(weight, 4), evidence=s.text, page=s.page, sentence_id=s.sentence_id,
                            char_start=s.char_start, char_end=s.char_end)

    for s in sentences:
        if s.sentence_id in tile_at:
            chapter = tile_at[s.sentence_id]
            continue
        ms = per_sentence.get(s.sentence_id, ())
        sources = _sources(ms)
        if not sources:
            continue
        own = _targets(ms)
        governing = [t for t in (*heading_sdgs.get(s.section, ()), *block_sdgs.get(s.block_id, ())) if t not in own]
        for source in sources:
            for target in own:
                add(s, source, target, EXPLICIT, SAME_SENTENCE_WEIGHT)
            if s.block_kind != HEADING_KIND:
                for target in governing:
                    add(s, source, target, EXPLICIT, GOVERNING_WEIGHT)
            if chapter and chapter not in own and chapter not in governing:
                add(s, source, chapter, EXPLICIT, CHAPTER_WEIGHT)
        themes = [src for src in sources if src in allowed]
        if infer is not None and not own and themes:
            candidates.append((s, themes))
    if candidates and infer is not None:
        for (s, themes), found in zip(candidates, infer([s.text for s, _ in candidates]), strict=True):
            for code, score in found:
                if score < min_inferred_weight:
                    continue
                for source in themes:
                    if code in allowed[source]:
                        add(s, source, f"{SDG_PREFIX}{code}", INFERRED, score)
    explicit_pairs = {(k[0], k[1]) for k in out if k[2] == EXPLICIT}
    links = [l for k, l in out.items() if k[2] == EXPLICIT or (k[0], k[1]) not in explicit_pairs]
    return tuple(sorted(links, key=lambda l: (l.char_start, l.source_id, l.target_id, l.relation)))
