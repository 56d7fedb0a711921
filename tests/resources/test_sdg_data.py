"""The project's sdg.json: counts, lookups, and equality with the shared SDG reference folder."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from pipeline.resources.sdg import (
    SdgGoal,
    SdgIndicator,
    SdgTarget,
    UnknownSdgCodeError,
    load_sdg,
    normalize_sdg_code,
)
from pipeline.errors import PipelineError
from tests.paths import ROOT

SHARED_SDG = ROOT / ".." / "shared" / "reference" / "sdg"
GOALS, TARGETS, MIN_UNIQUE_INDICATORS = 17, 169, 231
MEANS_OF_IMPLEMENTATION_TARGETS = 43  # lettered targets such as 10.c
LANGUAGES = ("en", "fr", "es")


def _shared_or_skip() -> Path:
    if not SHARED_SDG.is_dir():
        pytest.skip("shared SDG reference folder ../shared/reference/sdg is absent")
    return SHARED_SDG


def _load_build_script():
    spec = importlib.util.spec_from_file_location("build_sdg_data", ROOT / "scripts" / "build_sdg_data.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_counts() -> None:
    sdg = load_sdg()
    assert len(sdg.goals) == GOALS
    assert len(sdg.targets) == TARGETS
    assert len(sdg.indicators) >= MIN_UNIQUE_INDICATORS
    unique_titles = {i.title.en for i in sdg.indicators}
    assert len(unique_titles) >= MIN_UNIQUE_INDICATORS
    assert sum(1 for t in sdg.targets if t.code.split(".")[1].isalpha()) == MEANS_OF_IMPLEMENTATION_TARGETS


def test_every_goal_has_targets_and_every_target_indicators() -> None:
    sdg = load_sdg()
    for goal in sdg.goals:
        assert sdg.targets_of(goal.number), goal.id
        assert all(goal.short.get(lang) for lang in LANGUAGES)
    for target in sdg.targets:
        assert sdg.indicators_of(target.code), target.id


def test_lookups() -> None:
    sdg = load_sdg()
    assert isinstance(sdg.goal(10), SdgGoal)
    assert sdg.goal("SDG:8").short.en == "Decent work and economic growth"
    assert sdg.goal(17).short.en == "Partnerships for the goals"
    assert sdg.goal(1).short.en == "No poverty"
    target = sdg.target("10.7")
    assert isinstance(target, SdgTarget) and target.id == "SDG:10.7" and target.goal == "10"
    assert "migration" in target.title.en and "migration" in target.title.fr
    assert sdg.target("10.C").code == "10.c"
    indicator = sdg.indicator("SDG:10.7.2")
    assert isinstance(indicator, SdgIndicator) and indicator.target == "10.7"
    assert sdg.indicator("10.c.1").target == "10.c"


@pytest.mark.parametrize("code", ["10", "10.7", "10.c", "10.7.2", "SDG 8", "SDG:17.19.2", "sdg10", "3.b.1"])
def test_valid_codes(code: str) -> None:
    assert load_sdg().is_valid(code)


@pytest.mark.parametrize("code", ["18", "0", "10.8", "10.7%", "10.71", "10.7.9", "1.z", "", "SDG", "10..7", "2030"])
def test_invalid_codes(code: str) -> None:
    sdg = load_sdg()
    assert not sdg.is_valid(code)
    assert sdg.lookup(code) is None


def test_unknown_code_error_names_the_code() -> None:
    sdg = load_sdg()
    with pytest.raises(UnknownSdgCodeError, match="'10.8'") as info:
        sdg.target("10.8")
    assert isinstance(info.value, PipelineError)
    with pytest.raises(UnknownSdgCodeError, match="1 to 17"):
        sdg.goal(18)
    with pytest.raises(KeyError):
        sdg.indicator("10.7.9")


def test_normalize_sdg_code() -> None:
    assert normalize_sdg_code("SDG 10.C") == "10.c"
    assert normalize_sdg_code("08.01") == "8.1"
    assert normalize_sdg_code("10 7") is None


def test_titles_equal_shared_reference() -> None:
    source = _shared_or_skip()
    built = _load_build_script().build_framework(source)
    project = json.loads((ROOT / "pipeline" / "resources" / "sdg.json").read_text("utf-8"))
    for section in ("goals", "targets", "indicators"):
        assert [item["id"] for item in project[section]] == [item["id"] for item in built[section]], section
        for ours, theirs in zip(project[section], built[section]):
            assert ours["title"] == theirs["title"], ours["id"]


def test_build_script_writes_loadable_json(tmp_path: Path) -> None:
    source = _shared_or_skip()
    out = tmp_path / "sdg.json"
    assert _load_build_script().main([str(source), "--out", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert len(data["goals"]) == GOALS and len(data["targets"]) == TARGETS


def test_build_script_rejects_a_broken_source(tmp_path: Path) -> None:
    module = _load_build_script()
    with pytest.raises(module.SdgSourceError, match="not found"):
        module.build_framework(tmp_path)
