"""Content structures and helpers shared by every sample family (headings, paragraphs, call-outs, truth files)."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

LOG = logging.getLogger("make_samples")

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "corpora" / "sample"
TRUTH_SUFFIX = ".truth"
BLOCK_SEPARATOR = "\n\n"
CELL_SEPARATOR = " | "
FIXED_ZIP_DATE = (2024, 1, 1, 0, 0, 0)
AUTHOR = "nexus sample corpus"

# ---------------------------------------------------------------------------------------------
# Shared content structures
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading."""

    text: str
    level: int = 1


@dataclass(frozen=True, slots=True)
class Para:
    """A body paragraph; footnote markers are written ``[^N]``."""

    text: str


@dataclass(frozen=True, slots=True)
class Callout:
    """A boxed call-out with a title and bullet items."""

    title: str
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Items:
    """A bulleted or numbered list; numbered items carry their numbers, ``bullet`` is drawn before each item."""

    items: tuple[str, ...]
    bullet: str = ""


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table: rows of cells, the first row a header unless ``header`` is False."""

    rows: tuple[tuple[str, ...], ...]
    header: bool = True
    widths: tuple[float, ...] | None = None  # column shares of the usable width; None: the module's default


@dataclass(frozen=True, slots=True)
class Aligned:
    """A table drawn without ruling lines or shading: text columns that start at fixed x positions.

    Rows of cells as in ``Grid``; a cell may wrap onto several lines inside its column, and the first
    row is a bold header unless ``header`` is False (then the first column is bold, as for key-value
    pairs). ``widths`` are the column shares of the usable width.
    """

    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    header: bool = True


FOOTNOTE_RE = re.compile(r"\[\^(\d+)\]")


def plain(text: str) -> str:
    """Text as a reader sees it: footnote markers become their bare numbers."""
    return FOOTNOTE_RE.sub(r"\1", text)


def table_text(rows: tuple[tuple[str, ...], ...]) -> str:
    """A table as truth text: one row a line, cells joined by the cell separator."""
    return "\n".join(CELL_SEPARATOR.join(cell for cell in row) for row in rows)


def write_truth(path: Path, blocks: list[str]) -> Path:
    """Write a truth file next to a sample: blocks separated by a blank line, one final newline."""
    truth = path.with_suffix(TRUTH_SUFFIX)
    truth.write_text(BLOCK_SEPARATOR.join(b.strip() for b in blocks if b.strip()) + "\n", encoding="utf-8")
    return truth
