"""Explicit links by what a unit says: the SDG item and the theme tied in one clause or enumerated item.

A unit is cut into clauses at semicolons, enumerators ("(a)", "ii)", bullets), sentence ends and table cells.
In a clause, each theme mention is tied to the SDG items nearest to it (a list such as "targets 10.7 and 10.c"
counts as one group); an SDG item cited by a footnote marker ("… sexual and other types of exploitation,2" with
footnote "2 Target 5.2.") covers the words since the previous marker. ``migration`` (a bare migration word) is
tied only to an item no theme of the unit is tied to.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.link.terms import PlacedTerm
from pipeline.link.units import CELL_SEPARATOR
from pipeline.vocab import GENERIC_ID, SDG_PREFIX

CLAUSE_CACHE_SIZE = 2048
NEGATION_REACH = 60
"""Characters before an SDG item searched for a denial."""
SDG_LABELS = frozenset({"SDG_GOAL", "SDG_TARGET", "SDG_INDICATOR"})
INDICATOR_LABEL = "SDG_INDICATOR"
CLAUSE_BREAK_RE = re.compile(
    r";|(?:^|\s)\((?:[a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)\s|(?:^|\s)(?:[a-z]|[ivx]{1,5})\)\s|[•▪◦●■➢✔]|"
    r"(?<=[a-z0-9%)\]”\"][.!?])\s+(?=[A-Z“\"(])|\n|"
    r",\s+(?:and|but|while|whereas)\s+(?:also\s+|further\s+)?(?:call|urge|encourage|note|stress|recogni[sz]e|request|"
    r"invite|emphasi[sz]e|welcome|recommend|agree|highlight|underline|express|reaffirm|decide|propose|suggest|"
    r"point)(?:s|d|ed)?\b")
"""Where a clause ends: a semicolon, an enumerator, a bullet, a sentence end inside the unit, a line break, or
", and" before a new reporting verb ("linked this trend to targets 5.2 and 8.7, and called for screening")."""
NEGATION_RE = re.compile(
    r"(?:nothing to do with|not (?:related|linked|relevant|connected) to|unrelated to|no (?:link|relation|connection) "
    r"(?:to|with)|rien à voir avec|sans (?:rapport|lien) avec|nada que ver con|sin (?:relación|vínculo) con)\W*"
    r"(?:\w+\W+){0,3}$", re.IGNORECASE)
"""Words just before an SDG item that deny the tie ("a share that has nothing to do with target 10.7")."""
GROUP_GLUE_RE = re.compile(
    r"\b(?:and|or|et|ou|y|o|as\s+well\s+as|ainsi\s+que|así\s+como|in\s+particular|particularly|notably|"
    r"especially|including|en\s+particulier|notamment|en\s+particular|especialmente|targets?|goals?|indicators?|sdgs?|odds?|ods|"
    r"objectifs?|objetivos?|metas?|cibles?|indicateurs?|indicadores?|nos?|de\s+la|de\s+los|of\s+the)\b|"
    r"[\s,&/#()\-–:.]|\d", re.IGNORECASE)
"""What may stand between two SDG items of one list ("targets 10.7 and 10.c", "SDG 8, 10 and 16", "Goal 5, in
particular targets 5.2 and 5.3")."""
FOOTNOTE_MARKER_RE = re.compile(r"(?:(?<=[^\W\d_])|(?<=[,.;:)\]”\"’]))\s?(\d{1,3})(?=[\s,;.:)]|$)")
"""A footnote marker glued to a word or mark ("exploitation,2", "children, 4")."""
FOOTNOTE_NUMBER_RE = re.compile(r"^\s*(?:_{3,}\s*)?(\d{1,3})\s")
FOOTNOTE_PAGES_AHEAD = 1
"""A marker's footnote is on its own page or the next one."""
QUOTE_RE = re.compile(r"“[^”]{3,}”|\"[^\"]{3,}\"|«[^»]{3,}»")
QUOTE_LEAD_RE = re.compile(r"[\s(\-–—:,]*")
"""What may stand between an SDG item and the quotation of its wording."""
CODE_BEFORE_RE = re.compile(r"#?\b\d{1,2}\.(?:\d{1,2}|[a-c])(?:\.\d{1,2})?[\s(\-–—:,]*$")
"""An SDG-like code just before a quotation (one the tagger did not take)."""
BOUND_CHARS = 60
PHRASE_BREAK_RE = re.compile(r"[,;:()]")
SAME_CLAUSE_WEIGHT = 1.0
WORDING_WEIGHT = 0.9
REASON_WORDING = "names"
FOOTNOTE_WEIGHT = 0.9
REASON_CLAUSE = "same clause as"
REASON_FOOTNOTE = "footnote"


@dataclass(frozen=True, slots=True)
class Placed:
    """A mention placed in a unit's text: label, canonical id and its span there."""

    label: str
    canonical_id: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True, slots=True)
