"""COUNTRY tagging: name forms, extraction damage and every false-match guard (fixture gazetteer)."""
from __future__ import annotations


import pytest

from tests.nlp.nexus_tag_fixtures import tagged


def ids(text: str) -> list[str]:
    return [cid for _, cid in tagged(text, "COUNTRY")]


@pytest.mark.parametrize("text, expected", [
    ("Projects in Moldova.", ["MDA"]),
    ("the Republic of Moldova signed", ["MDA"]),
    ("COTE D'IVOIRE and Côte d’Ivoire", ["CIV", "CIV"]),
    ("Cote d'Ivoire (curly or not)", ["CIV"]),
    ("en Moldavie et au Mexique", ["MDA", "MEX"]),
    ("en México", ["MEX"]),
    ("Republic of Moldo- va", ["MDA"]),
    ("Republic of\nMoldova", ["MDA"]),
    ("Republic  of   Moldova", ["MDA"]),
    ("Moldo-\nva", ["MDA"]),
])
def test_name_forms_and_damage(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


def test_exact_offsets_cover_the_damaged_surface() -> None:
    assert tagged("in Moldo- va today", "COUNTRY") == [("Moldo- va", "MDA")]


@pytest.mark.parametrize("text, expected", [
    ("Papua New Guinea", ["PNG"]),
    ("Equatorial Guinea", ["GNQ"]),
    ("Guinea-Bissau", ["GNB"]),
    ("Guinea and Nigeria", ["GIN", "NGA"]),
    ("Niger and Nigeria", ["NER", "NGA"]),
])
def test_longest_name_wins(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


@pytest.mark.parametrize("text", [
    "He moved to New Mexico.",
    "offices in New Jersey",
    "New South Wales",
    "the Gulf of Guinea",
    "around Lake Chad",
    "the Horn of Africa and the Sahel",
    "the Middle East",
    "Mexico City is large",
    "Jordan Peterson said",
    "Chad Smith played",
    "Mr. Jordan and Dr Chad",
    "a roast turkey",
    "to chad and jordan",
    "let us go",
    "US$ 5 million",
    "500 US dollars",
    "Atlanta, Georgia is hot",
])
def test_false_match_guards(text: str) -> None:
    assert ids(text) == []


def test_uppercase_aliases() -> None:
    assert ids("the US and the UK agreed") == ["USA", "GBR"]


def test_ambiguous_names_still_tagged_in_plain_use() -> None:
    assert ids("Jordan, Chad and Georgia, as well as Turkey") == ["JOR", "TCD", "GEO", "TUR"]


def test_drc_defaults_to_country() -> None:
    assert ids("Returns to the DRC increased.") == ["COD"]


def test_drc_defined_as_ngo_is_not_a_country() -> None:
    text = "The Danish Refugee Council (DRC) works with IOM. DRC staff met."
    assert ids(text) == []
    assert {cid for _, cid in tagged(text, "ORG")} == {"DRC-NGO", "IOM"}


def test_demonyms_are_not_country_mentions() -> None:
    assert ids("Italian and Moroccan partners") == []


def test_a_meeting_is_not_the_island_of_la_reunion() -> None:
    from pipeline.tag import tag_text
    from tests.nlp.nexus_tag_fixtures import fixture_nlp

    def found(text: str, language: str) -> list[str]:
        return [s.canonical_id for s in tag_text(text, nlp=fixture_nlp(), language=language) if s.label == "COUNTRY"]

    assert found("6.2 Réunions d'information. Réunion de cadrage avec le Groupe de Référence.", "fr") == []
    assert found("Reunión técnica con las autoridades.", "es") == []
    assert found("Les migrants de La Réunion et de Mayotte.", "fr") == ["REU"]
    assert found("Migrants in Réunion.", "en") == ["REU"]
    assert found("A Family Reunion programme.", "en") == []
