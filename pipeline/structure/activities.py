"""Activities a report says were carried out or are planned, country by country: the items (numbered or bulleted)
under an activities / achievements / planned-interventions heading, each with the country of the line or heading
above it (ISO3, or ``GLOBAL``), its output, status (done, ongoing, planned), period and actors."""
from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.ids import hash_id
from pipeline.structure.lines import Line, span_box
from pipeline.structure.normalise import ACTOR_LABELS, LIST_SEPARATOR, QUARTER_RE, MentionIndex, quarter_period
from pipeline.structure.records import Activity
from pipeline.structure.results import RESULT_RE
from pipeline.types import Document

GLOBAL = "GLOBAL"
DONE, ONGOING, PLANNED = "done", "ongoing", "planned"
SECTION_RE = re.compile(
    r"\bachievements\b|\bactivit(?:y|ies)\b|\binterventions?\b|\bplanned\b|\bwork\s*plan\b|\bway\s+forward\b|"
    r"\bnext\s+(?:reporting\s+)?period\b|\br[ée]alisations\b|\bactivit[ée]s\b|\bprochaine\s+p[ée]riode\b|"
    r"\bpr[ée]vues\b|\bactividades\b|\blogros\b|\bprevistas\b|\bplanificadas\b|\bpr[óo]ximo\s+per[íi]odo\b",
    re.IGNORECASE)
"""Headings of the sections whose items are activities."""
PLANNED_SECTION_RE = re.compile(
    r"planned|next\s+(?:reporting\s+)?(?:period|year|phase)|way\s+forward|work\s*plan|upcoming|prochaine|pr[ée]vues?|"
    r"planifi[ée]es|previstas|planificadas|pr[óo]xim[oa]s?", re.IGNORECASE)
"""Headings of sections of planned work."""
ONGOING_RE = re.compile(r"\bongoing\b|\bin progress\b|\bcontinu(?:es|ing)\b|\bis being\b|\bare being\b|"
                        r"\ben cours\b|\ben curso\b|\bse est[áa]n?\b", re.IGNORECASE)
FUTURE_RE = re.compile(r"\bwill\b|\bis planned\b|\bare planned\b|\bto be\b|\bsera(?:nt)?\b|\bser[áa]n?\b|"
                       r"\bpr[ée]vue?s?\b|\bprevist[oa]s?\b", re.IGNORECASE)
ITEM_RE = re.compile(r"^\s*(?:(?P<number>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+|\d{1,2}[.)]\s+|\(?[a-z]\)\s+|"
                     r"[•▪●◦■\-–—*]\s*)(?=\S)")
"""An item's opening: an activity number ("1.1.1"), a letter or a bullet."""
ITEM_KINDS = frozenset({"list"})
OUTPUT_LABEL_RE = re.compile(r"^\s*(?:outputs?|produits?|extrants?|productos?)\s*(?:n[°o]\.?\s*)?"
                             r"(?P<number>\d{1,2}(?:\.\d{1,2}){0,2})(?!\.?\d)", re.IGNORECASE)
"""An output's label opening a line ("Output 1.1", "Produit 2.1 :"): the activities below belong to it."""
HEADING_MAX_CHARS = 90
MIN_ACTIVITY_WORDS = 4
"""An item of fewer words is a label, not an activity."""
COUNTRY_LINE_MAX_CHARS = 60
"""A country's sub-heading is a short line that is only the country's name (with a number or a colon)."""
COUNTRY_LINE_REST_RE = re.compile(r"[\W\d_]|\b(?:in|en|and|et|y|the|la|le|el)\b", re.IGNORECASE)
"""What a per-country line may hold besides the countries' names: numbering, punctuation, "In", "and"."""
PERIOD_LABELS = ("DATE",)


def _country_line(line: Line, index: MentionIndex) -> str | None:
    """The ISO3 code(s) when a line is only countries' names (a per-country sub-heading: "Kenya", "In Ethiopia:",
    "Uganda and Rwanda" → "UGA;RWA"), else None."""
    text = line.text
    if not text or len(text) > COUNTRY_LINE_MAX_CHARS or len(line.filled) != 1:
        return None
    countries = index.inside(line.start, line.end, ("COUNTRY",))
    if not countries:
        return None
    rest = text
    for m in countries:
        rest = rest.replace(m.text, " ")
    if COUNTRY_LINE_REST_RE.sub("", rest):
        return None
    return LIST_SEPARATOR.join(dict.fromkeys(m.canonical_id for m in countries))


def _is_heading(line: Line) -> bool:
    """Whether a line is a heading: a short block the extractor typed as one."""
    return line.kind == "heading" and len(line.text) <= HEADING_MAX_CHARS


def _status(text: str, planned_section: bool) -> str:
    """done, ongoing or planned: the section's, else the item's own words."""
    if planned_section or FUTURE_RE.search(text):
        return PLANNED
    return ONGOING if ONGOING_RE.search(text) else DONE


def _period(text: str, start: int, end: int, index: MentionIndex) -> str:
    """The item's dates and periods (ISO 8601 from the DATE mentions; a quarter as printed)."""
    dates = index.ids(start, end, PERIOD_LABELS)
    if dates:
        return dates
    quarter = QUARTER_RE.search(text)
    return quarter_period(quarter) if quarter else ""


def find_activities(doc: Document, lines: Sequence[Line], index: MentionIndex) -> list[Activity]:
    """The activities of a report's activity sections, in order."""
    out: list[Activity] = []
    in_section = planned = False
    country = GLOBAL
    output = ""
    for line in lines:
        iso3 = _country_line(line, index)
        if iso3 is not None:
            country, output = iso3, ""
            continue
        text = line.text
        result = RESULT_RE.match(text) if line.kind != "table" else None
        label = OUTPUT_LABEL_RE.match(text) if line.kind != "table" else None
        if label is not None and (result is not None or _is_heading(line)):
            output = label.group("number")  # "Output 1.1" (a sub-heading) or "Output 1.1: ..." opens an output
            continue
        if _is_heading(line):
            if SECTION_RE.search(text):
                in_section, planned, country, output = True, bool(PLANNED_SECTION_RE.search(text)), GLOBAL, ""
            elif result is None:
                in_section = False
            continue
        if not in_section or line.kind == "table":
            continue
        item = ITEM_RE.match(text)
        if item is None and line.kind not in ITEM_KINDS:
            continue
        body = text[item.end():] if item else text
        if len(body.split()) < MIN_ACTIVITY_WORDS or body.rstrip().endswith(":") or body[:1].islower():
            continue  # a label, a lead-in or the rest of a sentence cut by the layout, not an activity
        number = item.group("number") if item and item.group("number") else ""
        activity_output = output or (".".join(number.split(".")[:2]) if number.count(".") >= 2 else "")
        start, end = line.start, line.end
        own = {m.canonical_id for m in index.inside(start, end, ("COUNTRY",))}
        where = country if country != GLOBAL else (own.pop() if len(own) == 1 else GLOBAL)
        page, box = span_box(doc, start, end)
        out.append(Activity(
            doc_id=doc.doc_id, activity_id=hash_id(doc.doc_id, "activity", start), page=line.page or page,
            country=where, output=activity_output, activity=body.strip(), status=_status(body, planned),
            period=_period(body, start, end, index), actors=index.ids(start, end, ACTOR_LABELS),
            char_start=start, char_end=end, bbox=box))
    return out
