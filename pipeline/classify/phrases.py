"""Target-level term queries built from the official target texts: the specific two-word phrases of each target.

Each target's wording and its indicators' wording (``resources/sdg.json``, in the passage's language) yield
content-word bigrams ("natural disaster", "extreme event", "illicit financial"); a bigram shared by at most
:data:`MAX_PHRASE_TARGETS` targets is specific enough to be a query of those targets. A passage's hits count
towards each goal (a combiner feature) and name the target wording that matched (a target's reason).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from pipeline.classify.knowledge import N_GOALS, target_code_goal
from pipeline.classify.text import LANGUAGES, analyze, check_language
from pipeline.resources.sdg import load_sdg

MAX_PHRASE_TARGETS = 3
"""A phrase found in the wording of more targets than this is too common to point at any one of them."""
BIGRAM_SEP = " "


@dataclass(frozen=True)
class PhraseIndex:
    """Specific bigrams of the official target wording of one language → the targets they come from."""

    language: str
    targets_of: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class PhraseHits:
    """Target-phrase hits of a batch: per-goal log counts (n × 17) and, per passage, target → phrases found."""

    goal_counts: np.ndarray
    by_target: tuple[dict[str, tuple[str, ...]], ...]

    def subset(self, idx: Sequence[int]) -> PhraseHits:
        """The hits of some passages only (rows ``idx``, in that order)."""
        ix = np.asarray(idx, dtype=int)
        return PhraseHits(self.goal_counts[ix], tuple(self.by_target[i] for i in ix))


@lru_cache(maxsize=len(LANGUAGES))
def phrase_index(language: str = "en") -> PhraseIndex:
    """Build (once per language) the index of the targets' specific wording bigrams."""
    check_language(language)
    fw = load_sdg()
    by_phrase: dict[str, set[str]] = defaultdict(set)
    indicators: dict[str, list[str]] = defaultdict(list)
    for ind in fw.indicators:
        indicators[ind.target].append(ind.title.get(language) or "")
    for target in fw.targets:
        for text in [target.title.get(language) or "", *indicators[target.code]]:
            for feature in analyze(text):
                if BIGRAM_SEP in feature:
                    by_phrase[feature].add(target.code)
    specific = {p: tuple(sorted(codes)) for p, codes in by_phrase.items() if len(codes) <= MAX_PHRASE_TARGETS}
    return PhraseIndex(language, specific)


def phrase_hits(texts: Sequence[str], *, languages: Sequence[str]) -> PhraseHits:
    """Target-phrase hits of each passage, read with the index of its own language."""
    counts = np.zeros((len(texts), N_GOALS))
    by_target: list[dict[str, tuple[str, ...]]] = []
    for row, (text, language) in enumerate(zip(texts, languages, strict=True)):
        targets_of = phrase_index(language).targets_of
        found: dict[str, list[str]] = defaultdict(list)
        for phrase in sorted({f for f in analyze(text) if BIGRAM_SEP in f} & targets_of.keys()):
            for code in targets_of[phrase]:
                found[code].append(phrase)
            for goal in {target_code_goal(c) for c in targets_of[phrase]}:
                counts[row, goal - 1] += 1
        by_target.append({code: tuple(p) for code, p in found.items()})
    return PhraseHits(np.log1p(counts), tuple(by_target))
