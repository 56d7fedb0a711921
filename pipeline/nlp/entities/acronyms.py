"""Acronyms a document defines for itself (Schwartz–Hearst), and the component that tags their every use.

Definitions are found in three forms: "Global Migration Group (GMG)", "(GMG) Global Migration Group" and acronym
table lines "GMG   Global Migration Group". A long form is accepted when the letters of the short form occur in
it in order and the first one starts a word (Schwartz & Hearst 2003). The component ``nexus_acronyms_v1`` runs after
the entity taggers: when a definition's long form was tagged (ORG, GOV_BODY or COUNTRY), every use of the short form
in the document gets the same label and canonical id, and the document's own meaning overrides a gazetteer's.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from pipeline.nlp.doc import doc_spans, doc_text, reset_span_group
from pipeline.types import Span

ENTITY_LABELS = ("ORG", "GOV_BODY", "COUNTRY")
MIN_SHORT_LEN = 2
MAX_SHORT_LEN = 12
MIN_UPPER_IN_SHORT = 2
LOOKBACK_CHARS = 400
MAX_LONG_WORDS_EXTRA = 5
MIN_LONG_COVERAGE = 0.5
DEFS_KEY = ("nexus", "acronym_defs")
MEANINGS_KEY = ("nexus", "acronym_meanings")
END_TOLERANCE = 1
"""How many chars the end of a tagged entity may differ from the end of a definition's long form."""

