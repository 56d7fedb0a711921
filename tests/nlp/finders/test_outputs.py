"""Tests of the OUTPUT/OUTCOME finder."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp.finders.outputs import find


def ids(text: str, language: str = "en") -> list[str]:
    """Canonical ids found in text."""
    return [s.canonical_id for s in find(text, language=language)]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Output 1: trained officials", "en", ["OUTPUT:1"]),
        ("Output 1.2: Local authorities", "en", ["OUTPUT:1.2"]),
        ("progress under Outputs 1 and 2", "en", ["OUTPUT:1", "OUTPUT:2"]),
        ("Outputs 1.1, 1.2 and 1.3 were met", "en", ["OUTPUT:1.1", "OUTPUT:1.2", "OUTPUT:1.3"]),
        ("Outcome 2: Ensure the well-being", "en", ["OUTCOME:2"]),
        ("Immediate Outcome 1 was achieved", "en", ["OUTCOME:1"]),
        ("Specific Outcome 3:", "en", ["OUTCOME:3"]),
        ("Résultat 1 : Les populations", "fr", ["OUTCOME:1"]),
        ("Produit 1.1 Indicateur", "fr", ["OUTPUT:1.1"]),
        ("Produit - 2.2 Indicateur", "fr", ["OUTPUT:2.2"]),
        ("Extrant 2 : formation", "fr", ["OUTPUT:2"]),
        ("Producto 1: capacitación", "es", ["OUTPUT:1"]),
        ("Resultado 2: migrantes", "es", ["OUTCOME:2"]),
    ],
)
def test_outputs(text: str, language: str, expected: list[str]) -> None:
    assert ids(text, language) == expected


def test_surface_of_first_item_includes_head() -> None:
    text = "under Outputs 1 and 2"
    assert [text[s.start:s.end] for s in find(text)] == ["Outputs 1", "2"]


@pytest.mark.parametrize(
    "text",
    [
        "an output of 5% growth",
        "the outputs and outcomes of the project",
        "Recommendation 3: strengthen",
        "operative paragraph 12",
        "Objective 2: reduce",
        "Output 5% higher",
        "Long-term Outcome 2A",
        "output 3 was low",
    ],
)
def test_negatives(text: str) -> None:
    assert ids(text) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("OutputcomeRésultaProdi 0123456789.,:-%\n")), max_size=120))
def test_property_never_raises_and_offsets_valid(text: str) -> None:
    for s in find(text):
        assert 0 <= s.start < s.end <= len(text)
        assert s.canonical_id.split(":")[0] in ("OUTPUT", "OUTCOME")


def test_a_numbered_list_under_an_outcomes_lead_gives_one_result_per_item() -> None:
    text = ("activities to contribute to the following Intermediate Outcomes:\n1. Increased capacities;\n\n"
            "2. Increased engagement of communities;\n3. Increased border capacities.\n5. Not in sequence.")
    found = find(text)
    assert [s.canonical_id for s in found] == ["OUTCOME:1", "OUTCOME:2", "OUTCOME:3"]
    assert text[found[0].start:found[0].end] == "1. Increased capacities;"


def test_a_numbered_list_without_a_results_lead_is_not_results() -> None:
    assert ids("The main recommendations:\n1. Strengthen coordination.\n2. Fund the plan.") == []
    assert ids("Produits:\n1) Des guides.\n2) Des formations.", "fr") == ["OUTPUT:1", "OUTPUT:2"]
