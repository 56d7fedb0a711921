"""The gazetteers of the entity taggers as typed records: countries, region names, organisations, public bodies.

Each loader reads one JSON file of pipeline/resources, checks its schema and returns frozen records (cached:
every call after the first returns the same objects). The ``parse_*`` functions check and type rows from any
source, so a tagging model that saved its gazetteers reads them back into the same records.

- ``countries.json``: countries and territories (ISO 3166-1 alpha-3 ids) with en/fr/es names, aliases,
  demonyms (context words, never COUNTRY mentions by themselves) and the aliases that need a guard.
- ``non_countries.json``: region and grouping names ("Horn of Africa", "Gulf of Guinea", "New Mexico"); a
  country match that lies inside one of these spans is not a country mention, while a longer country match
  that contains one ("United Kingdom of Great Britain and Northern Ireland") still wins.
- ``organizations.json``: international and non-governmental organisations, forums, networks, initiatives.
- ``gov_bodies.json``: well-known national public bodies, keyed ``ISO3:slug``.

Optional guard lists (``ambiguous_aliases`` of a country, ``ambiguous_acronyms`` of an organisation,
``ambiguous_names`` of a government body) name the surface forms that are also common words, person
names, places elsewhere or another entity's acronym; a tagger accepts them only with supporting context.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from pipeline.errors import ResourceError, invalid_value
from pipeline.resources.schema import (LocalizedText, check_choice, check_unique, localized, read_json, require,
                                       strings)

COUNTRY_STATUSES: tuple[str, ...] = ("member", "observer", "territory", "other")
ORG_TYPES: tuple[str, ...] = (
    "un", "igo", "regional", "ngo", "academic", "donor", "private", "forum", "network", "initiative",
    "financial", "framework",
)
"""Organisation types; ``framework`` marks agreements and compacts (optional in gold annotations)."""

_ISO3 = re.compile(r"^[A-Z]{3}$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_GOV_ID = re.compile(r"^[A-Z]{3}:[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, slots=True)
class Country:
    """A country or territory with its names, aliases and demonyms."""

    iso3: str
    iso2: str
    name: LocalizedText
    aliases: tuple[str, ...]
    status: str
    demonyms: tuple[str, ...] = ()
    ambiguous: bool = False
    ambiguous_aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """Every surface form that names the country: official names first, then aliases."""
        return tuple(dict.fromkeys((*self.name.all(), *self.aliases)))


@dataclass(frozen=True, slots=True)
class Organization:
    """An international or non-governmental organisation, forum, network, initiative or framework."""

    id: str
    names: tuple[str, ...]
    acronyms: tuple[str, ...]
    type: str
    ambiguous_acronyms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GovBody:
    """A national public body with the ISO3 code of its country."""

    id: str
    country: str
    names: tuple[str, ...]
    ambiguous_names: tuple[str, ...] = ()


Gazetteer = tuple[Country, ...] | tuple[str, ...] | tuple[Organization, ...] | tuple[GovBody, ...]


def _rows(data: Any, *, source: str, what: str) -> list[Any]:
    """The rows of a gazetteer, checked to be a list."""
    if not isinstance(data, list):
        raise ResourceError(f"{source}: expected a list of {what}")
    return data


def parse_countries(data: Any, *, source: str = "countries.json") -> tuple[Country, ...]:
    """Check and type country rows (the shape of ``countries.json``)."""
    countries: list[Country] = []
    for index, row in enumerate(_rows(data, source=source, what="country objects")):
        where = f"{source}[{index}]"
        iso3 = require(row, "iso3", str, where=where)
        iso2 = require(row, "iso2", str, where=where)
        if not _ISO3.match(iso3) or not _ISO2.match(iso2):
            raise ResourceError(f"{where}: iso3 {iso3!r} / iso2 {iso2!r} must be 3 / 2 capital letters")
        where = f"{source}[{iso3}]"
        ambiguous_aliases = strings(row, "ambiguous_aliases", where=where, required=False)
        country = Country(
            iso3=iso3,
            iso2=iso2,
            name=localized(row, "name", where=where),
            aliases=strings(row, "aliases", where=where),
            status=check_choice(require(row, "status", str, where=where), COUNTRY_STATUSES, what="status",
                                where=where),
            demonyms=strings(row, "demonyms", where=where, required=False),
            ambiguous=bool(row.get("ambiguous", False)),
            ambiguous_aliases=ambiguous_aliases,
        )
        unknown = set(ambiguous_aliases) - set(country.names)
        if unknown:
            raise ResourceError(f"{where}: ambiguous_aliases {sorted(unknown)} are not names of the country")
        countries.append(country)
    check_unique([c.iso3 for c in countries], what="iso3", file=source)
    check_unique([c.iso2 for c in countries], what="iso2", file=source)
    return tuple(countries)


def parse_non_countries(data: Any, *, source: str = "non_countries.json") -> tuple[str, ...]:
    """Check region and grouping names (the shape of ``non_countries.json``)."""
    rows = _rows(data, source=source, what="non-empty strings")
    if not all(isinstance(r, str) and r.strip() for r in rows):
        raise ResourceError(f"{source}: expected a list of non-empty strings")
    return tuple(rows)


def parse_organizations(data: Any, *, source: str = "organizations.json") -> tuple[Organization, ...]:
    """Check and type organisation rows (the shape of ``organizations.json``)."""
    organizations: list[Organization] = []
    for index, row in enumerate(_rows(data, source=source, what="organisation objects")):
        org_id = require(row, "id", str, where=f"{source}[{index}]")
        where = f"{source}[{org_id}]"
        names = strings(row, "names", where=where)
        acronyms = strings(row, "acronyms", where=where, required=False)
        if not names and not acronyms:
            raise ResourceError(f"{where}: needs at least one name or acronym")
        ambiguous = strings(row, "ambiguous_acronyms", where=where, required=False)
        if set(ambiguous) - set(acronyms):
            raise ResourceError(f"{where}: ambiguous_acronyms {sorted(set(ambiguous) - set(acronyms))} not in acronyms")
        organizations.append(Organization(
            id=org_id,
            names=names,
            acronyms=acronyms,
            type=check_choice(require(row, "type", str, where=where), ORG_TYPES, what="type", where=where),
            ambiguous_acronyms=ambiguous,
        ))
    check_unique([o.id for o in organizations], what="id", file=source)
    return tuple(organizations)


def parse_gov_bodies(data: Any, *, source: str = "gov_bodies.json") -> tuple[GovBody, ...]:
    """Check and type government-body rows (the shape of ``gov_bodies.json``)."""
    bodies: list[GovBody] = []
    for index, row in enumerate(_rows(data, source=source, what="government body objects")):
        body_id = require(row, "id", str, where=f"{source}[{index}]")
        where = f"{source}[{body_id}]"
        country = require(row, "country", str, where=where)
        if not _GOV_ID.match(body_id) or not body_id.startswith(f"{country}:"):
            raise ResourceError(f"{where}: id must look like '{country}:lowercase-slug'")
        names = strings(row, "names", where=where)
        ambiguous = strings(row, "ambiguous_names", where=where, required=False)
        if set(ambiguous) - set(names):
            raise ResourceError(f"{where}: ambiguous_names {sorted(set(ambiguous) - set(names))} are not among its names")
        bodies.append(GovBody(id=body_id, country=country, names=names, ambiguous_names=ambiguous))
    check_unique([b.id for b in bodies], what="id", file=source)
    return tuple(bodies)


PARSERS: Mapping[str, Callable[..., Gazetteer]] = MappingProxyType({
    "countries": parse_countries,
    "non_countries": parse_non_countries,
    "organizations": parse_organizations,
    "gov_bodies": parse_gov_bodies,
})
"""The parser of each gazetteer, by name (the name is also its file's stem in pipeline/resources)."""
GAZETTEER_FILES: tuple[str, ...] = tuple(f"{name}.json" for name in PARSERS)
"""The data files the gazetteers are read from (a saved tagging model carries copies of them)."""


def parse_gazetteer(name: str, data: Any, *, source: str) -> Gazetteer:
    """Check and type the rows of the gazetteer called ``name`` (countries, non_countries, organizations, ...)."""
    if name not in PARSERS:
        raise ResourceError(invalid_value("gazetteer", name, PARSERS))
    return PARSERS[name](data, source=source)


@cache
def load_gazetteer(name: str) -> Gazetteer:
    """The gazetteer called ``name``, read from its file in pipeline/resources."""
    if name not in PARSERS:
        raise ResourceError(invalid_value("gazetteer", name, PARSERS))
    file = f"{name}.json"
    return parse_gazetteer(name, read_json(file), source=file)


def _json_value(value: Any) -> Any:
    """A record field as JSON data: tuples become lists, nested records objects."""
    if isinstance(value, (tuple, list)):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def gazetteer_rows(records: Iterable[Any]) -> list[Any]:
    """Records as the JSON rows they were parsed from (the inverse of the ``parse_*`` functions)."""
    return [_json_value(dataclasses.asdict(r)) if dataclasses.is_dataclass(r) else r for r in records]


def load_countries() -> tuple[Country, ...]:
    """All countries and territories of ``countries.json``."""
    return load_gazetteer("countries")  # type: ignore[return-value]


def load_non_countries() -> tuple[str, ...]:
    """Region and grouping names that block country matches lying inside them."""
    return load_gazetteer("non_countries")  # type: ignore[return-value]


def load_organizations() -> tuple[Organization, ...]:
    """All organisations of ``organizations.json``."""
    return load_gazetteer("organizations")  # type: ignore[return-value]


def load_gov_bodies() -> tuple[GovBody, ...]:
    """The curated national public bodies of ``gov_bodies.json``."""
    return load_gazetteer("gov_bodies")  # type: ignore[return-value]


@cache
def country_by_iso3() -> Mapping[str, Country]:
    """Countries keyed by ISO3 code."""
    return MappingProxyType({c.iso3: c for c in load_countries()})


@cache
def organization_by_id() -> Mapping[str, Organization]:
    """Organisations keyed by id."""
    return MappingProxyType({o.id: o for o in load_organizations()})
