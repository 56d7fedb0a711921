"""SDG goals cited without a plain "SDG 5": by a list of hash numbers, or by an ordinal word (en, fr, es).

- "the Sustainable Development Goals (SDGs) #1 (End poverty), #12 (Sustainable consumption) and #15 (Life on land)",
  "SDG #3 and #5": every "#N" of the list after an SDG cue is goal N (a short title in brackets may follow each);
- "il contribue au troisième objectif de développement durable", "the fifth Sustainable Development Goal",
  "el tercer Objetivo de Desarrollo Sostenible", "le troisième ODD": the ordinal gives the goal. The plural ("the
  first Sustainable Development Goals report") and a short form that opens a name ("the first SDG Summit") do not.
"""
from __future__ import annotations

import re

from pipeline.types import Span
from pipeline.vocab import SDG_PREFIX

GOAL_LABEL = "SDG_GOAL"
GOALS = range(1, 18)

_CUE = (r"(?:SDGs?|ODDs?|ODS|Sustainable\s+Development\s+Goals?|objectifs?\s+de\s+d[ée]veloppement\s+durable"
        r"|Objetivos?\s+de\s+Desarrollo\s+Sostenible)")
"""Only a word that names the SDGs opens a hash list ("Goal #2" of a results framework is the project's; a lone
"Goal #10" is read by pipeline.nlp.finders.sdg_refs, which checks the sentence)."""
_HASH_ITEM = r"#\s?\d{1,2}(?!\d)(?:\s*\([^()]{1,40}\))?"
_WS = r"[^\S\n]*\n?[^\S\n]*"
"""Spaces with at most one line break (a list never runs across a paragraph break)."""
_SEP = rf"(?:{_WS},{_WS}(?:(?:and|et|y|or|ou|o)\s+)?|{_WS};{_WS}|{_WS}&{_WS}|\s+(?:and|et|y|or|ou|o)\s+)"
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
    r"(?<![\w-])(?:Sustainable\s+Development\s+Goal|objectif\s+de\s+d[ée]veloppement\s+durable"
    r"|Objetivo\s+de\s+Desarrollo\s+Sostenible|(?:SDG|ODD|ODS)(?!\s+[A-ZÀ-Ý]))(?![\w-])",
    re.IGNORECASE)
"""The singular name of an SDG (a short form followed by a capitalised word opens a name: "SDG Summit")."""
WORD_BEFORE_RE = re.compile(r"([\w-]+)\s+$")
ORDINAL_REACH = 24
"""Characters before an SDG name searched for its ordinal."""


def find_hash_lists(text: str) -> list[Span]:
    """Goals cited as a list of hash numbers after an SDG cue ("SDGs #1, #12 and #13")."""
    out: list[Span] = []
    if "#" not in text:
        return out
    for m in HASH_LIST_RE.finditer(text):
        for k, item in enumerate(HASH_NUMBER_RE.finditer(text, m.start("list"), m.end("list"))):
            goal = int(item.group(1))
            if goal in GOALS:
                out.append(Span(GOAL_LABEL, m.start() if k == 0 else item.start(), item.end(), f"{SDG_PREFIX}{goal}"))
    return out


def find_ordinal_goals(text: str) -> list[Span]:
    """Goals cited by an ordinal ("le troisième objectif de développement durable")."""
    out: list[Span] = []
    for m in SDG_NAME_RE.finditer(text):
        before = WORD_BEFORE_RE.search(text, max(0, m.start() - ORDINAL_REACH), m.start())
        goal = ORDINALS.get(before.group(1).lower()) if before else None
        if goal is not None:
            out.append(Span(GOAL_LABEL, before.start(1), m.end(), f"{SDG_PREFIX}{goal}"))
    return out


def find(text: str) -> list[Span]:
    """Both kinds of goal citation in a text."""
    return [*find_hash_lists(text), *find_ordinal_goals(text)]
