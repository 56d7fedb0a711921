"""Settings: defaults, a TOML file and ``--set key=value`` overrides, validated once and passed explicitly."""
from __future__ import annotations

import dataclasses
import os
import math
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError, invalid_value

DEFAULT_DB = Path("outputs") / "nexus.duckdb"
EXECUTORS: tuple[str, ...] = ("serial", "process", "dask")
DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MAX_MEMORY_MB = 2048
DEFAULT_MAX_PAGES = 2000
DEFAULT_MAX_CHARS = 20_000_000
DEFAULT_INFER_THRESHOLD = 0.75
"""Default least calibrated probability of an inferred link (about 0.85 precision on the judged candidates)."""
POSITIVE_INT_SETTINGS: tuple[str, ...] = ("max_pages", "max_chars", "workers", "max_memory_mb")
PATH_SETTINGS = frozenset({"db", "model", "cache"})
"""Settings that hold a path or nothing (``none`` or an empty value turns them off)."""
TRUE_WORDS: tuple[str, ...] = ("1", "true", "yes", "on")
FALSE_WORDS: tuple[str, ...] = ("0", "false", "no", "off")
NONE_WORDS: tuple[str, ...] = ("", "none")
LIST_SEPARATOR = ","
"""A list setting given as one string (``--set passwords=a,b``) is split here."""
TOML_TABLE = "nexus"


def default_workers() -> int:
    """The default number of workers: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
RESULT_NEUTRAL_SETTINGS: frozenset[str] = frozenset({
    "workers", "executor", "scheduler",  # where documents run, not what they yield
    "timeout_s", "max_memory_mb",  # limits stop a document, they do not change what a finished one yields
    "strict",  # stops the batch at a failure; no part is written for it
    "resume",  # whether stored parts are read at all
    "db", "parquet", "excel",  # which outputs are written from the parts
    "cache", "use_cache",  # where finished results are kept, not what they are
})
"""Settings that cannot change a document's result, left out of :func:`pipeline.run.batch.settings_fingerprint`.

Every other field of :class:`Settings` is part of the fingerprint. Limits can stay out of it
because a failed document is always retried on resume: only results that came out ``ok`` (or ``skipped``) are
reused.
"""
"""A settings file holds its settings in this table (or at its top level)."""


USER_CACHE_NAME = "nexus"
"""nexus's folder in the user's cache (the default tagger, the fingerprint memo)."""


def user_cache_dir() -> Path:
    """The user's cache folder: ``%LOCALAPPDATA%`` on Windows, else ``$XDG_CACHE_HOME`` or ``~/.cache``."""
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")


@dataclass(frozen=True, slots=True)
class Settings:
    """Every option of a run. Build with :func:`load_settings`; derive with :func:`dataclasses.replace`."""

    passwords: tuple[str, ...] = ()
    ocr: bool = True
    ocr_languages: str = "eng+fra+spa"
    max_pages: int = DEFAULT_MAX_PAGES
    max_chars: int = DEFAULT_MAX_CHARS
    timeout_s: float = DEFAULT_TIMEOUT_S
    max_memory_mb: int = DEFAULT_MAX_MEMORY_MB
    workers: int = field(default_factory=default_workers)
    """Worker processes of the process and Dask executors: the machine's cores unless given."""
    executor: str = "serial"
    scheduler: str = ""  # dask scheduler address; empty = local cluster
    db: Path | None = DEFAULT_DB
    model: Path | None = None
    strict: bool = False
    resume: bool = True
    parquet: bool = True
    excel: bool = False
    infer_links: bool = True
    infer_threshold: float = DEFAULT_INFER_THRESHOLD
    """Least calibrated probability (0..1) of an inferred link (pipeline.link.inferred)."""
    cache: Path | None = None
    """The cache shared by run folders (pipeline.run.cache); None: ``cache/`` beside the database."""
    use_cache: bool = True
    """Whether results are read from and written to the cache (``--no-cache`` turns it off)."""

    def __post_init__(self) -> None:
        if self.executor not in EXECUTORS:
            raise ConfigError(invalid_value("executor", self.executor, EXECUTORS))
        for name in POSITIVE_INT_SETTINGS:
            if int(getattr(self, name)) < 1:
                raise ConfigError(f"{name}: must be a positive integer, got {getattr(self, name)!r}")
        if not math.isfinite(self.timeout_s) or self.timeout_s <= 0:
            raise ConfigError(f"timeout_s: must be a positive, finite number of seconds, got {self.timeout_s!r}")
        if not (math.isfinite(self.infer_threshold) and 0.0 <= self.infer_threshold <= 1.0):
            raise ConfigError(f"infer_threshold: must be a probability between 0 and 1, got {self.infer_threshold!r}")


def _coerce(name: str, value: Any, default: Any) -> Any:
    """Convert a string or TOML value to the type of the setting's default; a ConfigError names what is wrong."""
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        lowered = str(value).strip().lower()
        if lowered in TRUE_WORDS:
            return True
        if lowered in FALSE_WORDS:
            return False
        raise ConfigError(invalid_value(name, value, (*TRUE_WORDS, *FALSE_WORDS)))
    if isinstance(default, tuple):
        if isinstance(value, list | tuple):
            return tuple(str(v) for v in value)
        return tuple(v for v in str(value).split(LIST_SEPARATOR) if v)
    if isinstance(value, list | dict | bool):
        raise ConfigError(f"{name}: cannot use {value!r}; expected {_expected(name, default)}")
    try:
        if isinstance(default, int):
            if isinstance(value, float) and not value.is_integer():
                raise ValueError(value)
            return int(value)
        if isinstance(default, float):
            return float(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{name}: cannot use {value!r}; expected {_expected(name, default)}") from exc
    if name in PATH_SETTINGS:
        return None if str(value).strip().lower() in NONE_WORDS else Path(value)
    return str(value)


def _expected(name: str, default: Any) -> str:
    """What a setting takes, in words, for error messages."""
    if name in PATH_SETTINGS:
        return "a path (or none)"
    if isinstance(default, int):
        return "a whole number"
    if isinstance(default, float):
        return "a number"
    return "a text value"


def load_settings(*, config_file: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Defaults, then the TOML file's ``[nexus]`` table (or its top level), then overrides (both by setting name)."""
    base = Settings()
    known = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    if config_file is not None:
        try:
            data = tomllib.loads(Path(config_file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"config file {config_file}: {exc}") from exc
        table = data.get(TOML_TABLE, data)
        if not isinstance(table, dict):
            raise ConfigError(f"config file {config_file}: [{TOML_TABLE}] must be a table of settings, got {table!r}")
        values.update(table)
    values.update(overrides or {})
    clean: dict[str, Any] = {}
    for key, value in values.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ConfigError(invalid_value("setting", key, sorted(known)))
        clean[name] = _coerce(name, value, getattr(base, name))
    return dataclasses.replace(base, **clean)


def parse_overrides(pairs: list[str]) -> dict[str, str]:
    """Parse ``key=value`` strings from ``--set``."""
    out: dict[str, str] = {}
    for pair in pairs:
        if "=" not in pair:
            raise ConfigError(f"--set {pair!r}: expected key=value")
        key, value = pair.split("=", 1)
        out[key.strip()] = value.strip()
    return out
