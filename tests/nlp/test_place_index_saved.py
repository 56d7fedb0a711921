"""The GOV_BODY tagger saves its GeoNames place index with the model and loads it back unchanged."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from spacy.vocab import Vocab

from pipeline.errors import ModelError
from pipeline.nlp.entities.gov_bodies import PLACES_FILE, GovBodyTagger
from pipeline.nlp.entities.placement import (PlaceIndex, default_place_index, place_index_from_rows,
                                             place_index_rows, resolve_place)


def _shape(index: PlaceIndex) -> dict[tuple[str, ...], list[tuple[str, int]]]:
    return {key: [(p.iso3, p.population) for p in found] for key, found in index.items()}


def test_rows_round_trip_the_whole_index() -> None:
    index = default_place_index()
    back = place_index_from_rows(json.loads(json.dumps(place_index_rows(index))))
    assert back is not None and _shape(back) == _shape(index)
    key = ("milan",)
    assert resolve_place(back[key]) == resolve_place(index[key])


@pytest.mark.parametrize("rows", [None, [], {"version": 0, "places": []}, {"version": 1}])
def test_rows_of_another_format_are_refused(rows: object) -> None:
    assert place_index_from_rows(rows) is None


def test_a_saved_tagger_loads_its_index_instead_of_rebuilding_it(tmp_path: Path) -> None:
    saved = GovBodyTagger(Vocab(), name="gov")
    saved.ensure_data()
    saved.to_disk(tmp_path)
    assert (tmp_path / PLACES_FILE).exists()
    loaded = GovBodyTagger(Vocab(), name="gov").from_disk(tmp_path)
    assert loaded.places is not default_place_index()
    assert _shape(loaded.places) == _shape(default_place_index())


def test_a_folder_without_the_index_rebuilds_it(tmp_path: Path) -> None:
    saved = GovBodyTagger(Vocab(), name="gov")
    saved.ensure_data()
    saved.to_disk(tmp_path)
    (tmp_path / PLACES_FILE).unlink()
    assert GovBodyTagger(Vocab(), name="gov").from_disk(tmp_path).places is default_place_index()


def test_a_damaged_index_is_a_model_error_naming_the_file(tmp_path: Path) -> None:
    saved = GovBodyTagger(Vocab(), name="gov")
    saved.ensure_data()
    saved.to_disk(tmp_path)
    (tmp_path / PLACES_FILE).write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match=PLACES_FILE):
        GovBodyTagger(Vocab(), name="gov").from_disk(tmp_path)
