"""The structured tables the web app shows (pipeline.structure): for each, its title, the columns a page shows, the
columns its text search looks in and the filters of its own. Every name and column here is a constant of the
code, never taken from a request, so it may be written into SQL as an identifier."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.output.store import STRUCTURE_TABLES
from pipeline.structure.activities import DONE, ONGOING, PLANNED
from pipeline.structure.recommendations import ACCEPT_VERDICTS


@dataclass(frozen=True, slots=True)
class TableSpec:
    """How one structured table is shown and filtered."""

    name: str
    title: str
    description: str
    shown: tuple[tuple[str, str], ...]
    """(column, heading) of the columns a row shows, in order (``tables`` is drawn as tables instead)."""
    text: tuple[str, ...]
    """The columns the text search (``q``) looks in."""
    extra: tuple[str, ...] = ()
    """Its own filters beyond document, kind, year, run and text: country, status, response."""
    main: str = ""
    """The column shown widest (its main text)."""


STATUSES: tuple[str, ...] = (DONE, ONGOING, PLANNED)
"""An activity's statuses."""
RESPONSES: tuple[str, ...] = tuple(verdict for verdict, _ in ACCEPT_VERDICTS)
"""A recommendation's management responses."""

SPECS: dict[str, TableSpec] = {spec.name: spec for spec in (
    TableSpec("tables", "Tables", "the cells of the tables detected in the reports, drawn as tables",
              (("header_path", "Header"), ("text", "Text")), ("text", "header_path")),
    TableSpec("facts", "Facts", "key–value pairs of project data tables (budget, donor, duration…)",
              (("key", "Key"), ("raw_key", "As printed"), ("value", "Value"), ("normalised_value", "Normalised")),
              ("key", "raw_key", "value", "normalised_value"), main="value"),
    TableSpec("results", "Results", "outputs, outcomes and objectives of results frameworks with their figures",
              (("kind", "Kind"), ("number", "No."), ("statement", "Statement"), ("indicators", "Indicators"),
               ("baseline", "Baseline"), ("target", "Target"), ("achieved", "Achieved")),
              ("number", "statement", "indicators", "baseline", "target", "achieved"), main="statement"),
    TableSpec("activities", "Activities", "activities reported or planned, by country, output and status",
              (("country", "Country"), ("output", "Output"), ("activity", "Activity"), ("status", "Status"),
               ("period", "Period"), ("actors", "Actors")),
              ("activity", "output", "period", "actors"), extra=("country", "status"), main="activity"),
    TableSpec("recommendations", "Recommendations",
              "recommendations of evaluations with their management response, actions and deadlines",
              (("number", "No."), ("recommendation", "Recommendation"), ("addressed_to", "Addressed to"),
               ("response", "Response"), ("actions", "Key actions"), ("responsible", "Responsible"),
               ("deadline", "Deadline"), ("status", "Status"), ("priority", "Priority")),
              ("recommendation", "addressed_to", "actions", "responsible", "comments", "response_raw"),
              extra=("response",), main="recommendation"),
    TableSpec("agenda", "Agenda", "sessions of meeting agendas with their moderators, speakers and institutions",
              (("time", "Time"), ("session", "Session"), ("moderator", "Moderator"), ("speakers", "Speakers"),
               ("institutions", "Institutions"), ("countries", "Countries")),
              ("session", "moderator", "speakers", "institutions", "countries"), main="session"),
)}
"""The structured tables, in the order the index lists them."""
CHOICES: dict[str, tuple[str, ...]] = {"status": STATUSES, "response": RESPONSES}
"""The valid values of the controlled filters."""
TABLES_PER_PAGE = 10
"""Tables (of ``tables``) shown on one page."""

if set(SPECS) != set(STRUCTURE_TABLES):  # pragma: no cover - a table added to pipeline.structure needs a spec
    raise RuntimeError(f"serve.structures covers {sorted(SPECS)}, the store writes {sorted(STRUCTURE_TABLES)}")
for _spec in SPECS.values():
    _unknown = ({c for c, _ in _spec.shown} | set(_spec.text) | ({_spec.main} - {""})) - set(STRUCTURE_TABLES[_spec.name])
    if _unknown:  # pragma: no cover
        raise RuntimeError(f"{_spec.name}: no column {', '.join(sorted(_unknown))}")

__all__ = ["CHOICES", "RESPONSES", "SPECS", "STATUSES", "TABLES_PER_PAGE", "TableSpec"]
