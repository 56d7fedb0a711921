"""Build ``pipeline/resources/sdg.json`` (goals, targets, indicators in en/fr/es) from SDG translation YAML files.

Usage::

    python scripts/build_sdg_data.py ../shared/reference/sdg [--out pipeline/resources/sdg.json]

The source folder holds ``<lang>_global_goals.yml``, ``<lang>_global_targets.yml`` and
``<lang>_global_indicators.yml`` with keys such as ``10-short``, ``10-title``, ``10-7-title`` and
``10-7-2-title``. The generated file is committed as project data; this script is only needed to refresh it.
"""
from __future__ import annotations

import argparse
import json
import logging
import re
from pathlib import Path
from typing import Any

import yaml

from pipeline.vocab import LANGUAGES

LOGGER = logging.getLogger("build_sdg_data")

GOAL_COUNT = 17
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "pipeline" / "resources" / "sdg.json"

_GOAL_KEY = re.compile(r"^(\d{1,2})-(title|short)$")
_TARGET_KEY = re.compile(r"^(\d{1,2})-([0-9a-z]{1,2})-title$")
_INDICATOR_KEY = re.compile(r"^(\d{1,2})-([0-9a-z]{1,2})-(\d{1,2})-title$")

SHORT_NAMES: dict[str, dict[str, str]] = {
    "1": {"en": "No poverty", "fr": "Pas de pauvreté", "es": "Fin de la pobreza"},
    "2": {"en": "Zero hunger", "fr": "Faim zéro", "es": "Hambre cero"},
    "3": {"en": "Good health and well-being", "fr": "Bonne santé et bien-être", "es": "Salud y bienestar"},
    "4": {"en": "Quality education", "fr": "Éducation de qualité", "es": "Educación de calidad"},
    "5": {"en": "Gender equality", "fr": "Égalité entre les sexes", "es": "Igualdad de género"},
    "6": {"en": "Clean water and sanitation", "fr": "Eau propre et assainissement", "es": "Agua limpia y saneamiento"},
    "7": {"en": "Affordable and clean energy", "fr": "Énergie propre et d'un coût abordable",
          "es": "Energía asequible y no contaminante"},
    "8": {"en": "Decent work and economic growth", "fr": "Travail décent et croissance économique",
          "es": "Trabajo decente y crecimiento económico"},
    "9": {"en": "Industry, innovation and infrastructure", "fr": "Industrie, innovation et infrastructure",
          "es": "Industria, innovación e infraestructura"},
    "10": {"en": "Reduced inequalities", "fr": "Inégalités réduites", "es": "Reducción de las desigualdades"},
    "11": {"en": "Sustainable cities and communities", "fr": "Villes et communautés durables",
           "es": "Ciudades y comunidades sostenibles"},
    "12": {"en": "Responsible consumption and production", "fr": "Consommation et production responsables",
           "es": "Producción y consumo responsables"},
    "13": {"en": "Climate action", "fr": "Mesures relatives à la lutte contre les changements climatiques",
           "es": "Acción por el clima"},
    "14": {"en": "Life below water", "fr": "Vie aquatique", "es": "Vida submarina"},
    "15": {"en": "Life on land", "fr": "Vie terrestre", "es": "Vida de ecosistemas terrestres"},
    "16": {"en": "Peace, justice and strong institutions", "fr": "Paix, justice et institutions efficaces",
           "es": "Paz, justicia e instituciones sólidas"},
    "17": {"en": "Partnerships for the goals", "fr": "Partenariats pour la réalisation des objectifs",
           "es": "Alianzas para lograr los objetivos"},
}
"""Short goal names (the UN communication labels, sentence case); they replace the source's short names."""


class SdgSourceError(Exception):
    """The SDG source folder is missing a file or holds an unexpected key."""


def _clean(text: Any) -> str:
    """Collapse whitespace of a YAML scalar to one line."""
    return " ".join(str(text).split())


def _sort_part(part: str) -> tuple[int, int | str]:
    """Sort numeric target/indicator parts before lettered ones (10.7 before 10.a)."""
    return (0, int(part)) if part.isdigit() else (1, part)


def _code_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key of a dotted SDG code."""
    return tuple(_sort_part(p) for p in code.split("."))


def _read_yaml(folder: Path, name: str) -> dict[str, Any]:
    """Read one YAML mapping of the source folder."""
    path = folder / name
    if not path.is_file():
        raise SdgSourceError(f"SDG source file {name!r} not found in {folder}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise SdgSourceError(f"SDG source file {name!r} is not a mapping")
    return data


def build_framework(source: Path) -> dict[str, list[dict[str, Any]]]:
    """Return the SDG framework as the ``sdg.json`` structure, read from ``source``."""
    goals: dict[str, dict[str, Any]] = {}
    targets: dict[str, dict[str, Any]] = {}
    indicators: dict[str, dict[str, Any]] = {}
    for lang in LANGUAGES:
        for key, value in _read_yaml(source, f"{lang}_global_goals.yml").items():
            match = _GOAL_KEY.match(str(key))
            if not match:
                raise SdgSourceError(f"unexpected goal key {key!r} in {lang}_global_goals.yml")
            number, field = match.groups()
            goal = goals.setdefault(number, {"id": f"SDG:{number}", "number": number, "title": {}, "short": {}})
            goal[field][lang] = _clean(value)
        for key, value in _read_yaml(source, f"{lang}_global_targets.yml").items():
            match = _TARGET_KEY.match(str(key))
            if not match:
                raise SdgSourceError(f"unexpected target key {key!r} in {lang}_global_targets.yml")
            goal_no, part = match.groups()
            code = f"{goal_no}.{part}"
            target = targets.setdefault(code, {"id": f"SDG:{code}", "goal": goal_no, "code": code, "title": {}})
            target["title"][lang] = _clean(value)
        for key, value in _read_yaml(source, f"{lang}_global_indicators.yml").items():
            match = _INDICATOR_KEY.match(str(key))
            if not match:
                raise SdgSourceError(f"unexpected indicator key {key!r} in {lang}_global_indicators.yml")
            goal_no, part, number = match.groups()
            code = f"{goal_no}.{part}.{number}"
            indicator = indicators.setdefault(
                code, {"id": f"SDG:{code}", "target": f"{goal_no}.{part}", "code": code, "title": {}}
            )
            indicator["title"][lang] = _clean(value)
    for number, goal in goals.items():
        goal["short"].update(SHORT_NAMES[number])
    if len(goals) != GOAL_COUNT:
        raise SdgSourceError(f"expected {GOAL_COUNT} goals, found {len(goals)}")
    return {
        "goals": [goals[k] for k in sorted(goals, key=int)],
        "targets": [targets[k] for k in sorted(targets, key=_code_key)],
        "indicators": [indicators[k] for k in sorted(indicators, key=_code_key)],
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: build and write sdg.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder with <lang>_global_{goals,targets,indicators}.yml")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output JSON file")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    framework = build_framework(args.source)
    args.out.write_text(json.dumps(framework, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    LOGGER.info(
        "wrote %s: %d goals, %d targets, %d indicators",
        args.out, len(framework["goals"]), len(framework["targets"]), len(framework["indicators"]),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
