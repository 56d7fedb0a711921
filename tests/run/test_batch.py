"""The settings fingerprint that keys per-document parts: every setting counts unless declared result-neutral."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from pipeline.config import Settings
from pipeline.run.batch import RESULT_NEUTRAL_SETTINGS, settings_fingerprint

FIELDS = [f.name for f in dataclasses.fields(Settings)]


def _other_value(name: str, value: Any) -> Any:
    """A valid value of the setting that differs from ``value``."""
    if name == "executor":
        return "process" if value != "process" else "serial"
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value * 2 if value > 1 else value / 2  # a probability stays one
    if isinstance(value, tuple):
        return (*value, "other")
    if value is None or isinstance(value, Path):
        return Path("elsewhere") if value is None else None
    return f"{value}-other"


def test_neutral_settings_exist() -> None:
    """A renamed or removed field must not linger in the neutral list."""
    assert RESULT_NEUTRAL_SETTINGS <= set(FIELDS)


@pytest.mark.parametrize("name", FIELDS)
def test_every_setting_but_the_neutral_ones_changes_the_fingerprint(name: str) -> None:
    base = Settings()
    changed = dataclasses.replace(base, **{name: _other_value(name, getattr(base, name))})
    differs = settings_fingerprint(changed) != settings_fingerprint(base)
    assert differs is (name not in RESULT_NEUTRAL_SETTINGS), name


def test_fingerprint_is_stable() -> None:
    assert settings_fingerprint(Settings()) == settings_fingerprint(Settings())
    assert len(settings_fingerprint(Settings())) == 8
