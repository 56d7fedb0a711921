"""Find mentions of the 14 migration themes (lexicon in resources/themes.json) and bare migration words.

Matching runs on a folded view of the text (lower case, accents stripped, length kept; see pipeline.nlp.fold)
from which line-break hyphenation ('rein- tegration', 'reinte-\\ngration') is removed; offsets are mapped back.
Every lexicon word also matches its plural and feminine forms (-s, -es, -e, -es, -a, -as, -x). A term marked '~'
in the lexicon counts only when a migration word is in the same sentence window.
"""
from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.errors import ConfigError, ResourceError
from pipeline.nlp.fold import fold, fold_document
from pipeline.nlp.search import Occupancy, anchored_finditer
from pipeline.resources import resource_path
from pipeline.types import Span
from pipeline.vocab import GENERIC_ID, GENERIC_LABEL, LANGUAGES, THEME_IDS, THEME_LABEL

LABEL = THEME_LABEL
THEMES_JSON = resource_path("themes.json")
CONTEXT_MARK = "~"
CONTEXT_WINDOW = 150
"""Chars either side of a '~' term searched for a migration word."""
DATA_MARK = "%"
"""A term marked '%' counts only with a data word (data, statistics, census ...) near it."""
INTEGRATION_MARK = "+"
"""A term marked '+' counts only with an integration word (integration, inclusion, cohesion ...) near it."""
PERSON_MARK = "^"
"""A term marked '^' counts only with a word for people near it (women, children, victims, exploitation ...) and
never for goods: bare "trafficking" in "violence against women and girls, including trafficking", not in "drug
trafficking" or "trafficking in wildlife"."""
MARKS = CONTEXT_MARK + DATA_MARK + INTEGRATION_MARK + PERSON_MARK
CUE_WINDOW = 120
"""Chars either side of a '%' or '+' term searched for its data or integration word."""
CLIMATE_GAP = 60
"""Most chars between a climate term and a migration term read as one clause ("effects of climate change on
migration"); no comma, semicolon or sentence end may come between them."""
ENVIRONMENTAL_THEME = "environmental_migration"
STEM_LEN = 6
"""Terms are indexed by the first STEM_LEN letters of their first word (inflection happens after them) ..."""
SHORT_STEM_LEN = 3
"""... or, for shorter first words ('idp', 'dtm', 'tip'), by their first SHORT_STEM_LEN letters."""
NEAR_CHARS = 25
"""Chars around a bare migration word inspected for non-human senses ('data migration', 'migratory locusts')."""
NESTED_LOOKBACK = 8
"""How many earlier matches are checked when dropping a match nested in a same-theme match."""

WORD_ENDINGS = r"(?:e?s|e|a|as|x|es)?"
FOLDED_BREAK_HYPHEN_RE = re.compile(r"-(?<=[a-z]-)(?:[ \t]+|[ \t]*\r?\n[ \t]*)(?=[a-z])")
"""pipeline.clean.BREAK_HYPHEN_RE as it reads on a folded text, derived from it for speed (about 8x faster).

A folded text is lower case and writes U+2010/U+2011 as "-" (pipeline.nlp.fold), so the line-break hyphen is "-"
between ASCII letters; the literal "-" comes first so that the re engine scans for it, where BREAK_HYPHEN_RE's
character class is tried at every character. Both find the same breaks in a folded text whose letters around a
break are ASCII (tests/nlp/finders/test_themes.py checks it)."""
WORD_SEP = r"[\s\-/'’]+"
# Bare migration words (on the folded view).
GENERIC_RE = re.compile(
    r"(?<![a-z])(?:(?:e|im)?migra(?:tion|tions|nt|nts|nte|ntes|toire|toires|tory|cion|ciones|torio|toria|torios|torias))"
    r"(?![a-z])"
)
VERB_READINGS = {"trata": re.compile(r"(?<![a-z])(?:se|si|que|no)\s+$")}
"""Term words that are also a verb after a clitic ("se trata de personas": "it concerns persons", not trafficking):
a term starting with the key is no theme mention when the folded text just before it matches."""
VERB_LOOKBACK = 8
FORCED_MOBILITY_RE = re.compile(
    r"(?<![a-z])(?:refugee|refugie|refugiad|asylum|asile|asilo|displacement|displaced|deplacement|deplace|"
    r"desplazamiento|desplazad|returnee|rapatrie|repatriad|idps?(?![a-z])|fleeing|fled(?![a-z])|fuyant|huyendo)"
)
"""Words of forced mobility (folded en/fr/es; "fleeing the country") that, like a migration word, give a '~' term
its migration context."""
# Not human migration: animals, IT systems.
DATA_WORD_RE = re.compile(
    r"(?<![a-z])(?:data|statistic|disaggregat|census|survey|indicator|donnees|statistique|desagreg|recensement|"
    r"enquete|indicateur|datos|estadistic|desglos|censo|encuesta|indicador)")
