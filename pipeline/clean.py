"""Pure ``str -> str`` text cleaners (textacy style), composed into one normaliser.

Every cleaner here is applied to a block's text *before* the document text is assembled, so the
offsets of the assembled text are the ones all later stages use; no cleaner runs afterwards.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import reduce

Cleaner = Callable[[str], str]

LIGATURES: dict[str, str] = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
}
ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
ODD_SPACE_RE = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\x0b\x0c]")
MULTI_SPACE_RE = re.compile(r" {2,}")
SPACE_AROUND_NEWLINE_RE = re.compile(r" *\n *")
MANY_NEWLINES_RE = re.compile(r"\n{3,}")
CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")
LIGATURE_RE = re.compile("|".join(LIGATURES))
HYPHEN_BREAK_RE = re.compile(r"(?<=[a-zà-öø-ÿ])-\n(?=[a-zà-öø-ÿ])")
NEWLINE_IN_PARAGRAPH_RE = re.compile(r"(?<!\n)\n(?!\n)")
HYPHEN_CHARS = "-\u2010\u2011\u00ad"
"""Characters that stand for a hyphen at a line break (hyphen, Unicode hyphen, non-breaking hyphen, soft hyphen)."""
BREAK_HYPHEN_RE = re.compile(
    r"[-\u2010\u2011\u00ad](?<=[^\W\d_][-\u2010\u2011\u00ad])(?:[ \t]+|[ \t]*\r?\n[ \t]*)(?=[a-zß-öø-ÿ])")
"""A word broken by a hyphen at a line end ("Moldo- va", "Internation-\\nal"): the hyphen and the break after it.

The one definition of a line-break hyphen; offset-keeping views (pipeline.nlp) and text joiners use it alike."""


def normalize_unicode(text: str) -> str:
    """Compose characters (NFC) so accents are single code points."""
    return unicodedata.normalize("NFC", text)


def replace_ligatures(text: str) -> str:
    """Spell out typographic ligatures (ﬁ → fi)."""
    return LIGATURE_RE.sub(lambda m: LIGATURES[m.group(0)], text) if LIGATURE_RE.search(text) else text


def remove_zero_width(text: str) -> str:
    """Drop zero-width characters, BOMs and soft hyphens."""
    return ZERO_WIDTH_RE.sub("", text)


def remove_control_chars(text: str) -> str:
    """Drop control characters other than newline and carriage return."""
    return CONTROL_RE.sub("", text)


def normalize_spaces(text: str) -> str:
    """Turn NBSP, thin and other odd spaces and tabs into plain spaces; collapse runs; trim lines."""
    text = ODD_SPACE_RE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = MULTI_SPACE_RE.sub(" ", text)
    text = SPACE_AROUND_NEWLINE_RE.sub("\n", text)
    return MANY_NEWLINES_RE.sub("\n\n", text).strip()


def join_hyphenated(text: str) -> str:
    """Join words split by an end-of-line hyphen ("develop-\\nment" → "development")."""
    return HYPHEN_BREAK_RE.sub("", text)


def unwrap_lines(text: str) -> str:
    """Join the lines of a paragraph with single spaces, keeping blank-line paragraph breaks."""
    return NEWLINE_IN_PARAGRAPH_RE.sub(" ", text)


def compose(cleaners: Iterable[Cleaner]) -> Cleaner:
    """Compose cleaners left to right into one ``str -> str`` function."""
    chain = tuple(cleaners)
    return lambda text: reduce(lambda acc, fn: fn(acc), chain, text)


BLOCK_CLEANERS: tuple[Cleaner, ...] = (
    normalize_unicode,
    replace_ligatures,
    remove_zero_width,
    remove_control_chars,
    normalize_spaces,
)
clean_block: Cleaner = compose(BLOCK_CLEANERS)
"""The cleaner applied to every block's text (tables keep their row breaks)."""

clean_paragraph: Cleaner = compose((*BLOCK_CLEANERS, join_hyphenated, unwrap_lines, normalize_spaces))
"""The cleaner applied to running text blocks: block cleaning plus hyphen joining and unwrapping."""
