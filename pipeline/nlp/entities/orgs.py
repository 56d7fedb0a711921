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
from collections.abc import Sequence

from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.ids import slugify
from pipeline.nlp.components import GazetteerComponent
from pipeline.nlp.doc import doc_spans, doc_text, get_view
from pipeline.nlp.entities.acronyms import (AcronymDef, LongForms, acronym_parts, defined_meanings, doc_definitions,
                                            find_short_forms)
from pipeline.nlp.entities.countries import LABEL as COUNTRY_LABEL
from pipeline.nlp.entities.chunks import (CONNECTORS, is_acronym_name, name_chunk, place_complement, same_acronym,
                                          starts_word)
from pipeline.nlp.entities.org_words import (CUT_HEADS, DEFINED_HEADS, DEFINITION_BLOCK_WORDS,
                                             BODY_HEADS, GENERIC_WORDS, HEAD_RE, HEAD_WORDS, LABEL, MIN_CONTENT_WORDS,
                                             PLAN_HEADS, ROMANCE_HEADS, UN_PREFIX, UN_SHORT_PREFIX, blocked_name,
                                             content_words)
from pipeline.nlp.entities.initiatives import called_initiative
from pipeline.nlp.entities.programmes import named_projects
from pipeline.nlp.fold import fold
from pipeline.nlp.entities.span_index import SpanIndex, contains_all_overlaps
from pipeline.nlp.search import Occupancy, PhraseIndex, token_matches
from pipeline.nlp.view import MatchView, clean_surface, fold_words
from pipeline.resources.gazetteers import Country, Organization
from pipeline.types import Span


SKIPPED_TYPES = frozenset({"framework"})
SKIPPED_ID = "\x00framework"
"""The matcher's id for a framework's name: never emitted, it silences the names inside it and the shapes over it."""
MIN_ACRONYM_CAPITALS = 2
MIN_LONG_FORM_OVERLAP = 0.6

ACRONYM_CANDIDATE_RE = re.compile(
    r"[A-Z][A-Za-z0-9&]*[A-Z0-9][A-Za-z0-9&]*(?:-[A-Za-z0-9&]+)*(?![^\W_])")
# An acronym named as a programme or project ("the MPRR programme", "COMPASS project").
ACRONYM_PROGRAMME_RE = re.compile(
    r"([A-Z][A-Z0-9]{2,}(?:-[A-Z][A-Za-z0-9]*)*)(?=[ \t]+(?:programme|program|project|initiative)\b)")
PROGRAMME_WORD_RE = re.compile(r"\b(?:[Pp]rogram(?:me)?|[Pp]roject|[Ii]nitiative|[Pp]lan)\b")
MIN_LOWERCASE_NAME_WORDS = 4  # a gazetteer name this long matches in lower case too
MAX_INLINE_NAME_TOKENS = 12  # view tokens read after an inline "(ACR)" to complete a gazetteer name
# "... Statistics Division (STATAFRIC)": an acronym the text attaches to the name right before it.
DEFINED_AFTER_RE = re.compile(r"[ \t]*\(([A-Z][A-Z0-9&]{2,11})\)")
# Right after an inline "(ACR)": the rest of a longer name ("(IGAD) Regional Consultative Process").
INLINE_AFTER_RE = re.compile(r"\)[ \t]*(?=[A-Z][a-z])")
NAME_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# After a definition "(CREWS)": the text calls the defined name an initiative ("... Systems (CREWS) initiative").
CALLED_CONNECTORS = frozenset({"in", "to", "with", "through", "by", "at"})
"""Small words an initiative's name may hold besides the connectors ("Co-Action against Trafficking in ...")."""
CALLED_AFTER_RE = re.compile(r"\)?[ \t]+initiative\b")
"""Only "initiative": "Early Childhood Development (ECD) programme" names a kind of programme, not one."""

Meanings = dict[str, list[AcronymDef]]