INTEGRATION_WORD_RE = re.compile(
    r"(?<![a-z])(?:integrat|inclusi|cohesi|coexist|xenophob|discriminat|tension|social|integracion"
    r"|integracao|convivencia|vivre\s+ensemble)")
PERSON_WORD_RE = re.compile(
    r"(?<![a-z])(?:women|woman|girls?|boys?|child(?:ren)?|persons?|people|human\s+beings|victims?|sexual|"
    r"exploitation|forced\s+labou?r|migrants?|femmes|filles|enfants|personnes|victimes|mujeres|ninas|ninos|"
    r"personas|victimas)(?![a-z])")
GOODS_BEFORE_RE = re.compile(
    r"(?:drugs?|narcotics?|arms|firearms?|weapons?|wildlife|timber|cultural\s+property|illicit|minerals?|waste|"
    r"fauna|flora|goods|tobacco|fuel|cocaine|opium|heroin)[\s-]*$")
GOODS_AFTER_RE = re.compile(r"^\s*(?:in|of)\b")
"""Around a '^' term: what is trafficked is goods ("drug trafficking"), or named after it ("trafficking in
wildlife"; trafficking in persons, women or children is a lexicon term of its own, matched first)."""
# Climate/environment terms and migration/displacement terms (folded en/fr/es) for the clause-level co-occurrence.
CLIMATE_RE = re.compile(  # no leading lookbehind (re would try it at every char): the word start is checked after
    r"(?:climate\s+change|climatic|changements?\s+climatiques?|cambio\s+climatico|environmental\s+"
    r"degradation|degradation\s+(?:de\s+l'|of\s+the\s+)environnement|degradacion\s+ambiental|desertification|"
    r"desertificacion|sea[-\s]level\s+rise|natural\s+hazards?|catastrophes\s+naturelles|desastres\s+naturales)"
    r"(?![a-z])")
CLIMATE_ANCHORS = ("clima", "degrada", "desertif", "sea level", "sea-level", "natural hazard", "naturelles",
                   "naturales")
"""A literal inside each CLIMATE_RE term."""
ANCHOR_REACH = 40
"""Chars either side of an anchor searched for its whole CLIMATE_RE term."""
MOBILITY_RE = re.compile(
    r"(?<![a-z])(?:(?:e|im)?migra(?:tion|tions|nts?|ntes?|toires?|tory|cion|ciones|ntes)|displacement|deplacements?|"
    r"desplazamientos?|mobility|mobilite|movilidad|displaced|deplace(?:e|s|es)?|desplazad[oa]s?)(?![a-z])")
CLAUSE_BREAK_RE = re.compile(r"[,;.!?:()]|\n\s*\n")
RETURN_THEME = "return_reintegration"
FORCED_RETURN_RE = re.compile(  # folded en/fr/es; tried only where RETURN_ANCHOR_RE matches (at a word start)
    r"(?:(?:return|retour|retorno|regreso)s?\s+(?:volontaires?\s+|voluntari[oa]s?\s+|voluntary\s+)?"
    r"(?:of|des|de|du|del)\s+(?:(?:the|los|las|les|la)\s+)?(?:[a-z'-]+\s+){0,3}?"
    r"(?:refugees?|refugies?|refugiad[oa]s|displaced|deplacee?s|desplazad[oa]s|idps|internally|asylum[-\s]seekers?|"
    r"personnes\s+deplacees|personas\s+desplazadas|migrants?|migrantes?)"
    r"|(?:refugee|idp|refugie)s?\s+returns?"
    r"|returning\s+(?:refugees|idps|migrants)"
    r"|voluntary\s+repatriation|repatriation\s+of\s+(?:the\s+)?(?:[a-z'-]+\s+){0,2}?(?:refugees|migrants|"
    r"nationals|citizens|returnees|displaced|persons|asylum[-\s]seekers|victims))(?![a-z])")
