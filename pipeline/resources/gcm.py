"""The 23 objectives of the Global Compact for Safe, Orderly and Regular Migration (GCM) as data.

Each objective names the project's migration themes it covers and the SDG targets it supports, so that
a migration theme or an SDG target found in a document can be bridged to the GCM objectives.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from pipeline.errors import ConfigError, ModelError, invalid_value
from pipeline.resources import resource_path
from pipeline.vocab import SDG_PREFIX, THEME_IDS

GCM_JSON = resource_path("gcm.json")
GCM_OBJECTIVES = 23
ID_PREFIX = "GCM:"


@dataclass(frozen=True, slots=True)
class GcmObjective:
    """One GCM objective: id ("GCM:20"), number, titles by language, theme ids, SDG target ids, term queries."""

    id: str
    number: int
    title: dict[str, str]
    themes: tuple[str, ...]
    sdg_targets: tuple[str, ...]
    terms: dict[str, tuple[str, ...]]


def _parse(item: dict) -> GcmObjective:
    try:
        return GcmObjective(
            id=str(item["id"]),
            number=int(item["number"]),
            title=dict(item["title"]),
            themes=tuple(item["themes"]),
            sdg_targets=tuple(item["sdg_targets"]),
            terms={lang: tuple(v) for lang, v in item.get("terms", {}).items()},
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"{GCM_JSON.name}: malformed objective {item!r}: {exc}") from exc


@lru_cache(maxsize=1)
def load_gcm() -> tuple[GcmObjective, ...]:
    """All 23 GCM objectives in number order, validated against the theme ids."""
    try:
        raw = json.loads(GCM_JSON.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read {GCM_JSON.name}: {exc}") from exc
    objectives = tuple(sorted((_parse(item) for item in raw), key=lambda o: o.number))
    if [o.number for o in objectives] != list(range(1, GCM_OBJECTIVES + 1)):
        raise ModelError(f"{GCM_JSON.name} must hold objectives 1-{GCM_OBJECTIVES}; got {[o.number for o in objectives]}")
    for o in objectives:
        bad = sorted(set(o.themes) - set(THEME_IDS))
        if bad:
            raise ModelError(f"{GCM_JSON.name}: objective {o.id} has unknown themes {bad}; valid: {', '.join(THEME_IDS)}")
    return objectives


def gcm_objective(number: int) -> GcmObjective:
    """One objective by its number (1-23)."""
    if not 1 <= number <= GCM_OBJECTIVES:
        raise ConfigError(f"GCM objective number {number!r} is out of range; valid: 1-{GCM_OBJECTIVES}")
    return load_gcm()[number - 1]


def gcm_for_theme(theme_id: str) -> tuple[GcmObjective, ...]:
    """The objectives that cover a migration theme (may be empty, e.g. internal migration)."""
    if theme_id not in THEME_IDS:
        raise ConfigError(invalid_value("migration theme", theme_id, THEME_IDS))
    return tuple(o for o in load_gcm() if theme_id in o.themes)


def gcm_for_target(sdg_id: str) -> tuple[GcmObjective, ...]:
    """The objectives that support an SDG target, given as "SDG:10.c" or "10.c"."""
    key = sdg_id if sdg_id.startswith(SDG_PREFIX) else SDG_PREFIX + sdg_id
    return tuple(o for o in load_gcm() if key in o.sdg_targets)
