"""Mentions and sentences → migration–SDG Links an author can cite: who, where, which theme, which SDG item,
and the whole sentence or table row that says so.

``explicit``: the text ties the SDG item to the theme in one clause or enumerated item (:mod:`.explicit`), a
footnote marker cites it there, or a heading, call-out, list lead-in or goal tile governs the passage.
``inferred``: the passage says what a target is about without its number (:mod:`.inferred`), scored by a
calibrated probability with its reason, or it is under a heading that gives an indicator's title ("Remittance Costs
as a Proportion of the Amount Remitted" → 10.c.1, and so 10.c) for a theme whose default targets hold it. Evidence is a whole unit (:mod:`.units`), never a glossary, contents,
reference or furniture line (:mod:`.evidence`); a theme word inside the name of an instrument, publication or
body is no theme mention (:mod:`.titles`); every link carries its scope (:mod:`.scope`). One row per
(document, unit, source, SDG item); ``migration`` only for an item no theme of the unit is tied to.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.config import DEFAULT_INFER_THRESHOLD
from pipeline.document.tiles import GoalTile
from pipeline.link.definitions import definition_blocks
from pipeline.link.evidence import Refusals
from pipeline.link.explicit import SDG_LABELS, Cited, Placed, Tie, cited_items, \
    clause_ties, footnote_number, implied_targets, wording_ties
from pipeline.link.inferred import InferFn, candidates, heading_indicators, heading_score, indicator_title, \
    claims_nothing, speaks_of_indicator, theme_targets
from pipeline.link.scope import COUNTRY_LABEL, Scope, chapter_countries, document_subject, unit_scope
from pipeline.link.terms import target_terms
from pipeline.link.titles import inside, name_spans
from pipeline.link.units import ENUMERATOR_RE, HEADING_KIND, Unit, build_units, is_footnote, is_furniture
from pipeline.nlp.search import occurrences
from pipeline.types import Link, Mention, Sentence
from pipeline.vocab import DEFAULT_LANGUAGE, GENERIC_ID, GENERIC_LABEL, SDG_PREFIX, THEME_LABEL

__all__ = ["EXPLICIT", "INFERRED", "DEFAULT_INFER_THRESHOLD", "InferFn", "link", "theme_targets"]

EXPLICIT = "explicit"
INFERRED = "inferred"
GOVERNING_WEIGHT = 0.8
CHAPTER_WEIGHT = 0.6
GOVERNING_KINDS = frozenset({"callout"})
"""Block kinds whose SDG items govern every unit of the block."""
NAME_LABELS = frozenset({"ORG", "GOV_BODY"})
USED_LABELS = frozenset({THEME_LABEL, GENERIC_LABEL, COUNTRY_LABEL, *SDG_LABELS, *NAME_LABELS})
"""The mention labels linking reads (money, dates and outputs play no part)."""
MIGRATION_LABELS = frozenset({THEME_LABEL, GENERIC_LABEL})
LIST_KIND = "list"
LEAD_IN_END = ":"
SECTION_MAX_CHARS = 200
INSTRUMENT_WORDS = (r"agenda|declaration|d[ée]claration|declaraci[óo]n|programme|program|programa|plan|consensus|"
                    r"consenso|commitments?|action|process|processus|proceso|framework|principles|convention|"
                    r"protocol|protocole|protocolo|statement|accord|acuerdo|agreement|compact|pacte|pacto|roadmap|"
                    r"initiative|iniciativa|strategy|strat[ée]gie|estrategia")
INSTRUMENT_AFTER_RE = re.compile(rf"\s+(?:{INSTRUMENT_WORDS})\b")
INSTRUMENT_BEFORE_RE = re.compile(rf"\b(?:{INSTRUMENT_WORDS})\s+(?:of|de|d'|d’|du|del)\s*(?:the\s+|la\s+|l')?$")
"""A country next to one of these words in a title names an instrument, not the document's subject."""


@dataclass
class _Placed:
    """A unit's mentions placed in its text, by role."""

    themes: list[Placed] = field(default_factory=list)
    generic: list[Placed] = field(default_factory=list)
    items: list[Placed] = field(default_factory=list)
    raw: list[Mention] = field(default_factory=list)
    names: list[tuple[int, int]] = field(default_factory=list)


