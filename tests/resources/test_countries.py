"""Schema, uniqueness and spot checks of countries.json and non_countries.json."""
from __future__ import annotations

import json
import re
from collections import defaultdict
from importlib import resources

import pytest

from pipeline.resources.gazetteers import (
    COUNTRY_STATUSES,
    Country,
    country_by_iso3,
    load_countries,
    load_non_countries,
)

UN_MEMBER_COUNT = 193
REQUIRED_KEYS = {"iso3", "iso2", "name", "aliases", "status"}
OPTIONAL_KEYS = {"demonyms", "ambiguous", "ambiguous_aliases"}
MIN_COUNTRIES_WITH_DEMONYMS = 80


def _alias_owner() -> dict[str, set[str]]:
    owners: dict[str, set[str]] = defaultdict(set)
    for country in load_countries():
        for name in country.names:
            owners[name.casefold()].add(country.iso3)
    return owners


def test_raw_file_keeps_the_agreed_keys() -> None:
    rows = json.loads(resources.files("pipeline.resources").joinpath("countries.json").read_text("utf-8"))
    for row in rows:
        assert REQUIRED_KEYS <= set(row), row.get("iso3")
        assert set(row) <= REQUIRED_KEYS | OPTIONAL_KEYS, row.get("iso3")
        assert set(row["name"]) == {"en", "fr", "es"}


def test_records_are_frozen_and_cached() -> None:
    countries = load_countries()
    assert countries is load_countries()
    assert all(isinstance(c, Country) for c in countries)
    with pytest.raises(AttributeError):
        countries[0].iso3 = "XXX"  # type: ignore[misc]


def test_counts_and_statuses() -> None:
    countries = load_countries()
    by_status = defaultdict(set)
    for c in countries:
        assert c.status in COUNTRY_STATUSES
        by_status[c.status].add(c.iso3)
    assert len(by_status["member"]) == UN_MEMBER_COUNT
    assert by_status["observer"] == {"VAT", "PSE"}
    assert {"XKX", "TWN"} <= by_status["other"]
    assert {"HKG", "MAC", "PRI", "GRL", "ESH", "GUF", "GLP", "REU", "BMU", "CYM", "GIB", "NCL", "ABW", "CUW"} <= by_status[
        "territory"
    ]


def test_codes_are_well_formed_and_unique() -> None:
    countries = load_countries()
    assert all(re.fullmatch(r"[A-Z]{3}", c.iso3) and re.fullmatch(r"[A-Z]{2}", c.iso2) for c in countries)
    assert len({c.iso3 for c in countries}) == len(countries)
    assert len({c.iso2 for c in countries}) == len(countries)


def test_every_alias_maps_to_one_country() -> None:
    clashes = {name: owners for name, owners in _alias_owner().items() if len(owners) > 1}
    assert clashes == {}


def test_aliases_have_no_stray_whitespace_or_duplicates() -> None:
    for c in load_countries():
        assert len(set(c.aliases)) == len(c.aliases), c.iso3
        assert all(a == a.strip() and "  " not in a for a in c.aliases), c.iso3


