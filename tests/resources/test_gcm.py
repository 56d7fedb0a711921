"""Tests for the Global Compact for Migration objectives and their bridges to themes and SDG targets."""
from __future__ import annotations

import json

import pytest

from pipeline.errors import ConfigError
from pipeline.resources.gcm import gcm_for_target, gcm_for_theme, gcm_objective, load_gcm
from pipeline.vocab import THEME_IDS
from tests.paths import ROOT

REPO = ROOT
SDG_JSON = REPO / "pipeline" / "resources" / "sdg.json"
THEMES_JSON = REPO / "pipeline" / "resources" / "themes.json"


def test_twenty_three_objectives_numbered_in_order() -> None:
    objectives = load_gcm()
    assert len(objectives) == 23
    assert [o.number for o in objectives] == list(range(1, 24))
    assert all(o.id == f"GCM:{o.number}" for o in objectives)


def test_titles_in_three_languages() -> None:
    for o in load_gcm():
        assert set(o.title) >= {"en", "fr", "es"}
        assert all(len(t) > 20 for t in o.title.values())
    assert gcm_objective(1).title["en"].startswith("Collect and utilize accurate and disaggregated data")


def test_every_theme_id_is_valid() -> None:
    for o in load_gcm():
        assert o.themes, o.id
        assert set(o.themes) <= set(THEME_IDS)


def test_theme_ids_agree_with_theme_lexicon() -> None:
    if not THEMES_JSON.exists():
        pytest.skip("themes.json not present")
    keys = {k for k in json.loads(THEMES_JSON.read_text(encoding="utf-8")) if not k.startswith("_")}
    assert keys == set(THEME_IDS)


def test_every_sdg_target_exists_in_framework() -> None:
    known = {t["id"] for t in json.loads(SDG_JSON.read_text(encoding="utf-8"))["targets"]}
    for o in load_gcm():
        assert o.sdg_targets, o.id
        assert set(o.sdg_targets) <= known, (o.id, set(o.sdg_targets) - known)


def test_bridges() -> None:
    assert [o.number for o in gcm_for_theme("remittances")] == [20]
    assert 10 in [o.number for o in gcm_for_theme("trafficking_smuggling")]
    assert 20 in [o.number for o in gcm_for_target("SDG:10.c")]
    assert [o.number for o in gcm_for_target("10.c")] == [o.number for o in gcm_for_target("SDG:10.c")]
    assert 1 in [o.number for o in gcm_for_target("SDG:17.18")]
    assert gcm_for_target("SDG:14.1") == ()


def test_bad_inputs_raise() -> None:
    with pytest.raises(ConfigError, match="migration theme 'tourism' is not one of labour_migration"):
        gcm_for_theme("tourism")
    with pytest.raises(ConfigError, match="out of range"):
        gcm_objective(24)
