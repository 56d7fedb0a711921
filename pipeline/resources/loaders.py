"""Cached loaders of the reference data (gazetteers) shipped in ``pipeline/resources``.

Each loader reads one JSON file through :mod:`importlib.resources`, checks its schema and returns frozen
records. Results are cached: every call after the first returns the same objects.

Files and what they hold:

- ``countries.json``: countries and territories (ISO 3166-1 alpha-3 ids) with en/fr/es names, aliases,
  demonyms (context words, never COUNTRY mentions by themselves) and the aliases that need a guard.
- ``non_countries.json``: region and grouping names ("Horn of Africa", "Gulf of Guinea", "New Mexico"); a
  country match that lies inside one of these spans is not a country mention, while a longer country match
  that contains one ("United Kingdom of Great Britain and Northern Ireland") still wins.
- ``sdg.json``: the SDG framework, 17 goals, 169 targets and every indicator code, titles in en/fr/es.
- ``organizations.json``: international and non-governmental organisations, forums, networks, initiatives.
- ``gov_bodies.json``: well-known national public bodies, keyed ``ISO3:slug``.

Optional guard lists (``ambiguous_aliases`` of a country, ``ambiguous_acronyms`` of an organisation,
``ambiguous_names`` of a government body) name the surface forms that are also common words, person
names, places elsewhere or another entity's acronym; a tagger should accept them only with supporting
context (capitalisation, a nearby full name, a parenthesised expansion).
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType
from collections.abc import Mapping
from typing import Any

from pipeline.errors import ResourceError

PACKAGE = "pipeline.resources"
LANGUAGES: tuple[str, ...] = ("en", "fr", "es")

COUNTRY_STATUSES: tuple[str, ...] = ("member", "observer", "territory", "other")
ORG_TYPES: tuple[str, ...] = (
    "un", "igo", "regional", "ngo", "academic", "donor", "private", "forum", "network", "initiative",
    "financial", "framework",
)
"""Organisation types; ``framework`` marks agreements and compacts (optional in gold annotations)."""

SDG_PREFIX = "SDG:"
_ISO3 = re.compile(r"^[A-Z]{3}$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_GOV_ID = re.compile(r"^[A-Z]{3}:[a-z0-9]+(?:-[a-z0-9]+)*$")
_SDG_CODE = re.compile(r"^(?:SDG[:\s]?\s*)?(\d{1,2})(?:\.([0-9]{1,2}|[a-z]))?(?:\.(\d{1,2}))?$", re.IGNORECASE)


class UnknownSdgCodeError(ResourceError, KeyError):
    """An SDG goal, target or indicator code that is not in the framework."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """One text in English, French and Spanish."""

    en: str
    fr: str
    es: str

    def get(self, language: str) -> str:
        """The text in ``language`` (en, fr, es), English for any other language."""
        return getattr(self, language) if language in LANGUAGES else self.en

    def all(self) -> tuple[str, ...]:
        """The distinct texts, English first."""
        return tuple(dict.fromkeys((self.en, self.fr, self.es)))


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
class SdgGoal:
    """A Sustainable Development Goal."""

    id: str
    number: str
    title: LocalizedText
    short: LocalizedText


@dataclass(frozen=True, slots=True)
class SdgTarget:
    """An SDG target such as 10.7 or 10.c."""

    id: str
    goal: str
    code: str
    title: LocalizedText


@dataclass(frozen=True, slots=True)
class SdgIndicator:
    """An SDG indicator such as 10.7.2."""

    id: str
    target: str
    code: str
    title: LocalizedText


SdgItem = SdgGoal | SdgTarget | SdgIndicator


def normalize_sdg_code(code: str) -> str | None:
    """Canonical dotted code ("10.c", "10.7.2") of a goal/target/indicator code, or None if malformed.

    Accepts "10", "10.7", "10.C", "10.7.2", "SDG:10.7", "SDG 10" and "SDG10".
    """
    match = _SDG_CODE.match(code.strip())
    if not match:
        return None
    goal, target, indicator = match.groups()
    if indicator is not None and target is None:
        return None
    parts = [str(int(goal))]
    if target is not None:
        parts.append(target.lower() if target.isalpha() else str(int(target)))
    if indicator is not None:
        parts.append(str(int(indicator)))
    return ".".join(parts)


@dataclass(frozen=True, slots=True)
class SdgFramework:
    """The SDG framework with lookups by goal number, target code and indicator code."""

    goals: tuple[SdgGoal, ...]
    targets: tuple[SdgTarget, ...]
    indicators: tuple[SdgIndicator, ...]
    _goals: Mapping[str, SdgGoal] = field(init=False, repr=False, compare=False)
    _targets: Mapping[str, SdgTarget] = field(init=False, repr=False, compare=False)
    _indicators: Mapping[str, SdgIndicator] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_goals", MappingProxyType({g.number: g for g in self.goals}))
        object.__setattr__(self, "_targets", MappingProxyType({t.code: t for t in self.targets}))
        object.__setattr__(self, "_indicators", MappingProxyType({i.code: i for i in self.indicators}))

    def goal(self, number: int | str) -> SdgGoal:
        """The goal with this number (1–17; "SDG:8" and "8" work too)."""
        code = normalize_sdg_code(str(number))
        if code is None or code not in self._goals:
            raise UnknownSdgCodeError(f"unknown SDG goal {number!r}; valid goals are 1 to {len(self.goals)}")
        return self._goals[code]

    def target(self, code: str) -> SdgTarget:
        """The target with this code ("10.7", "10.c", "SDG:10.7")."""
        norm = normalize_sdg_code(code)
        if norm is None or norm not in self._targets:
            raise UnknownSdgCodeError(
                f"unknown SDG target {code!r}; valid targets look like '10.7' or '10.c' and must exist in the framework"
            )
        return self._targets[norm]

    def indicator(self, code: str) -> SdgIndicator:
        """The indicator with this code ("10.7.2", "SDG:10.7.2")."""
        norm = normalize_sdg_code(code)
        if norm is None or norm not in self._indicators:
            raise UnknownSdgCodeError(
                f"unknown SDG indicator {code!r}; valid indicators look like '10.7.2' and must exist in the framework"
            )
        return self._indicators[norm]

    def lookup(self, code: str) -> SdgItem | None:
        """The goal, target or indicator a code names, or None if it names nothing in the framework."""
        norm = normalize_sdg_code(code)
        if norm is None:
            return None
        return self._goals.get(norm) or self._targets.get(norm) or self._indicators.get(norm)

    def is_valid(self, code: str) -> bool:
        """True when the code names an existing goal, target or indicator."""
        return self.lookup(code) is not None

    def targets_of(self, goal: int | str) -> tuple[SdgTarget, ...]:
        """The targets of one goal, in framework order."""
        number = self.goal(goal).number
        return tuple(t for t in self.targets if t.goal == number)

    def indicators_of(self, target: str) -> tuple[SdgIndicator, ...]:
        """The indicators of one target, in framework order."""
        code = self.target(target).code
        return tuple(i for i in self.indicators if i.target == code)


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


def _read_json(name: str) -> Any:
    """Parse one JSON file of the resources package."""
    try:
        text = resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(f"reference data file {name!r} is missing from {PACKAGE}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResourceError(f"reference data file {name!r} is not valid JSON: {exc}") from exc


def _require(record: Mapping[str, Any], key: str, kind: type, *, where: str) -> Any:
    """Return ``record[key]`` after checking that it exists and has the expected type."""
    if key not in record:
        raise ResourceError(f"{where}: missing field {key!r}")
    value = record[key]
    if not isinstance(value, kind):
        raise ResourceError(f"{where}: field {key!r} is {type(value).__name__}, expected {kind.__name__}")
    return value


def _strings(record: Mapping[str, Any], key: str, *, where: str, required: bool = True) -> tuple[str, ...]:
    """Return a list-of-strings field as a tuple, checking every item."""
    if not required and key not in record:
        return ()
    values = _require(record, key, list, where=where)
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise ResourceError(f"{where}: field {key!r} must hold non-empty strings only")
    return tuple(values)


def _localized(record: Mapping[str, Any], key: str, *, where: str) -> LocalizedText:
    """Return an en/fr/es mapping field as :class:`LocalizedText`."""
    value = _require(record, key, dict, where=where)
    missing = [lang for lang in LANGUAGES if not isinstance(value.get(lang), str) or not value[lang].strip()]
    if missing:
        raise ResourceError(f"{where}: field {key!r} lacks text for {', '.join(missing)}; needs {', '.join(LANGUAGES)}")
    return LocalizedText(en=value["en"], fr=value["fr"], es=value["es"])


def _check_choice(value: str, options: tuple[str, ...], *, what: str, where: str) -> str:
    """Return ``value`` if it is one of ``options``."""
    if value not in options:
        raise ResourceError(f"{where}: {what} {value!r} is not one of {', '.join(options)}")
    return value


def _check_unique(ids: list[str], *, what: str, file: str) -> None:
    """Raise if an id appears twice."""
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ResourceError(f"{file}: {what} {item!r} appears more than once")
        seen.add(item)


@cache
def load_countries() -> tuple[Country, ...]:
    """All countries and territories of ``countries.json``."""
    file = "countries.json"
    rows = _read_json(file)
    if not isinstance(rows, list):
        raise ResourceError(f"{file}: expected a list of country objects")
    countries: list[Country] = []
    for index, row in enumerate(rows):
        where = f"{file}[{index}]"
        iso3 = _require(row, "iso3", str, where=where)
        iso2 = _require(row, "iso2", str, where=where)
        if not _ISO3.match(iso3) or not _ISO2.match(iso2):
            raise ResourceError(f"{where}: iso3 {iso3!r} / iso2 {iso2!r} must be 3 / 2 capital letters")
        where = f"{file}[{iso3}]"
        aliases = _strings(row, "aliases", where=where)
        ambiguous_aliases = _strings(row, "ambiguous_aliases", where=where, required=False)
        country = Country(
            iso3=iso3,
            iso2=iso2,
            name=_localized(row, "name", where=where),
            aliases=aliases,
            status=_check_choice(_require(row, "status", str, where=where), COUNTRY_STATUSES, what="status", where=where),
            demonyms=_strings(row, "demonyms", where=where, required=False),
            ambiguous=bool(row.get("ambiguous", False)),
            ambiguous_aliases=ambiguous_aliases,
        )
        unknown = set(ambiguous_aliases) - set(country.names)
        if unknown:
            raise ResourceError(f"{where}: ambiguous_aliases {sorted(unknown)} are not names of the country")
        countries.append(country)
    _check_unique([c.iso3 for c in countries], what="iso3", file=file)
    _check_unique([c.iso2 for c in countries], what="iso2", file=file)
    return tuple(countries)


@cache
def country_by_iso3() -> Mapping[str, Country]:
    """Countries keyed by ISO3 code."""
    return MappingProxyType({c.iso3: c for c in load_countries()})


@cache
def load_non_countries() -> tuple[str, ...]:
    """Region and grouping names that block country matches lying inside them."""
    file = "non_countries.json"
    rows = _read_json(file)
    if not isinstance(rows, list) or not all(isinstance(r, str) and r.strip() for r in rows):
        raise ResourceError(f"{file}: expected a list of non-empty strings")
    return tuple(rows)


@cache
def load_sdg() -> SdgFramework:
    """The SDG framework of ``sdg.json``."""
    file = "sdg.json"
    data = _read_json(file)
    if not isinstance(data, dict):
        raise ResourceError(f"{file}: expected an object with goals, targets and indicators")
    goals = tuple(
        SdgGoal(
            id=_require(g, "id", str, where=f"{file}:goals[{i}]"),
            number=_require(g, "number", str, where=f"{file}:goals[{i}]"),
            title=_localized(g, "title", where=f"{file}:goals[{i}]"),
            short=_localized(g, "short", where=f"{file}:goals[{i}]"),
        )
        for i, g in enumerate(_require(data, "goals", list, where=file))
    )
    targets = tuple(
        SdgTarget(
            id=_require(t, "id", str, where=f"{file}:targets[{i}]"),
            goal=_require(t, "goal", str, where=f"{file}:targets[{i}]"),
            code=_require(t, "code", str, where=f"{file}:targets[{i}]"),
            title=_localized(t, "title", where=f"{file}:targets[{i}]"),
        )
        for i, t in enumerate(_require(data, "targets", list, where=file))
    )
    indicators = tuple(
        SdgIndicator(
            id=_require(x, "id", str, where=f"{file}:indicators[{i}]"),
            target=_require(x, "target", str, where=f"{file}:indicators[{i}]"),
            code=_require(x, "code", str, where=f"{file}:indicators[{i}]"),
            title=_localized(x, "title", where=f"{file}:indicators[{i}]"),
        )
        for i, x in enumerate(_require(data, "indicators", list, where=file))
    )
    for items, what in ((goals, "goal"), (targets, "target"), (indicators, "indicator")):
        _check_unique([item.id for item in items], what=f"{what} id", file=file)
        for item in items:
            code = item.number if isinstance(item, SdgGoal) else item.code
            if item.id != f"{SDG_PREFIX}{code}" or normalize_sdg_code(code) != code:
                raise ResourceError(f"{file}: {what} id {item.id!r} does not match its code {code!r}")
    goal_numbers = {g.number for g in goals}
    target_codes = {t.code for t in targets}
    for target in targets:
        if target.goal not in goal_numbers or not target.code.startswith(f"{target.goal}."):
            raise ResourceError(f"{file}: target {target.code!r} names unknown goal {target.goal!r}")
    for indicator in indicators:
        if indicator.target not in target_codes or not indicator.code.startswith(f"{indicator.target}."):
            raise ResourceError(f"{file}: indicator {indicator.code!r} names unknown target {indicator.target!r}")
    return SdgFramework(goals=goals, targets=targets, indicators=indicators)


@cache
def load_organizations() -> tuple[Organization, ...]:
    """All organisations of ``organizations.json``."""
    file = "organizations.json"
    rows = _read_json(file)
    if not isinstance(rows, list):
        raise ResourceError(f"{file}: expected a list of organisation objects")
    organizations: list[Organization] = []
    for index, row in enumerate(rows):
        org_id = _require(row, "id", str, where=f"{file}[{index}]")
        where = f"{file}[{org_id}]"
        names = _strings(row, "names", where=where)
        acronyms = _strings(row, "acronyms", where=where, required=False)
        if not names and not acronyms:
            raise ResourceError(f"{where}: needs at least one name or acronym")
        ambiguous = _strings(row, "ambiguous_acronyms", where=where, required=False)
        if set(ambiguous) - set(acronyms):
            raise ResourceError(f"{where}: ambiguous_acronyms {sorted(set(ambiguous) - set(acronyms))} not in acronyms")
        organizations.append(
            Organization(
                id=org_id,
                names=names,
                acronyms=acronyms,
                type=_check_choice(_require(row, "type", str, where=where), ORG_TYPES, what="type", where=where),
                ambiguous_acronyms=ambiguous,
            )
        )
    _check_unique([o.id for o in organizations], what="id", file=file)
    return tuple(organizations)


@cache
def organization_by_id() -> Mapping[str, Organization]:
    """Organisations keyed by id."""
    return MappingProxyType({o.id: o for o in load_organizations()})


@cache
def load_gov_bodies() -> tuple[GovBody, ...]:
    """The curated national public bodies of ``gov_bodies.json``."""
    file = "gov_bodies.json"
    rows = _read_json(file)
    if not isinstance(rows, list):
        raise ResourceError(f"{file}: expected a list of government body objects")
    bodies: list[GovBody] = []
    for index, row in enumerate(rows):
        body_id = _require(row, "id", str, where=f"{file}[{index}]")
        where = f"{file}[{body_id}]"
        country = _require(row, "country", str, where=where)
        if not _GOV_ID.match(body_id) or not body_id.startswith(f"{country}:"):
            raise ResourceError(f"{where}: id must look like '{country}:lowercase-slug'")
        names = _strings(row, "names", where=where)
        ambiguous = _strings(row, "ambiguous_names", where=where, required=False)
        if set(ambiguous) - set(names):
            raise ResourceError(f"{where}: ambiguous_names {sorted(set(ambiguous) - set(names))} are not among its names")
        bodies.append(GovBody(id=body_id, country=country, names=names, ambiguous_names=ambiguous))
    _check_unique([b.id for b in bodies], what="id", file=file)
    return tuple(bodies)


def slugify(text: str) -> str:
    """Lowercase ASCII hyphen slug of a name ("Planning Institute of Jamaica" → "planning-institute-of-jamaica")."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))


def is_slug(text: str) -> bool:
    """True for a lowercase hyphen slug such as ``danish-refugee-council``."""
    return bool(_SLUG.match(text))
