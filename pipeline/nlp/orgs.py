"""ORG tagging: gazetteer names and acronyms, plus organisation-like proper names the gazetteer does not know.

Names match case/accent-insensitively on the folded view (damage-tolerant: "Internation- al Organization for
Migration"); acronyms match case-sensitively as whole tokens, also inside hyphen compounds ("EU-IOM"), before a
possessive ("UNHCR's") and with a zero misread for an O ("I0OM"). An acronym the gazetteer marks ambiguous (or
that is also a country alias) is tagged only when the organisation's name is in the document or the document
defines it so; a document defining an acronym as something else overrides the gazetteer. Capitalised names built
around an organisation head word (Network, Forum, Institute, Group, Foundation...) that are not government bodies
nor generic ("Steering Committee") become ORG with the acronym the document defines for them, else a slug id.
Frameworks, treaties and declarations of the gazetteer (type "framework") are not tagged.
"""
from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.nlp.normalize import (CONNECTORS, MatchView, Occupancy, PhraseIndex, clean_surface, fold_words,
                                    name_chunk, slugify, starts_word)
from pipeline.nlp.component import GazetteerComponent
from pipeline.types import Span

LABEL = "ORG"
SKIPPED_TYPES = frozenset({"framework"})
MIN_ACRONYM_CAPITALS = 2
MIN_CONTENT_WORDS = 2
MIN_LONG_FORM_OVERLAP = 0.6
DEFINITION_TOLERANCE = 2
MAX_LONG_FORM_EXTENSION = 60  # chars a defined long form may reach left of the name found around the head word

ACRONYM_CANDIDATE_RE = re.compile(
    r"[A-Z][A-Za-z0-9&]*[A-Z0-9][A-Za-z0-9&]*(?:-[A-Za-z0-9&]+)*(?![^\W_])")
HEAD_RE = re.compile(
    r"(?:Organi[sz]ation|Organizaci[óo]n|Agency|Institute|Instituto|Institut|Network|Forum|Group|"
    r"Alliance|Foundation|Fondation|Fundaci[óo]n|Fondazione|Association|Asociaci[óo]n|Associazione|Centre|"
    r"Center|Centro|Council|Programme|Program|Programa|Initiative|Fund|Fonds|Fondo|Bank|Banque|Banco|Union|"
    r"Commission|Committee|Comit[ée]|Federation|F[ée]d[ée]ration|Society|Soci[ée]t[ée]|University|"
    r"Universit[ée]|Universidad|Partnership|Coalition|Consortium|Platform|Plateforme|Movement|Trust|"
    r"Observatory|Observatoire|Academy|R[ée]seau|Secretariat|Facility|Hub|Division)(?![^\W_])")
ROMANCE_HEADS = frozenset({"organizacion", "instituto", "institut", "fondation", "fundacion", "fondazione",
                           "asociacion", "associazione", "centro", "programa", "fonds", "fondo", "banque", "banco",
                           "comite", "federation", "societe", "universite", "universidad", "reseau", "plateforme",
                           "observatoire"})
# An acronym named as a programme or project ("the MPRR programme", "COMPASS project").
ACRONYM_PROGRAMME_RE = re.compile(
    r"([A-Z][A-Z0-9]{2,}(?:-[A-Z][A-Za-z0-9]*)*)(?=[ \t]+(?:programme|program|project|initiative)\b)")
PROGRAMME_WORD_RE = re.compile(r"\b(?:[Pp]rogram(?:me)?|[Pp]roject|[Ii]nitiative|[Pp]lan)\b")
GENERIC_WORDS = frozenset(
    "project steering technical working advisory management coordination coordinating regional country local "
    "joint task reference expert experts evaluation implementation support programme program executive core sub "
    "thematic new main central overall inter agency agencies sectoral multi stakeholder stakeholders partner "
    "partners donor donors government governments monitoring oversight consultative sector level high senior "
    "staff team unit field head headquarters member members states state all various relevant key this that "
    "national international global world organization organisation organizations organisations group groups "
    "committee committees council councils network networks forum fund funds initiative initiatives bank banks "
    "union office offices centre center institute institutes platform hub facility secretariat partnership "
    "partnerships association associations foundation commission board i ii iii iv first second third annual "
    "special ad hoc permanent standing general public private civil society societies community communities "
    "interagency inter-agency operational strategic policy final mid term review".split())
BLOCK_WORDS = frozenset(
    "conference summit convention declaration agenda compact protocol report plan strategy framework dialogue "
    "meeting meetings session resolution agreement act law policy day week year decade guidelines principles "
    "handbook manual toolkit matrix table figure annex chapter section box survey index study assessment "
    "evaluation questionnaire template".split())
