"""Find dates and periods (en/fr/es) and normalise them to ISO 8601 at the precision written.

'1 February 2014' → 2014-02-01, 'February 2014' → 2014-02, a year alone only in clear date contexts ('in 2014',
'since 2019', '(2019)'), periods → intervals ('2014-02-01/2015-01-31', '2019-03/2020-06', '2014/2016').
"""
from __future__ import annotations

import datetime
import re

from pipeline.nlp.fold import fold
from pipeline.types import Span

LABEL = "DATE"
MIN_YEAR = 1900
MAX_YEAR = 2100

MONTHS: dict[str, int] = {}
for _i, _names in enumerate((
    ("january", "jan", "janvier", "janv", "enero", "ene"),
    ("february", "feb", "fevrier", "fev", "fevr", "febrero"),
    ("march", "mar", "mars", "marzo"),
    ("april", "apr", "avril", "avr", "abril", "abr"),
    ("may", "mai", "mayo"),
    ("june", "jun", "juin", "junio"),
    ("july", "jul", "juillet", "juil", "julio"),
    ("august", "aug", "aout", "agosto", "ago"),
    ("september", "sep", "sept", "septembre", "septiembre", "setiembre"),
    ("october", "oct", "octobre", "octubre"),
    ("november", "nov", "novembre", "noviembre"),
    ("december", "dec", "decembre", "diciembre", "dic"),
), start=1):
    for _n in _names:
        MONTHS[_n] = _i

_MONTH_WORDS = sorted({m for m in MONTHS} | {"février", "févr", "août", "décembre"}, key=len, reverse=True)
_MONTH = rf"(?P<{{g}}>(?:{'|'.join(_MONTH_WORDS)})\.?)"
_YEAR = r"(?P<{g}>(?:19|20)\d\d)(?!\d)"
_DAY = r"(?P<{g}>[0-3]?\d)(?:er|st|nd|rd|th|º|°)?"

# One date expression; group names get a suffix so two can sit in one period pattern.
def _date(s: str) -> str:
    """Regex alternatives of one date (day-month-year, month-day-year, month-year, numeric) with groups suffixed s."""
    return (
        rf"(?:{_DAY.format(g='d' + s)}\s+(?:de\s+)?{_MONTH.format(g='m' + s)},?\s+(?:de\s+|del\s+)?{_YEAR.format(g='y' + s)}"
        rf"|{_MONTH.format(g='mm' + s)}\s+{_DAY.format(g='dd' + s)},\s*{_YEAR.format(g='yy' + s)}"
        rf"|{_MONTH.format(g='m2' + s)}\s+(?:de\s+|del\s+)?{_YEAR.format(g='y2' + s)}"
        rf"|(?P<iy{s}>(?:19|20)\d\d)-(?P<im{s}>[01]\d)-(?P<id{s}>[0-3]\d)(?!\d)"
        rf"|(?<![\d/.])(?P<nd{s}>[0-3]?\d)(?P<ns{s}>[/.-])(?P<nm{s}>[01]?\d)(?P=ns{s})(?P<ny{s}>(?:19|20)\d\d)(?!\d))"
    )


_FLAGS = re.IGNORECASE
DATE_RE = re.compile(rf"(?<![\w])(?:{_date('a')})(?![\w])", _FLAGS)
PERIOD_RE = re.compile(
    rf"(?<![\w])(?:(?:from|du|de|del|desde|between|entre)\s+)?(?:{_date('a')})"
    rf"\s*(?:[-–—]|to|until|till|au|à|a|al|hasta|and|et|y)\s*(?:{_date('b')})(?![\w])",
    _FLAGS,
)
# Bare years: periods '2014-2016', '2020–2025' and years in clear date contexts.
YEAR_PERIOD_RE = re.compile(r"(?<![\w/.,-])((?:19|20)\d\d)\s?[-–—]\s?((?:19|20)\d\d|\d\d)(?![\w%/-]|[.,]\d)")
YEAR_CONTEXT_RE = re.compile(
    r"(?:(?<![\w])(?:in|since|by|until|till|during|from|before|after|as\s+of|en|depuis|jusqu'en|avant|apr[èe]s|"
    r"desde|hasta|durante|antes\s+de|despu[ée]s\s+de|año|year|ann[ée]e|fiscal\s+year)\s+|\()"
    r"((?:19|20)\d\d)(?![\w%/-]|[.,]\d)"
)