class Tie:
    """A source (theme id or ``migration``) tied to an SDG item (canonical id) in a unit, with its weight and why."""

    source: str
    target: str
    weight: float
    reason: str


@dataclass(frozen=True, slots=True)
class Cited:
    """SDG items cited by a footnote marker: the marker's span, the words it covers, the footnote's text."""

    targets: tuple[str, ...]
    marker: tuple[int, int]
    cover: tuple[int, int]
    note: str


@lru_cache(maxsize=CLAUSE_CACHE_SIZE)
def clauses(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the clauses of a unit's text; table cells are clauses of their own."""
    cuts = [0]
    for m in CLAUSE_BREAK_RE.finditer(text):
        cuts.extend((m.start(), m.end()))
    pos = text.find(CELL_SEPARATOR)
    while pos >= 0:
        cuts.extend((pos, pos + len(CELL_SEPARATOR)))
        pos = text.find(CELL_SEPARATOR, pos + 1)
    cuts.append(len(text))
    cuts.sort()
    out = []
    for a, b in zip(cuts[::2], cuts[1::2]):
        if b > a:
            out.append((a, b))
    return tuple(_merge_overlaps(out))


def _merge_overlaps(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Clause spans made disjoint (break matches may touch)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def clause_of(spans: Sequence[tuple[int, int]], pos: int) -> int:
    """The index of the clause holding a position (the nearest one before it between clauses)."""
    best = 0
    for i, (a, _) in enumerate(spans):
        if a <= pos:
            best = i
    return best


def groups(items: Sequence[Placed], text: str) -> list[list[Placed]]:
    """SDG items in text order, those of one list ("targets 10.7 and 10.c") in one group; an item the text
    denies ("nothing to do with target 10.7") is left out."""
    out: list[list[Placed]] = []
    for item in sorted(items, key=lambda p: p.start):
        if NEGATION_RE.search(text, max(0, item.start - NEGATION_REACH), item.start):
            continue
        if out and not GROUP_GLUE_RE.sub("", text[out[-1][-1].end:item.start]).strip():
            out[-1].append(item)
        else:
            out.append([item])
    return out


def _gap(a: Placed, start: int, end: int) -> int:
    """Characters between a mention and a span (0 when they overlap)."""
    return max(0, start - a.end, a.start - end)


def cited_items(text: str, *, page_of: Mapping[int, int], footnotes: Mapping[tuple[int, int], tuple[str, ...]],
                notes: Mapping[tuple[int, int], str], skip: Iterable[tuple[int, int]] = ()) -> list[Cited]:
    """SDG items that footnote markers in a unit's text cite (``footnotes``: (page, number) → SDG ids).

    ``page_of`` maps a text position to its page (the unit's piece there); ``skip`` are spans (SDG mentions)
    whose digits are no markers. A marker covers the words since the previous marker, within its clause.
    """
    skip = list(skip)
    spans = clauses(text)
    out: list[Cited] = []
    previous_end = 0
    for m in FOOTNOTE_MARKER_RE.finditer(text):
        start, end = m.span(1)
        if any(a <= start < b for a, b in skip):
            continue
        number = int(m.group(1))
        page = page_of.get(start, 0)
        key = next(((p, number) for p in range(page, page + FOOTNOTE_PAGES_AHEAD + 1) if (p, number) in notes), None)
        if key is None:
            continue
        clause_start = spans[clause_of(spans, start)][0]
        cover = (max(previous_end, clause_start), start)
        previous_end = end
        targets = footnotes.get(key, ())
        if targets:
            out.append(Cited(targets, (start, end), cover, notes[key]))
    return out


def quotes(text: str) -> list[tuple[int, int]]:
    """Spans of the quotations of a text (“…”, "…", «…»)."""
    return [m.span() for m in QUOTE_RE.finditer(text)]


def _quote_anchor(text: str, quote: tuple[int, int], groups_: Sequence[list[Placed]]) -> list[Placed] | None:
    """The SDG group a quotation directly follows ("target 10.7 (“Facilitate …”)"), [] when it follows a code
    that is no mention (its owner is unknown), None when it follows no code at all."""
    before = text[:quote[0]]
    for group in groups_:
        if group[-1].end <= quote[0] and QUOTE_LEAD_RE.fullmatch(text[group[-1].end:quote[0]]):
            return group
    return [] if CODE_BEFORE_RE.search(before) else None


def _item_code(item: Placed) -> str:
    """The dotted code of an SDG mention ("SDG:10.7" → "10.7")."""
    return item.canonical_id.removeprefix(SDG_PREFIX)


def _serves(item: Placed, target: str) -> bool:
    """Whether a target code falls under an SDG item (its goal, itself, or the target of an indicator)."""
    code = _item_code(item)
    return target.split(".")[0] == code if "." not in code else ".".join(code.split(".")[:2]) == target


def _worded(group: Sequence[Placed], mention: Placed, terms: Sequence[PlacedTerm], text: str) -> Sequence[Placed]:
    """The items of a list ("Goals 8 and 10, including the targets on labour rights … and on orderly … migration")
    that a mention is tied to: those one of whose targets' terms is the mention's own wording or bound to it;
    all of them when no term tells."""
    if len(group) < 2:
        return group
    placed = [t for t in terms if t.start >= 0]
    own = [t for t in placed if t.start < mention.end and mention.start < t.end]
    for found in (own, [t for t in placed if _bound(mention, t, text)]):  # its own wording first, then bound words
        worded = [item for item in group if any(_serves(item, t.code) for t in found)]
        if worded:
            return worded
    return group


def _bound(mention: Placed, term: PlacedTerm, text: str) -> bool:
    """Whether a term overlaps a mention or is bound to it (close, no comma or colon between)."""
    if term.start < mention.end and mention.start < term.end:
        return True
    a, b = (mention.end, term.start) if mention.end <= term.start else (term.end, mention.start)
    return b - a <= BOUND_CHARS and not PHRASE_BREAK_RE.search(text, a, b)


def _ties(mentions: Sequence[Placed], source_of: Callable[[Placed], str], *, text: str,
          by_clause: Mapping[int, list[list[Placed]]], spans: Sequence[tuple[int, int]],
          cited: Sequence[Cited], terms: Sequence[PlacedTerm] = ()) -> list[Tie]:
    """Ties of some mentions: each to the nearest SDG group of its clause (a quotation of a target's wording
    to the target it follows), and to footnote items covering it."""
    ties: dict[tuple[str, str], Tie] = {}
    all_groups = [g for gs in by_clause.values() for g in gs]
    quoted = quotes(text)

    def add(source: str, target: str, weight: float, reason: str) -> None:
        if (source, target) not in ties or ties[(source, target)].weight < weight:
            ties[(source, target)] = Tie(source, target, weight, reason)

    for mention in mentions:
        quote = next((q for q in quoted if q[0] <= mention.start and mention.end <= q[1]), None)
        anchor = _quote_anchor(text, quote, all_groups) if quote else None
        if anchor is None:
            options = by_clause.get(clause_of(spans, mention.start), [])
        else:
            options = [anchor] if anchor else []
        gaps = [min(_gap(mention, p.start, p.end) for p in g) for g in options]
        for group, gap in zip(options, gaps):
            if gap == min(gaps):
                surface = text[group[0].start:group[-1].end]
                for item in _worded(group, mention, terms, text):
                    add(source_of(mention), item.canonical_id, SAME_CLAUSE_WEIGHT, f'{REASON_CLAUSE} "{surface}"')
        for c in cited:
            if c.cover[0] <= mention.start and mention.end <= c.cover[1]:
                for target in c.targets:
                    add(source_of(mention), target, FOOTNOTE_WEIGHT, f'{REASON_FOOTNOTE} "{c.note}"')
    return list(ties.values())


def clause_ties(text: str, *, themes: Sequence[Placed], generic: Sequence[Placed], items: Sequence[Placed],
                cited: Sequence[Cited], terms: Sequence[PlacedTerm] = ()) -> list[Tie]:
    """The explicit ties of one unit: theme (or migration) → SDG item, each tied in one clause."""
    spans = clauses(text)
    by_clause: dict[int, list[list[Placed]]] = {}
    for group in groups(items, text):
        by_clause.setdefault(clause_of(spans, group[0].start), []).append(group)
    context = {"text": text, "by_clause": by_clause, "spans": spans, "cited": cited, "terms": terms}
    theme_ties = _ties(themes, lambda m: m.canonical_id, **context)
    themed = {t.target for t in theme_ties}
    return [*theme_ties, *(t for t in _ties(generic, lambda m: GENERIC_ID, **context) if t.target not in themed)]


def wording_ties(text: str, *, themes: Sequence[Placed], codes: Iterable[str], terms: Sequence[PlacedTerm],
                 why: Mapping[str, str]) -> list[Tie]:
    """Ties of SDG items the unit names (``codes``) that no clause tie reached: a theme mention that is itself
    one of the item's target terms ("trafficking in persons" for a footnoted "Target 16.2") is tied to it."""
    out: dict[tuple[str, str], Tie] = {}
    for code in codes:
        target = ".".join(code.removeprefix(SDG_PREFIX).split(".")[:2])
        for term in terms:
            if term.code != target or term.start < 0:
                continue
            for theme in themes:
                if theme.start < term.end and term.start < theme.end:
                    reason = f'{REASON_WORDING} {why.get(code, code)}; "{term.surface}" is its wording'
                    out.setdefault((theme.canonical_id, code), Tie(theme.canonical_id, code, WORDING_WEIGHT, reason))
    return list(out.values())


def implied_targets(ties: Iterable[Tie]) -> list[Tie]:
    """For each tie to an indicator (10.7.2), the same tie to its target (10.7), unless already there."""
    ties = list(ties)
    have = {(t.source, t.target) for t in ties}
    out = []
    for t in ties:
        code = t.target.removeprefix(SDG_PREFIX)
        parts = code.split(".")
        if len(parts) == 3:
            target = SDG_PREFIX + ".".join(parts[:2])
            if (t.source, target) not in have:
                have.add((t.source, target))
                out.append(Tie(t.source, target, t.weight, f"{t.reason}; indicator {code} is of target {target.removeprefix(SDG_PREFIX)}"))
    return out


def footnote_number(text: str) -> int | None:
    """The number a footnote opens with ("2 Target 5.2." → 2), or None."""
    m = FOOTNOTE_NUMBER_RE.match(text)
    return int(m.group(1)) if m else None
