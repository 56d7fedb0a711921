"""The filters of the evidence browser: read from a query string, checked, turned into parameterised SQL.

Every value is checked before any query runs (SDG codes against the framework, themes against the contract's
theme ids, countries against countries.json, the rest against the values of the database); a bad one raises
:class:`ConfigError` whose message names the valid options (the app answers it with HTTP 400).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from urllib.parse import urlencode

import pandas as pd

from pipeline.errors import ConfigError, invalid_value
from pipeline.output.query import country_iso3, document_ids, kind_name, relation_name, sdg_id, theme_id, year_value
from pipeline.resources.gcm import GCM_OBJECTIVES, gcm_objective

FILTER_NAMES: tuple[str, ...] = ("theme", "sdg", "country", "actor", "relation", "kind", "year", "doc", "run", "q",
                                 "gcm")
"""The query-string parameters that filter links (the same for the browser, the graph and the downloads)."""
MAX_TEXT = 200
"""The longest full-text search accepted (characters)."""
LIKE_ESCAPE = "\\"


@dataclass(frozen=True, slots=True)
class Filters:
    """Checked filter values; ``None`` is no filter. ``sdg`` is a canonical id, ``country`` an ISO3 code."""

    theme: str | None = None
    sdg: str | None = None
    country: str | None = None
    actor: str | None = None
    relation: str | None = None
    kind: str | None = None
    year: int | None = None
    doc: str | None = None
    run: str | None = None
    q: str | None = None
    gcm: int | None = None

    def query_string(self, **changes: object) -> str:
        """The URL query string of these filters with some values changed (``None`` drops a filter)."""
        values = {**asdict(self), **changes}
        pairs = [(k, _url_value(k, v)) for k, v in values.items() if v not in (None, "")]
        return urlencode(pairs)

    def active(self) -> dict[str, object]:
        """The filters that are set, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, "")}

    def with_(self, **changes: object) -> "Filters":
        """A copy with some values replaced."""
        return replace(self, **changes)


def _url_value(name: str, value: object) -> str:
    """How a checked value is written back into a URL (an SDG id without its prefix)."""
    text = str(value)
    return text.removeprefix("SDG:") if name == "sdg" else text


@dataclass(frozen=True, slots=True)
class Known:
    """The values of the database a filter is checked against (actors, documents and their years, runs)."""

    actors: frozenset[str]
    documents: pd.DataFrame
    """The served documents: doc_id, source, symbol, year (what ``doc`` and ``year`` are checked against)."""
    runs: Mapping[str, str]
    """Run ids and run folder names → run id."""


def _int(name: str, value: str) -> int:
    """An integer query parameter."""
    try:
        return int(value.strip())
    except ValueError:
        raise ConfigError(f"{name} {value!r} is not a whole number") from None


def _gcm(value: str) -> int:
    """A GCM objective number (1-23)."""
    number = _int("gcm", value)
    gcm_objective(number)  # raises ConfigError out of range
    return number


def parse_filters(params: Mapping[str, str], known: Known) -> Filters:
    """The checked filters of a query string (empty values are no filter)."""
    raw = {name: str(params.get(name, "") or "").strip() for name in FILTER_NAMES}
    values: dict[str, object] = {}
    if raw["theme"]:
        values["theme"] = theme_id(raw["theme"])
    if raw["sdg"]:
        values["sdg"] = sdg_id(raw["sdg"])
    if raw["country"]:
        values["country"] = country_iso3(raw["country"], by_name=True)
    if raw["actor"]:
        if raw["actor"] not in known.actors:
            raise ConfigError(invalid_value("actor", raw["actor"], sorted(known.actors)))
        values["actor"] = raw["actor"]
    if raw["relation"]:
        values["relation"] = relation_name(raw["relation"])
    if raw["kind"]:
        values["kind"] = kind_name(raw["kind"])
    if raw["year"]:
        values["year"] = year_value(_int("year", raw["year"]), known.documents)
    if raw["doc"]:
        values["doc"] = document_ids(raw["doc"], known.documents, what="documents of the database")
    if raw["run"]:
        run = known.runs.get(raw["run"])
        if run is None:
            raise ConfigError(invalid_value("run", raw["run"], sorted(known.runs)))
        values["run"] = run
    if raw["q"]:
        if len(raw["q"]) > MAX_TEXT:
            raise ConfigError(f"q is {len(raw['q'])} characters long; at most {MAX_TEXT} are searched")
        values["q"] = raw["q"]
    if raw["gcm"]:
        values["gcm"] = _gcm(raw["gcm"])
    return Filters(**values)


