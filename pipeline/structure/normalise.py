"""Values of structured rows normalised with the project's taggers: the mentions inside a cell (countries to ISO3,
organisations and bodies to their ids, money, dates), deadlines to ISO 8601."""
from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from pipeline.nlp.finders.dates import find as find_dates
from pipeline.types import Mention

QUARTER_RE = re.compile(r"\b(?:Q|T)([1-4])\s*(?:of\s+|de\s+)?((?:19|20)\d\d)\b", re.IGNORECASE)
"""A calendar quarter with its year ("Q2 2022", "T3 2024" in French): its last month is the deadline."""
QUARTER_END_MONTH = {1: 3, 2: 6, 3: 9, 4: 12}
YEAR_RE = re.compile(r"(?<![\d/.-])((?:19|20)\d\d)(?![\d/.-])")
SHORT_YEAR_TEXT = 40
"""A bare year is a date only in a short text (a timeframe cell, "by 2025"), not inside a sentence."""
LIST_SEPARATOR = ";"
ACTOR_LABELS = ("ORG", "GOV_BODY")


def quarter_period(match: re.Match[str]) -> str:
    """A QUARTER_RE match as an ISO 8601 interval of months ("Q3 2014" → "2014-07/2014-09")."""
    year, end = match.group(2), QUARTER_END_MONTH[int(match.group(1))]
    return f"{year}-{end - 2:02d}/{year}-{end:02d}"


def deadline(text: str) -> str:
    """The absolute date a timeframe gives, in ISO 8601 (its end for a period or quarter), or '' when relative."""
    quarter = QUARTER_RE.search(text)
    if quarter:
        return f"{quarter.group(2)}-{QUARTER_END_MONTH[int(quarter.group(1))]:02d}"
    spans = find_dates(text)
    if spans:
        return spans[-1].canonical_id.split("/")[-1]
    if len(text) <= SHORT_YEAR_TEXT:
        years = YEAR_RE.findall(text)
        if years:
            return years[-1]
    return ""


class MentionIndex:
    """A document's mentions by position, to read the normalised values inside a span."""

    def __init__(self, mentions: Sequence[Mention]) -> None:
        self._mentions = sorted(mentions, key=lambda m: (m.char_start, m.char_end))
        self._starts = [m.char_start for m in self._mentions]

    def inside(self, start: int, end: int, labels: Sequence[str]) -> list[Mention]:
        """The mentions with one of ``labels`` lying within [start, end), in text order."""
        lo = bisect.bisect_left(self._starts, start)
        hi = bisect.bisect_left(self._starts, end)
        return [m for m in self._mentions[lo:hi] if m.char_end <= end and m.label in labels]

    def ids(self, start: int, end: int, labels: Sequence[str]) -> str:
        """The distinct canonical ids of the mentions with ``labels`` in a span, joined with ';'."""
        return LIST_SEPARATOR.join(dict.fromkeys(m.canonical_id for m in self.inside(start, end, labels)))
