"""query_links checks every filter value against the reference data before it reads a table."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline.errors import ConfigError
from pipeline.output.query import RELATIONS, country_iso3, query_links, relation_name, sdg_id, theme_id
from pipeline.output.store import combine, result_rows
from pipeline.vocab import THEME_IDS
from pipeline.types import DocResult, Document, Link, Mention, Page

TEXT = "Target 10.c: Morocco cuts remittance costs with IOM. Target 8.8 protects migrant workers in Mexico."


def _tables() -> dict[str, pd.DataFrame]:
    """A one-document run: an explicit 10.c link (Morocco) and an inferred 8.8 link (Mexico)."""
    doc_id = "c" * 16
    doc = Document(doc_id=doc_id, source="r.pdf", path="r.pdf", text=TEXT,
                   pages=(Page(doc_id=doc_id, number=1, width=1, height=1, char_start=0, char_end=len(TEXT),
                               blocks=()),), title="R", language="en")
    spans = [("COUNTRY", "Morocco", "MAR", "s1"), ("COUNTRY", "Mexico", "MEX", "s2")]
    mentions = tuple(Mention(doc_id=doc_id, mention_id=f"m{i}", label=label, text=text, canonical_id=cid, page=1,
                             char_start=TEXT.index(text), char_end=TEXT.index(text) + len(text), sentence_id=sid)
                     for i, (label, text, cid, sid) in enumerate(spans))
    links = (Link(doc_id=doc_id, source_id="remittances", target_id="SDG:10.c", relation="explicit", weight=1.0,
                  evidence=TEXT[:52], page=1, sentence_id="s1", char_start=0, char_end=52, countries=("MAR",),
                  country_sources=("sentence",)),
             Link(doc_id=doc_id, source_id="labour_migration", target_id="SDG:8.8", relation="inferred", weight=0.9,
                  evidence=TEXT[53:], page=1, sentence_id="s2", char_start=53, char_end=len(TEXT), countries=("MEX",),
                  country_sources=("sentence",)))
    return combine([result_rows(DocResult(document=doc, mentions=mentions, links=links))])


@pytest.mark.parametrize(("code", "canonical"), [
    ("10", "SDG:10"), ("SDG 10", "SDG:10"), ("sdg:10.C", "SDG:10.c"), ("10.7", "SDG:10.7"), ("SDG10.7.2", "SDG:10.7.2"),
])
def test_sdg_codes_in_any_spelling_name_one_framework_item(code: str, canonical: str) -> None:
    assert sdg_id(code) == canonical


@pytest.mark.parametrize(("code", "suggested"), [
    ("ten", None), ("18", "'8', '17.8' or '16.8'"), ("10.z", "'10.c', '10.b' or '10.a'"), ("10.7.9", "'10.7.4', '10.7.3' or '10.7.2'"), ("SDG:10.cc", "'10.c'"),
])
def test_sdg_codes_outside_the_framework_are_refused(code: str, suggested: str | None) -> None:
    with pytest.raises(ConfigError) as info:
        sdg_id(code)
    message = str(info.value)
    assert message.startswith(f"sdg {code!r} is not one of the ") and "goals, targets and indicators" in message
    assert ("did you mean" in message) == (suggested is not None)
    if suggested:
        assert f"did you mean {suggested}" in message


def test_theme_country_and_relation_values() -> None:
    assert [theme_id(t) for t in THEME_IDS] == list(THEME_IDS)
    assert theme_id("migration") == "migration"  # links of a migration mention in general
    assert country_iso3("mar") == "MAR" and country_iso3(" MEX ") == "MEX"
    assert [relation_name(r) for r in RELATIONS] == ["explicit", "inferred"]
    cases = [(theme_id, "Remittances", "theme 'Remittances' is not one of labour_migration, remittances",
              "did you mean 'remittances'?"),
             (country_iso3, "Maroc", "country 'Maroc' is not one of the ", "did you mean 'MAR'?"),
             (country_iso3, "QQQ", "country 'QQQ' is not one of the ", ""),
             (relation_name, "explicitly", "relation 'explicitly' is not one of explicit, inferred",
              "did you mean 'explicit'?")]
    for check, value, start, end in cases:
        with pytest.raises(ConfigError) as info:
            check(value)
        assert str(info.value).startswith(start) and str(info.value).endswith(end or "(such as MAR)")


def test_valid_filters_select_and_bad_ones_raise_before_reading_tables(tmp_path: Path) -> None:
    tables = _tables()
    assert query_links(sdg="10", tables=tables)["target_id"].tolist() == ["SDG:10.c"]
    assert query_links(sdg="8.8", relation="inferred", tables=tables)["source_id"].tolist() == ["labour_migration"]
    by_country = query_links(country="mex", tables=tables)  # links whose scope holds Mexico, not its document's others
    assert by_country[["target_id", "country_in_sentence"]].values.tolist() == [["SDG:8.8", True]]
    assert query_links(country="FRA", tables=tables).empty
    assert query_links(theme="remittances", tables=tables)["target_id"].tolist() == ["SDG:10.c"]
    assert query_links(sdg="10.7", tables=tables).empty  # a valid code with no links is no error
    for bad in ({"sdg": "10.z"}, {"theme": "tourism"}, {"country": "Morocco"}, {"relation": "implicit"}):
        with pytest.raises(ConfigError, match="is not one of"):
            query_links(tables=tables, **bad)
        with pytest.raises(ConfigError, match="is not one of"):  # checked before the missing folder is noticed
            query_links(run_dir=tmp_path / "missing", **bad)
