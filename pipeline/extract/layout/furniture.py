"""Running headers, footers and page numbers: lines repeated in the top or bottom band of many pages."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from pipeline.extract.layout.lines import TextLine

FURNITURE_BAND = 0.1
"""Share of the page height at top and bottom searched for running headers and footers."""
FURNITURE_MIN_SHARE = 0.3
"""A top/bottom line repeated (modulo digits) on at least this share of pages is furniture."""
MIN_REPEATS = 2
"""...and on at least this many pages."""
MIN_PAGES = 3
"""Repeated lines count as furniture only in documents of at least this many pages (page numbers always do)."""
PAGE_NUMBER_RE = re.compile(
    r"^\W*(?:(?:page|p\.|pág(?:ina)?\.?|seite)\s*)?(?:\d{1,5}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:of|/|de|sur|sobre)\s*\d{1,5})?\W*$",
    re.IGNORECASE,
)
"""A line that is only a page number ("12", "Page 3 of 10", "p. iv", "Seite 2")."""
DIGITS_RE = re.compile(r"\d+")


def _furniture_key(line: TextLine) -> str:
    """A line's text lower-cased, spaces collapsed and digits masked: equal on every page it runs on."""
    return DIGITS_RE.sub("#", " ".join(line.text.lower().split()))


def find_furniture(pages: Sequence[Sequence[TextLine]], heights: Sequence[float]) -> list[set[int]]:
    """Indices of running headers, footers and page numbers on each page."""
    n_pages = len(pages)
    bands: list[list[tuple[int, str, float]]] = []
    counts: Counter[tuple[str, str]] = Counter()
    for lines, height in zip(pages, heights):
        found = []
        seen: set[tuple[str, str]] = set()
        for i, line in enumerate(lines):
            top, bottom = line.bbox[1], line.bbox[3]
            if bottom <= FURNITURE_BAND * height:
                where = "top"
            elif top >= (1 - FURNITURE_BAND) * height:
                where = "bottom"
            else:
                continue
            key = _furniture_key(line)
            found.append((i, where + "|" + key, top))
            seen.add((where, key))
        for item in seen:
            counts[item] += 1
        bands.append(found)
    threshold = max(MIN_REPEATS, FURNITURE_MIN_SHARE * n_pages)
    result: list[set[int]] = []
    for lines, found in zip(pages, bands):
        marked = set()
        for i, key, _top in found:
            where, text_key = key.split("|", 1)
            if PAGE_NUMBER_RE.match(lines[i].text.strip()):
                marked.add(i)
            elif n_pages >= MIN_PAGES and counts[(where, text_key)] >= threshold and any(c.isalnum() for c in text_key):
                marked.add(i)
        result.append(marked)
    return result
