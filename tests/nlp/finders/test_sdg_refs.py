"""Tests of the SDG goal/target/indicator finder."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp.finders.sdg_refs import find


def ids(text: str, language: str = "en") -> list[str]:
    """Canonical ids found in text, in order."""
    return [s.canonical_id for s in find(text, language=language)]


def labelled(text: str, language: str = "en") -> list[tuple[str, str, str]]:
    """(label, surface, id) triples found in text."""
    return [(s.label, text[s.start:s.end], s.canonical_id) for s in find(text, language=language)]


CTX = " as part of the 2030 Agenda for Sustainable Development."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Progress on SDG 10 is slow.", ["SDG:10"]),
        ("Progress on SDG10 is slow.", ["SDG:10"]),
        ("Progress on SDG-10 is slow.", ["SDG:10"]),
        ("This relates to Goal 8" + CTX, ["SDG:8"]),
        ("To find out more about Goal #10 and the other Sustainable Development Goals, visit", ["SDG:10"]),
        ("Goal 10: Reduced inequalities" + CTX, ["SDG:10"]),
        ("It contributes to SDGs 5 and 10.", ["SDG:5", "SDG:10"]),
        ("It contributes to SDGs 1, 5, 8 and 10.", ["SDG:1", "SDG:5", "SDG:8", "SDG:10"]),
        ("It contributes to SDG 8, 10 and 16.", ["SDG:8", "SDG:10", "SDG:16"]),
        ("It contributes to SDG3, SDG4 and SDG 10.", ["SDG:3", "SDG:4", "SDG:10"]),
        ("recalling Sustainable Development Goals 8 and 10, including", ["SDG:8", "SDG:10"]),
    ],
)
def test_goals(text: str, expected: list[str]) -> None:
    assert ids(text) == expected
    assert all(label == "SDG_GOAL" for label, _, _ in labelled(text))


def test_goal_range_expands() -> None:
    text = "Goals 8–10 of the 2030 Agenda"
    assert sorted(ids(text), key=lambda i: int(i.split(":")[1])) == ["SDG:8", "SDG:9", "SDG:10"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in line with target 10.7 of the 2030 Agenda", ["SDG:10.7"]),
        ("under targets 8.8 and 10.7 of the SDGs", ["SDG:8.8", "SDG:10.7"]),
        ("Target 10.c on remittance costs (SDG)", ["SDG:10.c"]),
        ("This is SDG target 10.7.", ["SDG:10.7"]),
        ("as emphasised by SDG 10.7, migration", ["SDG:10.7"]),
        ("as emphasised by SDG 17.18 – which aims", ["SDG:17.18"]),
        ("Goal 3 and its targets 3.c and 3.d of the SDGs", ["SDG:3", "SDG:3.c", "SDG:3.d"]),
        ("The SDG framework calls for well-managed migration policies (10.7).", ["SDG:10.7"]),
    ],
)
def test_targets(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


def test_target_is_tagged_once_as_target() -> None:
    found = labelled("in line with target 10.7 of the 2030 Agenda")
    assert found == [("SDG_TARGET", "target 10.7", "SDG:10.7")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Progress on indicator 10.7.2 of the SDGs", ["SDG:10.7.2"]),
        ("Indicator 10.7.2: Number of countries with migration policies (SDG)", ["SDG:10.7.2"]),
        ("Indicator13.a.1\nclimate action (SDGs)", ["SDG:13.a.1"]),
        ("reported under SDG indicator 10.c.1.", ["SDG:10.c.1"]),
        ("reported under SDG indicators 10.7.1–10.7.4.", ["SDG:10.7.1", "SDG:10.7.2", "SDG:10.7.3", "SDG:10.7.4"]),
        ("Indicator 8.10.1 and Indicator 16.10.2 of the SDGs", ["SDG:8.10.1", "SDG:16.10.2"]),
    ],
)
def test_indicators(text: str, expected: list[str]) -> None:
    assert sorted(ids(text)) == sorted(expected)
    assert {label for label, _, _ in labelled(text)} == {"SDG_INDICATOR"}


def test_list_items_have_own_spans() -> None:
    found = labelled("It contributes to SDGs 5 and 10.")
    assert found == [("SDG_GOAL", "SDGs 5", "SDG:5"), ("SDG_GOAL", "10", "SDG:10")]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Le projet contribue à l’ODD 10 et à l’ODD #3.", "fr", ["SDG:10", "SDG:3"]),
        ("les objectifs de développement durable 5 et 10", "fr", ["SDG:5", "SDG:10"]),
        ("l’objectif 3 des objectifs de développement durable", "fr", ["SDG:3"]),
        ("la cible 10.7 du Programme 2030", "fr", ["SDG:10.7"]),
        ("les cibles 8.8 et 10.7 des ODD", "fr", ["SDG:8.8", "SDG:10.7"]),
        ("l’indicateur 10.7.2 des ODD", "fr", ["SDG:10.7.2"]),
        ("contribuye al ODS 10 de la Agenda 2030", "es", ["SDG:10"]),
        ("el Objetivo 10 de Desarrollo Sostenible", "es", ["SDG:10"]),
        ("la meta 10.7 de la Agenda 2030", "es", ["SDG:10.7"]),
        ("las metas 8.8 y 10.7 de los ODS", "es", ["SDG:8.8", "SDG:10.7"]),
        ("el indicador 10.7.2 de los ODS", "es", ["SDG:10.7.2"]),
    ],
)
def test_french_spanish(text: str, language: str, expected: list[str]) -> None:
    assert ids(text, language) == expected


@pytest.mark.parametrize(
    "text",
    [
        "10 REDUCED INEQUALITIES",
        "DECENT WORK AND 8 ECONOMIC GROWTH",
        "climate 13 action\fNamibia SDGs VNR Report 2021",
    ],
)
def test_goal_tiles_are_left_to_the_tile_detector(text: str) -> None:
    """Goal tiles are found once, from the document's sentences (pipeline.document.tiles), not by this finder."""
    assert find(text) == []


