"""Find numbered references to SDG goals, targets and indicators (en/fr/es) and validate them against sdg.json.

A code counts when an SDG cue word introduces it ("SDG 10.7", "targets 8.8 and 10.7", "l'indicateur 10.7.2 des
ODD") or, for a bare target/indicator code, when one is right next to it in its sentence. Goal tiles (the
numbered goal titles that open a report's chapters) are layout, found once by pipeline.document.tiles.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from itertools import accumulate

from pipeline.nlp.finders import sdg_lists
from pipeline.nlp.finders.sdg_patterns import SDG_LONG as _SDG_LONG
from pipeline.nlp.finders.sdg_patterns import SDG_WORD as _SDG_WORD
from pipeline.nlp.finders.sdg_patterns import SPACES_ONE_BREAK as _WS
from pipeline.nlp.finders.sdg_patterns import lower_keeping_offsets
from pipeline.nlp.search import anchored_finditer
from pipeline.resources.sdg import SdgFramework, load_sdg
from pipeline.types import Span
from pipeline.vocab import SDG_PREFIX

LABEL_GOAL = "SDG_GOAL"
LABEL_TARGET = "SDG_TARGET"
LABEL_INDICATOR = "SDG_INDICATOR"

MAX_RANGE_SPAN = 16
"""Longest range ("Goals 1–17") that is expanded item by item."""
SENTENCE_WINDOW = 400
"""How far (chars) to look back/forward for the sentence that holds a bare number."""
NEAR_WINDOW = 20
"""Chars inspected before/after a bare number for guard words."""
CUE_DISTANCE = 60
"""A bare code counts as an SDG item when an SDG cue is at most this far (chars) away in its sentence."""

# One SDG code: goal, goal.target, goal.target.indicator (targets may be letters a–c).
_CODE = r"\d{1,2}(?:\.(?:\d{1,2}|[a-d](?![a-z])))?(?:\.\d{1,2})?"
# What must not follow a code: more digits, a decimal tail, a percent sign.
_CODE_END = r"(?!\d|[.,]\d|\s?%|[.][a-d](?![a-z]))"
ITEM = _CODE + _CODE_END
_WS1 = r"(?:[^\S\n]+\n?[^\S\n]*|\n[^\S\n]*)"
_LIST_SEP = (
    rf"(?:{_WS},{_WS}(?:(?:and|et|y|e|or|ou|o){_WS1})?|{_WS};{_WS}|{_WS}&{_WS}"
    rf"|{_WS1}(?:and|et|y|e|or|ou|o|as\s+well\s+as){_WS1}"
    rf"|{_WS}[–—-]{_WS}|{_WS1}(?:to|through|à|au|a|al){_WS1})"
)
_TITLE = r"(?:[^\S\n]*\([^()\d\n]{2,60}\))?"
"""An item's name in brackets, no digits: "l'ODD 10 (Inégalités réduites) et 5 (Égalité entre les sexes)"."""
_RANGE_SEP_RE = re.compile(r"^\s*(?:[–—-]|to|through|à|au|a|al)\s*$", re.IGNORECASE)

_GOAL_WORD = r"(?:Goals?|objectifs?|Objetivos?)"
_TARGET_WORD = r"(?:targets?|cibles?|metas?|sous-objectifs?)"
_INDICATOR_WORD = r"(?:indicators?|indicateurs?|indicador(?:es)?)"

