"""Settings: defaults, a TOML file and ``--set key=value`` overrides, validated once and passed explicitly."""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from pipeline.errors import ConfigError

DEFAULT_DB = Path("outputs") / "nexus.duckdb"
EXECUTORS: tuple[str, ...] = ("serial", "process", "dask")
DEFAULT_TIMEOUT_S = 300.0
DEFAULT_MAX_MEMORY_MB = 2048
DEFAULT_MAX_PAGES = 2000
DEFAULT_MAX_CHARS = 20_000_000


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
    workers: int = 1
    executor: str = "serial"
    scheduler: str = ""  # dask scheduler address; empty = local cluster
    db: Path | None = DEFAULT_DB
    model: Path | None = None
    strict: bool = False
    resume: bool = True
    parquet: bool = True
    excel: bool = False
    link_window: int = 0  # neighbouring sentences considered for explicit links besides headings
    infer_links: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.executor not in EXECUTORS:
            raise ConfigError(f"executor: unknown value {self.executor!r} (valid: {', '.join(EXECUTORS)})")
        for name in ("max_pages", "max_chars", "workers", "max_memory_mb"):
            if int(getattr(self, name)) < 1:
                raise ConfigError(f"{name}: must be a positive integer, got {getattr(self, name)!r}")
        if self.timeout_s <= 0:
            raise ConfigError(f"timeout_s: must be positive, got {self.timeout_s!r}")


def _coerce(name: str, value: Any, default: Any) -> Any:
    """Convert a string or TOML value to the type of the field's default."""
    try:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            lowered = str(value).strip().lower()
            if lowered in {"1", "true", "yes", "on"}:
                return True
            if lowered in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
        if isinstance(default, tuple):
            return tuple(value) if isinstance(value, list | tuple) else tuple(v for v in str(value).split(",") if v)
        if isinstance(default, Path) or name in {"db", "model"}:
            return None if str(value).lower() in {"", "none"} else Path(value)
        return value
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{name}: cannot use {value!r} (expected {type(default).__name__})") from exc


def load_settings(*, config_file: Path | None = None, overrides: dict[str, Any] | None = None) -> Settings:
    """Defaults, then the TOML file's ``[nexus]`` table (or top level), then overrides."""
    base = Settings()
    known = {f.name: f for f in fields(Settings) if f.name != "extra"}
    values: dict[str, Any] = {}
    if config_file is not None:
        try:
            data = tomllib.loads(Path(config_file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"config file {config_file}: {exc}") from exc
        values.update(data.get("nexus", data))
    values.update(overrides or {})
    clean: dict[str, Any] = {}
    for key, value in values.items():
        name = key.replace("-", "_")
        if name not in known:
            raise ConfigError(f"unknown setting {key!r} (valid: {', '.join(sorted(known))})")
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
