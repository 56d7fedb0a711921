"""One input of a batch as the executors hand it out."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Task:
    """One input for a worker: its key in the run, path and source name."""

    key: str
    path: Path
    source: str
