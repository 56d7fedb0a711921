"""Settings: defaults, TOML files, ``--set`` overrides, type conversion and the messages for bad values."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from pipeline.config import DEFAULT_DB, EXECUTORS, Settings, load_settings, parse_overrides
from pipeline.errors import ConfigError


def test_defaults() -> None:
    settings = load_settings()
    assert settings == Settings()
    assert settings.db == DEFAULT_DB and settings.model is None and settings.executor in EXECUTORS


def test_parse_overrides_splits_at_the_first_equals_sign() -> None:
    assert parse_overrides(["workers=4", " ocr = no ", "passwords=a=b,c"]) == {
        "workers": "4", "ocr": "no", "passwords": "a=b,c"}
    assert parse_overrides([]) == {}
    with pytest.raises(ConfigError, match=r"--set 'workers': expected key=value"):
        parse_overrides(["workers"])


@pytest.mark.parametrize(("key", "raw", "expected"), [
    ("workers", "4", 4),
    ("max-pages", "10", 10),
    ("timeout_s", "2.5", 2.5),
    ("ocr", "no", False),
    ("ocr", "ON", True),
    ("excel", True, True),
    ("db", "none", None),
    ("db", "", None),
    ("db", "runs/x.duckdb", Path("runs/x.duckdb")),
    ("model", "models/nexus_tagger", Path("models/nexus_tagger")),
    ("passwords", "a,b", ("a", "b")),
    ("passwords", ["x"], ("x",)),
    ("ocr_languages", "eng", "eng"),
    ("scheduler", "tcp://h:8786", "tcp://h:8786"),
    ("workers", 3.0, 3),
])
def test_overrides_are_converted_to_the_setting_type(key: str, raw: object, expected: object) -> None:
    settings = load_settings(overrides={key: raw})
    assert getattr(settings, key.replace("-", "_")) == expected


@pytest.mark.parametrize(("overrides", "pattern"), [
    ({"workers": "many"}, r"^workers: cannot use 'many'; expected a whole number$"),
    ({"workers": 2.5}, r"^workers: cannot use 2\.5; expected a whole number$"),
    ({"workers": True}, r"^workers: cannot use True; expected a whole number$"),
    ({"timeout_s": "soon"}, r"^timeout_s: cannot use 'soon'; expected a number$"),
    ({"ocr": "maybe"}, r"^ocr 'maybe' is not one of 1, true, yes, on, 0, false, no, off"),
    ({"executor": "threads"}, r"^executor 'threads' is not one of serial, process, dask$"),
    ({"workers": "0"}, r"^workers: must be a positive integer, got 0$"),
    ({"timeout_s": "-1"}, r"^timeout_s: must be a positive, finite number of seconds, got -1\.0$"),
    ({"timeout_s": "nan"}, r"^timeout_s: must be a positive, finite number of seconds, got nan$"),
    ({"timeout_s": "inf"}, r"^timeout_s: must be a positive, finite number of seconds, got inf$"),
    ({"scheduler": ["a"]}, r"^scheduler: cannot use \['a'\]; expected a text value$"),
    ({"wrokers": 2}, r"^setting 'wrokers' is not one of .*workers.*; did you mean 'workers'\?$"),
])
def test_bad_values_name_the_setting_the_value_and_what_is_valid(overrides: dict, pattern: str) -> None:
    with pytest.raises(ConfigError, match=pattern):
        load_settings(overrides=overrides)


@pytest.mark.parametrize("removed", ["link_window", "extra"])
def test_settings_nothing_reads_are_gone(removed: str) -> None:
    assert removed not in {f.name for f in dataclasses.fields(Settings)}
    with pytest.raises(ConfigError, match=f"setting '{removed}' is not one of"):
        load_settings(overrides={removed: "1"})


def test_toml_file_nexus_table_then_overrides(tmp_path: Path) -> None:
    config = tmp_path / "nexus.toml"
    config.write_text('[nexus]\nworkers = 3\nocr = false\npasswords = ["p1", "p2"]\nmax-chars = 1000\n'
                      'db = "none"\n', encoding="utf-8")
    settings = load_settings(config_file=config, overrides={"workers": "5"})
    assert (settings.workers, settings.ocr, settings.passwords, settings.max_chars, settings.db) == (
        5, False, ("p1", "p2"), 1000, None)


def test_toml_file_top_level(tmp_path: Path) -> None:
    config = tmp_path / "nexus.toml"
    config.write_text('executor = "process"\ntimeout_s = 10\n', encoding="utf-8")
    settings = load_settings(config_file=config)
    assert settings.executor == "process" and settings.timeout_s == 10.0


def test_bad_toml_files_name_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("workers = = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="broken.toml"):
        load_settings(config_file=broken)
    with pytest.raises(ConfigError, match="absent.toml"):
        load_settings(config_file=tmp_path / "absent.toml")
    not_table = tmp_path / "scalar.toml"
    not_table.write_text("nexus = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"scalar.toml: \[nexus\] must be a table"):
        load_settings(config_file=not_table)
    unknown = tmp_path / "unknown.toml"
    unknown.write_text("[nexus]\nworkrs = 2\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="setting 'workrs'.*did you mean 'workers'"):
        load_settings(config_file=unknown)