YEAR_HINT_RE = re.compile(r"[12][09]\d\d")
REGION_BEFORE = 48
"""Chars before a year that a date or period containing it can start ('from 30 September 2014 – ...')."""
REGION_AFTER = 8
"""Chars after a year kept in its window (two-digit period ends, trailing letters for the boundary checks)."""
TAKEN_LOOKBACK = 16
"""How many earlier spans are checked for overlap."""


def _month_key(s: str) -> str:
    """The MONTHS key of a matched month word: folded (pipeline.nlp.fold), a trailing period dropped."""
    return fold(s).rstrip(".")


def _iso(m: re.Match[str], s: str) -> str | None:
    """ISO string of the date alternative that matched with suffix s, or None if it is not a valid date."""
    g = m.groupdict()
    if g.get("y" + s):
        y, mo, d = int(g["y" + s]), MONTHS.get(_month_key(g["m" + s])), int(g["d" + s])
    elif g.get("yy" + s):
        y, mo, d = int(g["yy" + s]), MONTHS.get(_month_key(g["mm" + s])), int(g["dd" + s])
    elif g.get("y2" + s):
        mo = MONTHS.get(_month_key(g["m2" + s]))
        return f"{int(g['y2' + s]):04d}-{mo:02d}" if mo else None
    elif g.get("iy" + s):
        y, mo, d = int(g["iy" + s]), int(g["im" + s]), int(g["id" + s])
    elif g.get("ny" + s):
        y, mo, d = int(g["ny" + s]), int(g["nm" + s]), int(g["nd" + s])  # dd/mm/yyyy (UN, fr, es, DOF style)
    else:
        return None
    if not mo or not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return datetime.date(y, mo, d).isoformat()
    except ValueError:
        return None


def _full_year(start: str, end: str) -> int:
    """End year of '2014-16' style periods."""
    return int(start[:2] + end) if len(end) == 2 else int(end)


def _regions(text: str) -> list[tuple[int, int]]:
    """Merged windows around every year-like number: every date or period written here contains a year."""
    out: list[tuple[int, int]] = []
    for m in YEAR_HINT_RE.finditer(text):
        lo, hi = max(0, m.start() - REGION_BEFORE), min(len(text), m.end() + REGION_AFTER)
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


def find(text: str, *, language: str = "en") -> list[Span]:
    """Find dates and periods in a whole document text, sorted by start."""
    del language  # month names of en/fr/es are all matched; numeric dates are read day first
    out: list[Span] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken[-TAKEN_LOOKBACK:])

    def add(a: int, b: int, iso: str) -> None:
        out.append(Span(LABEL, a, b, iso))
        taken.append((a, b))

    for lo, hi in _regions(text):
        for m in PERIOD_RE.finditer(text, lo, hi):
            a, b = _iso(m, "a"), _iso(m, "b")
            if a and b and a <= b and free(m.start(), m.end()):
                add(m.start(), m.end(), f"{a}/{b}")
        for m in DATE_RE.finditer(text, lo, hi):
            iso = _iso(m, "a")
            if iso and free(m.start(), m.end()):
                add(m.start(), m.end(), iso)
        for m in YEAR_PERIOD_RE.finditer(text, lo, hi):
            y1, y2 = int(m.group(1)), _full_year(m.group(1), m.group(2))
            if y1 < y2 <= MAX_YEAR and free(m.start(), m.end()):
                add(m.start(), m.end(), f"{y1}/{y2}")
        for m in YEAR_CONTEXT_RE.finditer(text, lo, hi):
            if free(m.start(1), m.end(1)):
                add(m.start(1), m.end(1), m.group(1))
    return sorted(out, key=lambda sp: (sp.start, sp.end))