NOTHING = _Placed()
"""The placed mentions of a unit without any (shared: never changed)."""


def _place(units: Sequence[Unit], mentions: Sequence[Mention]) -> list[_Placed]:
    """Each unit's mentions in unit coordinates; theme and migration words inside names are dropped.

    Only a unit with a theme or migration word is read whole (its names, countries and actors); of any other unit
    only the SDG items are placed (footnotes, headings and lead-ins that govern others).
    """
    index = {s.sentence_id: i for i, u in enumerate(units) for s in u.sentences}
    read = {index.get(m.sentence_id) for m in mentions if m.label in MIGRATION_LABELS}
    found: dict[int, _Placed] = {}
    names_of: dict[int, list[tuple[int, int]]] = {}
    for m in mentions:
        label = m.label
        if label not in USED_LABELS:
            continue
        i = index.get(m.sentence_id)
        if i is None or (i not in read and label not in SDG_LABELS):
            continue
        unit = units[i]
        start = unit.position(m.char_start)
        last = unit.position(m.char_end - 1)
        if start is None or last is None:
            continue
        placed = found.get(i)
        if placed is None:  # (not setdefault: that would build a record for every mention)
            placed = found[i] = _Placed()
        if i not in read:
            placed.items.append(Placed(label, m.canonical_id, start, last + 1, m.text))
            continue
        placed.raw.append(m)
        if label == THEME_LABEL:
            placed.themes.append(Placed(label, m.canonical_id, start, last + 1, m.text))
        elif label == GENERIC_LABEL:
            placed.generic.append(Placed(label, m.canonical_id, start, last + 1, m.text))
        elif label in SDG_LABELS:
            placed.items.append(Placed(label, m.canonical_id, start, last + 1, m.text))
        elif label in NAME_LABELS:
            names_of.setdefault(i, []).append((start, last + 1))
    for i, p in found.items():
        if not (p.themes or p.generic):
            continue
        names = name_spans(units[i].text)
        names += names_of.get(i, ())
        p.names = names
        p.themes = [t for t in p.themes if not inside((t.start, t.end), names)]
        p.generic = [g for g in p.generic if not inside((g.start, g.end), names)]
    return [found.get(i, NOTHING) for i in range(len(units))]


NEIGHBOUR_BLOCKS = 2
"""Blocks either side of one with a theme or SDG mention whose units are built too (the sentence a mention's
piece continues, the list items and lead-ins around it)."""
LINKABLE_LABELS = frozenset({THEME_LABEL, GENERIC_LABEL, *SDG_LABELS})


def _linkable_blocks(sentences: Sequence[Sentence], mentions: Sequence[Mention]) -> set[str]:
    """The blocks whose units linking reads: those holding a theme, migration or SDG mention and NEIGHBOUR_BLOCKS
    blocks either side of each, and every heading (most of a long report's sentences are never read)."""
    order: list[str] = []
    seen: set[str] = set()
    block_of: dict[str, str] = {}
    out: set[str] = set()
    for s in sentences:
        block_of[s.sentence_id] = s.block_id
        if s.block_id not in seen:
            seen.add(s.block_id)
            order.append(s.block_id)
        if s.block_kind == HEADING_KIND:
            out.add(s.block_id)  # a heading's own unit tells its section's indicator; its neighbours need a mention
    wanted = {block_of[m.sentence_id] for m in mentions if m.label in LINKABLE_LABELS and m.sentence_id in block_of}
    position = {b: k for k, b in enumerate(order)}
    for block in wanted:
        k = position[block]
        out.update(order[max(0, k - NEIGHBOUR_BLOCKS): k + NEIGHBOUR_BLOCKS + 1])
    return out


def _sections(sentences: Sequence[Sentence]) -> dict[str, str]:
    """Sentence id → its governing heading; a heading that is running furniture (a job number, a barcode)
    leaves the heading before it in force."""
    out: dict[str, str] = {}
    current = ""
    for s in sentences:
        if not is_furniture(s.section):
            current = s.section
        out[s.sentence_id] = current
    return out


