"""GOV_BODY tagging: named public bodies of a state, from a curated list and from name patterns.

A body is found around a head word ("Ministry", "Ministère", "Municipality", "Commission", "Institute"...): the
proper name around it is cut out (pipeline.nlp.entities.chunks.name_chunk) and classified. Inherently governmental
heads (ministries, municipalities, commissariats, parliaments, chancelleries, Spanish "Secretaría de") always make a
GOV_BODY; other heads (agency, office, commission, council, institute, assembly...) need a national qualifier
("National", "Federal", "Instituto Nacional"), a country name or demonym in the name, or the form "Department of"
/ "Office of the President", and must not look international ("United Nations", "International", a known ORG).
The id is ``ISO3:slug`` where the country comes from the name, else the nearest preceding country mention, else
the document's dominant country; "Tirana Municipality" and "Municipality of Tirana" share one slug.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Sequence

from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.ids import slugify
from pipeline.nlp.components import GazetteerComponent
from pipeline.nlp.doc import doc_spans, doc_text, get_view
from pipeline.nlp.entities.chunks import (AND_WORDS, CONNECTORS, is_acronym_name, name_chunk, same_acronym,
                                          starts_word)
from pipeline.nlp.entities.countries import CountryIndex
from pipeline.nlp.search import Occupancy, PhraseIndex
from pipeline.nlp.view import MatchView, fold_words
from pipeline.resources.gazetteers import Country, GovBody, Organization
from pipeline.types import Span

LABEL = "GOV_BODY"
CONTEXT_WINDOW = 1500
DOMINANT_SHARE = 0.4
DOMINANT_MIN_MENTIONS = 2
MAX_NAME_COUNTRY_WORDS = 4
QUALIFIER_POSITIONS = 2  # "National Planning Commission", "Instituto Nacional de Migración"

INHERENT_HEADS = frozenset({
    "ministry", "ministries", "ministere", "ministerio", "municipality", "municipalite", "municipio",
    "commissariat", "parliament", "parlement", "parlamento", "chancellery", "chancellerie", "cancilleria",
    "prefecture", "governorate", "senate", "senat", "senado", "secretaria", "mairie", "ayuntamiento",
    "alcaldia", "gobernacion"})
QUALIFIED_HEADS = frozenset({
    "department", "departamento", "office", "directorate", "direction", "direccion", "commission", "comision",
    "agency", "agence", "agencia", "institute", "instituto", "institut", "council", "conseil", "consejo", "board",
    "bureau", "authority", "autorite", "autoridad", "assembly", "assemblee", "asamblea", "police", "policia",
    "service", "services", "servicio", "embassy", "ambassade", "embajada", "presidency", "presidence",
    "presidencia", "inspectorate", "registry", "secretariat", "secretariado", "camara"})
# Heads that a demonym ("Italian", "Moroccan") makes governmental; "Danish Refugee Council" stays an NGO.
DEMONYM_HEADS = INHERENT_HEADS | frozenset({
    "department", "office", "directorate", "agency", "police", "service", "embassy", "presidency", "government"})
LOWERCASE_NAME_HEADS = frozenset({"ministere", "ministerio", "secretaria", "direction", "direccion", "institut",
                                  "instituto", "agence", "agencia", "conseil", "consejo", "comision"})
NATIONAL_QUALIFIERS = frozenset({"national", "nationale", "nacional", "federal", "federale", "state", "royal",
                                 "presidential", "provincial", "municipal", "county", "city"})
EXECUTIVE_WORDS = frozenset({"president", "prime", "presidente", "premier", "vice", "minister", "ministre"})
INTERNATIONAL_WORDS = frozenset({"united", "nations", "un", "international", "internationale", "internacional",
                                 "global", "world", "mondial", "mundial", "european", "europeenne", "europea",
                                 "africa", "african", "americas", "intergovernmental", "inter", "iom", "oim",
                                 "unhcr", "undp", "ilo", "who", "unicef", "eu", "oecd", "au", "ecowas", "igad"})
CUT_HEADS = INHERENT_HEADS | frozenset({"department", "office", "agency", "government", "gouvernement", "gobierno",
                                        "organization", "organisation", "embassy"})
HEAD_RE = re.compile(
    r"(?:Ministr(?:y|ies)|Minist[eè]re|Ministerio|Municipalit(?:y|é)|Municipio|Commissariat|"
    r"Parliament|Parlement|Parlamento|Chancellery|Chancellerie|Canciller[íi]a|Prefecture|Pr[ée]fecture|"
    r"Governorate|Senate|S[ée]nat|Senado|Secretar[íi]a|Mairie|Ayuntamiento|Alcald[íi]a|Gobernaci[óo]n|"
    r"Department|Departamento|Office|Directorate|Direction|Direcci[óo]n|Commission|Comisi[óo]n|Agency|Agence|"
    r"Agencia|Institute|Instituto|Institut|Council|Conseil|Consejo|Board|Bureau|Authority|Autorit[ée]|"
    r"Autoridad|Assembly|Assembl[ée]e|Asamblea|Police|Polic[íi]a|Services?|Servicio|Embassy|Ambassade|"
    r"Embajada|Presidency|Pr[ée]sidence|Presidencia|Inspectorate|Registry|Secretariat|Secretariado|C[áa]mara|"
    r"minist[eè]re|ministerio|secretar[íi]a)(?![^\W_])")
LOWER_HEAD_FOLLOW_RE = re.compile(r"\s+(?:de|des|du|del|d['’])\s*\S", re.IGNORECASE)


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


def classify_name(words: tuple[str, ...], head_word: str, index: CountryIndex,
                  org_names: set[tuple[str, ...]] | frozenset[tuple[str, ...]] = frozenset()) -> bool:
    """Whether a name (folded words) with this head word is a body of a state."""
    if any(words[:size] in org_names for size in range(2, len(words) + 1)):
        return False
    if head_word in INHERENT_HEADS:
        return True
    if any(w in INTERNATIONAL_WORDS for w in words):
        return False
    country, lead = _country_in(words, index)
    if country and lead and head_word not in DEMONYM_HEADS and index.rules.get(words[:lead]) is None:
        country = None  # a demonym alone does not make a council or an institute governmental
    if country:
        return True
    if any(w in NATIONAL_QUALIFIERS for w in words[:QUALIFIER_POSITIONS]):
        return True
    if head_word in ("department", "departamento") and len(words) > 2 and words[1] in ("of", "de", "for"):
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


class GovBodyTagger(GazetteerComponent):
    """Component ``nexus_gov_bodies_v1``: GOV_BODY spans with ``ISO3:slug`` ids."""

    WHAT = "gov-body gazetteer"
    GAZETTEERS = ("gov_bodies", "countries", "organizations")

    def __init__(self, vocab: Vocab, *, name: str) -> None:
        super().__init__(vocab, name=name)
        self.index: CountryIndex | None = None
        self._matcher: PhraseIndex | None = None
        self._ids: dict[tuple[str, ...], str] = {}
        self._acronyms: dict[tuple[str, ...], str] = {}
        self._full_names: dict[str, set[tuple[str, ...]]] = {}
        self._country_of: dict[str, str] = {}
        self._org_names: set[tuple[str, ...]] = set()

    def set_data(self, *, gov_bodies: Sequence[GovBody], countries: Sequence[Country],
                 organizations: Sequence[Organization] = ()) -> None:
        """Use this curated list of bodies, country gazetteer and org gazetteer (whose names are not bodies)."""
        self._data = {"gov_bodies": tuple(gov_bodies), "countries": tuple(countries),
                      "organizations": tuple(organizations)}
        self.index = CountryIndex(countries)
        self._ids, self._acronyms, self._full_names, self._country_of = {}, {}, {}, {}
        self._matcher = PhraseIndex()
        for body in gov_bodies:
            body_id = body.id
            self._country_of[body_id] = body.country.upper()
            for name in body.names:
                key = fold_words(name)
                if not key:
                    continue
                if is_acronym_name(name):
                    self._acronyms.setdefault(key, name)
                else:
                    self._full_names.setdefault(body_id, set()).add(key)
                if key not in self._ids:
                    self._ids[key] = body_id
                    self._matcher.add(key)
        self._org_names = {fold_words(n) for org in organizations for n in org.names}

    def find(self, doc: Doc) -> list[Span]:
        """GOV_BODY spans of a doc (the COUNTRY spans already emitted serve as context)."""
        self.ensure_data()
        assert self.index is not None and self._matcher is not None
        text = doc_text(doc)
        view = get_view(doc)
        if not view.words:
            return []
        countries = sorted((s.start, s.canonical_id) for s in doc_spans(doc) if s.label == "COUNTRY")
        context = _CountryContext(countries)
        out: list[Span] = []
        taken = Occupancy(len(text))
        for span in self._curated_spans(text, view, {iso3 for _, iso3 in countries}):
            out.append(span)
            taken.take(span.start, span.end)
        for match in HEAD_RE.finditer(text):
            if not starts_word(text, match.start()):
                continue
            if match.group()[0].islower() and not LOWER_HEAD_FOLLOW_RE.match(text, match.end()):
                continue
            span = self._pattern_body(text, view, match.start(), context)
            if span is None or taken.overlaps(span.start, span.end):
                continue
            taken.take(span.start, span.end)
            out.append(span)
        return out

    def _curated_spans(self, text: str, view: MatchView, doc_countries: set[str]) -> list[Span]:
        """Curated bodies named in the text; an acronym alone must match case-exactly ("ONE", never "One") and
        counts only when the body's country or one of its full names is also in the document."""
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
        kept = [span for span in acronyms
                if span.canonical_id in named or self._country_of.get(span.canonical_id) in doc_countries]
        return sorted(full + kept, key=lambda span: (span.start, span.end))

    def _pattern_body(self, text: str, view: MatchView, char: int, context: _CountryContext) -> Span | None:
        """The body named around a head word at `char`, or None when it is not a public body."""
        assert self.index is not None
        head = view.token_at_or_after(char)
        if head >= len(view.words) or view.starts[head] != char:
            return None
        head_word = view.words[head]
        romance = head_word in LOWERCASE_NAME_HEADS
        start, end = name_chunk(text, view, head, lowercase_ok=romance, direct_right=romance, cut_heads=CUT_HEADS)
        words = view.words[start:end]
        if end - start < 2 or all(w in CONNECTORS or w in AND_WORDS for w in words[1:]):
            return None
        if not classify_name(words, head_word, self.index, self._org_names):
            return None
        surface = text[view.starts[start]:view.ends[end - 1]]
        iso3, _ = _country_in(words, self.index)
        iso3 = iso3 or context.near(view.starts[start]) or context.dominant()
        slug = body_slug(surface, words, self.index)
        canonical = f"{iso3}:{slug}" if iso3 else slug
        return Span(LABEL, view.starts[start], view.ends[end - 1], canonical)


class _CountryContext:
    """Nearest-preceding and dominant country of a document, from its COUNTRY spans."""

    def __init__(self, countries: list[tuple[int, str]]) -> None:
        self.starts = [c[0] for c in countries]
        self.ids = [c[1] for c in countries]
        counts = Counter(self.ids)
        top = counts.most_common(1)
        self._dominant = None
        if top and top[0][1] >= DOMINANT_MIN_MENTIONS and top[0][1] >= DOMINANT_SHARE * len(self.ids):
            self._dominant = top[0][0]

    def near(self, char: int) -> str | None:
        """The most recent country mentioned within CONTEXT_WINDOW chars before `char`."""
        i = bisect.bisect_left(self.starts, char) - 1
        if i >= 0 and char - self.starts[i] <= CONTEXT_WINDOW:
            return self.ids[i]
        return None

    def dominant(self) -> str | None:
        """The document's dominant country, if one clearly dominates."""
        return self._dominant
