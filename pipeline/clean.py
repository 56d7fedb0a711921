"""The one stack of pure ``str -> str`` text cleaners (textacy style) and the one line joiner.

The character tables (ligatures, odd spaces, invisible and control characters) are defined once here, and
both cleaners are derived from them:

- `clean_line` normalises one visual line (PDF text runs, OCR lines) in a single, usually skipped,
  ``str.translate``: extractors that keep a character map back to the page clean their lines with it,
  once, and hand over final block text;
- `clean_block` / `clean_paragraph` clean whole blocks that keep their line breaks (DOCX, HTML, text),
  and are applied by ``pipeline.document.assemble`` before the document text is assembled.

`join_lines` is the one de-hyphenator for joining lines: a word broken by a hyphen at a line end
(`BREAK_HYPHEN_RE`) is mended, while hyphenated compounds ("well-managed", "UN-led") keep their hyphen.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import reduce
from typing import TypeVar

Cleaner = Callable[[str], str]
Key = TypeVar("Key")

# --------------------------------------------------------------------------- character tables

LIGATURES: dict[str, str] = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
}
ODD_SPACES = "\u00a0\u1680\u202f\u205f\u3000\t\x0b\x0c" + "".join(map(chr, range(0x2000, 0x200B)))
"""Characters that are written as a plain space: NBSP, the Unicode spaces, tabs, vertical tab, form feed."""
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
"""Zero-width characters, the byte-order mark and the soft hyphen: dropped."""
CONTROL_CHARS = "".join(map(chr, [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])) + "\ufffe\uffff"
"""Control characters other than tab, line feed, carriage return (and the non-characters pdfium emits): dropped."""
LINE_END_HYPHENS = "\x02\u00ad\u2010\u2011\ufffe"
"""Characters that stand for a hyphen when they end a line (pdfium reports soft hyphens as U+0002 or U+FFFE)."""
_LINE_END_HYPHEN_ENDINGS = tuple(LINE_END_HYPHENS)
DROPPED_CHARS = "".join(sorted(set(INVISIBLE + CONTROL_CHARS) - set(LINE_END_HYPHENS)))
"""Characters the cleaners delete that are not themselves line-end hyphen markers."""
HYPHEN_CHARS = "-\u2010\u2011\u00ad"
"""Characters that stand for a hyphen at a line break (hyphen, Unicode hyphen, non-breaking hyphen, soft hyphen)."""

CHARACTER_MAP: dict[int, str | None] = {
    **{ord(k): v for k, v in LIGATURES.items()},
    **{ord(c): " " for c in ODD_SPACES},
    **{ord(c): None for c in INVISIBLE + CONTROL_CHARS},
}
"""The ``str.translate`` table of all the tables above."""


def _char_class(chars: Iterable[str]) -> str:
    """A regex character class of the given characters."""
    return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"


MAPPED_CHAR_RE = re.compile(_char_class(map(chr, CHARACTER_MAP)))
"""Any character that CHARACTER_MAP maps or deletes (str.translate is slow; most lines need nothing)."""
ODD_SPACE_RE = re.compile(_char_class(ODD_SPACES))
LINE_END_HYPHEN_RE = re.compile(_char_class(LINE_END_HYPHENS) + r"[ \t]*(?=\r?\n)")
"""A line-end hyphen marker inside a block, before its line break (turned into "-" so the joiner sees it)."""
MULTI_SPACE_RE = re.compile(r" {2,}")
SPACE_AROUND_NEWLINE_RE = re.compile(r" *\n *")
MANY_NEWLINES_RE = re.compile(r"\n{3,}")
NEWLINE_IN_PARAGRAPH_RE = re.compile(r"(?<!\n)\n(?!\n)")

# --------------------------------------------------------------------------- line-break hyphens

BREAK_HYPHEN_RE = re.compile(
    r"[-\u2010\u2011\u00ad](?<=[^\W\d_][-\u2010\u2011\u00ad])(?:[ \t]+|[ \t]*\r?\n[ \t]*)(?=[a-zß-öø-ÿ])")
"""A word broken by a hyphen at a line end ("Moldo- va", "Internation-\\nal"): the hyphen and the break after it.

