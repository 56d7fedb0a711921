"""SDG goals cited by a hash list or an ordinal word (pipeline.nlp.finders.sdg_lists), through sdg_refs.find."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.nlp.finders import sdg_refs
from pipeline.nlp.finders.sdg_lists import find


def _goals(text: str) -> list[tuple[str, str]]:
    return [(s.canonical_id, text[s.start:s.end]) for s in sdg_refs.find(text) if s.label == "SDG_GOAL"]


def test_a_hash_list_after_the_sdgs_gives_every_goal() -> None:
    text = ("contribute to the achievement of the Sustainable Development Goals (SDGs) #1 (End poverty), "
            "#12 (Sustainable consumption), #13 (Climate\nAction), #14 (Marine resources) and #15 (Life on\nland).")
    assert [g for g, _ in _goals(text)] == ["SDG:1", "SDG:12", "SDG:13", "SDG:14", "SDG:15"]


@pytest.mark.parametrize(("text", "goal"), [
    ("Il contribue au troisième objectif de développement durable de l'agenda 2030.", "SDG:3"),
    ("This is the fifth Sustainable Development Goal.", "SDG:5"),
    ("Contribuye al tercer Objetivo de Desarrollo Sostenible.", "SDG:3"),
    ("Le projet sert le 16e ODD, la paix.", "SDG:16"),
    ("SDG #3 and #5 matter.", "SDG:3"),
])
def test_ordinals_and_hash_numbers_name_goals(text: str, goal: str) -> None:
    assert goal in [g for g, _ in _goals(text)]


@pytest.mark.parametrize("text", [
    "The first SDG Summit was held in 2019.",
    "The fifth Sustainable Development Goals Report is out.",
    "Project Goal #2 was met; see issue #12 of the bulletin.",
    "Outcome #3 (capacity) and #4 (data) were reached.",
    "SDGs #18 and #40 do not exist.",
])
def test_what_is_not_a_goal_citation(text: str) -> None:
    assert find(text) == []


@given(st.text(alphabet="SDGs#0123456789 (),and troisième objectif de développement durable", max_size=120))
def test_spans_are_inside_the_text_and_name_real_goals(text: str) -> None:
    for span in find(text):
        assert 0 <= span.start < span.end <= len(text)
        assert 1 <= int(span.canonical_id.removeprefix("SDG:")) <= 17