class OrgTagger(GazetteerComponent):
    """Component ``nexus_orgs_v1``: ORG spans with acronym or slug ids."""

    WHAT = "organisation gazetteer"
    GAZETTEERS = ("organizations", "countries")

    def __init__(self, vocab: Vocab, *, name: str) -> None:
        super().__init__(vocab, name=name)
        self._matcher: PhraseIndex | None = None
        self._name_ids: dict[tuple[str, ...], str] = {}
        self._caps_names: dict[tuple[str, ...], str] = {}
        self._names_of: dict[str, set[tuple[str, ...]]] = {}
        self._acronyms: dict[str, list[tuple[str, str]]] = {}
        self._ambiguous: set[tuple[str, str]] = set()
        self._country_caps: set[str] = set()
        self._country_words: frozenset[tuple[str, ...]] = frozenset()

    def set_data(self, *, organizations: Sequence[Organization], countries: Sequence[Country] = ()) -> None:
        """Use this organisation gazetteer (and the country gazetteer, whose capital aliases collide)."""
        self._data = {"organizations": tuple(organizations), "countries": tuple(countries)}
        self._matcher = PhraseIndex()
        self._name_ids, self._names_of, self._acronyms, self._ambiguous = {}, {}, {}, set()
        self._caps_names = {}
        for org in organizations:
            if org.type in SKIPPED_TYPES:
                for name in org.names:  # matched only to silence the names inside ("United Nations" in a treaty's)
                    key = fold_words(name)
                    if key and key not in self._name_ids:
                        self._name_ids[key] = SKIPPED_ID
                        self._matcher.add(key)
                continue
            org_id = org.id
            ambiguous = {a.upper() for a in org.ambiguous_acronyms}
            for acronym in org.acronyms:
                key = acronym.upper()
                self._acronyms.setdefault(key, []).append((org_id, acronym))
                if key in ambiguous:
                    self._ambiguous.add((key, org_id))
            for name in _with_un_short_forms(org.names):
                key = fold_words(name)
                if not key:
                    continue
                self._names_of.setdefault(org_id, set()).add(key)
                if is_acronym_name(name):
                    self._caps_names.setdefault(key, name)
                if key not in self._name_ids:
                    self._name_ids[key] = org_id
                    self._matcher.add(key)
        self._country_caps = {a for c in countries for a in c.aliases if a.isupper() and a.isalpha()}
        self._country_words = frozenset(fold_words(n) for c in countries for n in c.names if not n.isupper())

    # -- finding
    def find(self, doc: Doc) -> list[Span]:
        """ORG spans of a doc (GOV_BODY spans already emitted are not re-tagged as ORG)."""
        self.ensure_data()
        assert self._matcher is not None
        text = doc_text(doc)
        view = get_view(doc)
        if not view.words:
            return []
        out: list[Span] = []
        for s, e in self._matcher.matches(view.words):
            start, end = view.starts[s], view.ends[e - 1]
            if not text[start].isupper() and len(content_words(view.words[s:e])) < MIN_LOWERCASE_NAME_WORDS:
                continue  # "high-level political forum on sustainable development" is a name in any case
            caps = self._caps_names.get(view.words[s:e])
            if caps is not None and not same_acronym(text[start:end], caps):
                continue  # an all-capitals name matches with its exact case only ("REACH", not "Reach")
            out.append(Span(LABEL, start, end, self._name_ids[view.words[s:e]]))
        skipped = [span for span in out if span.canonical_id == SKIPPED_ID]
        if skipped:
            inside = SpanIndex(skipped)
            out = [span for span in out if span.canonical_id != SKIPPED_ID and not any(
                other.start <= span.start and span.end <= other.end for other in inside.overlapping(span))]
        named = {span.canonical_id for span in out}
        meanings = defined_meanings(doc)
        out.extend(self._acronym_spans(text, named, meanings))
        out.extend(self._programme_acronyms(text, {(s.start, s.end) for s in out}, meanings))
        blocked = Occupancy(len(text))
        gov = [s for s in doc_spans(doc) if s.label == "GOV_BODY"]
        for span in [*out, *gov, *skipped]:
            blocked.take(span.start, span.end)
        in_out, in_gov = SpanIndex(out), SpanIndex(gov)
        known_starts = frozenset(span.start for span in out)
        definitions = doc_definitions(doc)
        long_forms = LongForms(definitions)
        out.extend(self._inline_acronym_names(text, view, definitions))
        loose: dict[str, str] = {}
        countries = Occupancy(len(text))
        for span in doc_spans(doc):
            if span.label == COUNTRY_LABEL:
                countries.take(span.start, span.end)
        for match in token_matches(HEAD_RE, HEAD_WORDS, text, view):  # HEAD_RE.finditer, less tokens _long_form skips
            if not starts_word(text, match.start()) or countries.overlaps(match.start(), match.end()):
                continue  # "the Russian Federation against Ukraine": the head word is part of a country's name
            span = self._long_form(text, view, match.start(), long_forms, known_starts)
            if span is None:
                continue
            defined = DEFINED_AFTER_RE.match(text, span.end)
            if blocked.overlaps(span.start, span.end):
                body = None if in_gov.overlapping(span) else _body_of_known(text, in_out, span, match.start())
                if body is not None:
                    span = body
                # a known name inside a name the text defines: "African Union's Statistics Division (STATAFRIC)"
                elif defined is None or not contains_all_overlaps(in_out, span) or in_gov.overlapping(span):
                    continue
            if defined is not None and span.canonical_id == slugify(clean_surface(text[span.start:span.end])):
                span = Span(LABEL, span.start, span.end, defined.group(1))
                loose[defined.group(1)] = defined.group(1)
            blocked.take(span.start, span.end)
            out.append(span)
        for span in [*self._defined_names(text, definitions, blocked), *named_projects(text, view)]:
            if blocked.overlaps(span.start, span.end) and (
                    not contains_all_overlaps(in_out, span) or in_gov.overlapping(span)
                    or any(other.end == span.end for other in in_out.overlapping(span))):
                continue  # a known name may only be a modifier inside ("the EU Data Action project", not "Niamey IOM")
            blocked.take(span.start, span.end)
            out.append(span)
        out.extend(_later_uses(text, loose, blocked))
        return out

    def _inline_acronym_names(self, text: str, view: MatchView, definitions: list[AcronymDef]) -> list[Span]:
        """Gazetteer names written with an inline definition: "Intergovernmental Authority on Development (IGAD)
        Regional Consultative Process" is the "IGAD Regional Consultative Process" of the gazetteer."""
        assert self._matcher is not None
        out: list[Span] = []
        for definition in definitions:
            after = INLINE_AFTER_RE.match(text, definition.short_end)
            if after is None or definition.long_end > definition.short_start:
                continue
            first = view.token_at_or_after(after.end())
            short_words = fold_words(definition.short)
            words = short_words + view.words[first:first + MAX_INLINE_NAME_TOKENS]
            ends = [e for s, e in self._matcher.matches(words) if s == 0 and e > len(short_words)]
            if ends:
                last = first + max(ends) - len(short_words) - 1
                out.append(Span(LABEL, definition.long_start, view.ends[last], self._name_ids[words[:max(ends)]]))
        return out

    def _defined_names(self, text: str, definitions: list[AcronymDef], blocked: Occupancy) -> list[Span]:
        """Capitalised names the document defines an acronym for, with an organisation or programme head word
        ("Migrant Response Plan (MRP)", "Missing Migrants Project (MMP)") or called an initiative right after the
        definition ("Climate Risk and Early Warning Systems (CREWS) initiative"); not frameworks, classes nor bodies."""
        out: list[Span] = []
        seen: set[str] = set()
        for definition in definitions:
            short = definition.short
            if short in seen or short[-1] == "s" or short.upper() in self._acronyms or short in self._country_caps:
                continue
            if definition.long_end > definition.short_start or blocked.overlaps(definition.long_start,
                                                                                 definition.long_end):
                continue
            called = CALLED_AFTER_RE.match(text, definition.short_end) is not None
            surface = clean_surface(definition.long)
            tokens = [t for t in NAME_WORD_RE.findall(surface)]
            content = [t for t in tokens if fold(t) not in CONNECTORS and not (called and fold(t) in CALLED_CONNECTORS)]
            folded = [fold(t) for t in content]
            if (len(content) < MIN_CONTENT_WORDS or not all(t[0].isupper() for t in content)
                    or folded[-1] not in DEFINED_HEADS and not HEAD_RE.fullmatch(content[-1]) and not called
                    or any(w in DEFINITION_BLOCK_WORDS for w in folded)
                    or all(w in GENERIC_WORDS for w in folded[:-1])):
                continue
            if folded[-1] in PLAN_HEADS and not called_initiative(text, (definition.long, short)):
                continue  # "National Development Plan (NDP)" is a plan, "Migrant Response Plan ... a key initiative" is not
            seen.add(short)
            out.append(Span(LABEL, definition.long_start, definition.long_end, short))
        return out

    def _acronym_spans(self, text: str, named: set[str], meanings: Meanings) -> list[Span]:
        """Gazetteer acronyms used in the text, resolved against the document's own definitions."""
        out: list[Span] = []
        for match in ACRONYM_CANDIDATE_RE.finditer(text):
            if not starts_word(text, match.start()):
                continue
            start, whole = match.start(), match.group()
            org_id = self._resolve_acronym(whole, named, meanings)
            if org_id is not None:
                out.append(Span(LABEL, start, start + len(whole), org_id))
                continue
            if "-" not in whole:
                continue
            for start, surface in acronym_parts(start, whole)[1:]:  # else each part of a compound ("EU-IOM")
                org_id = self._resolve_acronym(surface, named, meanings)
                if org_id is not None:
                    out.append(Span(LABEL, start, start + len(surface), org_id))
        return out

    def _programme_acronyms(self, text: str, taken: set[tuple[int, int]],
                            meanings: Meanings) -> list[Span]:
        """Acronyms the text calls a programme or project; every use is tagged (not when defined as a concept)."""
        names = {m.group(1) for m in ACRONYM_PROGRAMME_RE.finditer(text) if starts_word(text, m.start())}
        names = {n for n in names if n not in self._country_caps and n.upper() not in self._acronyms
                 and all(HEAD_RE.search(d.long) or PROGRAMME_WORD_RE.search(d.long) for d in meanings.get(n, []))}
        if not names:
            return []
        return [Span(LABEL, m.start(), m.end(), m.group()) for m in find_short_forms(sorted(names), text)
                if (m.start(), m.end()) not in taken]

    def _resolve_acronym(self, surface: str, named: set[str], meanings: Meanings) -> str | None:
        """The org id an acronym stands for here, or None."""
        variants = [surface]
        if "0" in surface:
            variants += [surface.replace("0", "O"), surface.replace("0", "")]
        for form in variants:
            known = self._acronyms.get(form.upper())  # looked up first: most candidates are no known acronym
            if not known or sum(map(str.isupper, form)) < MIN_ACRONYM_CAPITALS:
                continue
            candidates = [(oid, acr) for oid, acr in known if form == acr or form == acr.upper()]
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

    def _defined_as(self, org_id: str, definitions: list[AcronymDef]) -> bool:
        """Whether one of the document's long forms for an acronym names this organisation."""
        names = self._names_of.get(org_id, set())
        for definition in definitions:
            words = fold_words(clean_surface(definition.long))
            if words in names:
                return True
            content = set(content_words(words))
            for name in names:
                other = set(content_words(name))
                if content and other and len(content & other) / max(len(content), len(other)) >= \
                        MIN_LONG_FORM_OVERLAP:
                    return True
        return False

    def _long_form(self, text: str, view: MatchView, char: int, long_forms: LongForms,
                   known_starts: frozenset[int]) -> Span | None:
        """An organisation-like proper name around a head word at `char`, or None (``known_starts``: where the
        known organisations found so far start)."""
        head = view.token_at_or_after(char)
        if head >= len(view.words) or view.starts[head] != char:
            return None
        start, end = name_chunk(text, view, head, direct_right=view.words[head] in ROMANCE_HEADS,
                                cut_heads=CUT_HEADS)
        if DEFINED_AFTER_RE.match(text, view.ends[end - 1]):  # "African Union's Statistics Division (STATAFRIC)"
            start, end = name_chunk(text, view, head, direct_right=view.words[head] in ROMANCE_HEADS,
                                    cut_heads=CUT_HEADS, possessive=True)
        end = _before_owner(view, head, place_complement(text, view, end, self._country_words), known_starts)
        words = view.words[start:end]
        if blocked_name(words):
            return None
        s_char, e_char = view.starts[start], view.ends[end - 1]
        short, long_start = long_forms.short_for(s_char, e_char)
        if short is not None and long_start < s_char and "\n\n" not in text[long_start:s_char]:
            s_char = long_start  # the document's own long form is the fuller name
        content = [w for w in content_words(words) if w != view.words[head]]
        if short is None:
            if len(content) < MIN_CONTENT_WORDS or all(w in GENERIC_WORDS for w in content):
                return None
        canonical = short or slugify(clean_surface(text[s_char:e_char]))
        return Span(LABEL, s_char, e_char, canonical)