The one definition of a line-break hyphen; offset-keeping views (pipeline.nlp) and text joiners use it alike."""
HYPHEN_TAIL = 64
"""Only the tail of the text joined so far is searched for a hyphenated word."""
HYPHENATED_END_RE = re.compile(r"(?:^|[^\w-])([^\W\d_]+)" + _char_class(HYPHEN_CHARS) + "$")
"""A whole word of letters ending in a hyphen at the end of the text (not a digit or an inner compound part)."""
COMPOUND_PREFIXES = frozenset(
    """
    self well non co cross ex anti post pre multi inter intra socio long short high low full part half
    cost gender child age country state region evidence rights results human time small large sub semi
    micro macro mid one two three four five six seven eight nine ten follow decision policy data
    community state-led rights-based people community-based e x t open top
    """.split()
)
"""Words that usually form real hyphenated compounds when a line breaks after their hyphen."""
PREFIX_CONTINUATIONS = {
    "ex": ("ante", "post", "offici", "combatant", "minister", "president", "member", "staff", "spouse", "wife",
           "husband", "partner", "colon", "soviet", "prisoner", "detainee", "convict", "servicem", "militar"),
}
"""Prefixes that are as often a word's first syllable ("ex-pected", "ex-tracted"): the hyphen is kept only before
these continuations ("ex-post", "ex-combatants")."""
CONTINUATION_PROBE = 16
"""How many characters of the next line `_glue` looks at."""
HYPHEN_NEWLINE_RE = re.compile(_char_class(HYPHEN_CHARS) + r"\n(?=\S)")
"""A hyphen that ends a line of a block, followed by more text: a candidate for `join_lines`' rule."""


def _glue(joined: str, line: str) -> str | None:
    """How a line break after `joined` (which ends in a hyphen) joins `line`.

    None: an ordinary break (the hyphen is not after a whole word, e.g. "2019-"); "": a word broken by a
    hyphen (`BREAK_HYPHEN_RE`), the hyphen goes ("develop-" "ment"); "-": the hyphen is kept and the line
    follows without a space: a compound ("well-" "managed", "UN-" "led") or a capitalised or numeric
    continuation ("Trace-" "Monkey", "SDG-" "10").
    """
    match = HYPHENATED_END_RE.search(joined[-HYPHEN_TAIL:])
    if match is None:
        return None
    fragment = match.group(1)
    probe = fragment[-1] + joined[-1] + "\n" + line[:1]
    if (
        BREAK_HYPHEN_RE.match(probe, 1) is None
        or (len(fragment) > 1 and fragment.isupper())  # acronym compounds: "UN-led", "EU-funded"
        or (fragment.lower() in COMPOUND_PREFIXES and _compound_continues(fragment.lower(), line))
    ):
        return "-"
    return ""


def _compound_continues(prefix: str, line: str) -> bool:
    """Whether `line` continues the compound prefix `prefix` (see PREFIX_CONTINUATIONS)."""
    allowed = PREFIX_CONTINUATIONS.get(prefix)
    return allowed is None or line.lstrip()[:CONTINUATION_PROBE].lower().startswith(allowed)


def join_lines_mapped(lines: Sequence[str], keys: Sequence[Key]) -> tuple[str, list[tuple[int, int, Key]]]:
    """Join a paragraph's lines with single spaces, mending words hyphenated across a break.

    Returns the text and, for every non-blank line i, (start, end, keys[i]): where its text lies in the
    joined text (a mended hyphen is not part of its line's span).
    """
    out = ""
    spans: list[tuple[int, int, Key]] = []
    append = spans.append
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
        elif out[-1] not in HYPHEN_CHARS or (glue := _glue(out, line)) is None:
            out = out + " " + line
        elif glue:
            out = out + line
        else:
            start, end, key = spans[-1]
            spans[-1] = (start, end - 1, key)
            out = out[:-1] + line
        end = len(out)
        append((end - len(line), end, keys[index]))
    return out, spans


def join_lines(lines: Sequence[str]) -> str:
    """Join a paragraph's lines with single spaces, mending words hyphenated across a break."""
    return join_lines_mapped(lines, range(len(lines)))[0]