RETURN_ANCHOR_RE = re.compile(r"(?<![a-z])(?:retur|retou|retor|regres|refug|idp|voluntar|repatri)")
"""Where a FORCED_RETURN_RE match can start: the first letters of each alternative, at a word start."""
NON_HUMAN_RE = re.compile(
    r"(?:data|server|database|system|software|cloud|bird|fish|animal|wildlife|species|locust|donnees|datos)\s*$"
    r"|^\s*(?:locust|bird|species|fish|shared\s+resource|stock|pattern\s+of\s+(?:birds|fish)|routes?\s+of\s+birds|of\s+(?:data|birds|fish|species))",
)


CUES: dict[str, re.Pattern[str]] = {DATA_MARK: DATA_WORD_RE, INTEGRATION_MARK: INTEGRATION_WORD_RE,
                                    PERSON_MARK: PERSON_WORD_RE}
"""The word a marked term needs near it, by mark."""


@dataclass(frozen=True, slots=True)
class _Term:
    """One compiled lexicon term."""

    theme: str
    needs_context: bool
    cue: re.Pattern[str] | None = None
    """A word that must be near the term ('%': a data word, '+': an integration word, '^': a word for people)."""
    people: bool = False
    """A '^' term: never said of goods ("drug trafficking", "trafficking in wildlife")."""


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """Per stem of a first word: one alternation regex of the terms starting with it, and the term of each group."""

    stems: dict[str, tuple[re.Pattern[str], tuple[_Term, ...]]]
    finder: re.Pattern[str]  # matches any stem at a word start (a trie-shaped regex: fast in one pass)
    entries_of: dict[str, tuple[tuple[re.Pattern[str], tuple[_Term, ...]], ...]] = field(default_factory=dict)
    """Memo: the stems entries to try where the finder matched a given string (filled while tagging)."""


def _term_regex(term: str) -> str:
    """Regex for a folded term: each word with optional endings, flexible separators."""
    words = [w for w in re.split(r"[\s\-/'’]+", term) if w]
    parts = []
    for w in words:
        body = re.escape(w).replace(",", ",?")
        parts.append(body + (WORD_ENDINGS if w[-1].isalpha() else ""))
    return r"(?<![a-z])" + WORD_SEP.join(parts) + r"(?![a-z])"


def _trie_regex(words: list[str]) -> str:
    """A regex matching any of words, shaped as a prefix tree so that Python's re scans it quickly."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for c in w:
            node = node.setdefault(c, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        alts = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _stem(word: str) -> str:
    """Key under which a term is indexed: its first word cut to STEM_LEN (short words cut to SHORT_STEM_LEN)."""
    return word[:STEM_LEN] if len(word) >= STEM_LEN else word[:SHORT_STEM_LEN]


@lru_cache(maxsize=1)
def lexicon_terms() -> dict[str, dict[str, list[str]]]:
    """The raw terms of themes.json by theme id and language (its themes must be exactly THEME_IDS)."""
    try:
        data = json.loads(THEMES_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ResourceError(f"theme lexicon {THEMES_JSON} cannot be read: {exc}") from exc
    themes = {k: v for k, v in data.items() if not k.startswith("_")}
    if tuple(themes) != THEME_IDS:
        raise ResourceError(f"{THEMES_JSON.name}: themes {list(themes)} differ from the contract's {list(THEME_IDS)}")
    return themes


@lru_cache(maxsize=len(LANGUAGES) + 1)
def _lexicon(language: str) -> _Lexicon:
    """Compile the lexicon of one language (English terms are always included: reports mix them in)."""
    by_stem: dict[str, list[tuple[str, int, _Term]]] = {}
    langs = ("en",) if language == "en" else ("en", language) if language in LANGUAGES else LANGUAGES
    for theme, per_lang in lexicon_terms().items():
        for lang in langs:
            for raw in per_lang.get(lang, ()):
                needs = raw.startswith(CONTEXT_MARK)
                cue = CUES.get(raw[:1])
                term = fold(raw.lstrip(MARKS)).strip()
                first = re.split(r"[\s\-/'’,]+", term)[0] if term else ""
                if not first:
                    raise ConfigError(f"empty term {raw!r} in {THEMES_JSON.name}, theme {theme!r}, language {lang!r}")
                by_stem.setdefault(_stem(first), []).append(
                    (_term_regex(term), len(term), _Term(theme, needs, cue, raw.startswith(PERSON_MARK))))
    stems = {}
    for stem, items in by_stem.items():
        items.sort(key=lambda it: -it[1])  # longer terms first: the longest term at a place wins
        pattern = re.compile("|".join(f"({rx})" for rx, _, _ in items))
        stems[stem] = (pattern, tuple(t for _, _, t in items))
    return _Lexicon(stems, re.compile(r"(?<![a-z])" + _trie_regex(list(stems))))


@dataclass(frozen=True, slots=True)
class _View:
    """Folded text without line-break hyphenation, and the map back to the original offsets."""

    text: str
    cuts: tuple[int, ...]  # view offsets at which removed characters were
    removed: tuple[int, ...]  # cumulative count of removed characters at each cut

    def to_original(self, pos: int) -> int:
        """Original offset of the view character at pos."""
        i = bisect.bisect_right(self.cuts, pos)
        return pos + (self.removed[i - 1] if i else 0)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the view span [start, end)."""
        return self.to_original(start), self.to_original(end - 1) + 1