@pytest.mark.parametrize(
    ("alias", "iso3"),
    [
        ("Republic of Moldova", "MDA"), ("Moldova", "MDA"), ("Moldavia", "MDA"), ("Kyrgyz Republic", "KGZ"),
        ("People's Republic of Bangladesh", "BGD"), ("Plurinational State of Bolivia", "BOL"),
        ("Bolivia (Plurinational State of)", "BOL"), ("Bolivarian Republic of Venezuela", "VEN"),
        ("United Republic of Tanzania", "TZA"), ("Democratic Republic of the Congo", "COD"), ("DRC", "COD"),
        ("Congo", "COG"), ("Lao PDR", "LAO"), ("Viet Nam", "VNM"), ("Vietnam", "VNM"), ("Türkiye", "TUR"),
        ("Turkey", "TUR"), ("Turkiye", "TUR"), ("Côte d'Ivoire", "CIV"), ("Cote d'Ivoire", "CIV"),
        ("Ivory Coast", "CIV"), ("USA", "USA"), ("U.S.", "USA"), ("United States of America", "USA"), ("UK", "GBR"),
        ("Great Britain", "GBR"), ("Russian Federation", "RUS"), ("Republic of Korea", "KOR"),
        ("South Korea", "KOR"), ("Swaziland", "SWZ"), ("Eswatini", "SWZ"), ("Czechia", "CZE"),
        ("Czech Republic", "CZE"), ("North Macedonia", "MKD"), ("the former Yugoslav Republic of Macedonia", "MKD"),
        ("Cabo Verde", "CPV"), ("Cape Verde", "CPV"), ("Timor-Leste", "TLS"), ("East Timor", "TLS"),
        ("Myanmar", "MMR"), ("Burma", "MMR"), ("Holy See", "VAT"), ("Vatican", "VAT"), ("State of Palestine", "PSE"),
        ("Kosovo", "XKX"), ("Taiwan", "TWN"), ("Maroc", "MAR"), ("Haïti", "HTI"), ("Haiti", "HTI"),
        ("République dominicaine", "DOM"), ("Guinée", "GIN"), ("Niger", "NER"), ("Sénégal", "SEN"),
        ("Senegal", "SEN"), ("Estados Unidos Mexicanos", "MEX"), ("México", "MEX"), ("Mexique", "MEX"),
        ("Perú", "PER"), ("Brasil", "BRA"), ("Alemania", "DEU"), ("Allemagne", "DEU"), ("Namibia", "NAM"),
        ("South Africa", "ZAF"), ("Afrique du Sud", "ZAF"), ("Papua New Guinea", "PNG"), ("Guinea-Bissau", "GNB"),
        ("Equatorial Guinea", "GNQ"), ("Hong Kong", "HKG"), ("Curaçao", "CUW"), ("Réunion", "REU"),
    ],
)
def test_spot_aliases(alias: str, iso3: str) -> None:
    assert _alias_owner()[alias.casefold()] == {iso3}


def test_country_names_in_three_languages() -> None:
    moldova = country_by_iso3()["MDA"]
    assert (moldova.name.en, moldova.name.fr, moldova.name.es) == (
        "Republic of Moldova", "République de Moldova", "República de Moldova",
    )
    assert moldova.name.get("de") == "Republic of Moldova"


def test_ambiguous_names_are_flagged() -> None:
    lookup = country_by_iso3()
    for iso3, alias in [("GEO", "Georgia"), ("JEY", "Jersey"), ("GIN", "Guinea"), ("NER", "Niger"),
                        ("TCD", "Chad"), ("JOR", "Jordan"), ("TUR", "Turkey")]:
        assert lookup[iso3].ambiguous, iso3
        assert alias in lookup[iso3].ambiguous_aliases, iso3
    assert not lookup["MDA"].ambiguous
    for c in load_countries():
        assert c.ambiguous == bool(c.ambiguous_aliases), c.iso3
        assert set(c.ambiguous_aliases) <= set(c.names), c.iso3


def test_demonyms_are_context_words_not_names() -> None:
    owners = _alias_owner()
    with_demonyms = [c for c in load_countries() if c.demonyms]
    assert len(with_demonyms) >= MIN_COUNTRIES_WITH_DEMONYMS
    for c in with_demonyms:
        assert all(d.casefold() not in owners for d in c.demonyms), c.iso3
    lookup = country_by_iso3()
    assert {"Moldovan"} <= set(lookup["MDA"].demonyms)
    assert {"Italian", "italien", "italiano"} <= set(lookup["ITA"].demonyms)
    assert {"Mexican", "mexicano", "mexicain"} <= set(lookup["MEX"].demonyms)


def test_non_countries_block_but_never_equal_a_country_name() -> None:
    blockers = load_non_countries()
    assert len(set(blockers)) == len(blockers)
    owners = _alias_owner()
    assert [b for b in blockers if b.casefold() in owners] == []
    for required in ["Horn of Africa", "Sahel", "Middle East", "West Africa", "Latin America", "Mediterranean",
                     "European Union", "New Mexico", "New South Wales", "Gulf of Guinea", "Afrique de l'Ouest"]:
        assert required in blockers


def test_non_countries_contain_the_country_word_they_guard() -> None:
    names = sorted({n for c in load_countries() for n in c.names}, key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b")
    guarded = [b for b in load_non_countries() if pattern.search(b)]
    for expected in ["Gulf of Guinea", "New Mexico", "Lake Chad", "Niger Delta", "New Jersey", "Northern Ireland"]:
        assert expected in guarded
