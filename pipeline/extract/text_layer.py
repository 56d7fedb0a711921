"""Whether a PDF page's text layer can be read: fonts whose codes map to private-use, control or no characters.

A font without a usable ToUnicode map draws the right glyphs but gives the text layer private-use code points
(U+E000–U+F8FF), control characters, U+FFFD or no character code at all (pdfium returns U+FFFE). Such a page
looks fine on screen and reads as garbage; it must be OCR'd instead. A few such characters on a page are normal
(symbol-font bullets and icons are private-use code points), so a page is unreadable only when they are most of it.
"""
from __future__ import annotations

import re

UNREADABLE_SHARE = 0.5
"""A text layer is unreadable when at least this share of its non-space characters is unreadable.
Measured on 198 PDFs of ../shared/corpora: the most on any page is 0.7 % (bullets and icons)."""
_UNREADABLE = re.compile(
    "[\ue000-\uf8ff\U000f0000-\U0010fffd\ufffd\ufffe\uffff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
)
"""Characters no reader can use: private-use, replacement and non-characters, C0 and C1 controls (not tab/CR/LF)."""
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("private-use glyph codes", re.compile("[\ue000-\uf8ff\U000f0000-\U0010fffd]")),
    ("control characters", re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")),
    ("replacement characters", re.compile("\ufffd")),
    ("glyphs without character codes", re.compile("[\ufffe\uffff]")),
)
"""Each kind of unreadable character and the phrase that names it in a note."""


def unreadable_share(text: str) -> float:
    """Share of the non-space characters of `text` that are unreadable (0 for empty text)."""
    if not _UNREADABLE.search(text):  # the common case: one scan, no counting
        return 0.0
    visible = len(text) - text.count(" ")
    return len(_UNREADABLE.findall(text)) / visible if visible else 0.0


def unreadable_reason(text: str) -> str:
    """Why a text layer is unreadable ("private-use glyph codes"), or "" when it is readable."""
    if unreadable_share(text) < UNREADABLE_SHARE:
        return ""
    counts = [(len(pattern.findall(text)), phrase) for phrase, pattern in _KINDS]
    return max(counts, key=lambda item: item[0])[1]


def is_unreadable(text: str) -> bool:
    """True when most of `text` is unreadable characters."""
    return unreadable_share(text) >= UNREADABLE_SHARE
