"""Building, saving and loading the tagging model."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from tests.nlp.nexus_tag_fixtures import FIXTURES

from pipeline.errors import ModelError  # noqa: E402
from pipeline.nlp.build import MAX_LENGTH, create_pipeline, load_model  # noqa: E402
from pipeline.tag import tag_text  # noqa: E402

TEXT = "The Italian Ministry of Foreign Affairs and the Global Migration Group (GMG) in Moldova; GMG met."


def test_saved_model_loads_with_plain_spacy_load(tmp_path: Path) -> None:
    nlp = create_pipeline(gazetteers=FIXTURES, finders=False)
    nlp.to_disk(tmp_path / "m")
    import pipeline.nlp.registry  # noqa: F401  (registers the factories, as a notebook user would)

    loaded = spacy.load(tmp_path / "m")
    assert loaded.pipe_names == nlp.pipe_names
    assert tag_text(TEXT, nlp=loaded) == tag_text(TEXT, nlp=nlp)
    doc = loaded(TEXT)
    assert {(s.label_, s.kb_id_) for s in doc.spans["nexus"]} >= {("COUNTRY", "MDA"), ("ORG", "GMG")}


def test_load_model_sets_max_length(tmp_path: Path) -> None:
    create_pipeline(gazetteers=FIXTURES, finders=False).to_disk(tmp_path / "m")
    assert load_model(tmp_path / "m").max_length == MAX_LENGTH


def test_missing_model_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no tagging model"):
        load_model(tmp_path / "absent")


def test_pipeline_order_puts_entities_before_acronyms_and_merge_last() -> None:
    names = create_pipeline(gazetteers=FIXTURES, finders=False).pipe_names
    assert names == ["nexus_countries_v1", "nexus_gov_bodies_v1", "nexus_orgs_v1", "nexus_acronyms_v1",
                     "nexus_merge_v1"]
