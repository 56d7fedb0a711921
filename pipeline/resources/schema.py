"""Reading a JSON data file of pipeline/resources and checking its fields: the shared part of every loader."""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.errors import ResourceError, invalid_value
from pipeline.resources import RESOURCES_DIR, resource_path
from pipeline.vocab import LANGUAGES


@dataclass(frozen=True, slots=True)
class LocalizedText:
    """One text in English, French and Spanish."""

    en: str
    fr: str
    es: str

    def get(self, language: str) -> str:
        """The text in ``language`` (en, fr, es), English for any other language."""
        return getattr(self, language) if language in LANGUAGES else self.en

    def all(self) -> tuple[str, ...]:
        """The distinct texts, English first."""
        return tuple(dict.fromkeys((self.en, self.fr, self.es)))


def read_json(name: str) -> Any:
    """Parse one JSON file of the resources package (found by :func:`pipeline.resources.resource_path`)."""
    try:
        text = resource_path(name).read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ResourceError(f"reference data file {name!r} is missing from {RESOURCES_DIR}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResourceError(f"reference data file {name!r} is not valid JSON: {exc}") from exc


def require(record: Mapping[str, Any], key: str, kind: type, *, where: str) -> Any:
    """Return ``record[key]`` after checking that it exists and has the expected type."""
    if not isinstance(record, Mapping):
        raise ResourceError(f"{where}: expected an object, got {type(record).__name__}")
    if key not in record:
        raise ResourceError(f"{where}: missing field {key!r}")
    value = record[key]
    if not isinstance(value, kind):
        raise ResourceError(f"{where}: field {key!r} is {type(value).__name__}, expected {kind.__name__}")
    return value


def strings(record: Mapping[str, Any], key: str, *, where: str, required: bool = True) -> tuple[str, ...]:
    """Return a list-of-strings field as a tuple, checking every item."""
    if not required and key not in record:
        return ()
    values = require(record, key, list, where=where)
    if not all(isinstance(v, str) and v.strip() for v in values):
        raise ResourceError(f"{where}: field {key!r} must hold non-empty strings only")
    return tuple(values)


def localized(record: Mapping[str, Any], key: str, *, where: str) -> LocalizedText:
    """Return an en/fr/es mapping field as :class:`LocalizedText`."""
    value = require(record, key, dict, where=where)
    missing = [lang for lang in LANGUAGES if not isinstance(value.get(lang), str) or not value[lang].strip()]
    if missing:
        raise ResourceError(f"{where}: field {key!r} lacks text for {', '.join(missing)}; needs {', '.join(LANGUAGES)}")
    return LocalizedText(en=value["en"], fr=value["fr"], es=value["es"])


def check_choice(value: str, options: tuple[str, ...], *, what: str, where: str) -> str:
    """Return ``value`` if it is one of ``options``."""
    if value not in options:
        raise ResourceError(f"{where}: {invalid_value(what, value, options)}")
    return value


def check_unique(ids: list[str], *, what: str, file: str) -> None:
    """Raise if an id appears twice."""
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ResourceError(f"{file}: {what} {item!r} appears more than once")
        seen.add(item)