NEGATIVES = [
    "17.4% and 10.7% of the population live in poverty under the SDGs.",
    "unemployment stood at 10.71 per cent under the SDGs",
    "Goal 18 of the SDGs does not exist.",
    "2.3 Methodology\nThe SDG assessment used",
    "see section 10.7 of the SDG report",
    "the meeting of 10.7.2021 on the SDGs",
    "resolution 79/217 on the 2030 Agenda; A/RES/70/1",
    "ILO Convention No. 97 and the SDGs",
    "achieve the Sustainable Development Goals 39 to address inequalities",
    "the 2030 Agenda for Sustainable Development,10 and",
    "the Sustainable Development Goals 3\n",
    "COVID-19 affected the SDGs",
    "USD 10.7 million for the SDGs",
    "GDP growth 5.4 6.1 4.3 0.0 -1.0 1.1 against the SDG target",
    "scores between 2.5 - 3 on the SDG target",
    "Target 2017 (143)\nTarget 2022 (160)",
    "Output 1.2: Local authorities trained (SDG)",
    "Result 1.1: Migration data (SDG)\nIndicator 1.1.1: Number of field studies",
    "Indicateur 1.1 : % des populations frontalières (ODD)",
    "l’objectif 19 du Pacte mondial des migrations",
    "l’objectif 3 du projet est de former",
    "Our goal 5 years from now is growth",
    "The project goal 2 is to train officials",
    "Indicator 10.b.c of the SDGs",
    "page 10.7 of the SDG annex",
    "version 2.1 of the SDG tool",
    "Namibia SDGs VNR Report 2021 | 41",
    "the 90-90-90 targets of the SDG era",
    "EUTF 4.6 indicator for the SDGs",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_negatives(text: str) -> None:
    assert ids(text) == [], labelled(text)


def test_goal_without_any_sdg_talk_is_not_a_goal() -> None:
    assert ids("Goal 2: train 50 officials in the project.") == []


def test_sorted_and_offsets() -> None:
    text = "Targets 8.8 and 10.7 of the SDGs. SDG 5 and indicator 10.7.2 of the SDGs."
    found = find(text)
    assert [s.start for s in found] == sorted(s.start for s in found)
    for s in found:
        assert 0 <= s.start < s.end <= len(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("SDGoal targetindicator 0123456789.,-–#:%\n()abcODDS")), max_size=200))
def test_property_never_raises_and_offsets_valid(text: str) -> None:
    for s in find(text):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start:s.end].strip() == text[s.start:s.end]
        assert s.canonical_id.startswith("SDG:")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_property_arbitrary_unicode(text: str) -> None:
    for s in find(text):
        assert 0 <= s.start < s.end <= len(text)


def test_dotted_code_after_a_plural_cue_is_never_a_footnote_marker() -> None:
    text = "The 2030 Agenda simulator covers targets 14.7 under SDG 17, 6.1 under SDG 6, and 1.3 in total."
    assert set(ids(text)) == {"SDG:14.7", "SDG:17", "SDG:6.1", "SDG:6", "SDG:1.3"}


@pytest.mark.parametrize("text", [
    "the Sustainable Development Goals 39 and the 2030 Agenda",
    "progress on the targets 12 of the plan and the SDGs",
])
def test_plural_cue_with_one_whole_number_stays_a_footnote(text: str) -> None:
    assert ids(text) == []


def test_a_list_item_may_carry_its_name_in_brackets() -> None:
    text = ("la réalisation de l'ODD 16 (Paix, justice et institutions efficaces), ainsi que l'ODD 10 "
            "(Inégalités réduites) et 5 (Égalité entre les sexes), et du Programme 2030")
    assert ids(text, "fr") == ["SDG:16", "SDG:10", "SDG:5"]
    assert ids("The SDG targets 10.7 (orderly migration) and 10.c (remittance costs) matter.") == ["SDG:10.7", "SDG:10.c"]
    assert ids("SDG 5 (see 2 above) and 12 others are cited") == ["SDG:5"]  # a bracket with digits is no name


def test_a_hash_code_after_the_quoted_wording_of_a_cited_target() -> None:
    text = ("The project contributes to the Sustainable Development Goals (SDGs) targets #10.7 (“Facilitate orderly, "
            "safe, regular and responsible migration and mobility of people”) and #17.18 (“By 2020, enhance "
            "capacity-building support to developing countries”).")
    assert [s.canonical_id for s in find(text)] == ["SDG:10.7", "SDG:17.18"]
    assert find("The budget (see annex 2) and #17.18 of the activity list.") == []
