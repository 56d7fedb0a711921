"""What every format extractor returns."""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.types import RawPage


@dataclass(frozen=True, slots=True)
class Extracted:
    """Pages in reading order plus file-level metadata, as one extractor produced them."""

    pages: tuple[RawPage, ...]
    title: str = ""
    notes: tuple[str, ...] = ()  # e.g. "damaged: no cross-reference table, repaired", "no text layer: OCR'd 6 pages"