def _footnotes(units: Sequence[Unit], placed: Sequence[_Placed]) -> tuple[dict, dict]:
    """(page, number) → SDG ids of each numbered footnote, and (page, number) → its text."""
    items: dict[tuple[int, int], tuple[str, ...]] = {}
    notes: dict[tuple[int, int], str] = {}
    for u, p in zip(units, placed):
        if not is_footnote(u.first):
            continue
        number = footnote_number(u.text)
        if number is None:
            continue
        key = (u.first.page, number)
        notes.setdefault(key, " ".join(u.text.split()))
        codes = tuple(dict.fromkeys(i.canonical_id for i in sorted(p.items, key=lambda i: i.start)))
        if codes:
            items[key] = codes
    return items, notes


def _governing(units: Sequence[Unit], placed: Sequence[_Placed], sections: dict[str, str]) -> list[list[tuple[str, str]]]:
    """For each unit, the SDG items that govern it (heading of its section, call-out box, list lead-in) and why."""
    by_section: dict[str, list[tuple[str, str]]] = {}
    by_block: dict[str, list[tuple[str, str]]] = {}
    for u, p in zip(units, placed):
        if not p.items:
            continue
        codes = list(dict.fromkeys(i.canonical_id for i in p.items))
        if u.kind == HEADING_KIND and codes:
            by_section[sections.get(u.first.sentence_id, "")] = [(c, f'heading "{sections.get(u.first.sentence_id, "")}"')
                                                                 for c in codes]
        if u.kind in GOVERNING_KINDS and codes:
            by_block.setdefault(u.first.block_id, []).extend((c, f'call-out "{u.text[:SECTION_MAX_CHARS]}"')
                                                            for c in codes)
    out: list[list[tuple[str, str]]] = []
    lead: list[tuple[str, str]] = []
    for u, p in zip(units, placed):
        is_item = u.kind == LIST_KIND or bool(ENUMERATOR_RE.match(u.text))
        if not is_item:
            lead = []
        if p.themes or p.generic:  # only units with migration mentions are governed (the others tie nothing)
            heading = by_section.get(sections.get(u.first.sentence_id, ""), []) if u.kind != HEADING_KIND else []
            out.append([*heading, *by_block.get(u.first.block_id, ()), *(lead if is_item else ())])
        else:
            out.append([])
        if p.items and u.text.rstrip().endswith(LEAD_IN_END):
            codes = list(dict.fromkeys(i.canonical_id for i in p.items))
            lead = [(c, f'lead-in "{u.text[:SECTION_MAX_CHARS]}"') for c in codes]
    return out


def _heading_indicators(units: Sequence[Unit], placed: Sequence[_Placed], sections: dict[str, str], *,
                        language: str) -> dict[str, tuple[str, float]]:
    """Section heading → the indicator whose title it gives, for the sections holding theme mentions."""
    wanted = {sections.get(u.first.sentence_id, "") for u, p in zip(units, placed) if p.themes and not p.items}
    heads = [u for u in units if u.kind == HEADING_KIND and sections.get(u.first.sentence_id, "") in wanted]
    found = heading_indicators([u.text for u in heads], language=language)
    return {sections.get(u.first.sentence_id, ""): f for u, f in zip(heads, found) if f is not None}


def _title_countries(sentences: Sequence[Sentence], mentions: Sequence[Mention], title: str) -> list[str]:
    """Countries named in the lines of the first pages that make up the document's title."""
    folded = " ".join(title.split()).casefold()
    if not folded:
        return []
    lines = {s.sentence_id for s in sentences if s.page <= 2 and " ".join(s.text.split()).casefold() in folded}
    return [m.canonical_id for m in mentions if m.label == COUNTRY_LABEL and m.sentence_id in lines
            and m.text.casefold() in folded and not _names_an_instrument(folded, m.text.casefold())]



def _names_an_instrument(title: str, country: str) -> bool:
    """Whether a country in a (case-folded) title only names an instrument ("The Antigua and Barbuda Agenda for
    SIDS", "Programme d'action de ...") rather than being the document's subject."""
    return all(INSTRUMENT_AFTER_RE.match(title, at + len(country)) or INSTRUMENT_BEFORE_RE.search(title, 0, at)
               for at in occurrences(title, country))