CUE_RE = re.compile(
    r"(?=[sogtcmi])(?<![\w-])(?P<cue>"
    rf"(?P<sdg>(?:{_SDG_WORD}|{_SDG_LONG})(?:\s+(?P<sdgkind>{_GOAL_WORD}|{_TARGET_WORD}|{_INDICATOR_WORD}))?)"
    rf"|(?P<goal>{_GOAL_WORD})|(?P<target>{_TARGET_WORD})|(?P<indicator>{_INDICATOR_WORD})"
    r")"
    r"(?P<gap>\s*(?:n[°o]\.?|no\.|#|:|-|–)?\s*)"
    rf"(?P<list>{ITEM}{_TITLE}(?:{_LIST_SEP}{ITEM}{_TITLE})*)",
    re.IGNORECASE,
)
ITEM_RE = re.compile(ITEM)
# Where a CUE_RE match can start in the lower-cased text (the first letters of every cue word): scanned fast,
# CUE_RE is tried only there. Case-sensitive, so texts holding a character that IGNORECASE equates with an ASCII
# letter (dotted/dotless i, long s, Kelvin sign) are scanned with CUE_RE alone.
CUE_ANCHOR_RE = re.compile(
    r"sdg|od[ds]|o\.d\.d|sustainable|objectif|objetivo|goal|target|cible|meta|sous-objectif|indica")
CASE_FOLDED_ASCII_TWINS = ("\u0130", "\u0131", "\u017f", "\u212a")

HASH_AFTER_QUOTE_RE = re.compile(rf"[)”\"][^\S\n]*(?:,|and|et|y)[^\S\n]+#[^\S\n]?(?P<code>{ITEM})")
"""A hash code listed after a quoted target wording: "targets #10.7 (“Facilitate ... policies”) and #17.18 (“By 2020
...”)"; it counts when a target or indicator found by its cue comes before it in the sentence."""
BARE_RE = re.compile(r"\d(?<![\w.,/#§-]\d)\d?\.(?:\d{1,2}|[a-d](?![a-z]))(?:\.\d{1,2})?(?![\w%]|[.,/-]\d|\.[a-z])")

