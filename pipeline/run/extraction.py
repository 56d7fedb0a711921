"""The extract stage of one file: extract, assemble and detect its metadata (no tagger, no spaCy import)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from pipeline.config import Settings
from pipeline.document.assemble import assemble
from pipeline.document.detect import detect_kind, detect_language, detect_title
from pipeline.document.metadata import detect_symbol, detect_year
from pipeline.errors import ExtractionError, LimitExceededError
from pipeline.extract import extract
from pipeline.ingest.inputs import display_name
from pipeline.types import Document


def no_text_reason(pages: int, notes: Sequence[str]) -> str:
    """Why a document counts as failed when extraction found no text at all."""
    where = f"{pages} page{'s' if pages != 1 else ''}" if pages else "the file"
    damage = next((note for note in notes if note.startswith("damaged") or "unreadable" in note), "")
    return f"no text: nothing could be extracted from {where}" + (f" ({damage})" if damage else "")


def extract_document(path: Path, *, doc_id: str, source: str, settings: Settings) -> Document:
    """Extract and assemble a file, with its title, language, kind, symbol and year (a PipelineError when the
    file has too many pages or no text)."""
    extracted = extract(path, settings=settings)
    if len(extracted.pages) > settings.max_pages:
        raise LimitExceededError(f"too many pages: {len(extracted.pages)} > max_pages {settings.max_pages}")
    doc = assemble(extracted, doc_id=doc_id, source=source, path=display_name(path), max_chars=settings.max_chars)
    if not doc.text.strip():
        raise ExtractionError(no_text_reason(len(extracted.pages), extracted.notes))
    notes = list(doc.notes)
    if len(doc.text) > settings.max_chars:
        notes.append(f"text truncated at max_chars {settings.max_chars}")
    title = detect_title(doc, metadata=extracted.title)
    return replace(doc, title=title, language=detect_language(doc.text), kind=detect_kind(doc.text, title=title),
                   symbol=detect_symbol(doc), year=detect_year(doc), notes=tuple(notes))
