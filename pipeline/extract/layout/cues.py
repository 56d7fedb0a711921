"""What the page order knows of each unit: its box, weight, and a few text cues (heading, sentence ends).

Geometry decides the reading order; these cues only break ties that geometry leaves open (is a short line
above a band of columns its heading? does a column end in the middle of a sentence?).
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.extract.layout.lines import Unit, is_vertical
from pipeline.extract.layout.paragraphs import body_font_size
from pipeline.types import BBox

HEADING_SIZE_RATIO = 1.15
"""A line this much larger than the page's body text is heading-like..."""
HEADING_MAX_WORDS = 16
"""...as is a bold one; headings have at most this many words."""
HEADING_NOT_END = (".", ",", ";")
"""A line ending so is running text, not a heading."""
NOTE_MARK_AFTER = (
    r"(?<=[^\W\d_][.!?:;,])"  # "cent.12": after a word's punctuation...
    r"|(?<=[”’\"')\]][.!?:;,])"  # "care”.271": ...or a closing quote's
    r"|(?<=[.!?,;:][”’\"')\]])"  # "quoted.”1": after a quote that closes a sentence
)
SENTENCE_TAIL_RE = re.compile(rf"(?:(?:{NOTE_MARK_AFTER})\d{{1,3}}|[\s\"'”’»)\]*†‡¹²³⁴⁵⁶⁷⁸⁹⁰])+$")
"""Closing quotes, brackets and footnote marks after a sentence's last punctuation ("cent.12", not "10.1")."""
FULL_STOPS = (".", "!", "?")
"""A text ending in one of these ends a sentence."""
RUNS_ON_END = (",", ";", "-", "\u2013", "\u2014", "(", "/")
"""Besides letters and digits, a line ending in one of these runs on into the next line."""
FULL_LINE_SHARE = 0.75
"""A line is full when it is at least this share as wide as the widest line of its column: running text runs
on from it, while a shorter line ends a paragraph, a caption or a heading, whatever its last character."""
MIN_FULL_LINES = 3
"""A column needs this many lines before one of them can be called full."""
MARK_START_RE = re.compile(r"^\s*[a-z][.)]?\s+[A-Z0-9]")
"""A line opening with a letter mark ("a Includes", "b) The"): a note or list item, not a continuation."""
LABEL_MAX_WORDS = 6
"""A label ("Project period:", "Donor:") is a short line ending in a colon."""
SOLID_KINDS = ("table", "callout")
"""Units drawn as a region of their own (boxes, tables) rather than as a line of running text."""
SOLID_INSET = 6.0
"""A box or table counts this many points smaller on each side in the page order: text may run up to its edge,
and boxes drawn side by side or one above the other may overlap a little, and still stand apart."""


class Cues:
    """Per-unit facts for one page, by unit index: boxes, weights and kinds at once, text cues when first asked
    (most pages never need them)."""

    __slots__ = ("units", "boxes", "weights", "solid", "vertical", "_body", "_text")

    def __init__(self, units: Sequence[Unit], *, body_size: float | None = None) -> None:
        self.units = units
        solid = tuple(u.kind in SOLID_KINDS for u in units)
        self.solid = solid
        """Boxes and tables: regions of their own rather than lines of running text."""
        self.boxes = tuple(_inset(u.bbox) if s else u.bbox for u, s in zip(units, solid))
        """The units' boxes, those of boxes and tables shrunk by SOLID_INSET."""
        self.weights = tuple(max(1, len(u.lines)) for u in units)
        """How many text lines each unit stands for."""
        self.vertical = tuple(not s and bool(u.lines) and is_vertical(u.lines[0]) for u, s in zip(units, solid))
        """Rotated lines (margin stamps, photo credits): read after the page's body."""
        self._body: float | None = body_size
        self._text: list[tuple[bool, bool, bool, bool] | None] = [None] * len(units)

    def _cues(self, i: int) -> tuple[bool, bool, bool, bool]:
        """(heading, runs_on, continues, label) of unit i, computed once."""
        cached = self._text[i]
        if cached is not None:
            return cached
        unit = self.units[i]
        if self.solid[i] or not unit.lines:
            cues = (False, False, False, False)
        else:
            if self._body is None:
                self._body = body_font_size([ln for u in self.units if u.kind == "line" for ln in u.lines])
            line = unit.lines[0]
            text = line.text.strip()
            heading = (
                len(text.split()) <= HEADING_MAX_WORDS
                and not text.endswith(HEADING_NOT_END)
                and (line.bold or line.size >= HEADING_SIZE_RATIO * self._body)
            )
            cues = (heading, ends_mid_sentence(text), starts_lowercase(text), is_label(text))
        self._text[i] = cues
        return cues

    def heading(self, i: int) -> bool:
        """Unit i is heading-like: short, bold or larger than the body text, not ending like a sentence part."""
        return self._cues(i)[0]

    def runs_on(self, i: int) -> bool:
        """Unit i's line ends in the middle of a sentence."""
        return self._cues(i)[1]

    def continues(self, i: int) -> bool:
        """Unit i's line starts in lower case: it continues a sentence."""
        return self._cues(i)[2]

    def label(self, i: int) -> bool:
        """Unit i is the label of a label/value list ("Budget:")."""
        return self._cues(i)[3]


def is_label(text: str) -> bool:
    """Whether a line is the label of a label/value pair: a few words ending in a colon."""
    text = text.strip()
    return text.endswith(":") and len(text.split()) <= LABEL_MAX_WORDS


def ends_mid_sentence(text: str) -> bool:
    """Whether a line's text stops in the middle of a sentence: it ends in a letter, a digit or a comma-like mark
    (a colon does not run on: "as follows:" introduces what comes next)."""
    text = SENTENCE_TAIL_RE.sub("", text.rstrip())
    if not text:
        return False
    last = text[-1]
    return last.isalnum() or last in RUNS_ON_END


def ends_sentence(text: str) -> bool:
    """Whether a line's text ends a sentence (a full stop, ? or !, before closing quotes and marks)."""
    text = SENTENCE_TAIL_RE.sub("", text.rstrip())
    return text.endswith(FULL_STOPS)


def starts_lowercase(text: str) -> bool:
    """Whether a line starts with a lower-case letter (after opening quotes and brackets) that is not a note or
    list mark ("a Includes", "b) The")."""
    if MARK_START_RE.match(text):
        return False
    for char in text:
        if char.isalpha():
            return char.islower()
        if char.isdigit():
            return False
    return False


def full_line(i: int, column: Sequence[int], cues: Cues) -> bool:
    """Whether line i runs (nearly) the width of the widest line among `column` (boxes and tables aside)."""
    boxes = cues.boxes
    widths = [boxes[k][2] - boxes[k][0] for k in column if not cues.solid[k]]
    if len(widths) < MIN_FULL_LINES:
        return False  # too few lines to tell a full line from a short one
    return boxes[i][2] - boxes[i][0] >= FULL_LINE_SHARE * max(widths)


def _inset(box: BBox) -> BBox:
    """A solid's box shrunk by SOLID_INSET on each side (at most a quarter of its width or height)."""
    dx = min(SOLID_INSET, (box[2] - box[0]) / 4)
    dy = min(SOLID_INSET, (box[3] - box[1]) / 4)
    return (box[0] + dx, box[1] + dy, box[2] - dx, box[3] - dy)


def page_cues(units: Sequence[Unit], *, body_size: float | None = None) -> Cues:
    """The cues of a page's units; headings are told by `body_size` (default: the page's most common size)."""
    return Cues(units, body_size=body_size)