CUT_HEADS = frozenset({"ministry", "ministere", "ministerio", "municipality", "department", "government",
                       "organization", "organisation", "agency", "office"})


def _content_words(words: tuple[str, ...]) -> list[str]:
    return [w for w in words if w not in CONNECTORS and w[0].isalnum()]


class OrgTagger(GazetteerComponent):
    """Component ``nexus_orgs_v1``: ORG spans with acronym or slug ids."""

    WHAT = "organisation gazetteer"

    def __init__(self, vocab: Vocab, *, name: str = "nexus_orgs") -> None:
        self.vocab = vocab
        self.name = name
        self._data: dict[str, Any] | None = None
        self._matcher: PhraseIndex | None = None
        self._name_ids: dict[tuple[str, ...], str] = {}
        self._names_of: dict[str, set[tuple[str, ...]]] = {}
        self._acronyms: dict[str, list[tuple[str, str]]] = {}
        self._ambiguous: set[tuple[str, str]] = set()
        self._country_caps: set[str] = set()
        self.loaded = False

    def set_data(self, *, organizations: list[dict[str, Any]], countries: list[dict[str, Any]] = ()) -> None:
        """Use this organisation gazetteer (and the country gazetteer, whose capital aliases collide)."""
        self._data = {"organizations": list(organizations), "countries": list(countries)}
        self._matcher = PhraseIndex()
        self._name_ids, self._names_of, self._acronyms, self._ambiguous = {}, {}, {}, set()
        for org in organizations:
            if org.get("type") in SKIPPED_TYPES:
                continue
            org_id = str(org["id"])
            ambiguous = {a.upper() for a in org.get("ambiguous_acronyms") or []}
            for acronym in org.get("acronyms") or []:
                key = acronym.upper()
                self._acronyms.setdefault(key, []).append((org_id, acronym))
                if key in ambiguous:
                    self._ambiguous.add((key, org_id))
            for name in org.get("names") or []:
                key = fold_words(name)
                if not key:
                    continue
                self._names_of.setdefault(org_id, set()).add(key)
                if key not in self._name_ids:
                    self._name_ids[key] = org_id
                    self._matcher.add(key)
        self._country_caps = {a for c in countries for a in [*(c.get("aliases") or [])]
                              if a.isupper() and a.isalpha()}
        self.loaded = True

    def _ensure_data(self) -> None:
        if not self.loaded:
            from pipeline.nlp.registry import default_resource

            self.set_data(organizations=default_resource("organizations"), countries=default_resource("countries"))


    # -- finding
    def find(self, doc: Doc) -> list[Span]:
        """ORG spans of a doc (GOV_BODY spans already emitted are not re-tagged as ORG)."""
        from pipeline.nlp.acronyms import defined_meanings, doc_definitions
        from pipeline.nlp.registry import doc_spans, doc_text, get_view

        self._ensure_data()
        assert self._matcher is not None
        text = doc_text(doc)
        view = get_view(doc)
        if not view.words:
            return []
        out: list[Span] = []
        for s, e in self._matcher.matches(view.words):
            if text[view.starts[s]].isupper():
                out.append(Span(LABEL, view.starts[s], view.ends[e - 1], self._name_ids[view.words[s:e]]))
        named = {span.canonical_id for span in out}
        meanings = defined_meanings(doc)
        out.extend(self._acronym_spans(text, named, meanings))
        out.extend(self._programme_acronyms(text, {(s.start, s.end) for s in out}, meanings))
        blocked = Occupancy(len(text))
        for span in [*out, *(s for s in doc_spans(doc) if s.label == "GOV_BODY")]:
            blocked.take(span.start, span.end)
        definitions = doc_definitions(doc)
        for match in HEAD_RE.finditer(text):
            if not starts_word(text, match.start()):
                continue
            span = self._long_form(text, view, match.start(), definitions)
            if span is None or blocked.overlaps(span.start, span.end):
                continue
            blocked.take(span.start, span.end)
            out.append(span)
        return out

    def _acronym_spans(self, text: str, named: set[str], meanings: dict[str, list[Any]]) -> list[Span]:
        """Gazetteer acronyms used in the text, resolved against the document's own definitions."""
        out: list[Span] = []
        for match in ACRONYM_CANDIDATE_RE.finditer(text):
            if not starts_word(text, match.start()):
                continue
            for start, surface in _acronym_forms(match.start(), match.group()):
                org_id = self._resolve_acronym(surface, named, meanings)
                if org_id is not None:
                    out.append(Span(LABEL, start, start + len(surface), org_id))
                    break
        return out

    def _programme_acronyms(self, text: str, taken: set[tuple[int, int]],
                            meanings: dict[str, list[Any]]) -> list[Span]:
        """Acronyms the text calls a programme or project; every use is tagged (not when defined as a concept)."""
        names = {m.group(1) for m in ACRONYM_PROGRAMME_RE.finditer(text) if starts_word(text, m.start())}
        names = {n for n in names if n not in self._country_caps and n.upper() not in self._acronyms
                 and all(HEAD_RE.search(d.long) or PROGRAMME_WORD_RE.search(d.long) for d in meanings.get(n, []))}
        if not names:
            return []
        from pipeline.nlp.acronyms import short_form_pattern

        return [Span(LABEL, m.start(), m.end(), m.group()) for m in short_form_pattern(sorted(names)).finditer(text)
                if (m.start(), m.end()) not in taken]

    def _resolve_acronym(self, surface: str, named: set[str], meanings: dict[str, list[Any]]) -> str | None:
        """The org id an acronym stands for here, or None."""
        variants = [surface]
        if "0" in surface:
            variants += [surface.replace("0", "O"), surface.replace("0", "")]
        for form in variants:
            if sum(c.isupper() for c in form) < MIN_ACRONYM_CAPITALS:
                continue
            candidates = [(oid, acr) for oid, acr in self._acronyms.get(form.upper(), [])
                          if form == acr or form == acr.upper()]
            if not candidates:
                continue
            if form in meanings:
                candidates = [c for c in candidates if self._defined_as(c[0], meanings[form])]
                if candidates:
                    return candidates[0][0]
                return None
            in_doc = [c for c in candidates if c[0] in named]
            if in_doc:
                return in_doc[0][0]
            plain = [c for c in candidates if (form.upper(), c[0]) not in self._ambiguous
                     and form not in self._country_caps]
            if len({c[0] for c in plain}) == 1:
                return plain[0][0]
            return None
        return None

    def _defined_as(self, org_id: str, definitions: list[Any]) -> bool:
        """Whether one of the document's long forms for an acronym names this organisation."""
        names = self._names_of.get(org_id, set())
        for definition in definitions:
            words = fold_words(clean_surface(definition.long))
            if words in names:
                return True
            content = set(_content_words(words))
            for name in names:
                other = set(_content_words(name))
                if content and other and len(content & other) / max(len(content), len(other)) >= \
                        MIN_LONG_FORM_OVERLAP:
                    return True
        return False

    def _long_form(self, text: str, view: MatchView, char: int, definitions: list[Any]) -> Span | None:
        """An organisation-like proper name around a head word at `char`, or None."""
        head = view.token_at_or_after(char)
        if head >= len(view.words) or view.starts[head] != char:
            return None
        start, end = name_chunk(text, view, head, direct_right=view.words[head] in ROMANCE_HEADS,
                                cut_heads=CUT_HEADS)
        words = view.words[start:end]
        if any(w in BLOCK_WORDS for w in words):
            return None
        s_char, e_char = view.starts[start], view.ends[end - 1]
        short, long_start = _defined_short(definitions, s_char, e_char)
        if short is not None and long_start < s_char and "\n\n" not in text[long_start:s_char]:
            s_char = long_start  # the document's own long form is the fuller name
        content = [w for w in _content_words(words) if w != view.words[head]]
        if short is None:
            if len(content) < MIN_CONTENT_WORDS or all(w in GENERIC_WORDS for w in content):
                return None
        canonical = short or slugify(clean_surface(text[s_char:e_char]))
        return Span(LABEL, s_char, e_char, canonical)


def _defined_short(definitions: list[Any], start: int, end: int) -> tuple[str | None, int]:
    """The short form the document defines for the long form at [start, end), and where that long form starts."""
    for definition in definitions:
        if abs(definition.long_end - end) <= DEFINITION_TOLERANCE and definition.long_start < end \
                and definition.long_start >= start - MAX_LONG_FORM_EXTENSION:
            return definition.short, definition.long_start
    return None, start


def _acronym_forms(start: int, surface: str) -> list[tuple[int, str]]:
    """The whole candidate first, then its hyphen-separated parts with their offsets ("EU-IOM" → EU, IOM)."""
    forms = [(start, surface)]
    if "-" in surface:
        offset = start
        for part in surface.split("-"):
            if part:
                forms.append((offset, part))
            offset += len(part) + 1
    return forms
