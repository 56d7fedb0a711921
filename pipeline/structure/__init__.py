"""Structured tables from the reports themselves: table cells, project facts, results, activities per country,
recommendations with their management response, meeting agendas.

Each extractor is a plain function over the document records (its lines, from pipeline.structure.lines) and the
tagger's mentions, which normalise the values (countries to ISO3, money, dates, organisations and bodies to their
ids); a document with none of these structures yields no rows. :func:`extract_structures` runs them all.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from pipeline.structure.activities import find_activities
from pipeline.structure.agenda import find_agenda
from pipeline.structure.cells import find_cells
from pipeline.structure.facts import find_facts
from pipeline.structure.lines import document_lines
from pipeline.structure.normalise import MentionIndex
from pipeline.structure.records import Activity, AgendaItem, Fact, Recommendation, Result, TableCell
from pipeline.structure.recommendations import find_recommendation_list, find_recommendations
from pipeline.structure.results import find_results
from pipeline.types import Document, Mention

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


def extract_structures(doc: Document, mentions: Sequence[Mention]) -> dict[str, tuple[Any, ...]]:
    """Every structured table of a document (table name → its records; empty tables left out)."""
    lines = list(document_lines(doc))
    index = MentionIndex(mentions)
    found: dict[str, tuple[Any, ...]] = {
        "tables": tuple(find_cells(doc, lines)),
        "facts": tuple(find_facts(doc, lines, index)),
        "results": tuple(find_results(doc, lines)),
        "activities": tuple(find_activities(doc, lines, index)),
        "recommendations": tuple(find_recommendations(doc, lines) or find_recommendation_list(doc, lines)),
        "agenda": tuple(find_agenda(doc, lines, index)),
    }
    return {name: rows for name, rows in found.items() if rows}


__all__ = ["RECORD_TYPES", "extract_structures", "structure_columns"]
