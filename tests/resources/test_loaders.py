"""The loaders reject malformed reference data with messages that name the file, field and bad value."""
from __future__ import annotations

from typing import Any

import pytest

from pipeline.errors import PipelineError, ResourceError
from pipeline.resources import gazetteers
from pipeline.resources.gazetteers import (PARSERS, gazetteer_rows, load_gazetteer, parse_countries, parse_gov_bodies,
                                           parse_non_countries, parse_organizations)
from pipeline.resources.schema import read_json
from pipeline.resources.sdg import parse_sdg

GOOD_COUNTRY: dict[str, Any] = {
    "iso3": "MDA", "iso2": "MD", "name": {"en": "Republic of Moldova", "fr": "République de Moldova",
                                          "es": "República de Moldova"},
    "aliases": ["Moldova"], "status": "member",
}


def test_good_country_loads() -> None:
    (country,) = parse_countries([GOOD_COUNTRY])
    assert country.names == ("Republic of Moldova", "République de Moldova", "República de Moldova", "Moldova")
    assert country.demonyms == () and not country.ambiguous


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        ({"status": "state"}, "status 'state' is not one of member, observer, territory, other"),
        ({"iso3": "MD"}, "must be 3 / 2 capital letters"),
        ({"name": {"en": "Moldova"}}, "lacks text for fr, es"),
        ({"aliases": ["Moldova", ""]}, "non-empty strings"),
        ({"aliases": "Moldova"}, "field 'aliases' is str, expected list"),
        ({"ambiguous_aliases": ["Georgia"]}, "not names of the country"),
    ],
)
def test_bad_country_is_rejected(patch: dict[str, Any], message: str) -> None:
    with pytest.raises(ResourceError, match=message):
        parse_countries([{**GOOD_COUNTRY, **patch}])


def test_duplicate_iso3_is_rejected() -> None:
    with pytest.raises(ResourceError, match="iso3 'MDA' appears more than once"):
        parse_countries([GOOD_COUNTRY, GOOD_COUNTRY])


def test_missing_field_is_named() -> None:
    row = {k: v for k, v in GOOD_COUNTRY.items() if k != "status"}
    with pytest.raises(ResourceError, match=r"countries.json\[MDA\]: missing field 'status'"):
        parse_countries([row])


def test_bad_organization_type_lists_options() -> None:
    row = {"id": "IOM", "names": ["International Organization for Migration"], "acronyms": ["IOM"], "type": "agency"}
    with pytest.raises(ResourceError, match="type 'agency' is not one of un, igo"):
        parse_organizations([row])


def test_ambiguous_acronym_must_be_an_acronym() -> None:
    row = {"id": "DRC", "names": ["Danish Refugee Council"], "acronyms": ["DRC"], "type": "ngo",
           "ambiguous_acronyms": ["DDG"]}
    with pytest.raises(ResourceError, match="DDG"):
        parse_organizations([row])


def test_gov_body_id_must_carry_its_country() -> None:
    row = {"id": "MEX:instituto-nacional-de-migracion", "country": "GTM", "names": ["Instituto Nacional de Migración"]}
    with pytest.raises(ResourceError, match="GTM:lowercase-slug"):
        parse_gov_bodies([row])


def test_sdg_target_with_unknown_goal_is_rejected() -> None:
    title = {"en": "t", "fr": "t", "es": "t"}
    data = {
        "goals": [{"id": "SDG:1", "number": "1", "title": title, "short": title}],
        "targets": [{"id": "SDG:2.1", "goal": "2", "code": "2.1", "title": title}],
        "indicators": [],
    }
    with pytest.raises(ResourceError, match="target '2.1' names unknown goal '2'"):
        parse_sdg(data)


def test_sdg_id_must_match_code() -> None:
    title = {"en": "t", "fr": "t", "es": "t"}
    data = {"goals": [{"id": "SDG:01", "number": "1", "title": title, "short": title}], "targets": [], "indicators": []}
    with pytest.raises(ResourceError, match="does not match its code"):
        parse_sdg(data)


def test_non_countries_must_be_strings() -> None:
    with pytest.raises(ResourceError, match="non_countries.json"):
        parse_non_countries(["Sahel", 3])


def test_missing_file_is_a_pipeline_error() -> None:
    with pytest.raises(ResourceError, match="'nope.json' is missing") as info:
        read_json("nope.json")
    assert isinstance(info.value, PipelineError)


@pytest.mark.parametrize("name", list(PARSERS))
def test_records_survive_a_round_trip_through_json_rows(name: str) -> None:
    """What a saved tagging model writes (gazetteer_rows) parses back into equal records."""
    records = load_gazetteer(name)
    assert parse_gazetteer_rows(name, gazetteer_rows(records)) == records


def parse_gazetteer_rows(name: str, rows: list[Any]) -> Any:
    return gazetteers.parse_gazetteer(name, rows, source=f"round trip {name}")


def test_unknown_gazetteer_lists_the_valid_names() -> None:
    with pytest.raises(ResourceError, match="gazetteer 'cities' is not one of countries, non_countries"):
        load_gazetteer("cities")


def test_a_row_that_is_not_an_object_is_named() -> None:
    with pytest.raises(ResourceError, match=r"countries.json\[0\]: expected an object, got str"):
        parse_countries(["MDA"])