PAREN_SHORT_RE = re.compile(r"\(\s*([A-Za-z][A-Za-z0-9&'./-]{1,11}?)\s*\)")
TABLE_LINE_RE = re.compile(r"^[ \t]*([A-Z][A-Za-z0-9&/-]{1,11})[ \t]+([A-Z][^\n]{3,150}?)[ \t]*$", re.MULTILINE)
WORD_RE = re.compile(r"[^\s()]+")
SENTENCE_BREAK_RE = re.compile(r"[.;:!?](?=\s)|\n\s*\n|[()\[\]]")
LONG_TRIM_RE = re.compile(r"^(?:the|a|an|la|le|les|el|los|las|l')\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class AcronymDef:
    """A short form defined in the text, its long form and where both are."""

    short: str
    long: str
    long_start: int
    long_end: int
    short_start: int
    short_end: int


def valid_short_form(short: str) -> bool:
    """Whether a string looks like an acronym: 2-12 chars, starts with a letter, at least two capitals."""
    if not (MIN_SHORT_LEN <= len(short) <= MAX_SHORT_LEN) or not short[0].isalpha():
        return False
    return sum(ch.isupper() for ch in short) >= MIN_UPPER_IN_SHORT


def best_long_form(short: str, long: str) -> str | None:
    """Schwartz–Hearst: shortest suffix of `long` holding the letters of `short` in order (first at a word start);
    a digit absent from the long form is skipped ("4" for "for")."""
    s_idx, l_idx = len(short) - 1, len(long) - 1
    while s_idx >= 0:
        char = short[s_idx].lower()
        if not char.isalnum() or (char.isdigit() and char not in long[:l_idx + 1]):
            s_idx -= 1  # a digit the long form does not spell out stands for a word ("DE4A": "for")
            continue
        while l_idx >= 0 and (long[l_idx].lower() != char
                              or (s_idx == 0 and l_idx > 0 and long[l_idx - 1].isalnum())):
            l_idx -= 1
        if l_idx < 0:
            return None
        l_idx -= 1
        s_idx -= 1
    start = max(long.rfind(" ", 0, l_idx + 1), long.rfind("\n", 0, l_idx + 1)) + 1
    result = long[start:]
    if short.lower() in result.lower().split():
        return None
    return result


def forward_long_form(short: str, long: str) -> str | None:
    """The shortest prefix of `long` whose word-initial-led letters spell `short` in order (for 'SF long form')."""
    letters = [c.lower() for c in short if c.isalnum()]
    if not letters or not long or long[0].lower() != letters[0]:
        return None
    matched, end = 0, 0
    for word in re.finditer(r"[^\W_]+", long):  # prefer word initials: "Global Migration Group" for GMG
        if matched < len(letters) and word.group()[0].lower() == letters[matched]:
            matched += 1
            end = word.end()
    if matched == len(letters):
        return long[:end]
    pos = 1
    for char in letters[1:]:
        found = long.lower().find(char, pos)
        if found < 0:
            return None
        pos = found + 1
    end = pos
    while end < len(long) and not long[end].isspace():
        end += 1
    return long[:end]


def _max_words(short: str) -> int:
    return min(len(short) + MAX_LONG_WORDS_EXTRA, 2 * len(short))


def _backward(text: str, short: str, paren_start: int) -> tuple[int, int] | None:
    """Offsets of the long form ending before '(' at paren_start, if one spells the short form."""
    window_start = max(0, paren_start - LOOKBACK_CHARS)
    window = text[window_start:paren_start]
    breaks = list(SENTENCE_BREAK_RE.finditer(window))
    if breaks:
        window_start += breaks[-1].end()
        window = text[window_start:paren_start]
    words = list(WORD_RE.finditer(window))[-_max_words(short):]
    if not words:
        return None
    first = window_start + words[0].start()
    candidate = text[first:paren_start].rstrip(" ,\t\n")
    result = best_long_form(short, candidate)
    if not result or len(result.split()) < 2 and len(result) <= len(short):
        return None
    start = first + len(candidate) - len(result)
    trimmed = LONG_TRIM_RE.match(result)
    if trimmed:
        start += trimmed.end()
    return start, first + len(candidate)


def _forward(text: str, short: str, after: int) -> tuple[int, int] | None:
    """Offsets of a long form that follows '(SF)' at `after`, if one spells the short form."""
    rest = text[after:after + LOOKBACK_CHARS]
    lead = len(rest) - len(rest.lstrip(" \t:-"))
    rest = rest[lead:]
    cut = SENTENCE_BREAK_RE.search(rest)
    if cut:
        rest = rest[:cut.start()]
    words = list(WORD_RE.finditer(rest))[:_max_words(short)]
    if len(words) < 2:
        return None
    candidate = rest[:words[-1].end()]
    result = forward_long_form(short, candidate)
    if not result or len(result.split()) < 2:
        return None
    return after + lead, after + lead + len(result.rstrip(" ,"))


def find_definitions(text: str) -> list[AcronymDef]:
    """All acronym definitions of a text, in text order (the first definition of a short form first)."""
    found: list[AcronymDef] = []
    for match in PAREN_SHORT_RE.finditer(text):
        short = match.group(1).rstrip(".'")
        if not valid_short_form(short):
            continue
        offsets = _backward(text, short, match.start()) or _forward(text, short, match.end())
        if offsets:
            found.append(AcronymDef(short, text[offsets[0]:offsets[1]], offsets[0], offsets[1],
                                    match.start(1), match.start(1) + len(short)))
    for match in TABLE_LINE_RE.finditer(text):
        short, rest = match.group(1), match.group(2)
        if not valid_short_form(short) or len(rest.split()) > _max_words(short):
            continue
        result = forward_long_form(short, rest)
        if result and len(result.split()) >= 2 and len(result) >= len(rest.rstrip()) - 1:
            found.append(AcronymDef(short, rest.rstrip(), match.start(2), match.start(2) + len(rest.rstrip()),
                                    match.start(1), match.end(1)))
    found.sort(key=lambda d: d.short_start)
    return found


def doc_definitions(doc: Doc) -> list[AcronymDef]:
    """The acronym definitions of a doc's text (computed once per doc)."""
    cached = doc.user_data.get(DEFS_KEY)
    if cached is None:
        cached = find_definitions(doc_text(doc))
        doc.user_data[DEFS_KEY] = cached
    return cached


def defined_meanings(doc: Doc) -> dict[str, list[AcronymDef]]:
    """Definitions of a doc grouped by short form (computed once per doc; do not mutate the result)."""
    cached = doc.user_data.get(MEANINGS_KEY)
    if cached is None:
        cached = {}
        for definition in doc_definitions(doc):
            cached.setdefault(definition.short, []).append(definition)
        doc.user_data[MEANINGS_KEY] = cached
    return cached


def _entities_by_end(spans: list[Span]) -> dict[int, list[tuple[int, Span]]]:
    """Entity spans (with their position in spans) grouped by end offset."""
    out: dict[int, list[tuple[int, Span]]] = {}
    for i, span in enumerate(spans):
        if span.label in ENTITY_LABELS:
            out.setdefault(span.end, []).append((i, span))
    return out


def _entity_for(definition: AcronymDef, by_end: dict[int, list[tuple[int, Span]]]) -> Span | None:
    """The tagged entity span that is the definition's long form (same end, covering most of it).

    by_end is :func:`_entities_by_end` of the doc's spans; on equal lengths the earliest span in the doc wins.
    """
    best: Span | None = None
    length = max(1, definition.long_end - definition.long_start)
    near = [item for end in range(definition.long_end - END_TOLERANCE, definition.long_end + END_TOLERANCE + 1)
            for item in by_end.get(end, ())]
    near.sort(key=lambda item: item[0])
    for _, span in near:
        overlap = min(span.end, definition.long_end) - max(span.start, definition.long_start)
        if overlap / length < MIN_LONG_COVERAGE:
            continue
        if best is None or span.end - span.start > best.end - best.start:
            best = span
    return best


def short_form_pattern(shorts: list[str]) -> re.Pattern[str]:
    """A regex matching any of the short forms as a whole token (a hyphen or possessive may follow)."""
    body = "|".join(re.escape(s) for s in sorted(shorts, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{body})(?![^\W_])")


def find_short_forms(shorts: list[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of ``short_form_pattern(shorts)`` in text, found fast: the pattern is scanned without its leading
    lookbehind (which re would try at every character) and matches that do not start a word are dropped."""
    body = "|".join(re.escape(s) for s in sorted(shorts, key=len, reverse=True))
    for match in re.finditer(rf"(?:{body})(?![^\W_])", text):
        start = match.start()
        if start == 0 or not text[start - 1].isalnum():
            yield match


class AcronymPropagator:
    """Component ``nexus_acronyms_v1``: every use of a document-defined acronym gets its long form's label and id."""

    def __init__(self, *, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        """Tag the uses of each acronym whose long form was tagged by an earlier component."""
        definitions = doc_definitions(doc)
        if not definitions:
            return doc
        spans = doc_spans(doc)
        by_end = _entities_by_end(spans)
        meaning: dict[str, tuple[str, str]] = {}
        for definition in definitions:
            if definition.short in meaning:
                continue
            entity = _entity_for(definition, by_end)
            if entity is not None:
                meaning[definition.short] = (entity.label, entity.canonical_id)
        if not meaning:
            return doc
        new: list[Span] = []
        for match in find_short_forms(list(meaning), doc_text(doc)):
            label, canonical = meaning[match.group()]
            new.append(Span(label, match.start(), match.end(), canonical))
        positions = {(s.start, s.end) for s in new}
        kept = [s for s in spans if not (s.label in ENTITY_LABELS and (s.start, s.end) in positions)]
        reset_span_group(doc, kept + new)
        return doc


DEFINITION_TOLERANCE = 2
"""Chars by which a name found in the text may end before or after a defined long form and still be it."""
MAX_LONG_FORM_EXTENSION = 60
"""Chars a defined long form may reach left of the name found around a head word."""


class LongForms:
    """A document's acronym definitions, looked up by where a name ends ("... Statistics Division (STATAFRIC)")."""

    __slots__ = ("_definitions", "_by_end")

    def __init__(self, definitions: Sequence[AcronymDef]) -> None:
        self._definitions = tuple(definitions)
        self._by_end: dict[int, list[int]] = {}
        for i, definition in enumerate(self._definitions):
            self._by_end.setdefault(definition.long_end, []).append(i)

    def short_for(self, start: int, end: int) -> tuple[str | None, int]:
        """The short form the document defines for the name at [start, end), and where its long form starts (the
        first definition, in document order, whose long form ends within DEFINITION_TOLERANCE of ``end``)."""
        near = sorted(i for at in range(end - DEFINITION_TOLERANCE, end + DEFINITION_TOLERANCE + 1)
                      for i in self._by_end.get(at, ()))
        for i in near:
            definition = self._definitions[i]
            if definition.long_start < end and definition.long_start >= start - MAX_LONG_FORM_EXTENSION:
                return definition.short, definition.long_start
        return None, start


def acronym_parts(start: int, surface: str) -> list[tuple[int, str]]:
    """The whole candidate first, then its hyphen-separated parts with their offsets ("EU-IOM" → EU, IOM)."""
    forms = [(start, surface)]
    if "-" in surface:
        offset = start
        for part in surface.split("-"):
            if part:
                forms.append((offset, part))
            offset += len(part) + 1
    return forms
