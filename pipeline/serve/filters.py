"""The filters of the evidence browser: read from a query string, checked, turned into parameterised SQL.

Every value is checked before any query runs (SDG codes against the framework, themes against the contract's
theme ids, countries against countries.json, the rest against the values of the database); a bad one raises
:class:`ConfigError` whose message names the valid options (the app answers it with HTTP 400).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace
from urllib.parse import urlencode

from pipeline.errors import MAX_LISTED, ConfigError, invalid_value
from pipeline.output.query import country_iso3, kind_name, relation_name, sdg_id, theme_id
from pipeline.resources.gazetteers import country_by_iso3
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
    """The values of the database a filter is checked against (actors, documents, years, runs)."""

    actors: frozenset[str]
    doc_ids: Mapping[str, str]
    """Every name a document answers to (doc id, file name, file stem, UN symbol), folded → doc id."""
    doc_files: Sequence[str]
    years: frozenset[int]
    runs: Mapping[str, str]
    """Run ids and run folder names → run id."""


def country_code(value: str) -> str:
    """An ISO3 code for a country given by its code or by one of its names (English, French, Spanish, alias)."""
    try:
        return country_iso3(value)
    except ConfigError:
        folded = value.strip().casefold()
        named = [code for code, c in country_by_iso3().items()
                 if folded in {n.casefold() for n in (c.name.en, c.name.fr, c.name.es, *c.aliases) if n}]
        if len(named) == 1:
            return named[0]
        raise


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
        values["country"] = country_code(raw["country"])
    if raw["actor"]:
        if raw["actor"] not in known.actors:
            raise ConfigError(invalid_value("actor", raw["actor"], sorted(known.actors)))
        values["actor"] = raw["actor"]
    if raw["relation"]:
        values["relation"] = relation_name(raw["relation"])
    if raw["kind"]:
        values["kind"] = kind_name(raw["kind"])
    if raw["year"]:
        year = _int("year", raw["year"])
        if year not in known.years:
            raise ConfigError(invalid_value("year", year, [str(y) for y in sorted(known.years)]))
        values["year"] = year
    if raw["doc"]:
        found = known.doc_ids.get(raw["doc"].casefold())
        if found is None:
            raise ConfigError(invalid_value("doc", raw["doc"], known.doc_files, described=_listed(
                known.doc_files, "documents of the database (a doc id, a file name or a UN symbol)")))
        values["doc"] = found
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


def _listed(options: Sequence[str], what: str) -> str:
    """The options spelled out when few, else their count and what they are."""
    if len(options) <= MAX_LISTED:
        return ", ".join(options) + f" (the {what})"
    return f"the {len(options)} {what}"


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
    if filters.kind:
        clauses.append("d.kind = ?")
        params.append(filters.kind)
    if filters.year is not None:
        clauses.append("d.year = ?")
        params.append(filters.year)
    if filters.doc:
        clauses.append("l.doc_id = ?")
        params.append(filters.doc)
    if filters.run:
        clauses.append("l.doc_id IN (SELECT doc_id FROM run_documents WHERE run_id = ?)")
        params.append(filters.run)
    if filters.q:
        clauses.append("l.evidence ILIKE ? ESCAPE '\\'")
        params.append(like_pattern(filters.q))
    return (" AND ".join(clauses) if clauses else "TRUE"), params


__all__ = ["FILTER_NAMES", "Filters", "GCM_OBJECTIVES", "Known", "country_code", "like_pattern", "parse_filters",
           "where_clause"]