# Sentence-level evidence that numbers around are SDG codes.
SDG_CONTEXT_RE = re.compile(
    rf"(?<![\w-]){_SDG_WORD}(?![\w-])|Sustainable\s+Development|d[ée]veloppement\s+durable|Desarrollo\s+Sostenible"
    r"|Agenda\s+2030|2030\s+Agenda|Programme\s+(?:de\s+d[ée]veloppement\s+durable\s+)?"
    r"(?:à\s+l'horizon\s+)?2030|Agenda\s+(?:de\s+)?2030|Global\s+Goals",
    re.IGNORECASE,
)
TARGET_CONTEXT_RE = re.compile(
    rf"(?<![\w-]){_SDG_WORD}(?![\w-])|{_SDG_LONG}|Agenda\s+2030|2030\s+Agenda|\b(?:targets?|cibles?|metas?)\b",
    re.IGNORECASE,
)
SENTENCE_END_RE = re.compile(r"[.!?;](?=\s)|\n\s*\n")
# Words before a bare number that make it a section, page, figure, version, article ... number.
BARE_BEFORE_GUARD_RE = re.compile(
    r"(?:\b(?:sections?|chap(?:ter|itre)s?|para(?:graph)?s?|paragraphes?|p[áa]rrafos?|fig(?:ure)?s?|tables?|tableaux?|cuadros?"
    r"|annex(?:es)?|annexes?|anexos?|pages?|pp?|see|voir|v[ée]ase|steps?|version|v|art(?:icles?|[íi]culos?)?|questions?|q"
    r"|box|encadr[ée]|no|n[°o]|loi|ley|law|act|rule|r[èe]gle|item|points?|clause|sub-?section|level|phase|grade|score|rate"
    r"|ratio|index|[ée]tape|capítulo|secci[óo]n|fracci[óo]n|outputs?|outcomes?|results?|r[ée]sultats?|produits?|extrants?"
    r"|resultados?|productos?|objectives?|objectifs?|objetivos?|activit(?:y|ies|[ée]s?)|actividad(?:es)?|indicators?|indicateurs?|indicador(?:es)?|targets?|cibles?|metas?)\.?\s*[-:#]?\s*$"
    r"|\b(?:between|from|than|over|under|about|approximately|around|reached|score[sd]?|rated|entre|de|desde|hasta)\s*$"
    r"|[$€£¥]\s*$)",
    re.IGNORECASE,
)
BARE_AFTER_GUARD_RE = re.compile(
    r"^\s*(?:%|per\s*cent|percent|pour\s*cent|por\s*ciento|pp\b|percentage|millions?|billions?|milliards?|millones|mil\b|bn\b|m\b"
    r"|k\b|years?|ans\b|a[ñn]os|months?|mois|meses|days?|jours|d[íi]as|hours?|heures|horas|points?|times|fois|veces|kg|km|ha\b|mw|"
    r"out\s+of|sur\s+\d|de\s+cada|per\b|par\b|por\b|°|/\d|x\b|[a-z]{2,3}\s*\d|[-–—]\s*\d|to\s+\d|and\s+\d+\s*%)",
    re.IGNORECASE,
)
ACRONYM_BEFORE_RE = re.compile(r"\b(?!SDG|ODD|ODS)[A-Z]{2,6}\s*[-:#]?\s*$")
"""A project/programme code prefix such as 'EUTF 4.6' (any acronym but the SDG ones)."""
NUMBER_BEFORE_RE = re.compile(r"\d[ \t]+$")
NUMBER_AFTER_RE = re.compile(r"^[ \t]+[-–]?\d")
HEADING_AFTER_RE = re.compile(r"^[ \t]+[A-ZÀ-Ý][a-zà-ÿ]")
# A cue number followed by these belongs to another framework (Global Compact objective 19, ...).
OTHER_FRAMEWORK_AFTER_RE = re.compile(
    r"^\s*(?:du|de\s+la|of\s+the|of|del|de)\s+(?:(?:Global\s+)?Compact|Pacte|Pacto|GCM|PMM|PMMOR|project|projet|proyecto"
    r"|(?:programme|program|programa)\b(?!\s+(?:2030|de\s+d[ée]veloppement|de\s+desarrollo))|plan|strategy|strat[ée]gie|estrategia|framework|cadre|marco|convention|GFMD)",
    re.IGNORECASE,
)
OTHER_FRAMEWORK_BEFORE_RE = re.compile(
    r"(?:GCM|Compact|Pacte|Pacto|PMM|project|projet|proyecto|programme|strategic|strat[ée]gique|estrat[ée]gico|specific|"
    r"sp[ée]cifique|espec[íi]fico|general|g[ée]n[ée]ral|overall|immediate|MDG|OMD|ODM|Millennium|Mill[ée]naire|Milenio)\s*$",
    re.IGNORECASE,
)
PROJECT_CODE_RE = re.compile(
    r"(?<![\w-])(?:Outputs?|Outcomes?|Results?|R[ée]sultats?|Produits?|Extrants?|Resultados?|Productos?|Specific\s+Objectives?"
    r"|Objectifs?\s+sp[ée]cifiques?|Objetivos?\s+espec[íi]ficos?|SO|OS|IO|ST|OP)\s*[-:#]?\s*(\d{1,2}(?:\.\d{1,2})?)(?![\d])"
)
AMOUNT_AFTER_RE = re.compile(
    r"^\s*(?:%|per\s*cent|percent|pour\s*cent|por\s*ciento|millions?|billions?|milliards?|millones|bn\b|m\b)",
    re.IGNORECASE,
)
# Where a PROJECT_CODE_RE match can start (the first letters of its head words).
PROJECT_CODE_ANCHOR_RE = re.compile(r"Out|Res|R[ée]s|Produ|Extrant|Specific|Objectif|Objetivo|SO|OS|IO|ST|OP")
ORDINAL_BEFORE_RE = re.compile(
    r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|[0-9]+(?:st|nd|rd|th)|main|overall|ultimate"
    r"|project|programme|our|its|their|his|her)\s*$",
    re.IGNORECASE,
)
DOC_SDG_KEYS = ("sdg", "odd", "ods", "agenda 2030", "2030 agenda", "global goals")
DOC_SDG_RES = tuple(
    re.compile(p)
    for p in (r"sustainable\s+development", r"veloppement\s+durable", r"desarrollo\s+sostenible", r"2030\s+agenda",
              r"agenda\s+(?:de\s+)?2030", r"programme\s+(?:de\s+d[ée]veloppement\s+durable\s+)?(?:à\s+l.horizon\s+)?2030")
)
"""Literal-prefixed patterns (fast to search) for SDG talk across line breaks."""
CONTEXT_PEEK = 60
"""Chars before/after a cue inspected for another framework's name."""
PLURAL_CUE_RE = re.compile(r"(?:s|es)$", re.IGNORECASE)
FR_ES_GOAL_RE = re.compile(r"^(?:objectifs?|objetivos?)$", re.IGNORECASE)


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """Approximate start/end of the sentence around pos."""
    lo = max(0, pos - SENTENCE_WINDOW)
    start = lo
    for m in SENTENCE_END_RE.finditer(text, lo, pos):
        start = m.end()
    m = SENTENCE_END_RE.search(text, pos, min(len(text), pos + SENTENCE_WINDOW))
    end = m.start() if m else min(len(text), pos + SENTENCE_WINDOW)
    return start, end


