"""Tiny documents for the link tests: sentences with real offsets and mentions found by their words."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.types import Mention, Sentence

DOC = "d"
GAP = 2
"""Characters between two sentences of a tiny document."""


@dataclass
class TinyDoc:
    """Sentences laid out one after another, and mentions placed on their words."""

    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    cursor: int = 0

    def add(self, text: str, *, kind: str = "text", block: str | None = None, section: str = "", page: int = 1,
            tags: Sequence[tuple[str, str, str]] = ()) -> Sentence:
        """Add a sentence; ``tags`` are (label, words in the sentence, canonical id), placed at the words' first
        occurrence (or at "words@n" for the n-th)."""
        sid = f"s{len(self.sentences)}"
        s = Sentence(doc_id=DOC, sentence_id=sid, page=page, char_start=self.cursor,
                     char_end=self.cursor + len(text), text=text, block_id=block or f"b{len(self.sentences)}",
                     block_kind=kind, section=section)
        self.sentences.append(s)
        for label, words, cid in tags:
            words, _, nth = words.partition("@")
            pos = -1
            for _ in range(int(nth or 1)):
                pos = text.index(words, pos + 1)
            start = s.char_start + pos
            self.mentions.append(Mention(doc_id=DOC, mention_id=f"m{len(self.mentions)}", label=label, text=words,
                                         canonical_id=cid, page=page, char_start=start, char_end=start + len(words),
                                         sentence_id=sid, section=section))
        self.cursor = s.char_end + GAP
        return s


def theme(words: str, cid: str) -> tuple[str, str, str]:
    """A MIGRATION_THEME tag."""
    return ("MIGRATION_THEME", words, cid)


def sdg(words: str, code: str) -> tuple[str, str, str]:
    """An SDG tag (goal, target or indicator by the shape of the code)."""
    parts = code.split(".")
    label = {1: "SDG_GOAL", 2: "SDG_TARGET", 3: "SDG_INDICATOR"}[len(parts)]
    return (label, words, f"SDG:{code}")


def generic(words: str) -> tuple[str, str, str]:
    """A bare migration word (label MIGRATION)."""
    return ("MIGRATION", words, "migration")


def country(words: str, iso3: str) -> tuple[str, str, str]:
    """A COUNTRY tag."""
    return ("COUNTRY", words, iso3)


def pairs(links: Sequence) -> set[tuple[str, str, str]]:
    """(source, target, relation) of links."""
    return {(l.source_id, l.target_id, l.relation) for l in links}
