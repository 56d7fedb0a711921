"""The loaders reject malformed reference data with messages that name the file, field and bad value."""
from __future__ import annotations

from typing import Any

import pytest

from pipeline.errors import PipelineError
from pipeline.resources import loaders
from pipeline.resources.loaders import ResourceError

GOOD_COUNTRY: dict[str, Any] = {
    "iso3": "MDA", "iso2": "MD", "name": {"en": "Republic of Moldova", "fr": "République de Moldova",
                                          "es": "República de Moldova"},
    "aliases": ["Moldova"], "status": "member",
}


def _load_with(monkeypatch: pytest.MonkeyPatch, loader: Any, data: Any) -> Any:
    monkeypatch.setattr(loaders, "_read_json", lambda name: data)
    return loader.__wrapped__()


def test_good_country_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    (country,) = _load_with(monkeypatch, loaders.load_countries, [GOOD_COUNTRY])
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
def test_bad_country_is_rejected(monkeypatch: pytest.MonkeyPatch, patch: dict[str, Any], message: str) -> None:
    with pytest.raises(ResourceError, match=message):
        _load_with(monkeypatch, loaders.load_countries, [{**GOOD_COUNTRY, **patch}])


def test_duplicate_iso3_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ResourceError, match="iso3 'MDA' appears more than once"):
        _load_with(monkeypatch, loaders.load_countries, [GOOD_COUNTRY, GOOD_COUNTRY])


def test_missing_field_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    row = {k: v for k, v in GOOD_COUNTRY.items() if k != "status"}
    with pytest.raises(ResourceError, match=r"countries.json\[MDA\]: missing field 'status'"):
        _load_with(monkeypatch, loaders.load_countries, [row])


def test_bad_organization_type_lists_options(monkeypatch: pytest.MonkeyPatch) -> None:
    row = {"id": "IOM", "names": ["International Organization for Migration"], "acronyms": ["IOM"], "type": "agency"}
    with pytest.raises(ResourceError, match="type 'agency' is not one of un, igo"):
        _load_with(monkeypatch, loaders.load_organizations, [row])


def test_ambiguous_acronym_must_be_an_acronym(monkeypatch: pytest.MonkeyPatch) -> None:
    row = {"id": "DRC", "names": ["Danish Refugee Council"], "acronyms": ["DRC"], "type": "ngo",
           "ambiguous_acronyms": ["DDG"]}
    with pytest.raises(ResourceError, match="DDG"):
        _load_with(monkeypatch, loaders.load_organizations, [row])


def test_gov_body_id_must_carry_its_country(monkeypatch: pytest.MonkeyPatch) -> None:
    row = {"id": "MEX:instituto-nacional-de-migracion", "country": "GTM", "names": ["Instituto Nacional de Migración"]}
    with pytest.raises(ResourceError, match="GTM:lowercase-slug"):
        _load_with(monkeypatch, loaders.load_gov_bodies, [row])


def test_sdg_target_with_unknown_goal_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    title = {"en": "t", "fr": "t", "es": "t"}
    data = {
        "goals": [{"id": "SDG:1", "number": "1", "title": title, "short": title}],
        "targets": [{"id": "SDG:2.1", "goal": "2", "code": "2.1", "title": title}],
        "indicators": [],
    }
    with pytest.raises(ResourceError, match="target '2.1' names unknown goal '2'"):
        _load_with(monkeypatch, loaders.load_sdg, data)


def test_sdg_id_must_match_code(monkeypatch: pytest.MonkeyPatch) -> None:
    title = {"en": "t", "fr": "t", "es": "t"}
    data = {"goals": [{"id": "SDG:01", "number": "1", "title": title, "short": title}], "targets": [], "indicators": []}
    with pytest.raises(ResourceError, match="does not match its code"):
        _load_with(monkeypatch, loaders.load_sdg, data)


def test_non_countries_must_be_strings(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ResourceError, match="non_countries.json"):
        _load_with(monkeypatch, loaders.load_non_countries, ["Sahel", 3])


def test_missing_file_is_a_pipeline_error() -> None:
    with pytest.raises(ResourceError, match="'nope.json' is missing") as info:
        loaders._read_json("nope.json")
    assert isinstance(info.value, PipelineError)