def _before_owner(view: MatchView, head: int, end: int, known_starts: frozenset[int]) -> int:
    """End of a name cut before "of (the) <known organisation>" after its head: "Global Programme on Preventing
    and Countering Terrorism | of the United Nations Office on Drugs and Crime" is UNODC's programme."""
    for i in range(head + 1, end - 1):
        if view.words[i] != "of":
            continue
        first = i + 2 if view.words[i + 1] == "the" else i + 1
        if first < end and view.starts[first] in known_starts:
            return i
    return end


def _body_of_known(text: str, known: SpanIndex, span: Span, head: int) -> Span | None:
    """A body named after a known organisation, or None: "Association of Southeast Asian Nations Centre for
    Biodiversity", "Council of Europe Development Bank" (the known name, then capitalised words up to the head
    word and its complement, with a content word of its own that is not generic)."""
    inside = known.overlapping(span)
    if not inside or any(other.end > head for other in inside) or \
            fold(NAME_WORD_RE.match(text, head).group()) not in BODY_HEADS:  # type: ignore[union-attr]
        return None
    first = min(inside, key=lambda other: other.start)
    last = max(other.end for other in inside)
    if first.start > span.start or not all(w[:1].isupper() for w in text[last:head].split()):
        return None
    words = [fold(w) for w in NAME_WORD_RE.findall(text, head, span.end)][1:] + \
        [fold(w) for w in NAME_WORD_RE.findall(text, last, head)]
    if not any(w not in GENERIC_WORDS and w not in CONNECTORS for w in words):
        return None
    start = first.start
    return Span(LABEL, start, span.end, slugify(clean_surface(text[start:span.end])))


def _later_uses(text: str, shorts: dict[str, str], blocked: Occupancy) -> list[Span]:
    """Every later use of acronyms the document attached to a name found here (not already tagged)."""
    if not shorts:
        return []
    return [Span(LABEL, m.start(), m.end(), shorts[m.group()]) for m in find_short_forms(sorted(shorts), text)
            if not blocked.overlaps(m.start(), m.end())]


def _with_un_short_forms(names: Sequence[str]) -> list[str]:
    """An organisation's names plus the "UN X" form of each "United Nations X" ("UN Children's Fund")."""
    extra = [UN_SHORT_PREFIX + n[len(UN_PREFIX):] for n in names if n.startswith(UN_PREFIX)]
    return [*names, *(n for n in extra if n not in names)]