def _view(text: str) -> _View:
    """Build the matching view of a text."""
    folded = fold_document(text)
    parts: list[str] = []
    cuts: list[int] = []
    removed: list[int] = []
    last = 0
    total = 0
    for m in FOLDED_BREAK_HYPHEN_RE.finditer(folded):
        parts.append(folded[last:m.start()])
        total += m.end() - m.start()
        cuts.append(m.start() - (total - (m.end() - m.start())))
        removed.append(total)
        last = m.end()
    parts.append(folded[last:])
    return _View("".join(parts), tuple(cuts), tuple(removed))


def _is_human_migration(view: str, start: int, end: int) -> bool:
    """Whether a bare migration word at [start, end) is about people (not data, birds, locusts or fish)."""
    before = view[max(0, start - NEAR_CHARS): start]
    after = view[end: end + NEAR_CHARS]
    return not (NON_HUMAN_RE.search(before) or NON_HUMAN_RE.match(after))


def _has_migration_context(view: str, start: int, end: int) -> bool:
    """Whether a migration word about people, or a refugee, asylum or displacement word, is within CONTEXT_WINDOW
    chars of the span."""
    lo, hi = max(0, start - CONTEXT_WINDOW), min(len(view), end + CONTEXT_WINDOW)
    return any(_is_human_migration(view, m.start(), m.end()) for m in GENERIC_RE.finditer(view, lo, hi)) or (
        FORCED_MOBILITY_RE.search(view, lo, hi) is not None
    )


def _has_cue(view: str, start: int, end: int, cue: re.Pattern[str]) -> bool:
    """Whether a cue word is within CUE_WINDOW chars of the span [start, end), in the same sentence."""
    lo, hi = max(0, start - CUE_WINDOW), min(len(view), end + CUE_WINDOW)
    for m in cue.finditer(view, lo, hi):
        a, b = (m.start(), start) if m.start() < start else (end, m.start())
        if not re.search(r"[.;!?](?=\s)|\n\s*\n", view[a:b]):
            return True
    return False


def _climate_terms(text: str) -> list[re.Match[str]]:
    """CLIMATE_RE matches at word starts, found from a literal of each term (str.find is much faster than a scan)."""
    found: dict[int, re.Match[str]] = {}
    for anchor in CLIMATE_ANCHORS:
        pos = text.find(anchor)
        while pos >= 0:
            for m in CLIMATE_RE.finditer(text, max(0, pos - ANCHOR_REACH), pos + len(anchor) + ANCHOR_REACH):
                if m.start() <= pos < m.end() and not (m.start() and "a" <= text[m.start() - 1] <= "z"):
                    found.setdefault(m.start(), m)
            pos = text.find(anchor, pos + len(anchor))
    return [found[k] for k in sorted(found)]


