"""Tests of the MONEY finder."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp.finders.money import find, format_amount, parse_amount


def ids(text: str, language: str = "en") -> list[str]:
    """Canonical ids found in text."""
    return [s.canonical_id for s in find(text, language=language)]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("a grant of $822,771 for", "en", ["USD 822771"]),
        ("US$ 1.5 million was spent", "en", ["USD 1500000"]),
        ("USD 2.3 bn in remittances", "en", ["USD 2300000000"]),
        ("Budget: EUR 324,551.00", "en", ["EUR 324551"]),
        ("Budget: € 324,551.00", "en", ["EUR 324551"]),
        ("un budget de €1,2 million", "fr", ["EUR 1200000"]),
        ("un budget de 1 200 000 euros", "fr", ["EUR 1200000"]),
        ("CHF 50,000 were granted", "en", ["CHF 50000"]),
        ("a £3m programme", "en", ["GBP 3000000"]),
        ("MXN 5,000 por persona", "es", ["MXN 5000"]),
        ("5 000 FCFA par mois", "fr", ["XOF 5000"]),
        ("100,000 XOF par migrant", "fr", ["XOF 100000"]),
        ("Namibia rolled out N$ 2 billion", "en", ["NAD 2000000000"]),
        ("Namibia rolled out N$8.1\nbillion", "en", ["NAD 8100000000"]),
        ("a new R5 million fund", "en", ["ZAR 5000000"]),
        ("ZAR899 billion over ten years", "en", ["ZAR 899000000000"]),
        ("un costo de 300 dólares", "es", ["USD 300"]),
        ("3 millions de dollars", "fr", ["USD 3000000"]),
        ("5 millones de pesos", "es", ["MXN 5000000"]),
        ("1,000 pesos mexicanos", "en", ["MXN 1000"]),
        ("a fee of EUR 12.50 per person", "en", ["EUR 12.50"]),
        ("2,300 euros", "fr", ["EUR 2300"]),
        ("close to US$84, 9 million by 2020", "en", ["USD 84900000"]),
        ("a cost of US$800 billion6\n", "en", ["USD 800000000000"]),
    ],
)
def test_amounts(text: str, language: str, expected: list[str]) -> None:
    assert ids(text, language) == expected


def test_range_gives_one_mention_per_amount() -> None:
    text = "between USD 1–2 million per year"
    found = find(text)
    assert [s.canonical_id for s in found] == ["USD 1000000", "USD 2000000"]
    assert [text[s.start:s.end] for s in found] == ["USD 1", "2 million"]


def test_span_is_surface_text() -> None:
    text = "The budget was EUR 25 million, funded by the EU."
    (s,) = find(text)
    assert text[s.start:s.end] == "EUR 25 million"


@pytest.mark.parametrize(
    "text",
    [
        "Unemployment rose to 10.7% in 2019.",
        "In 2019, 25,000 migrants returned.",
        "the SDG 10 target",
        "all 17 SDGs",
        "UNFCCC COP27 and UNCCD COP 15",
        "les critères de l’OCDE/CAD4",
        "5 pesos in a Zambian text",
        "Recommendation R1 was accepted",
        "€ 0 was spent",
        "European Union and France",
    ],
)
def test_negatives(text: str) -> None:
    assert ids(text) == []


def test_parse_amount_conventions() -> None:
    assert parse_amount("822,771") == Decimal("822771")
    assert parse_amount("1,2", language="fr") == Decimal("1.2")
    assert parse_amount("1.500.000", language="es") == Decimal("1500000")
    assert parse_amount("324 551,00", language="fr") == Decimal("324551.00")
    assert parse_amount("1,255", scaled=True) == Decimal("1255")
    assert parse_amount("1.255", scaled=True) == Decimal("1.255")
    assert format_amount(Decimal("324551.00")) == "324551"
    assert format_amount(Decimal("12.5")) == "12.50"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("USDEUR$€£N 0123456789.,-–milonbk%RCFAeuros\n")), max_size=120))
def test_property_never_raises_and_offsets_valid(text: str) -> None:
    for s in find(text):
        assert 0 <= s.start < s.end <= len(text)
        assert s.label == "MONEY"
        code, amount = s.canonical_id.split(" ")
        assert len(code) == 3 and Decimal(amount) > 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Budget: (CAD$) 2,749,046", ["CAD 2749046"]), ("CA$ 3 million", ["CAD 3000000"]),
     ("Budget (USD) 5,000", ["USD 5000"])],
)
def test_a_bracketed_currency_before_its_amount(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


def test_united_states_dollars_spelled_out() -> None:
    text = "an annual funding level of 1 billion United States dollars, and 50 million United States dollars"
    assert [(text[s.start:s.end], s.canonical_id) for s in find(text)] == [
        ("1 billion United States dollars", "USD 1000000000"), ("50 million United States dollars", "USD 50000000")]