def link(
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    *,
    infer: InferFn | None = None,
    tiles: Sequence[GoalTile] = (),
    language: str = DEFAULT_LANGUAGE,
    min_inferred_weight: float = DEFAULT_INFER_THRESHOLD,
    kind: str = "other",
    title: str = "",
) -> tuple[Link, ...]:
    """Derive explicit and inferred links, with scope and reason, from a document's sentences and mentions.

    ``mentions`` include the bare migration words (label MIGRATION); ``tiles`` open goal chapters; ``infer``
    proposes targets for passages in ``language``; an inferred link needs a calibrated score of at least
    ``min_inferred_weight``; ``kind`` and ``title`` tell the document's subject countries.
    """
    units = build_units(sentences, blocks=_linkable_blocks(sentences, mentions))
    placed = _place(units, mentions)
    sections = _sections(sentences)
    refused = Refusals(units, sections=sections, definitions=definition_blocks(sentences))
    footnote_items, notes = _footnotes(units, placed)
    governing = _governing(units, placed, sections)
    countries = [m for m in mentions if m.label == COUNTRY_LABEL]
    countries_of: dict[str, tuple[str, ...]] = {}
    for m in countries:
        countries_of[m.sentence_id] = (*countries_of.get(m.sentence_id, ()), m.canonical_id)
    chapters = chapter_countries(sentences, {k: tuple(dict.fromkeys(v)) for k, v in countries_of.items()})
    subject = document_subject(countries, kind=kind, title_countries=_title_countries(sentences, countries, title))
    tile_at = {t.sentence_id: f"{SDG_PREFIX}{t.goal}" for t in tiles}
    heading_at = _heading_indicators(units, placed, sections, language=language) if infer is not None else {}
    rows: dict[tuple[int, str, str], tuple[str, Tie]] = {}
    pending: list[tuple[int, _Placed]] = []
    chapter = ""

    def add(i: int, relation: str, tie: Tie) -> None:
        key = (i, tie.source, tie.target)
        old = rows.get(key)
        if old is None or (old[0] == INFERRED and relation == EXPLICIT) or \
                (old[0] == relation and old[1].weight < tie.weight):
            rows[key] = (relation, tie)

    for i, (u, p) in enumerate(zip(units, placed)):
        for s in u.sentences:
            chapter = tile_at.get(s.sentence_id, chapter)
        if not (p.themes or p.generic) or (p.themes and i in refused):
            continue
        cited = _cited(u, p, footnote_items, notes)
        terms = target_terms(u.text, language=language) if p.themes and (p.items or cited) else []
        ties = clause_ties(u.text, themes=p.themes, generic=p.generic, items=p.items, cited=cited, terms=terms) \
            if p.items or cited else []
        own = {i_.canonical_id for i_ in p.items} | {t for c in cited for t in c.targets}
        untied = own - {t.target for t in ties if t.source != GENERIC_ID}
        if p.themes and any(c.count(".") for c in untied):
            why = {i_.canonical_id: f'"{i_.surface}"' for i_ in p.items}
            why.update({t: f'"{c.note}" (footnote)' for c in cited for t in c.targets})
            ties += wording_ties(u.text, themes=p.themes, codes=sorted(c for c in untied if "." in c),
                                 terms=terms, why=why)
        sources = sorted({t.canonical_id for t in p.themes}) or ([GENERIC_ID] if p.generic else [])
        governed = [(c, why) for c, why in governing[i] if c not in own]
        for code, why in governed:
            ties += [Tie(src, code, GOVERNING_WEIGHT, why) for src in sources]
        if chapter and chapter not in own and chapter not in {c for c, _ in governed}:
            ties += [Tie(src, chapter, CHAPTER_WEIGHT, f"goal tile: chapter of SDG {chapter.removeprefix(SDG_PREFIX)}")
                     for src in sources]
        ties += implied_targets(ties)
        if not p.themes and ties and i in refused:  # a bare migration word's unit is checked only when it ties
            continue
        for tie in ties:
            add(i, EXPLICIT, tie)
        if infer is not None and p.themes and not own and not claims_nothing(u.text) and not is_footnote(u.first):
            pending.append((i, p))  # questions, lead-ins and footnotes (asides, citations) give no inferred link
    priors = theme_targets()
    for i, (u, p) in enumerate(zip(units, placed)):  # a heading that gives an indicator's title governs its section
        found = heading_at.get(sections.get(u.first.sentence_id, ""))
        if found is None or i in refused or u.kind == HEADING_KIND or not p.themes or \
                any(i_.label in SDG_LABELS for i_ in p.items) or claims_nothing(u.text) or is_footnote(u.first):
            continue
        code, similarity = found
        if not speaks_of_indicator(u.text, code, language):
            continue
        reason = (f'section heading "{sections.get(u.first.sentence_id, "")}" is the wording of indicator {code}: '
                  f'"{indicator_title(code, language)}"')
        target = ".".join(code.split(".")[:2])
        for source in sorted({t.canonical_id for t in p.themes if target in priors.get(t.canonical_id, ())}):
            tie = Tie(source, f"{SDG_PREFIX}{code}", heading_score(similarity), reason)
            for t in (tie, *implied_targets([tie])):
                add(i, INFERRED, t)
    if pending and infer is not None:
        for (i, p), found in zip(pending, infer([units[i].text for i, _ in pending]), strict=True):
            for cand in candidates(units[i].text, found, p.themes, language=language, names=p.names):
                if cand.score >= min_inferred_weight:
                    tie = Tie(cand.theme, f"{SDG_PREFIX}{cand.code}", cand.score, cand.reason)
                    add(i, INFERRED, tie)
    return _links(units, placed, rows, sections=sections, chapters=chapters, subject=subject)


