"""Structured tables from the reports themselves: table cells, project facts, results, activities per country,
recommendations with their management response, meeting agendas.

Each extractor is a plain function over the document records (its lines, from pipeline.structure.lines) and the
tagger's mentions, which normalise the values (countries to ISO3, money, dates, organisations and bodies to their
ids); a document with none of these structures yields no rows. :func:`extract_structures` runs them all.
"""
from __future__ import annotations

from collections.abc import Sequence
from importlib import import_module
from typing import Any

from pipeline.structure.records import RECORD_TYPES, structure_columns
from pipeline.types import Document, Mention


EXTRACTOR_MODULES = ("activities", "agenda", "cells", "facts", "lines", "normalise", "recommendations", "results")
"""The extractor modules, imported on first use (they compile about a hundred patterns): writing or restoring a
run folder's tables (pipeline.output.store, pipeline.run.snapshot) never pays for them."""


def preload() -> None:
    """Import the extractors now (before workers are forked, so that they share them)."""
    for name in EXTRACTOR_MODULES:
        import_module(f"{__name__}.{name}")


def extract_structures(doc: Document, mentions: Sequence[Mention]) -> dict[str, tuple[Any, ...]]:
    """Every structured table of a document (table name → its records; empty tables left out)."""
    from pipeline.structure.activities import find_activities
    from pipeline.structure.agenda import find_agenda
    from pipeline.structure.cells import find_cells
    from pipeline.structure.facts import find_facts
    from pipeline.structure.lines import document_lines
    from pipeline.structure.normalise import MentionIndex
    from pipeline.structure.recommendations import find_recommendation_list, find_recommendations
    from pipeline.structure.results import find_results

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


__all__ = ["RECORD_TYPES", "extract_structures", "preload", "structure_columns"]
