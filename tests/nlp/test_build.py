"""Building, saving and loading the tagging model; a model saved under old names is detected and rebuilt."""
from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.util import load_config

from pipeline.errors import ModelError
from pipeline.nlp.build import (MAX_LENGTH, StaleModelError, create_pipeline, load_model, load_or_rebuild,
                                stale_names)
from pipeline.nlp.names import ENTITY_PIPES, FACTORIES, FINDER_PIPES, MERGE_PIPE
from pipeline.tag import tag_text
from tests.nlp.nexus_tag_fixtures import FIXTURES
from tests.paths import ROOT

TEXT = "The Italian Ministry of Foreign Affairs and the Global Migration Group (GMG) in Moldova; GMG met."
RICH_TEXT = (
    "The Italian Ministry of Foreign Affairs and the Global Migration Group (GMG) met in the Republic of\n"
    "Moldova and Côte d’Ivoire; GMG, IOM and UNHCR's office in Niger (not Nigeria) reported on SDG 10.7 and\n"
    "target 10.c. Output 1.2 cost USD 1.5 million (EUR 1,2 million) from 1 February 2014 to March 2015.\n"
    "Returnees received reintegration support and remittances; Internation- al Organization for Migration."
)
OLD_FINDERS = {pipe: f"pipeline.nlp.{pipe.removeprefix('nexus_').removesuffix('_v1')}:find" for pipe in FINDER_PIPES}
"""How config.cfg named the finders before they were registered by name ("pipeline.nlp.sdg_refs:find")."""


@pytest.fixture(scope="module")
def fixture_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture pipeline, finders included, saved to a temporary folder."""
    path = tmp_path_factory.mktemp("model") / "nexus_tagger"
    create_pipeline(gazetteers=FIXTURES).to_disk(path)
    return path


def _save_with_old_names(model: Path, out: Path) -> Path:
    """A copy of a saved model whose config.cfg names the finders by Python path, as models saved before did."""
    shutil.copytree(model, out)
    config = load_config(out / "config.cfg", interpolate=False)
    for pipe, dotted in OLD_FINDERS.items():
        config["components"][pipe]["finder"] = dotted
    config.to_disk(out / "config.cfg")
    return out


def test_saved_model_tags_the_same_spans_as_the_pipeline_in_memory(fixture_model: Path) -> None:
    memory = create_pipeline(gazetteers=FIXTURES)
    loaded = load_model(fixture_model)
    assert loaded.pipe_names == memory.pipe_names == list(FACTORIES)
    spans = tag_text(RICH_TEXT, nlp=memory)
    assert {s.label for s in spans} >= {"COUNTRY", "ORG", "GOV_BODY", "SDG_TARGET", "MONEY", "DATE", "OUTPUT",
                                        "MIGRATION_THEME"}
    assert tag_text(RICH_TEXT, nlp=loaded) == spans
    assert loaded(RICH_TEXT)._.nexus_spans == memory(RICH_TEXT)._.nexus_spans


def test_saved_gazetteers_are_typed_records_again(fixture_model: Path) -> None:
    loaded = load_model(fixture_model)
    countries = loaded.get_pipe("nexus_countries_v1")._data["countries"]
    assert countries == FIXTURES.countries
    assert loaded.get_pipe("nexus_orgs_v1")._data["organizations"] == FIXTURES.organizations
    assert loaded.get_pipe("nexus_gov_bodies_v1")._data["gov_bodies"] == FIXTURES.gov_bodies


def test_config_names_finders_by_registry_name_not_python_path(fixture_model: Path) -> None:
    text = (fixture_model / "config.cfg").read_text(encoding="utf-8")
    assert '@misc = "nexus.sdg_refs.v1"' in text
    assert "pipeline." not in text
    assert stale_names(load_config(fixture_model / "config.cfg", interpolate=False)) == []


def test_plain_spacy_load_works_through_the_entry_points(fixture_model: Path) -> None:
    """In a fresh interpreter, without importing nexus: spaCy's entry-point lookup registers the components."""
    script = ("import json, sys, spacy; nlp = spacy.load(sys.argv[1]); doc = nlp(sys.argv[2]); "
              "print(json.dumps(sorted([s.label_, s.kb_id_] for s in doc.spans['nexus'])))")
    result = subprocess.run([sys.executable, "-c", script, str(fixture_model), TEXT], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    found = {tuple(pair) for pair in json.loads(result.stdout.strip().splitlines()[-1])}
    assert found >= {("COUNTRY", "MDA"), ("ORG", "GMG"), ("GOV_BODY", "ITA:ministry-of-foreign-affairs")}


def test_model_saved_under_old_names_is_a_stale_model_error(fixture_model: Path, tmp_path: Path) -> None:
    old = _save_with_old_names(fixture_model, tmp_path / "old")
    with pytest.raises(StaleModelError, match="pipeline.nlp.sdg_refs:find") as info:
        load_model(old)
    assert "nexus.sdg_refs.v1" in str(info.value) and "nexus build-model" in str(info.value)
    assert isinstance(info.value, ModelError)


def test_model_saved_under_old_names_is_rebuilt_in_memory_with_one_warning(
        fixture_model: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    old = _save_with_old_names(fixture_model, tmp_path / "old")
    with caplog.at_level(logging.WARNING, logger="pipeline.nlp.build"):
        nlp = load_or_rebuild(old)
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "\n" not in warnings[0].getMessage()
    assert "rebuilt in memory" in warnings[0].getMessage()
    assert nlp.pipe_names == list(FACTORIES)
    assert tag_text(RICH_TEXT, nlp=nlp) == tag_text(RICH_TEXT, nlp=create_pipeline())


def test_unknown_factory_is_named(fixture_model: Path) -> None:
    config = load_config(fixture_model / "config.cfg", interpolate=False)
    config["components"][MERGE_PIPE]["factory"] = "nexus_merge_v0"
    (problem,) = stale_names(config)
    assert "nexus_merge_v0" in problem and "nexus_merge_v1" in problem


def test_load_or_rebuild_loads_a_current_model(fixture_model: Path) -> None:
    nlp = load_or_rebuild(fixture_model)
    assert tag_text(TEXT, nlp=nlp) == tag_text(TEXT, nlp=create_pipeline(gazetteers=FIXTURES))


def test_load_model_sets_max_length(fixture_model: Path) -> None:
    assert load_model(fixture_model).max_length == MAX_LENGTH


def test_missing_model_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no tagging model"):
        load_model(tmp_path / "absent")


def test_pipeline_order_puts_entities_before_acronyms_and_merge_last() -> None:
    names = create_pipeline(gazetteers=FIXTURES, finders=False).pipe_names
    assert names == [*ENTITY_PIPES, MERGE_PIPE]
    assert names == ["nexus_countries_v1", "nexus_gov_bodies_v1", "nexus_orgs_v1", "nexus_acronyms_v1",
                     "nexus_merge_v1"]