def like_pattern(text: str) -> str:
    """An ILIKE pattern matching ``text`` anywhere (its own % and _ escaped)."""
    escaped = text.replace(LIKE_ESCAPE, LIKE_ESCAPE * 2).replace("%", LIKE_ESCAPE + "%").replace("_", LIKE_ESCAPE + "_")
    return f"%{escaped}%"


def where_clause(filters: Filters, *, themes_of_gcm: Sequence[str] = ()) -> tuple[str, list[object]]:
    """The SQL condition (links ``l``, documents ``d``) and its parameters for the filters; values are bound, never
    spliced. ``themes_of_gcm`` are the themes of the GCM objective filtered on."""
    clauses: list[str] = []
    params: list[object] = []
    if filters.theme:
        clauses.append("l.source_id = ?")
        params.append(filters.theme)
    if filters.gcm is not None:
        if themes_of_gcm:
            clauses.append("l.source_id IN (" + ", ".join("?" for _ in themes_of_gcm) + ")")
            params.extend(themes_of_gcm)
        else:
            clauses.append("FALSE")
    if filters.sdg:
        clauses.append("(lower(l.target_id) = lower(?) OR starts_with(lower(l.target_id), lower(?)))")
        params.extend([filters.sdg, filters.sdg + "."])
    if filters.country:
        clauses.append("list_contains(string_split(upper(coalesce(l.countries, '')), ';'), ?)")
        params.append(filters.country.upper())
    if filters.actor:
        clauses.append("list_contains(string_split(coalesce(l.actors, ''), ';'), ?)")
        params.append(filters.actor)
    if filters.relation:
        clauses.append("l.relation = ?")
        params.append(filters.relation)
    _document_clauses(filters, "l", clauses, params)
    if filters.q:
        clauses.append("l.evidence ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(filters.q))
    return (" AND ".join(clauses) if clauses else "TRUE"), params




# -- the structured tables' filters -----------------------------------------------------------------------------

STRUCTURE_FILTER_NAMES: tuple[str, ...] = ("doc", "kind", "year", "run", "q", "country", "status", "response")
"""The query-string parameters that filter the rows of a structured table (its page and its downloads)."""
SHARED_FILTER_NAMES: tuple[str, ...] = ("doc", "kind", "year", "run", "q")
"""The filters a structured table shares with the evidence browser (checked by :func:`parse_filters`)."""
ANY_COUNTRY = "GLOBAL"
"""The country of an activity that names no single country (pipeline.structure.activities)."""


@dataclass(frozen=True, slots=True)
class StructureFilters:
    """Checked filters of a structured table's rows; ``None`` is no filter. ``country`` is an ISO3 code or
    ``GLOBAL`` (activities), ``status`` an activity's status, ``response`` a recommendation's response."""

    doc: str | None = None
    kind: str | None = None
    year: int | None = None
    run: str | None = None
    q: str | None = None
    country: str | None = None
    status: str | None = None
    response: str | None = None

    def query_string(self, **changes: object) -> str:
        """The URL query string of these filters with some values changed (``None`` drops a filter)."""
        values = {**asdict(self), **changes}
        return urlencode([(k, str(v)) for k, v in values.items() if v not in (None, "")])

    def active(self) -> dict[str, object]:
        """The filters that are set, by name."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, "")}


def parse_structure_filters(params: Mapping[str, str], known: Known, *, table: str, extra: Sequence[str] = (),
                            choices: Mapping[str, Sequence[str]] | None = None) -> StructureFilters:
    """The checked filters of a structured table's query string: document, kind, year, run and text as the
    evidence browser checks them, and the table's own (``extra``: country, status, response), a status or a
    response checked against ``choices``. A filter the table does not have is an error, not ignored, so that a
    download never holds more than the URL says."""
    raw = {name: str(params.get(name, "") or "").strip() for name in STRUCTURE_FILTER_NAMES}
    shared = parse_filters({name: raw[name] for name in SHARED_FILTER_NAMES}, known)
    values: dict[str, object] = {name: getattr(shared, name) for name in SHARED_FILTER_NAMES}
    choices = choices or {}
    for name in ("country", "status", "response"):
        if not raw[name]:
            continue
        if name not in extra:
            raise ConfigError(f"the {table} table has no {name} filter; its filters: "
                              + ", ".join((*SHARED_FILTER_NAMES, *extra)))
        if name == "country":
            values[name] = ANY_COUNTRY if raw[name].upper() == ANY_COUNTRY else country_iso3(raw[name], by_name=True)
            continue
        valid = list(choices.get(name, ()))
        wanted = raw[name].casefold()
        match = next((v for v in valid if v.casefold() == wanted), None)
        if match is None:
            raise ConfigError(invalid_value(name, raw[name], valid))
        values[name] = match
    return StructureFilters(**values)


def _document_clauses(filters: Filters | StructureFilters, alias: str, clauses: list[str],
                      params: list[object]) -> None:
    """Append the document filters (kind, year, document, run) of rows ``alias`` joined to documents ``d``."""
    if filters.kind:
        clauses.append("d.kind = ?")
        params.append(filters.kind)
    if filters.year is not None:
        clauses.append("d.year = ?")
        params.append(filters.year)
    if filters.doc:
        clauses.append(f"{alias}.doc_id = ?")
        params.append(filters.doc)
    if filters.run:
        clauses.append(f"{alias}.doc_id IN (SELECT doc_id FROM run_documents WHERE run_id = ?)")
        params.append(filters.run)


def structure_where(filters: StructureFilters, *, text_columns: Sequence[str], search_sql: str = "") -> tuple[
        str, list[object]]:
    """The SQL condition (rows ``s``, documents ``d``) and its parameters for a structured table's filters; values
    are bound, never spliced (the column names are the table's own constants). ``search_sql`` replaces the text
    search's condition (a ``{}`` in it stands for each column's ILIKE test), as the cells of whole tables need."""
    clauses: list[str] = []
    params: list[object] = []
    _document_clauses(filters, "s", clauses, params)
    if filters.country:
        clauses.append("upper(coalesce(s.country, '')) = ?")
        params.append(filters.country.upper())
    if filters.status:
        clauses.append("s.status = ?")
        params.append(filters.status)
    if filters.response:
        clauses.append("s.response = ?")
        params.append(filters.response)
    if filters.q and text_columns:
        alias = "t" if search_sql else "s"
        tests = " OR ".join(f"coalesce({alias}.\"{c}\", '') ILIKE ? ESCAPE '\\'" for c in text_columns)
        clauses.append(search_sql.replace("{}", tests) if search_sql else f"({tests})")
        params.extend([like_pattern(filters.q)] * len(text_columns))
    return (" AND ".join(clauses) if clauses else "TRUE"), params


__all__ = ["FILTER_NAMES", "Filters", "GCM_OBJECTIVES", "Known", "STRUCTURE_FILTER_NAMES", "StructureFilters",
           "like_pattern", "parse_filters", "parse_structure_filters", "structure_where", "where_clause"]
