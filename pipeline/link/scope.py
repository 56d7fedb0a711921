"""The scope of a link: the countries it is about (and where each comes from) and the actors in its evidence.

Countries come from the most specific place that names any: the unit itself (``sentence``, or ``table_row``
for a table row), else the heading of its section or of the per-country chapter it is in (``section``), else
the document's subject (``document``: the country or countries a VNR, an evaluation or a law is about). A
single-country document's subject is in the scope of every link it makes. Actors are the ORG and GOV_BODY
mentions of the unit. Document co-occurrence alone never puts a country in a link's scope.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from pipeline.link.units import TABLE_KIND, Unit
from pipeline.types import Mention, Sentence

COUNTRY_LABEL = "COUNTRY"
ACTOR_LABELS = frozenset({"ORG", "GOV_BODY"})
SOURCE_SENTENCE = "sentence"
SOURCE_TABLE_ROW = "table_row"
SOURCE_SECTION = "section"
SOURCE_DOCUMENT = "document"
GLOBAL_KINDS = frozenset({"resolution", "meeting_report"})
"""Document kinds about no country in particular (a General Assembly resolution names sponsors, not subjects)."""
SUBJECT_MIN_MENTIONS = 10
"""A document's subject is read from its country mentions only when it names countries at least this often."""
SUBJECT_MAIN_SHARE = 0.4
"""A country named in at least this share of a document's country mentions is its subject ..."""
SUBJECT_GROUP_SHARE = 0.75
"""... or the few countries that together reach this share (a multi-country programme): those each with at
least SUBJECT_MEMBER_SHARE of the mentions, when there are no more than SUBJECT_MAX_COUNTRIES of them."""
SUBJECT_MEMBER_SHARE = 0.15
SUBJECT_MAX_COUNTRIES = 4
SUBJECT_MEMBER_MIN = 5
CHAPTER_HEADING_MAX_CHARS = 80
"""A heading that names a country opens a per-country chapter when it is at most this long."""
NUMBERED_HEADING_RE = re.compile(r"^\s*((?:\d+|[IVX]+|[A-H])(?:\.\d+)*)[.)]?\s")


@dataclass(frozen=True, slots=True)
class Scope:
    """Countries (ISO3, in order), each with where it comes from, and actors (canonical ids)."""

    countries: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


def document_subject(mentions: Iterable[Mention], *, kind: str, title_countries: Sequence[str] = ()) -> tuple[str, ...]:
    """The countries a document is about: those its title names, else those that dominate its country mentions
    (never for resolutions and meeting reports, which are about no country in particular)."""
    if title_countries:
        return tuple(dict.fromkeys(title_countries))
    if kind in GLOBAL_KINDS:
        return ()
    counts = Counter(m.canonical_id for m in mentions if m.label == COUNTRY_LABEL)
    total = sum(counts.values())
    if total < SUBJECT_MIN_MENTIONS:
        return ()
    ranked = counts.most_common()
    members = [(iso3, n) for iso3, n in ranked if n / total >= SUBJECT_MEMBER_SHARE and n >= SUBJECT_MEMBER_MIN]
    if len(members) <= SUBJECT_MAX_COUNTRIES and sum(n for _, n in members) / total >= SUBJECT_GROUP_SHARE:
        return tuple(iso3 for iso3, _ in members)
    top, n = ranked[0]
    return (top,) if n / total >= SUBJECT_MAIN_SHARE else ()


def _depth(heading: str) -> int | None:
    """The depth of a numbered heading ("3.2 Mali" → 2), or None when it is not numbered."""
    m = NUMBERED_HEADING_RE.match(heading)
    return m.group(1).count(".") + 1 if m else None


def chapter_countries(sentences: Sequence[Sentence], countries_of: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Sentence id → the countries of the heading of its section or of the per-country chapter it is in.

    A short heading naming countries opens a chapter; a numbered one lasts until a heading of the same or a
    higher level, an unnumbered one until the next heading.
    """
    out: dict[str, tuple[str, ...]] = {}
    chapter: tuple[str, ...] = ()
    chapter_depth: int | None = None
    for s in sentences:
        if s.block_kind == "heading":
            named = countries_of.get(s.sentence_id, ())
            depth = _depth(s.text)
            if named and len(s.text) <= CHAPTER_HEADING_MAX_CHARS:
                chapter, chapter_depth = named, depth
            elif chapter and (chapter_depth is None or (depth is not None and depth <= chapter_depth)):
                chapter, chapter_depth = (), None
            continue
        if chapter:
            out[s.sentence_id] = chapter
    return out


def unit_scope(unit: Unit, mentions: Sequence[Mention], *, chapter: tuple[str, ...],
               subject: tuple[str, ...]) -> Scope:
    """The scope of a link whose evidence is ``unit`` (its mentions, its chapter's and document's countries)."""
    own = tuple(dict.fromkeys(m.canonical_id for m in mentions if m.label == COUNTRY_LABEL))
    own_source = SOURCE_TABLE_ROW if unit.kind == TABLE_KIND else SOURCE_SENTENCE
    countries: dict[str, str] = {c: own_source for c in own}
    if not countries:
        countries.update({c: SOURCE_SECTION for c in chapter})
    if not countries or len(subject) == 1:
        for c in subject:
            countries.setdefault(c, SOURCE_DOCUMENT)
    actors = tuple(dict.fromkeys(m.canonical_id for m in mentions if m.label in ACTOR_LABELS))
    return Scope(tuple(countries), tuple(countries.values()), actors)
