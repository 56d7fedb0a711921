"""What the page order knows of each unit: its box, weight, and a few text cues (heading, sentence ends).

Geometry decides the reading order; these cues only break ties that geometry leaves open (is a short line
above a band of columns its heading? does a column end in the middle of a sentence?).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.extract.layout.lines import Unit, is_vertical
from pipeline.extract.layout.paragraphs import body_font_size
from pipeline.types import BBox

HEADING_SIZE_RATIO = 1.15
"""A line this much larger than the page's body text is heading-like..."""
HEADING_MAX_WORDS = 16
"""...as is a bold one; headings have at most this many words."""
HEADING_NOT_END = (".", ",", ";")
"""A line ending so is running text, not a heading."""
SENTENCE_TAIL_RE = re.compile(r"(?:(?:(?<=[^\W\d_][.!?:;,])|(?<=[.!?,;:][”’\"')\]]))\d{1,3}|[\s\"'”’»)\]*†‡¹²³⁴⁵⁶⁷⁸⁹⁰])+$")
"""Closing quotes, brackets and footnote marks after a sentence's last punctuation ("cent.12", not "10.1")."""
FULL_STOPS = (".", "!", "?")
"""A text ending in one of these ends a sentence."""
RUNS_ON_END = (",", ";", "-", "\u2013", "\u2014", "(", "/")
"""Besides letters and digits, a line ending in one of these runs on into the next line."""
LABEL_MAX_WORDS = 6
"""A label ("Project period:", "Donor:") is a short line ending in a colon."""
SOLID_KINDS = ("table", "callout")
SOLID_INSET = 6.0
"""A box or table counts this many points smaller on each side in the page order: text may run up to its edge,
and boxes drawn side by side or one above the other may overlap a little, and still stand apart."""
"""Units drawn as a region of their own (boxes, tables) rather than as a line of running text."""


@dataclass(frozen=True, slots=True)
class Cues:
    """Per-unit facts for one page, index-aligned with its units."""

    boxes: tuple[BBox, ...]
    """The units' boxes, those of boxes and tables shrunk by SOLID_INSET."""
    weights: tuple[int, ...]
    solid: tuple[bool, ...]
    heading: tuple[bool, ...]
    runs_on: tuple[bool, ...]
    """The unit's (last) line ends in the middle of a sentence."""
    continues: tuple[bool, ...]
    """The unit's (first) line starts in lower case: it continues a sentence."""
    vertical: tuple[bool, ...]
    """A rotated line (margin stamp, photo credit): read after the page's body."""
    label: tuple[bool, ...]
    """A label of a label/value list ("Budget:")."""


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
    """Whether a line starts with a lower-case letter (after opening quotes and brackets)."""
    for char in text:
        if char.isalpha():
            return char.islower()
        if char.isdigit():
            return False
    return False


def _inset(box: BBox) -> BBox:
    """A solid's box shrunk by SOLID_INSET on each side (at most a quarter of its width or height)."""
    dx = min(SOLID_INSET, (box[2] - box[0]) / 4)
    dy = min(SOLID_INSET, (box[3] - box[1]) / 4)
    return (box[0] + dx, box[1] + dy, box[2] - dx, box[3] - dy)


def page_cues(units: Sequence[Unit]) -> Cues:
    """The cues of a page's units (body size taken from the page's own lines)."""
    body = body_font_size([ln for u in units if u.kind == "line" for ln in u.lines])
    heading, runs_on, continues, solid, vertical, label = [], [], [], [], [], []
    for unit in units:
        is_solid = unit.kind in SOLID_KINDS
        line = unit.lines[0] if unit.lines else None
        solid.append(is_solid)
        if is_solid or line is None:
            heading.append(False)
            runs_on.append(False)
            continues.append(False)
            vertical.append(False)
            label.append(False)
            continue
        text = line.text.strip()
        words = len(text.split())
        heading.append(
            words <= HEADING_MAX_WORDS
            and not text.endswith(HEADING_NOT_END)
            and (line.bold or line.size >= HEADING_SIZE_RATIO * body)
        )
        runs_on.append(ends_mid_sentence(text))
        continues.append(starts_lowercase(text))
        vertical.append(is_vertical(line))
        label.append(is_label(text))
    return Cues(
        tuple(_inset(u.bbox) if is_solid else u.bbox for u, is_solid in zip(units, solid)),
        tuple(max(1, len(u.lines)) for u in units),
        tuple(solid),
        tuple(heading),
        tuple(runs_on),
        tuple(continues),
        tuple(vertical),
        tuple(label),
    )
