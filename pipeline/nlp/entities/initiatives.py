"""Whether a report calls a plan an initiative, a programme, a project or a platform ("the MRP programme",
"initiatives such as the Migrant Response Plan"): such a defined plan is an organisation's name, not a plan."""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from pipeline.nlp.entities.org_words import INITIATIVE_PATTERNS
from pipeline.nlp.search import occurrences

INITIATIVE_REACH = 300
"""Chars before a name searched for the words that call it an initiative when they come first ("initiatives such
as the ..."; every INITIATIVE_PATTERNS match spans well under this)."""


@lru_cache(maxsize=2)
def _lowered(text: str) -> str:
    """A document's text in lower case, position for position (the text itself when a character's lower case is
    longer); cached: every defined plan of a document looks in the same text."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else text


def called_initiative(text: str, surfaces: Sequence[str]) -> bool:
    """Whether the text calls a plan (by its name or acronym) an initiative, a programme, a project or a platform
    (org_words.INITIATIVE_PATTERNS: "the MRP programme", "initiatives such as the Migrant Response Plan")."""
    names = "|".join(re.escape(s) for s in surfaces if s)
    if not names:
        return False
    name = rf"(?<![^\W_])(?:{names})(?![^\W_])"
    lowered = _lowered(text)
    hits = []  # every pattern holds the name: search only around its occurrences (str.find, case folded)
    for surface in {s.lower() for s in surfaces if s}:
        hits.extend((at, at + len(surface)) for at in occurrences(lowered, surface))
    if not hits:
        return False
    patterns = [re.compile(pattern.format(name=name), re.IGNORECASE) for pattern in INITIATIVE_PATTERNS]
    opening = [p for p, raw in zip(patterns, INITIATIVE_PATTERNS) if raw.startswith("{name}")]
    closing = [p for p, raw in zip(patterns, INITIATIVE_PATTERNS) if not raw.startswith("{name}")]
    for start, end in sorted(hits):  # a pattern that opens with the name is tried at the name, the others end there
        # (the name opens with its (?<![^\W_]): an opening pattern can match only where no letter or digit is before)
        if (start == 0 or not text[start - 1].isalnum()) and any(p.match(text, start) for p in opening) or \
                any(p.search(text, max(0, start - INITIATIVE_REACH), end + 1) for p in closing):
            return True
    return False