def _classify(code: str) -> str | None:
    """Label of a code by its shape (1, 2 or 3 parts), or None."""
    parts = code.count(".") + 1
    return {1: LABEL_GOAL, 2: LABEL_TARGET, 3: LABEL_INDICATOR}.get(parts)


def _valid(code: str, fw: SdgFramework) -> bool:
    """Whether code is a goal, target or indicator of the framework."""
    return code in fw.goal_numbers or code in fw.target_codes or code in fw.indicator_codes


def _repair_glued(code: str, fw: SdgFramework) -> str | None:
    """Drop digits glued to an indicator's last part (page numbers: '2.2.18' → '2.2.1') when that makes it valid."""
    head, _, last = code.rpartition(".")
    if code.count(".") == 2 and len(last) == 2 and f"{head}.{last[0]}" in fw.indicator_codes:
        return f"{head}.{last[0]}"
    return None


def _expand_range(a: str, b: str, fw: SdgFramework) -> list[str]:
    """Codes strictly between a and b when both share their prefix and have numeric last parts."""
    ha, _, la = a.rpartition(".")
    hb, _, lb = b.rpartition(".")
    if ha != hb or not (la.isdigit() and lb.isdigit()):
        return []
    lo, hi = int(la), int(lb)
    if not 0 < hi - lo <= MAX_RANGE_SPAN:
        return []
    pre = f"{ha}." if ha else ""
    return [c for c in (f"{pre}{n}" for n in range(lo + 1, hi)) if _valid(c, fw)]


def _allowed_shape(kind: str, label: str) -> bool:
    """Whether a code of this label may follow a cue of this kind."""
    if kind == "indicator":
        return label == LABEL_INDICATOR
    if kind == "target":
        return label in (LABEL_TARGET, LABEL_INDICATOR)
    return True


def _cue_kind(m: re.Match[str]) -> str:
    """goal / target / indicator / sdg for a cue match."""
    if m.group("sdg"):
        k = (m.group("sdgkind") or "").lower()
        if not k:
            return "sdg"
        if re.fullmatch(_TARGET_WORD, k, re.IGNORECASE):
            return "target"
        if re.fullmatch(_INDICATOR_WORD, k, re.IGNORECASE):
            return "indicator"
        return "sdg"
    for k in ("goal", "target", "indicator"):
        if m.group(k):
            return k
    return "sdg"


def _project_codes(text: str) -> frozenset[str]:
    """Codes the document gives its own results ('Output 1.2', 'Result 1.1', 'Produit 2.1', 'Outcome 3')."""
    return frozenset(m.group(1) for m in anchored_finditer(PROJECT_CODE_RE, PROJECT_CODE_ANCHOR_RE, text))


def _is_project_code(code: str, project: frozenset[str]) -> bool:
    """Whether an unqualified indicator/target code extends one of the document's own result codes."""
    head = code.rpartition(".")[0]
    return code in project or head in project