def join_hyphenated(text: str) -> str:
    """Mend words hyphenated across the line breaks of a block, by `join_lines`' rule ("develop-\\nment")."""
    if "\n" not in text:
        return text

    def mend(match: re.Match[str]) -> str:
        start = match.start()
        glue = _glue(text[max(0, start + 1 - HYPHEN_TAIL) : start + 1], text[match.end() : match.end() + CONTINUATION_PROBE])
        return match.group(0) if glue is None else match.group(0)[0] if glue else ""

    return HYPHEN_NEWLINE_RE.sub(mend, text)


# --------------------------------------------------------------------------- cleaners


def normalize_characters(text: str) -> str:
    """Spell out ligatures, write odd spaces as spaces, drop invisible and control characters; compose (NFC)."""
    if text.isascii():
        # ASCII control characters are the only ASCII keys of the table (and line breaks, which it keeps)
        return text if text.isprintable() else text.translate(CHARACTER_MAP)
    if MAPPED_CHAR_RE.search(text) is not None:
        text = text.translate(CHARACTER_MAP)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _rstrip_dropped(text: str) -> str:
    """`text` without trailing spaces and characters the cleaners delete."""
    while True:
        stripped = text.rstrip().rstrip(DROPPED_CHARS)
        if stripped == text:
            return text
        text = stripped


def clean_line(text: str) -> str:
    """The cleaner of one visual line: a line-end hyphen marker becomes "-", characters normalised, spaces collapsed."""
    if not text:
        return text
    stripped = text.rstrip()
    if stripped and stripped[-1] in DROPPED_CHARS:  # a marker may hide behind a zero-width or control character
        stripped = _rstrip_dropped(stripped)
    if stripped.endswith(_LINE_END_HYPHEN_ENDINGS):
        text = stripped[:-1] + "-"
    # normalize_characters, inlined: this runs for every line of every PDF page
    if text.isascii():
        if not text.isprintable():
            text = text.translate(CHARACTER_MAP)
    else:
        if MAPPED_CHAR_RE.search(text) is not None:
            text = text.translate(CHARACTER_MAP)
        if not text.isascii():
            text = unicodedata.normalize("NFC", text)
    if "  " in text:
        text = MULTI_SPACE_RE.sub(" ", text)
    return text.strip()


def mark_line_end_hyphens(text: str) -> str:
    """Write line-end hyphen markers (soft hyphens, U+2010, pdfium's U+0002) before a line break as "-"."""
    return LINE_END_HYPHEN_RE.sub("-", text) if "\n" in text else text


def normalize_spaces(text: str) -> str:
    """Turn NBSP, thin and other odd spaces and tabs into plain spaces; collapse runs; trim lines."""
    text = ODD_SPACE_RE.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = MULTI_SPACE_RE.sub(" ", text)
    text = SPACE_AROUND_NEWLINE_RE.sub("\n", text)
    return MANY_NEWLINES_RE.sub("\n\n", text).strip()


def unwrap_lines(text: str) -> str:
    """Join the lines of a paragraph with single spaces, keeping blank-line paragraph breaks."""
    return NEWLINE_IN_PARAGRAPH_RE.sub(" ", text)


ELLIPSIS = " …"


def clip_words(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + ELLIPSIS


def compose(cleaners: Iterable[Cleaner]) -> Cleaner:
    """Compose cleaners left to right into one ``str -> str`` function."""
    chain = tuple(cleaners)
    return lambda text: reduce(lambda acc, fn: fn(acc), chain, text)


BLOCK_CLEANERS: tuple[Cleaner, ...] = (normalize_characters, normalize_spaces)
clean_block: Cleaner = compose(BLOCK_CLEANERS)
"""The cleaner applied to every block's text (tables keep their row breaks)."""

clean_paragraph: Cleaner = compose(
    (mark_line_end_hyphens, *BLOCK_CLEANERS, join_hyphenated, unwrap_lines, normalize_spaces)
)
"""The cleaner applied to running text blocks: block cleaning plus hyphen joining and unwrapping."""
