"""The one case and accent fold of nexus: lower case, accents stripped, quotes and dashes unified, length kept.

Every matcher of the package compares folded text with folded names (gazetteers, lexicons, goal titles), so
both sides agree; because the fold keeps the length of a text, an offset in the fold is an offset in the text.
"""
from __future__ import annotations

import re
import unicodedata

NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")
LATIN_FOLDED = range(0xC0, 0x250)
"""Latin-1 Supplement and Latin Extended-A/B: the letters folded to their ASCII base letter where one exists."""

_QUOTE_MAP = {
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u02bc": "'", "\u00b4": "'", "\u0060": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u00a0": " ", "\u202f": " ", "\u2007": " ",
}
_LIGATURE_LETTERS = {"ß": "s", "æ": "a", "Æ": "a", "œ": "o", "Œ": "o"}
"""Letters whose decomposition is not one base letter, folded to one letter so the length is kept."""


def _build_fold_table() -> dict[int, str]:
    """Map each Latin-1 / Latin Extended-A/B char to one lower-case ASCII char where one exists (length-preserving)."""
    table: dict[int, str] = {ord(k): v for k, v in _QUOTE_MAP.items()}
    for code in LATIN_FOLDED:
        base = unicodedata.normalize("NFKD", chr(code))[:1].lower()
        if base.isascii() and base.isalpha():
            table[code] = base
    for code in range(ord("A"), ord("Z") + 1):
        table[code] = chr(code).lower()
    for char, letter in _LIGATURE_LETTERS.items():
        table[ord(char)] = letter
    return table


FOLD_TABLE = _build_fold_table()
"""The ``str.translate`` table of the fold: every value is one character."""


def _fold_run(match: re.Match[str]) -> str:
    return match.group().translate(FOLD_TABLE)


def fold(text: str) -> str:
    """Lower-case, strip accents and unify quotes/dashes, keeping the length of the text unchanged."""
    lowered = text.lower()
    if len(lowered) == len(text):
        if "`" in lowered:
            lowered = lowered.replace("`", "'")
        if lowered.isascii():
            return lowered
        return NON_ASCII_RE.sub(_fold_run, lowered)
    return "".join(ch.translate(FOLD_TABLE).lower()[:1] or ch for ch in text)


class _LastDocument:
    """The last long text folded and its fold (several components fold the same document text)."""

    text: str | None = None
    folded: str = ""


def fold_document(text: str) -> str:
    """fold(text), remembered for the last text folded (by identity: the components share one text object)."""
    if text is not _LastDocument.text:
        _LastDocument.folded = fold(text)
        _LastDocument.text = text
    return _LastDocument.folded