def _cue_spans(text: str, low: str, fw: SdgFramework, doc_has_sdg: bool) -> list[Span]:
    """Mentions introduced by an explicit cue word (SDG, Goal, target, indicator and their fr/es forms)."""
    out: list[Span] = []
    project: frozenset[str] | None = None
    cues = (CUE_RE.finditer(low) if any(twin in low for twin in CASE_FOLDED_ASCII_TWINS)
            else anchored_finditer(CUE_RE, CUE_ANCHOR_RE, low))
    for m in cues:
        kind = _cue_kind(m)
        qualified = bool(m.group("sdg"))
        cue = text[m.start("cue"): m.end("cue")]
        cue_word = cue.split()[-1]
        list_start = m.start("list")
        after = text[m.end(): m.end() + CONTEXT_PEEK]
        before = text[max(0, m.start() - CONTEXT_PEEK): m.start()]
        if OTHER_FRAMEWORK_AFTER_RE.match(after) or OTHER_FRAMEWORK_BEFORE_RE.search(before):
            continue
        items = list(ITEM_RE.finditer(text, list_start, m.end()))
        plural = bool(PLURAL_CUE_RE.search(cue_word)) and cue_word.lower() != "ods"
        if plural and (not m.group("gap") or (len(items) < 2 and "." not in items[0].group())):
            continue  # "Sustainable Development Goals 39": a footnote marker; a dotted code ("targets 14.7") never is
        if not qualified:
            if not doc_has_sdg:
                continue
            s0, s1 = _sentence_bounds(text, m.start())
            in_sentence = bool(SDG_CONTEXT_RE.search(text, s0, s1))
            if kind == "goal" and not in_sentence and (not cue_word[0].isupper() or FR_ES_GOAL_RE.match(cue_word)):
                continue  # 'objectif 2' / lower-case 'goal 5' need an SDG word in the sentence
            if kind == "goal" and ORDINAL_BEFORE_RE.search(before):
                continue
        prev_code: str | None = None
        prev_end = list_start
        for i, it in enumerate(items):
            code = it.group(0)
            tail = text[it.end(): it.end() + NEAR_WINDOW]
            if AMOUNT_AFTER_RE.match(tail):
                break  # 'SDG 5 and 10 per cent', '2.3 million'
            label = _classify(code)
            if label is None:
                continue
            end = it.end()
            if not _valid(code, fw):
                repaired = _repair_glued(code, fw) if kind in ("indicator", "sdg") else None
                if repaired is None:
                    prev_code, prev_end = None, it.end()
                    continue
                code, end = repaired, it.start() + len(repaired)
            if not qualified and kind in ("indicator", "target") and project is None:
                project = _project_codes(text)
            if not _allowed_shape(kind, label) or (
                not qualified and kind in ("indicator", "target") and _is_project_code(code, project or frozenset())
            ):
                prev_code, prev_end = None, it.end()
                continue
            sep = text[prev_end: it.start()]
            if prev_code is not None and out and _RANGE_SEP_RE.match(sep):
                range_start = out[-1].start
                for mid in _expand_range(prev_code, code, fw):
                    out.append(Span(_classify(mid) or label, range_start, end, SDG_PREFIX + mid))
            start = m.start() if i == 0 else it.start()
            out.append(Span(label, start, end, SDG_PREFIX + code))
            prev_code, prev_end = code, it.end()
    return out


