"""COUNTRY tagging: gazetteer names in en/fr/es matched on the folded view, with false-match guards.

Names, official forms and aliases are matched case- and accent-insensitively on the folded view (so extraction
damage such as "Moldo- va", line breaks and curly apostrophes does not matter); the longest match wins ("Papua New
Guinea" over "Guinea"). Guards then drop: matches inside a region or sub-national name from non_countries.json
("New Mexico", "Gulf of Guinea", "Lake Chad"), lower-case common words ("turkey", "chad"), all-capital aliases
written otherwise ("us"), "US$"/"US dollars", a country name followed by "City", ambiguous short names used as a
person's name ("Mr. Jordan", "Chad Smith"), "Georgia" in a US-state context, and aliases the document itself
defines as an acronym of something else ("Danish Refugee Council (DRC)").
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.nlp.components import GazetteerComponent
from pipeline.nlp.doc import doc_language, doc_text, get_view
from pipeline.nlp.entities.acronyms import defined_meanings
from pipeline.nlp.search import Occupancy, PhraseIndex
from pipeline.nlp.view import MatchView, fold_words
from pipeline.resources.gazetteers import Country
from pipeline.types import Span

LABEL = "COUNTRY"
COMMON_NOUN_NAMES = frozenset({("reunion",)})
"""Folded names that are also common nouns ("Réunion de cadrage", "Reunión técnica"): see _common_noun."""
PLACE_ARTICLES = frozenset({"la", "l"})
MAX_CAPS_ALIAS_LETTERS = 5
US_CONTEXT_WINDOW = 120
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "prof", "sir", "m", "mme", "mlle", "sr", "sra", "president",
                        "minister", "ambassador", "h.e", "st"})
# Capitalised words that commonly follow a country name (so they do not make it a person's name).
COUNTRY_FOLLOWERS = frozenset(
    "government governments ministry ministries republic country countries office offices mission missions national "
    "province provinces region regions state states programme program project projects response plan plans red "
    "crescent cross embassy authorities authority police army armed forces army parliament president prime "
    "minister delegation team teams unit units coast border borders camp camps refugees refugee migrants "
    "nationals diaspora and or the of in for to is was has have had with on at by from as vnr report annex "
    "case study studies chapter section sdg sdgs un co mpm cso csos ngo ngos evaluation field context contexts "
    "strategy policy law act compact national nationally".split())
CITY_WORDS = frozenset({"city", "ciudad", "ville"})
CURRENCY_FOLLOWERS = frozenset({"$", "dollar", "dollars", "cents", "cent"})
US_STATE_CONTEXT_RE = re.compile(
    r"\b(?:Atlanta|Savannah|Augusta|Alabama|Florida|Tennessee|Carolina|Texas|Mississippi|U\.S\. state|US state|"
    r"state of Georgia|Georgia State|, GA\b)", re.IGNORECASE)
US_CONTEXT_NAMES = frozenset({"georgia"})


@dataclass(frozen=True, slots=True)
class NameRule:
    """How a matched name may be written: its country, all-capitals only, ambiguous with common words/names."""

    iso3: str
    caps_only: bool
    ambiguous: bool


def _is_caps_alias(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(letters) <= MAX_CAPS_ALIAS_LETTERS and all(c.isupper() for c in letters)


class CountryIndex:
    """Folded-name lookup tables built from a country gazetteer (shared by the country and gov-body taggers)."""

    def __init__(self, countries: Iterable[Country], non_countries: Iterable[str] = ()) -> None:
        self.rules: dict[tuple[str, ...], NameRule] = {}
        self.demonyms: dict[tuple[str, ...], str] = {}
        self.blockers: set[tuple[str, ...]] = set()
        for country in countries:
            iso3 = country.iso3
            names = country.names
            flagged = {fold_words(n) for n in country.ambiguous_aliases}
            if country.ambiguous and not flagged:
                flagged = {fold_words(n) for n in names if len(fold_words(n)) == 1}
            for name in names:
                key = fold_words(name)
                if not key or key in self.rules and self.rules[key].iso3 != iso3 and not _is_caps_alias(name):
                    continue
                self.rules[key] = NameRule(iso3, _is_caps_alias(name), key in flagged)
            for demonym in country.demonyms:
                self.demonyms.setdefault(fold_words(demonym), iso3)
        for text in non_countries:
            key = fold_words(text)
            if key:
                self.blockers.add(key)

    def iso3_of(self, words: tuple[str, ...]) -> str | None:
        """The ISO3 code of a folded country name or demonym, if known."""
        rule = self.rules.get(words)
        if rule is not None and not rule.caps_only:
            return rule.iso3
        return self.demonyms.get(words)


class CountryTagger(GazetteerComponent):
    """Component ``nexus_countries_v1``: COUNTRY spans with ISO3 ids."""

    WHAT = "country gazetteer"
    GAZETTEERS = ("countries", "non_countries")

    def __init__(self, vocab: Vocab, *, name: str) -> None:
        super().__init__(vocab, name=name)
        self.index: CountryIndex | None = None
        self._matcher: PhraseIndex | None = None
        self._blocker: PhraseIndex | None = None

    def set_data(self, *, countries: Sequence[Country], non_countries: Sequence[str]) -> None:
        """Use this gazetteer (country records and the region names that block a country match inside them)."""
        self._data = {"countries": tuple(countries), "non_countries": tuple(non_countries)}
        self.index = CountryIndex(countries, non_countries)
        self._matcher = PhraseIndex(self.index.rules)
        self._blocker = PhraseIndex(self.index.blockers)

    def find(self, doc: Doc) -> list[Span]:
        """COUNTRY spans of a doc (not yet emitted)."""
        self.ensure_data()
        assert self.index is not None and self._matcher is not None and self._blocker is not None
        view = get_view(doc)
        if not view.words:
            return []
        matches = sorted(self._matcher.matches(view.words), key=lambda m: (m[0] - m[1], m[0]))
        blocks: dict[int, list[tuple[int, int]]] = {}
        for s, e in self._blocker.matches(view.words):
            for i in range(s, e):
                blocks.setdefault(i, []).append((s, e))
        taken = Occupancy(len(view.words))
        out: list[Span] = []
        for start, end in matches:
            if taken.overlaps(start, end):
                continue
            if any(s <= start and end <= e and e - s > end - start for s, e in blocks.get(start, ())):
                continue
            words = view.words[start:end]
            rule = self.index.rules[words]
            if not self._accept(doc, doc_text(doc), view, start, end, rule):
                continue
            taken.take(start, end)
            out.append(Span(LABEL, view.starts[start], view.ends[end - 1], rule.iso3))
        return out

    def _accept(self, doc: Doc, text: str, view: MatchView, start: int, end: int, rule: NameRule) -> bool:
        """Whether a matched name is really a country mention here (the guards)."""
        surface = text[view.starts[start]:view.ends[end - 1]]
        first = next((c for c in surface if c.isalpha()), "")
        if rule.caps_only:
            if not all(c.isupper() for c in surface if c.isalpha()):
                return False
            if _currency_or_shouting(text, view, start, end):
                return False
            if _defined_as_other(doc, surface, self.index):
                return False
        elif not first.isupper():
            return False
        nxt = view.words[end] if end < len(view.words) else ""
        if nxt in CITY_WORDS and text[view.starts[end]:view.starts[end] + 1].isupper():
            return False
        if rule.ambiguous:
            if start > 0 and _honorific_before(view, start):
                return False
            if _common_noun(doc, surface, view, start, end):
                return False
            if _surname_after(text, view, end, self.index):
                return False
            if view.words[start:end] == ("georgia",) and US_STATE_CONTEXT_RE.search(
                    text, max(0, view.starts[start] - US_CONTEXT_WINDOW), view.ends[end - 1] + US_CONTEXT_WINDOW):
                return False
        return True


def _common_noun(doc: Doc, surface: str, view: MatchView, start: int, end: int) -> bool:
    """A country's name that is also a common noun, written without the article that names the place: a French or
    Spanish "Réunion" / "Reunión" (a meeting) not after "la" ("de La Réunion"); in English only the accented
    "Réunion" is the island."""
    if view.words[start:end] not in COMMON_NOUN_NAMES:
        return False
    if start > 0 and view.words[start - 1] in PLACE_ARTICLES:
        return False
    return doc_language(doc) != "en" or surface.isascii()


def _honorific_before(view: MatchView, start: int) -> bool:
    """Whether an honorific ("Mr.", "President") comes right before view token `start`."""
    prev = view.words[start - 1]
    if prev == "." and start > 1:
        prev = view.words[start - 2]
    return prev in HONORIFICS


def _surname_after(text: str, view: MatchView, end: int, index: CountryIndex) -> bool:
    """A capitalised, lower-case-continued word right after the name on the same line ("Chad Smith")."""
    if end >= len(view.words):
        return False
    gap = text[view.ends[end - 1]:view.starts[end]]
    if gap != " ":
        return False
    word = text[view.starts[end]:view.ends[end]]
    if len(word) < 2 or not word[0].isupper() or not word[1:].islower():
        return False
    folded = view.words[end]
    if folded in COUNTRY_FOLLOWERS or (folded,) in index.rules or (folded,) in index.demonyms:
        return False
    return True


def _currency_or_shouting(text: str, view: MatchView, start: int, end: int) -> bool:
    """'US$', 'US dollars', or an all-capitals passage where 'US' is the pronoun."""
    nxt = view.words[end] if end < len(view.words) else ""
    if nxt in CURRENCY_FOLLOWERS:
        return True
    neighbours = []
    if start > 0:
        neighbours.append(text[view.starts[start - 1]:view.ends[start - 1]])
    if end < len(view.words):
        neighbours.append(text[view.starts[end]:view.ends[end]])
    return any(len(w) >= 4 and w.isalpha() and w.isupper() for w in neighbours) and len(
        [c for c in text[view.starts[start]:view.ends[end - 1]] if c.isalpha()]) <= 2


def _defined_as_other(doc: Doc, surface: str, index: CountryIndex | None) -> bool:
    """Whether the document defines this all-capitals alias as an acronym of something that is not a country."""
    meanings = defined_meanings(doc).get(surface)
    if not meanings or index is None:
        return False
    return all(index.iso3_of(fold_words(d.long)) is None for d in meanings)