def _cited(u: Unit, p: _Placed, footnote_items: dict, notes: dict) -> list[Cited]:
    """The footnote-cited SDG items of a unit (footnotes themselves cite nothing)."""
    if is_footnote(u.first) or not footnote_items:
        return []
    page_of = {}
    for (start, end, at), s in zip(u.pieces, _piece_sentences(u)):
        for k in range(at, at + end - start + 1):
            page_of[k] = s.page
    return cited_items(u.text, page_of=page_of, footnotes=footnote_items, notes=notes,
                       skip=[(q.start, q.end) for q in p.items])


def _piece_sentences(u: Unit) -> list[Sentence]:
    """The sentence each piece of a unit comes from."""
    return [next(s for s in u.sentences if s.char_start <= start <= s.char_end) for start, _, _ in u.pieces]


def _links(units: Sequence[Unit], placed: Sequence[_Placed], rows: dict, *, sections: dict[str, str],
           chapters: dict[str, tuple[str, ...]], subject: tuple[str, ...]) -> tuple[Link, ...]:
    """The Link records of the kept ties, each with its unit's evidence and scope; a tie whose evidence the document
    repeats word for word (an executive summary's sentence in the conclusions) is kept at its first place only."""
    scopes: dict[int, Scope] = {}
    out = []
    said: dict[tuple[str, str, str], int] = {}  # a sentence the report repeats (summary, conclusions) links once
    for (i, source, target), (relation, tie) in sorted(rows.items(), key=lambda kv: kv[0]):
        key = (" ".join(units[i].text.split()), source, target)
        if said.setdefault(key, i) != i:
            continue
        u = units[i]
        if i not in scopes:
            scopes[i] = unit_scope(u, placed[i].raw, chapter=chapters.get(u.first.sentence_id, ()), subject=subject)
        scope = scopes[i]
        out.append(Link(
            doc_id=u.first.doc_id, source_id=source, target_id=target, relation=relation,
            weight=round(tie.weight, 4), evidence=u.text, page=u.first.page, sentence_id=u.first.sentence_id,
            char_start=u.char_start, char_end=u.char_end, section=sections.get(u.first.sentence_id, ""),
            countries=scope.countries, country_sources=scope.sources, actors=scope.actors, reason=tie.reason,
            headers=u.headers, spans=tuple((a, b) for a, b, _ in u.pieces)))
    return tuple(sorted(out, key=lambda l: (l.char_start, l.source_id, l.target_id, l.relation)))

