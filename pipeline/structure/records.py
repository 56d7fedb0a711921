"""Frozen records of the structured tables found in a report (pipeline.structure): one class per table.

Every record carries its document, page, the character span of its source text (0-based, half-open, into the
document's extracted text) and the box of that text on its page, so it is as traceable as a mention.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields

from pipeline.types import BBox


@dataclass(frozen=True, slots=True)
class TableCell:
    """One cell of a detected table: its row and column, the column headers above it, its text."""

    doc_id: str
    table_id: str
    page: int
    row: int
    column: int
    header_path: str
    text: str
    char_start: int
    char_end: int
    bbox: BBox | None = None


@dataclass(frozen=True, slots=True)
class Fact:
    """A key–value pair of a project data / information table, its key normalised (``budget``, ``donor``…)."""

    doc_id: str
    fact_id: str
    page: int
    key: str
    raw_key: str
    value: str
    normalised_value: str
    char_start: int
    char_end: int
    bbox: BBox | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """An output, outcome or objective of a results framework, with its indicators and figures."""

    doc_id: str
    result_id: str
    page: int
    kind: str
    number: str
    statement: str
    indicators: str
    baseline: str
    target: str
    achieved: str
    char_start: int
    char_end: int
    bbox: BBox | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    """An activity reported or planned, with its country (ISO3 or ``GLOBAL``), output, status and period."""

    doc_id: str
    activity_id: str
    page: int
    country: str
    output: str
    activity: str
    status: str
    period: str
    actors: str
    char_start: int
    char_end: int
    bbox: BBox | None = None


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommendation of an evaluation with its management response, key actions, units and deadlines."""

    doc_id: str
    recommendation_id: str
    page: int
    number: str
    recommendation: str
    addressed_to: str
    response: str
    actions: str
    responsible: str
    deadline: str
    status: str
    deadline_raw: str
    priority: str
    response_raw: str
    comments: str
    char_start: int
    char_end: int
    bbox: BBox | None = None


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """A session or item of a meeting agenda: time, title, moderator, speakers with their institutions."""

    doc_id: str
    item_id: str
    page: int
    time: str
    session: str
    moderator: str
    speakers: str
    institutions: str
    countries: str
    char_start: int
    char_end: int
    bbox: BBox | None = None


RECORD_TYPES: dict[str, type] = {
    "tables": TableCell, "facts": Fact, "results": Result, "activities": Activity,
    "recommendations": Recommendation, "agenda": AgendaItem,
}
"""Each structured table's name in the run folder and database → its record type."""
BOX_FIELD = "bbox"


def structure_columns(name: str, box_columns: Sequence[str]) -> tuple[str, ...]:
    """The columns of a structured table: its record's fields, the box spread into ``box_columns``."""
    names = [f.name for f in fields(RECORD_TYPES[name])]
    return tuple(c for n in names for c in (box_columns if n == BOX_FIELD else (n,)))
