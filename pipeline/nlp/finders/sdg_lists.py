"""SDG goals cited without a plain "SDG 5": by a list of hash numbers, or by an ordinal word (en, fr, es).

- "the Sustainable Development Goals (SDGs) #1 (End poverty), #12 (Sustainable consumption) and #15 (Life on land)",
  "SDG #3 and #5": every "#N" of the list after an SDG cue is goal N (a short title in brackets may follow each);
- "il contribue au troisième objectif de développement durable", "the fifth Sustainable Development Goal",
  "el tercer Objetivo de Desarrollo Sostenible", "le troisième ODD": the ordinal gives the goal. The plural ("the
  first Sustainable Development Goals report") and a short form that opens a name ("the first SDG Summit") do not.
"""
from __future__ import annotations

import re

from pipeline.nlp.finders.sdg_patterns import SDG_LONG, SDG_WORD, SPACES_ONE_BREAK, lower_keeping_offsets
from pipeline.nlp.search import occurrences
from pipeline.types import Span
from pipeline.vocab import SDG_PREFIX

GOAL_LABEL = "SDG_GOAL"
GOALS = range(1, 18)

_CUE = rf"(?:{SDG_WORD}|{SDG_LONG})"
"""Only a word that names the SDGs opens a hash list ("Goal #2" of a results framework is the project's; a lone
"Goal #10" is read by pipeline.nlp.finders.sdg_refs, which checks the sentence)."""
_HASH_ITEM = r"#\s?\d{1,2}(?!\d)(?:\s*\([^()]{1,40}\))?"
_S = SPACES_ONE_BREAK
_SEP = rf"(?:{_S},{_S}(?:(?:and|et|y|or|ou|o)\s+)?|{_S};{_S}|{_S}&{_S}|\s+(?:and|et|y|or|ou|o)\s+)"
HASH_LIST_RE = re.compile(
    rf"(?<![\w-]){_CUE}(?:\s*\((?:SDGs?|ODDs?|ODS)\))?\s*(?P<list>{_HASH_ITEM}(?:{_SEP}{_HASH_ITEM})*)",
    re.IGNORECASE)
"""An SDG cue (its acronym in brackets may follow) and a list of hash numbers."""
HASH_NUMBER_RE = re.compile(r"#\s?(\d{1,2})(?!\d)")

ORDINALS: dict[str, int] = {}
for _number, _words in enumerate((
        "first premier première primer primero primera 1st 1er 1re 1ère",
        "second deuxième seconde segundo segunda 2nd 2e 2ème",
        "third troisième tercer tercero tercera 3rd 3e 3ème",
        "fourth quatrième cuarto cuarta 4th 4e 4ème",
        "fifth cinquième quinto quinta 5th 5e 5ème",
        "sixth sixième sexto sexta 6th 6e 6ème",
        "seventh septième séptimo séptima sétimo 7th 7e 7ème",
        "eighth huitième octavo octava 8th 8e 8ème",
        "ninth neuvième noveno novena 9th 9e 9ème",
        "tenth dixième décimo décima 10th 10e 10ème",
        "eleventh onzième undécimo undécima decimoprimero decimoprimera 11th 11e 11ème",
        "twelfth douzième duodécimo duodécima decimosegundo decimosegunda 12th 12e 12ème",
        "thirteenth treizième decimotercero decimotercer decimotercera 13th 13e 13ème",
        "fourteenth quatorzième decimocuarto decimocuarta 14th 14e 14ème",
        "fifteenth quinzième decimoquinto decimoquinta 15th 15e 15ème",
        "sixteenth seizième decimosexto decimosexta 16th 16e 16ème",
        "seventeenth dix-septième decimoséptimo decimoséptima 17th 17e 17ème"), start=1):
    ORDINALS.update({w: _number for w in _words.split()})
"""Ordinal words (and abbreviations) of 1–17 in English, French and Spanish."""
SDG_NAME_RE = re.compile(
    r"(?<![\w-])(?:sustainable\s+development\s+goal|objectif\s+de\s+d[ée]veloppement\s+durable"
    r"|objetivo\s+de\s+desarrollo\s+sostenible|(?P<short>sdg|odd|ods))(?![\w-])")
"""The singular name of an SDG, in lower-cased text (a short form followed by a capitalised word opens a name:
"SDG Summit", checked on the original text)."""
CAPITAL_AFTER_RE = re.compile(r"\s+[A-ZÀ-Ý]")
NAME_LITERALS = ("sustainable development goal", "objectif de d", "objetivo de desarrollo", "sdg", "odd", "ods")
"""How an SDG name starts in lower-cased text: found with str.find (a regex scan of a report costs ten times more),
then the name is matched there."""
HASH_RE = re.compile(r"#\s?\d")
HASH_CUE_REACH = 80
"""Characters before a hash number searched for the SDG cue that opens its list."""
CUE_BEFORE_RE = re.compile(rf"(?<![\w-]){_CUE}(?:\s*\((?:SDGs?|ODDs?|ODS)\))?\s*(?:{_HASH_ITEM}{_SEP})*$", re.IGNORECASE)
"""The SDG cue (and the list items) before a hash number."""
WORD_BEFORE_RE = re.compile(r"([\w-]+)\s+$")
ORDINAL_REACH = 24
"""Characters before an SDG name searched for its ordinal."""


def find_hash_lists(text: str, low: str) -> list[Span]:
    """Goals cited as a list of hash numbers after an SDG cue ("SDGs #1, #12 and #13"); ``low`` is the text
    lower-cased character by character (same offsets)."""
    out: list[Span] = []
    if "#" not in text:
        return out
    done = 0
    for h in HASH_RE.finditer(low):  # a hash number is rare: look back from each for the cue of its list
        if h.start() < done:
            continue
        cue = CUE_BEFORE_RE.search(low, max(done, h.start() - HASH_CUE_REACH), h.start())
        m = HASH_LIST_RE.match(low, cue.start()) if cue else None
        if m is None:
            continue
        done = m.end()
        for k, item in enumerate(HASH_NUMBER_RE.finditer(text, m.start("list"), m.end("list"))):
            goal = int(item.group(1))
            if goal in GOALS:
                out.append(Span(GOAL_LABEL, m.start() if k == 0 else item.start(), item.end(), f"{SDG_PREFIX}{goal}"))
    return out


def find_ordinal_goals(text: str, low: str) -> list[Span]:
    """Goals cited by an ordinal ("le troisième objectif de développement durable"); ``low`` as for
    :func:`find_hash_lists`."""
    out: list[Span] = []
    for start in sorted({at for literal in NAME_LITERALS for at in occurrences(low, literal)}):
        m = SDG_NAME_RE.match(low, start) if start and low[start - 1].isspace() else None  # an ordinal comes first
        if m is None:
            continue
        if m.group("short") and CAPITAL_AFTER_RE.match(text, m.end()):
            continue
        before = WORD_BEFORE_RE.search(low, max(0, m.start() - ORDINAL_REACH), m.start())
        goal = ORDINALS.get(before.group(1).lower()) if before else None
        if goal is not None:
            out.append(Span(GOAL_LABEL, before.start(1), m.end(), f"{SDG_PREFIX}{goal}"))
    return out


def find(text: str, low: str | None = None) -> list[Span]:
    """Both kinds of goal citation in a text (``low``: the text lower-cased with the same offsets, when the caller
    has it)."""
    if low is None or len(low) != len(text):
        low = lower_keeping_offsets(text)
    return [*find_hash_lists(text, low), *find_ordinal_goals(text, low)]
