"""Where a public body is: name, town, clause, sentence, section, document (never a neighbouring sentence)."""
from __future__ import annotations

import pytest

from pipeline.nlp.build import Gazetteers, create_pipeline
from pipeline.nlp.entities.placement import BodyPlacer, build_place_index, place_in_name, resolve_place
from pipeline.resources.gazetteers import parse_countries, parse_gov_bodies, parse_non_countries, parse_organizations
from pipeline.resources.places import Place
from pipeline.tag import tag_text
from tests.nlp import nexus_tag_fixtures as fx

EXTRA_COUNTRIES = [
    {"iso3": iso3, "iso2": iso2, "name": {"en": en, "fr": fr, "es": es}, "aliases": [], "demonyms": dem,
     "status": "member"}
    for iso3, iso2, en, fr, es, dem in [
        ("NAM", "NA", "Namibia", "Namibie", "Namibia", ["Namibian"]),
        ("DEU", "DE", "Germany", "Allemagne", "Alemania", ["German"]),
        ("SEN", "SN", "Senegal", "Sénégal", "Senegal", ["Senegalese"]),
        ("MLI", "ML", "Mali", "Mali", "Malí", ["Malian"]),
        ("ZAF", "ZA", "South Africa", "Afrique du Sud", "Sudáfrica", ["South African"]),
    ]]
EXTRA_ORGS = [{"id": "UNICEF", "names": ["United Nations Children's Fund"], "acronyms": ["UNICEF"], "type": "un"}]
GAZETTEERS = Gazetteers(
    countries=parse_countries(fx.COUNTRIES + EXTRA_COUNTRIES, source="test countries"),
    non_countries=parse_non_countries(fx.NON_COUNTRIES, source="test non-countries"),
    organizations=parse_organizations(fx.ORGANIZATIONS + EXTRA_ORGS, source="test organizations"),
    gov_bodies=parse_gov_bodies(fx.GOV_BODIES, source="test gov bodies"))
_NLP = []


def tagged(text: str, label: str = "GOV_BODY") -> list[tuple[str, str]]:
    """(surface, id) of the spans of one label, with the fixture gazetteers plus a few countries."""
    if not _NLP:
        _NLP.append(create_pipeline(gazetteers=GAZETTEERS, finders=False))
    return [(text[s.start:s.end], s.canonical_id) for s in tag_text(text, nlp=_NLP[0]) if s.label == label]


MILAN_IT = Place(("Milan", "Milano"), "ITA", 1_371_498)
MILAN_US = Place(("Milan",), "USA", 20_000)
SANTIAGO_CL = Place(("Santiago",), "CHL", 4_800_000)
SANTIAGO_ES = Place(("Santiago de Compostela", "Santiago"), "ESP", 2_000_000)


def test_an_ambiguous_place_name_is_resolved_by_context_or_a_clear_population_lead() -> None:
    assert resolve_place([MILAN_IT, MILAN_US]) == "ITA"
    assert resolve_place([SANTIAGO_CL, SANTIAGO_ES]) is None
    assert resolve_place([SANTIAGO_CL, SANTIAGO_ES], context=["ESP"]) == "ESP"


def test_place_in_name_reads_capitalised_words_only() -> None:
    index = build_place_index([MILAN_IT, MILAN_US, Place(("Helao Nafidi",), "NAM", 22_963)])
    assert place_in_name(["milan", ""], [True, True], index) == "ITA"
    assert place_in_name(["helao", "nafidi", "town", ""], [True, True, True, True], index) == "NAM"
    assert place_in_name(["milan", ""], [False, True], index) is None


def _spans(text: str, names: dict[str, str]) -> list[tuple[int, int, str]]:
    """Country spans (start, end, iso3) of every occurrence of the given names."""
    out = []
    for name, iso3 in names.items():
        start = text.find(name)
        while start >= 0:
            out.append((start, start + len(name), iso3))
            start = text.find(name, start + 1)
    return sorted(out)


def _at(text: str, name: str) -> tuple[int, int]:
    start = text.index(name)
    return start, start + len(name)


def test_placer_sentence_section_and_document() -> None:
    text = "Mali\n\nThe Ministry met. Germany and Namibia agreed that the Agency acts. Namibia. Namibia. Namibia."
    placer = BodyPlacer(text, _spans(text, {"Mali": "MLI", "Germany": "DEU", "Namibia": "NAM"}))
    assert placer.dominant == "NAM"
    assert placer.country(*_at(text, "Ministry")) == "MLI"  # the section heading governs a sentence without one
    assert placer.country(*_at(text, "Agency")) is None  # two countries in its sentence: neither is known to be its


def test_dominance_needs_a_clear_lead() -> None:
    text = "Italy. Albania. Italy. Albania. Italy."
    assert BodyPlacer(text, _spans(text, {"Italy": "ITA", "Albania": "ALB"})).dominant is None


def test_adjacent_country_in_the_clause() -> None:
    text = "beneficiaries include the National Police in Niger, and the Ministry of Security in Mali."
    placer = BodyPlacer(text, _spans(text, {"Niger": "NER", "Mali": "MLI"}))
    assert placer.country(*_at(text, "National Police")) == "NER"
    assert placer.country(*_at(text, "Ministry of Security")) == "MLI"


@pytest.mark.parametrize("text, expected", [
    # a town in the name wins over the neighbouring country: Bologna is Italian even in a sentence about Albania
    ("Albania is a partner. The Bologna Municipality and Albania signed.", "ITA:municipality-of-bologna"),
    ("Germany funded the road. Later, the Windhoek Municipality opened an office.", "NAM:municipality-of-windhoek"),
    ("The Rufisque County Council met.", "SEN:rufisque-county-council"),
])
def test_municipal_bodies_are_placed_by_their_town(text: str, expected: str) -> None:
    assert [cid for _, cid in tagged(text)] == [expected]


def test_a_country_of_the_previous_sentence_does_not_place_a_body() -> None:
    text = "Germany and Italy met in 2019. The Ministry of Health reported the numbers."
    assert tagged(text) == [("Ministry of Health", "ministry-of-health")]


def test_the_body_of_a_sentence_placed_by_its_town_places_its_department() -> None:
    text = "TIRANA | Tirana Municipality engaged its Department of Economics in the Project."
    assert {cid for _, cid in tagged(text)} == {"ALB:municipality-of-tirana", "ALB:department-of-economics"}
