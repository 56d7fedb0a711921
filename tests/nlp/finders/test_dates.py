"""Tests of the DATE finder."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp.finders.dates import find


def found(text: str, language: str = "en") -> list[tuple[str, str]]:
    """(surface, iso) pairs found in text."""
    return [(text[s.start:s.end], s.canonical_id) for s in find(text, language=language)]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("signed on 1 February 2014.", "en", [("1 February 2014", "2014-02-01")]),
        ("launched in February 2014.", "en", [("February 2014", "2014-02")]),
        ("in 2014 the project", "en", [("2014", "2014")]),
        ("since 2019, IOM", "en", [("2019", "2019")]),
        ("Smith (2019) argues", "en", [("2019", "2019")]),
        ("1 February 2014 – 31 January 2015", "en", [("1 February 2014 – 31 January 2015", "2014-02-01/2015-01-31")]),
        ("from March 2019 to June 2020", "en", [("from March 2019 to June 2020", "2019-03/2020-06")]),
        ("the 2014-2016 phase", "en", [("2014-2016", "2014/2016")]),
        ("the 2020–2025 strategy", "en", [("2020–2025", "2020/2025")]),
        ("on January 15, 2026 we", "en", [("January 15, 2026", "2026-01-15")]),
        ("le 15/01/2026", "fr", [("15/01/2026", "2026-01-15")]),
        ("on 2025-07-25", "en", [("2025-07-25", "2025-07-25")]),
        ("le 1er février 2014", "fr", [("1er février 2014", "2014-02-01")]),
        ("en juillet 2021", "fr", [("juillet 2021", "2021-07")]),
        ("el 25 de julio de 2025", "es", [("25 de julio de 2025", "2025-07-25")]),
        ("DOF 15-01-2026", "es", [("15-01-2026", "2026-01-15")]),
    ],
)
def test_dates(text: str, language: str, expected: list[tuple[str, str]]) -> None:
    assert found(text, language) == expected


@pytest.mark.parametrize(
    "text",
    [
        "resolution 79/217",
        "target 10.7 of the SDGs",
        "see page 12",
        "women aged 15-24",
        "a total of 2014 migrants",
        "31/02/2020 is not a date",
        "10.7% of people",
    ],
)
def test_negatives(text: str) -> None:
    assert found(text) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789 /-–.,()JanuaryFebjuilletdeto\n")), max_size=120))
def test_property_never_raises_and_offsets_valid(text: str) -> None:
    for s in find(text):
        assert 0 <= s.start < s.end <= len(text)
        assert s.label == "DATE"
