"""The definitions article of a law, decree or convention ("In this Act, unless the context indicates otherwise —
'refugee' means …", "Para efectos de la presente Ley se entenderá por: I. Apátrida: …", "Au sens de la présente loi,
on entend par :").

Each item defines a term; like a glossary entry it says what a word means, not what the document does about it, so
it gives no evidence. The list opens with a lead-in that announces definitions with a defining verb and ends with a
colon (or a dash), and runs on over the numbered, lettered or quoted items after it (amendment notes such as
"Fracción reformada DOF 30-10-2014" between items do not end it) until the first block that is no item.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.link.units import is_furniture
from pipeline.types import Sentence

LEAD_IN_RE = re.compile(
    r"(?:\bse\s+entender[áa]n?\s+por|\bse\s+entienden?\s+por|\bon\s+entend\s+par|"
    r"\bunless\s+the\s+context\s+(?:otherwise\s+)?(?:requires|indicates|states)|"
    r"\bthe\s+following\s+(?:terms|words|expressions|definitions)\b[^.;]{0,60}\b(?:means?|meanings?|apply|applies)\b|"
    r"\b(?:terms|words|expressions)\b[^.;]{0,40}\bhave\s+the\s+(?:following\s+)?meanings?\b)[^.;]{0,120}[:—–-]\s*$",
    re.IGNORECASE)
"""A sentence that announces a list of definitions with a defining verb ("se entenderá por", "on entend par", "unless
the context indicates otherwise", "the following terms have the meanings"), ending with a colon or a dash: a phrase
that only scopes ("for the purposes of this Act, the Agency shall:") opens no definitions."""
LEAD_IN_CUES = ("entender", "entiende", "entend", "context", "following", "meaning")
"""Lower-case substrings without which a sentence is no lead-in (a quick look before LEAD_IN_RE)."""
MARKER = r"(?:(?:[IVXLCDM]{1,6}|\d{1,3}|[a-zA-Z])[.)°º]\s*(?:bis\.?\s*)?|\(\s*(?:[ivxlc]{1,6}|\d{1,3}|[a-z])\s*\)\s*|[-–•]\s+)"
ITEM_RE = re.compile(
    r"^(?:" + MARKER + r")?[“\"'‘«]\s*[^”\"'’»]{1,80}[”\"'’»]\s*(?:means|includes|shall\s+mean|has\s+the\s+meaning|"
    r"d[ée]signe|s['’]entend|significa|se\s+entiende)\b|"
    r"^" + MARKER + r"[“\"'‘«]?[^\W\d][^:;,.]{0,80}?[”\"'’»]?\s*(?::|,\s*(?:al?|la|el|los|las)\b)",
    re.IGNORECASE)
"""A definition item: a quoted term and "means" (after an optional number or letter), or a numbered or lettered
term and a colon (or a comma and an article: "I. Autoridad migratoria, al servidor público …")."""
NOTE_RE = re.compile(
    r"^(?:fracci[óo]n|p[áa]rrafo|inciso|art[íi]culo|numeral|apartado|definici[óo]n|section|definition|alin[ée]a)\s+"
    r"(?:\S+\s+)?(?:reformad|adicionad|derogad|amended|inserted|added|repealed|substituted|modifi|abrog)",
    re.IGNORECASE)
"""An amendment note between items ("Fracción reformada DOF 30-10-2014", "Definition inserted by Act 5 of 2019")."""


def _is_lead_in(text: str) -> bool:
    """Whether a sentence announces definitions."""
    tail = text.rstrip()
    if not tail.endswith((":", "—", "–", "-")):
        return False
    low = tail.lower()
    return any(cue in low for cue in LEAD_IN_CUES) and bool(LEAD_IN_RE.search(tail))


def definition_blocks(sentences: Sequence[Sentence]) -> frozenset[str]:
    """The block ids of the definition items of every definitions list of a document."""
    out: set[str] = set()
    open_list = False
    block = ""
    for s in sentences:
        first, block = s.block_id != block, s.block_id
        text = s.text.strip()
        if _is_lead_in(text):
            open_list = True
            continue
        if not open_list or not first:  # only a block's first sentence says what the block is
            continue
        if is_furniture(text) or NOTE_RE.match(text):
            continue
        if ITEM_RE.match(text):
            out.add(block)
        else:
            open_list = False
    return frozenset(out)
