"""Which units may give evidence: never glossaries, tables of contents, reference lists, citation footnotes,
running furniture or fragments; a table row may (quoted with its column headers).

A unit is refused for where it stands (the section heading above it names a glossary, contents or references;
most rows of its table are glossary entries or contents lines) or for its own shape (an acronym and its long
form, a line ending in a page number, a citation with a URL, a piece of a sentence).
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import lru_cache
from itertools import islice

from pipeline.link.units import CELL_MARK, CONTINUES_RE, ENUMERATOR_RE, HEADING_KIND, TABLE_KIND, \
    Unit, ends_open, is_footnote, is_furniture

GLOSSARY_HEADING_RE = re.compile(
    r"\b(?:acronyms?|abbreviations?|glossary|initialisms?|acronymes?|sigles|abr[eé]viations?|glossaire|siglas|"
    r"acr[oó]nimos?|abreviaturas?|glosario)\b", re.IGNORECASE)
CONTENTS_HEADING_RE = re.compile(
    r"^(?:[\dIVX.\s]*)(?:table\s+of\s+)?contents?$|table\s+des\s+mati[eè]res|^sommaire$|^[ií]ndice(?:\s+general)?$|"
    r"^contenidos?$|^list\s+of\s+(?:figures|tables|boxes|annexes)$", re.IGNORECASE)
REFERENCES_HEADING_RE = re.compile(
    r"^(?:(?:annex|annexe|anexo|appendix)\s*[\dIVXA-H]*\s*[.:\-–]?\s*)?(?:[\dIVX.]+\s*)?"
    r"(?:references?|bibliography|works\s+cited|sources(?:\s+consulted)?|documents?\s+(?:reviewed|consulted)|"
    r"list\s+of\s+(?:documents|references|sources)|desk\s+review\s+documents|bibliographie|"
    r"r[ée]f[ée]rences(?:\s+bibliographiques)?|documents\s+consult[ée]s|referencias(?:\s+bibliogr[aá]ficas)?|"
    r"bibliograf[ií]a|documentos\s+consultados|endnotes|notes)\s*$", re.IGNORECASE)
HEADING_MAX_CHARS = 80
"""Only a short section heading is read as a glossary, contents or references heading."""
SECTION_CACHE_SIZE = 4096
"""Section headings whose verdict is kept (many units share one heading)."""
ACRONYM_RE = re.compile(r"^[A-Z][A-Za-z0-9&'’./\-]{1,11}$")
ACRONYM_LINE_RE = re.compile(r"^([A-Z][A-Za-z0-9&./\-]{1,11})\s*(?:[:=–—-]\s*|\s+)(\S.{2,150})$")
"""A glossary line outside a table: "TIP Trafficking in Persons", "IOM – International Organization ..."."""
ROMAN_RE = re.compile(r"^[IVXLC]+\.?$")
MIN_CAPITALS = 2
"""An acronym has at least this many capital letters."""
LONG_FORM_MAX = 150
CONTENTS_LINE_RE = re.compile(r"(?:\.{4,}|…{2,}|(?:\.\s){4,}|_{4,})\s*\d{0,4}\s*$|\s\d{1,3}$")
"""A contents line: dot leaders, or a title ending in a page number."""
NUMBERED_NAME_RE = re.compile(
    r"\b(?:sdgs?|goals?|odds?|ods|objetivos?|objectifs?|targets?|cibles?|metas?|indicators?|article|art|no|n°|"
    r"chapter|section|annex|box|table|figure)\.?\s*\d{1,3}$", re.IGNORECASE)
"""A line ending in the number of a goal, article or figure, not in a page number."""
CONTENTS_MAX_WORDS = 15
LEADERS_RE = re.compile(r"\.{4,}|…{2,}|(?:\.\s){4,}")
URL_RE = re.compile(r"https?://\S+|www\.\S+|\b\S+\.(?:org|int|com|net|gov|edu)(?:/\S*)?", re.IGNORECASE)
CITATION_RE = re.compile(
    r"\b(?:available\s+(?:at|from|online)|retrieved\s+(?:from|on)|accessed\s+(?:on|at)?|disponible\s+(?:en|sur|à)|"
    r"consult[ée]\s+le|consultado\s+(?:el|en)|ibid\.?|op\.\s*cit\.?)", re.IGNORECASE)
URL_CUES = ("http", "www.", ".org", ".int", ".com", ".net", ".gov", ".edu")
"""Substrings without which a text holds no URL (a quick look before URL_RE)."""
TAIL_CHARS = 60
URL_SHARE = 0.25
"""A unit whose URLs are at least this share of its characters is a citation."""
BLOCK_SHARE = 0.5
BLOCK_MIN_ROWS = 3
"""... and it has at least this many rows ..."""
ENTRY_MAX_CHARS = 150
"""... of at most this many characters on average."""
"""A table or list block is a glossary (or contents) when at least this share of its rows are entries."""
MIN_WORDS = 4
"""A unit of fewer words is a label, not a sentence."""
WORD_RE = re.compile(r"[^\W\d_]{2,}")
REASON_GLOSSARY = "glossary"
REASON_CONTENTS = "contents"
REASON_REFERENCES = "references"
REASON_CITATION = "citation"
REASON_FURNITURE = "furniture"
REASON_FRAGMENT = "fragment"
REASON_HEADING = "heading"
REASON_DEFINITIONS = "definitions"


def _initials_cover(acronym: str, long_form: str) -> bool:
    """Whether the acronym's letters are, in order, initials of the long form's words (OIM, ACNUR, TIP)."""
    letters = [c.lower() for c in acronym if c.isalpha()]
    initials = [w[0].lower() for w in re.findall(r"[^\W\d_][\w'’]*", long_form)]
    it = iter(initials)
    return sum(c.isupper() for c in acronym) >= MIN_CAPITALS and all(any(c == i for i in it) for c in letters)


def is_glossary_entry(text: str) -> bool:
    """Whether a row or line is an acronym and its long form ("TIP | Trafficking in Persons")."""
    if CELL_MARK in text:
        cells = [c.strip() for c in text.split(CELL_MARK) if c.strip()]
        if len(cells) != 2:
            return False
        short, long_form = cells
    else:
        m = ACRONYM_LINE_RE.match(text.strip())
        if not m:
            return False
        short, long_form = m.groups()
    if ROMAN_RE.match(short) or long_form.rstrip().endswith((";", ":")):
        return False  # a numbered clause of a law ("II. Cédula de Identidad ...;"), not an acronym
    return bool(ACRONYM_RE.match(short)) and len(long_form) <= LONG_FORM_MAX and _initials_cover(short, long_form)


def has_leaders(text: str) -> bool:
    """Whether a text holds dot leaders ("....", "…", ". . . .")."""
    return ("...." in text or "…" in text or ". . . ." in text) and bool(LEADERS_RE.search(text))


def _tail(text: str) -> str:
    """The end of a text, where the end-anchored patterns look."""
    return text[-TAIL_CHARS:]


def is_contents_line(text: str) -> bool:
    """Whether a line is a table-of-contents entry (dot leaders, or a short title and a page number)."""
    text = text.strip()
    if has_leaders(text):
        return True
    if len(WORD_RE.findall(text)) > CONTENTS_MAX_WORDS:
        return False
    return bool(CONTENTS_LINE_RE.search(_tail(text))) and not re.search(r"[.!?;:]\s*\d{1,3}$", text) and \
        not NUMBERED_NAME_RE.search(_tail(text))


def is_citation(text: str, *, footnote: bool) -> bool:
    """Whether a unit is a citation: a footnote with a URL or an access note, or text that is mostly URLs."""
    urls = URL_RE.findall(text) if any(cue in text for cue in URL_CUES) else []
    if footnote and (urls or CITATION_RE.search(text)):
        return True
    return bool(urls) and sum(len(u) for u in urls) >= URL_SHARE * len(text)


def _has_words(text: str, n: int) -> bool:
    """Whether a text holds at least ``n`` words (stops at the n-th)."""
    return next(islice(WORD_RE.finditer(text), n - 1, None), None) is not None


def is_fragment(unit: Unit) -> bool:
    """Whether a unit is a piece of a sentence or row rather than a whole one."""
    text = unit.text.strip(" |")
    if not _has_words(text, MIN_WORDS):
        return True
    first_cell = next((c.strip() for c in unit.text.split(CELL_MARK) if c.strip()), "") \
        if unit.kind == TABLE_KIND else text
    if CONTINUES_RE.match(first_cell) and not ENUMERATOR_RE.match(first_cell):
        return True
    if unit.kind == TABLE_KIND:  # a row of labels only (a header row, a row of figures) states nothing
        return not any(_has_words(c, MIN_WORDS) for c in unit.text.split(CELL_MARK))
    last = _tail(text.rstrip())
    if ends_open(last) and not last.rstrip().endswith(","):
        return True
    if unit.kind in ("list", "callout", "caption") or ENUMERATOR_RE.match(text):
        return False
    return not re.search(r"[.!?;:,)\]”\"»’…]\s*(?:\d{1,3}(?:,\s*\d{1,3})*)?\s*$", last)


@lru_cache(maxsize=SECTION_CACHE_SIZE)
def _section_reason(section: str) -> str:
    """Why the units under a section heading give no evidence, or ''."""
    head = " ".join(section.split())
    if not head or len(head) > HEADING_MAX_CHARS:
        return ""
    if GLOSSARY_HEADING_RE.search(head):
        return REASON_GLOSSARY
    if CONTENTS_HEADING_RE.search(head):
        return REASON_CONTENTS
    if REFERENCES_HEADING_RE.search(head):
        return REASON_REFERENCES
    return ""


def _block_reason(members: Sequence[Unit]) -> str:
    """Why a block (a table, a list) gives no evidence: most of its rows are glossary entries or contents lines."""
    if len(members) < BLOCK_MIN_ROWS or sum(len(u.text) for u in members) > ENTRY_MAX_CHARS * len(members):
        return ""  # a paragraph of sentences is no list of entries
    counts: Counter[str] = Counter()
    for u in members:
        if is_glossary_entry(u.text):
            counts[REASON_GLOSSARY] += 1
        elif is_contents_line(u.text):
            counts[REASON_CONTENTS] += 1
    return next((reason for reason, n in counts.most_common() if n >= BLOCK_SHARE * len(members)), "")


class Refusals:
    """Why each unit may not give evidence (glossary, contents, references, citation, furniture, fragment,
    heading, an item of a definitions article), worked out for a unit when it is first asked about (most units are
    never asked)."""

    def __init__(self, units: Sequence[Unit], *, sections: Mapping[str, str] | None = None,
                 definitions: Collection[str] = ()) -> None:
        self._units = units
        self._sections = sections
        self._definitions = definitions  # the blocks of a definitions article (pipeline.link.definitions)
        self._blocks: dict[str, list[Unit]] = {}
        for u in units:
            self._blocks.setdefault(u.first.block_id, []).append(u)
        self._block_reasons: dict[str, str] = {}
        self._reasons: dict[int, str] = {}

    def reason(self, i: int) -> str:
        """Why unit ``i`` gives no evidence, or ''."""
        found = self._reasons.get(i)
        if found is not None:
            return found
        u = self._units[i]
        first = u.first
        section = self._sections.get(first.sentence_id, first.section) if self._sections is not None \
            else first.section
        block = first.block_id
        if block not in self._block_reasons:
            self._block_reasons[block] = _block_reason(self._blocks[block])
        reason = _section_reason(section) or self._block_reasons[block] or \
            (REASON_DEFINITIONS if block in self._definitions else "") or _own_reason(u)
        self._reasons[i] = reason
        return reason

    def __contains__(self, i: object) -> bool:
        return isinstance(i, int) and bool(self.reason(i))


def refusals(units: Sequence[Unit], *, sections: Mapping[str, str] | None = None,
             only: Iterable[int] | None = None) -> dict[int, str]:
    """Index of each unit that may not give evidence → why (see :class:`Refusals`); ``sections`` maps sentence
    ids to their headings (else their own); ``only`` limits the check to some units."""
    found = Refusals(units, sections=sections)
    return {i: r for i in (range(len(units)) if only is None else only) if (r := found.reason(i))}


def _own_reason(u: Unit) -> str:
    """Why a unit gives no evidence by its own shape, or ''."""
    if u.kind == HEADING_KIND:
        return REASON_HEADING
    if is_furniture(u.text):
        return REASON_FURNITURE
    if is_glossary_entry(u.text):
        return REASON_GLOSSARY
    if has_leaders(u.text):
        return REASON_CONTENTS
    if is_citation(u.text, footnote=is_footnote(u.first)):
        return REASON_CITATION
    if is_fragment(u):
        return REASON_FRAGMENT
    return ""
