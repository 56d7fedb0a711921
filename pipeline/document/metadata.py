"""Document metadata read off the first pages: the UN document symbol and the year of the document.

Symbol: a United Nations document symbol ("A/RES/79/217", "A/C.3/80/L.18", "E/2024/15", "A/HRC/RES/52/1") printed
as the document's own masthead or running header: a first-page line or running-header entry that is nothing but the
symbol. Symbols cited in running text ("on the report of the Third Committee (A/78/481/Add.2)") are not the
document's own.

Year: the year of the document's date, from (in order) an explicit date line ("Distr.: General 22 December 2023",
"Date of publication: 10 June 2025"), a dated running header of the first page ("Viernes 25 de julio de 2025"), a
date on the cover ("March 2022", "Juillet, 2021", "9th July 2025"), a year standing alone on the cover ("2019").
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.types import Document

SYMBOL_ORGANS = ("A", "S", "E", "ST", "TD", "DP", "ECE", "ESCAP", "UNEP", "CRC", "CEDAW", "CCPR", "CERD", "CAT",
                 "CMW", "CRPD", "FCCC", "ICEF", "UNW", "HRC")
"""The leading element of a UN document symbol: a principal organ or a treaty/programme series."""
SYMBOL_BODY = rf"(?:{'|'.join(SYMBOL_ORGANS)})(?:/[A-Z0-9][A-Za-z0-9.\-]*){{2,}}"
SYMBOL_RE = re.compile(rf"(?<![\w/])({SYMBOL_BODY})(?![\w/])")
"""A UN document symbol: an organ and at least two further elements ("A/RES/79/217", "E/CN.6/2024/L.3")."""
SYMBOL_LINE_RE = re.compile(rf"^\s*({SYMBOL_BODY})\s*\*?\s*$")
"""A line that is nothing but a symbol (the masthead or a running header)."""
SYMBOL_PAGES = 2
"""Running headers and front lines are looked for on this many leading pages."""
YEAR_PAGES = 2
MIN_YEAR = 1945
MAX_YEAR = 2100
MONTHS = (
    "january february march april may june july august september october november december "
    "janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre"
).split()
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
YEAR = r"((?:19|20)\d\d)"
DATE_RE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th|er)?\s+(?:de\s+)?)?(?:{_MONTH})\.?,?\s+(?:de\s+|del\s+)?{YEAR}\b"
    rf"|\b\d{{1,2}}[-/.]\d{{1,2}}[-/.]{YEAR}\b|\b{YEAR}-\d{{2}}-\d{{2}}\b",
    re.IGNORECASE)
"""A written date with its year: "22 December 2023", "Juillet, 2021", "25 de julio de 2025", "15-01-2026"."""
EXPLICIT_DATE_RE = re.compile(
    r"\b(?:Distr\.?\s*:\s*\w+|Date of (?:publication|issue)|Date de publication|Fecha de publicaci[óo]n|"
    r"Dated?|Fecha)\b[\s:,]*(.{0,40})", re.IGNORECASE)
"""A line that says it gives the document's date ("Distr.: General 22 December 2023")."""
TITLE_YEAR_RE = re.compile(r"\btitle\s*/\s*year\s*:", re.IGNORECASE)
"""A management response's "Evaluation title/year: ... , 2023" line: its last year dates it."""
ANY_YEAR_RE = re.compile(rf"(?<![\d/-]){YEAR}(?![\d/-])")
LONE_YEAR_RE = re.compile(rf"^\W*{YEAR}\W*$")
VISION_YEAR_RE = re.compile(rf"\b(?:Agenda|Vision|Horizon|Horizonte|Visi[óo]n)\s+{YEAR}", re.IGNORECASE)
"""A target year named with a plan ("Agenda 2030", "Vision 2030") does not date the document."""
COVER_LINE_MAX_WORDS = 12
"""A cover line this short that holds a date dates the document ("Final Evaluation Report February 2022")."""


def _symbol_in_line(line: str) -> str:
    match = SYMBOL_LINE_RE.match(line)
    return match.group(1).rstrip(".") if match else ""


def detect_symbol(doc: Document) -> str:
    """The document's own UN symbol ("A/RES/79/217"), from its masthead or running headers; "" when it has none."""
    for page in doc.pages[:SYMBOL_PAGES]:
        for entry in page.furniture:
            symbol = _symbol_in_line(entry)
            if symbol:
                return symbol
        for block in page.blocks:
            for line in block.text.split("\n"):
                symbol = _symbol_in_line(line)
                if symbol:
                    return symbol
    return ""


def _year_of(text: str) -> int | None:
    """The year of the first written date in a text, if it is a plausible document year."""
    match = DATE_RE.search(text)
    if match is None:
        return None
    year = int(next(g for g in match.groups() if g))
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _front_lines(doc: Document) -> Iterator[tuple[str, str]]:
    """(where, line) for the furniture and block lines of the leading pages: where is "furniture" or "block"."""
    for page in doc.pages[:YEAR_PAGES]:
        for entry in page.furniture:
            yield "furniture", entry
        for block in page.blocks:
            if block.kind == "footnote":
                continue
            for line in block.text.split("\n"):
                for cell in line.split(" | ") if block.kind == "table" else (line,):
                    yield "block", cell


def detect_year(doc: Document) -> int | None:
    """The year of the document's date (see the module docstring), or None when the front pages give none."""
    lines = list(_front_lines(doc))
    for _, line in lines:
        for match in EXPLICIT_DATE_RE.finditer(line):
            year = _year_of(match.group(1))
            if year:
                return year
    for _, line in lines:
        if TITLE_YEAR_RE.search(line):
            years = [int(y) for y in ANY_YEAR_RE.findall(line) if MIN_YEAR <= int(y) <= MAX_YEAR]
            if years:
                return years[-1]
    for where, line in lines:
        if where == "furniture":
            year = _year_of(line)
            if year:
                return year
    for _, line in lines:
        if len(line.split()) <= COVER_LINE_MAX_WORDS:
            year = _year_of(line)
            if year:
                return year
    for where, line in lines:
        if LONE_YEAR_RE.match(line) or where == "furniture" and not VISION_YEAR_RE.search(line):
            years = [int(y) for y in ANY_YEAR_RE.findall(line) if MIN_YEAR <= int(y) <= MAX_YEAR]
            if years:
                return years[0]
    for _, line in lines:
        year = _year_of(line)
        if year:
            return year
    return None