class _Taken:
    """Char ranges already taken, asked whether a point falls inside one of them in O(log n) (the ranges may
    overlap): ranges sorted by start, with the running maximum of their ends."""

    def __init__(self, ranges: Sequence[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self.starts = [a for a, _ in ordered]
        self.max_ends = list(accumulate((b for _, b in ordered), max))

    def holds(self, s: int, e: int) -> bool:
        """Whether some taken range (a, b) has a <= s < b or a < e <= b."""
        i = bisect.bisect_right(self.starts, s)  # ranges with a <= s
        if i and self.max_ends[i - 1] > s:
            return True
        j = bisect.bisect_left(self.starts, e)  # ranges with a < e
        return bool(j) and self.max_ends[j - 1] >= e


def _opens_line(text: str, pos: int) -> bool:
    """Whether only whitespace stands between the last line break before ``pos`` and ``pos`` (read backwards over
    that whitespace only, not back to the line break: a long line is not rescanned at every number on it)."""
    i = pos
    while i > 0 and text[i - 1] != "\n":
        if not text[i - 1].isspace():
            return False
        i -= 1
    return True


def _bare_spans(text: str, fw: SdgFramework, taken: Sequence[tuple[int, int]]) -> list[Span]:
    """Bare target/indicator codes ('(10.7)', '10.c') accepted only right next to an SDG cue in the same sentence."""
    out: list[Span] = []
    occupied = _Taken(taken)
    for m in BARE_RE.finditer(text):
        code = m.group(0)
        if not (code in fw.target_codes or code in fw.indicator_codes):
            continue
        s, e = m.start(), m.end()
        if occupied.holds(s, e):
            continue
        before = text[max(0, s - NEAR_WINDOW): s]
        after = text[e: e + NEAR_WINDOW]
        if BARE_BEFORE_GUARD_RE.search(before) or ACRONYM_BEFORE_RE.search(before) or BARE_AFTER_GUARD_RE.match(after):
            continue
        if NUMBER_BEFORE_RE.search(before) or NUMBER_AFTER_RE.match(after):
            continue  # a cell of a row of figures
        if HEADING_AFTER_RE.match(after) and _opens_line(text, s):
            continue  # "2.3 Methodology": a section heading number
        s0, s1 = _sentence_bounds(text, s)
        lo, hi = max(s0, s - CUE_DISTANCE), min(s1, e + CUE_DISTANCE)
        if not TARGET_CONTEXT_RE.search(text, lo, hi):
            continue
        label = _classify(code)
        if label:
            out.append(Span(label, s, e, SDG_PREFIX + code))
    return out


def _hash_continuations(text: str, fw: SdgFramework, spans: Sequence[Span]) -> list[Span]:
    """Hash codes continuing a cue's list past the quoted wording of its item (HASH_AFTER_QUOTE_RE)."""
    cited = sorted(s.start for s in spans if s.label in (LABEL_TARGET, LABEL_INDICATOR))
    if not cited or "#" not in text:
        return []
    out: list[Span] = []
    for m in HASH_AFTER_QUOTE_RE.finditer(text):
        code = m.group("code")
        if not (code in fw.target_codes or code in fw.indicator_codes):
            continue
        s0, _ = _sentence_bounds(text, m.start("code"))
        i = bisect.bisect_left(cited, s0)
        if i < len(cited) and cited[i] < m.start():
            label = _classify(code)
            if label:
                out.append(Span(label, m.start("code"), m.end("code"), SDG_PREFIX + code))
    return out


def _doc_has_sdg(low: str) -> bool:
    """Whether the (lower-cased) document speaks of the SDGs at all."""
    return any(k in low for k in DOC_SDG_KEYS) or any(p.search(low) for p in DOC_SDG_RES)


def find(text: str, *, language: str = "en") -> list[Span]:
    """Find SDG goal, target and indicator references in a whole document text, sorted by start."""
    del language  # the cue words of en/fr/es are all matched; numbers are language-neutral
    if not text:
        return []
    fw = load_sdg()
    low = lower_keeping_offsets(text)
    spans = _cue_spans(text, low, fw, _doc_has_sdg(low))
    spans.extend(sdg_lists.find(text, low))  # "SDGs #1, #12 and #13", "le troisième objectif de développement durable"
    spans.extend(_hash_continuations(text, fw, spans))
    spans.extend(_bare_spans(text, fw, [(s.start, s.end) for s in spans]))
    uniq = {(s.start, s.end, s.canonical_id): s for s in spans}
    return sorted(uniq.values(), key=lambda s: (s.start, s.end, s.canonical_id))