def _climate_mobility(text: str) -> list[tuple[int, int, str]]:
    """Climate/environment terms with a migration or displacement term in the same clause, within CLIMATE_GAP chars
    ("the adverse effects of climate change on migration", "effets négatifs du changement climatique sur la
    migration", "desplazamiento por el cambio climático")."""
    out: list[tuple[int, int, str]] = []
    for m in _climate_terms(text):
        lo, hi = max(0, m.start() - CLIMATE_GAP), min(len(text), m.end() + CLIMATE_GAP)
        for other in MOBILITY_RE.finditer(text, lo, hi):
            a, b = (other.end(), m.start()) if other.end() <= m.start() else (m.end(), other.start())
            if a <= b and not CLAUSE_BREAK_RE.search(text, a, b) and _is_human_migration(text, other.start(),
                                                                                         other.end()):
                out.append((min(m.start(), other.start()), max(m.end(), other.end()), ENVIRONMENTAL_THEME))
                break
    return out


def _forced_returns(text: str) -> list[tuple[int, int, str]]:
    """The return of refugees, displaced persons or migrants ("the return of Central African refugees", "retour
    volontaire des réfugiés", "retorno de los desplazados", "refugee returns", "voluntary repatriation"):
    return_reintegration mentions the lexicon's fixed terms do not cover."""
    return [(m.start(), m.end(), RETURN_THEME) for m in anchored_finditer(FORCED_RETURN_RE, RETURN_ANCHOR_RE, text)]


def _find_view(view: _View, language: str) -> list[tuple[int, int, str]]:
    """(view start, view end, theme) of every theme term in the view."""
    text = view.text
    lexicon = _lexicon(language)
    stems, entries_of = lexicon.stems, lexicon.entries_of
    found: list[tuple[int, int, str]] = []
    for h in lexicon.finder.finditer(text):
        stem = h.group(0)
        entries = entries_of.get(stem)
        if entries is None:
            # the trie matches the longest stem; a shorter stem (3 letters) may index other terms at the same place
            entries = tuple(stems[key] for key in {stem, stem[:SHORT_STEM_LEN]} if key in stems)
            entries_of[stem] = entries
        pos = h.start()
        for pattern, terms in entries:
            m = pattern.match(text, pos)
            if m is None or not m.lastindex:
                continue
            term = terms[m.lastindex - 1]
            start, end = m.span()
            verb = VERB_READINGS.get(text[start:start + 5])
            if verb is not None and verb.search(text, max(0, start - VERB_LOOKBACK), start):
                continue
            if term.needs_context and not _has_migration_context(text, start, end):
                continue
            if term.cue is not None and not _has_cue(text, start, end, term.cue):
                continue
            if term.people and (GOODS_BEFORE_RE.search(text, max(0, start - NEAR_CHARS), start)
                                               or GOODS_AFTER_RE.match(text[end:end + NEAR_CHARS])):
                continue
            if any(ps <= start and end <= pe and pt == term.theme for ps, pe, pt in found[-NESTED_LOOKBACK:]):
                continue
            found.append((start, end, term.theme))
    found.extend(_climate_mobility(text))
    taken = Occupancy(len(text))  # a lexicon term already read there ("voluntary return of migrants")
    for start, end, theme in found:
        if theme == RETURN_THEME:
            taken.take(start, end)
    found.extend(r for r in _forced_returns(text) if not taken.overlaps(r[0], r[1]))
    return found


def find(text: str, *, language: str = "en") -> list[Span]:
    """Find migration-theme mentions (label MIGRATION_THEME, id = theme id) in a whole document text."""
    if not text:
        return []
    view = _view(text)
    spans = [Span(LABEL, *view.span(s, e), theme) for s, e, theme in _find_view(view, language)]
    return sorted(spans, key=lambda sp: (sp.start, sp.end, sp.canonical_id))


def find_generic(text: str, *, language: str = "en") -> list[Span]:
    """Find bare migration words (migration, migrants, migratoire, migración ...) as label MIGRATION, id 'migration'."""
    del language  # the word forms of en/fr/es are all matched
    if not text:
        return []
    view = _view(text)
    out: list[Span] = []
    for m in GENERIC_RE.finditer(view.text):
        if not _is_human_migration(view.text, m.start(), m.end()):
            continue
        out.append(Span(GENERIC_LABEL, *view.span(m.start(), m.end()), GENERIC_ID))
    return out
