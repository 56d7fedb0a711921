"""What a batch needs to know of one document's processing without loading the pipeline: failed results.

:mod:`pipeline.run.process` imports the tagger's and the classifier's libraries (spaCy, scikit-learn: two
seconds of start-up); a rerun whose every document comes from the cache, or whose inputs are all refused, never
needs them, so the batch runner imports that module only when a document is processed.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.errors import PipelineError, one_line
from pipeline.ids import doc_id_for_file, hash_id
from pipeline.ingest.inputs import display_name
from pipeline.types import DocResult, Document

DEGRADED_NOTE = "not OCR'd"
"""The note of an extraction that could not OCR its pages (Tesseract failed or lacks a language): not cached."""
UNREADABLE_ID_HEX = 16


def failed_result(path: Path, *, source: str, error: BaseException | str, doc_id: str = "", status: str = "failed",
                  seconds: float = 0.0) -> DocResult:
    """A DocResult that records why a file could not be processed."""
    if not doc_id:
        try:
            doc_id = doc_id_for_file(path)
        except OSError:
            doc_id = hash_id("unreadable", source)[:UNREADABLE_ID_HEX]
    message = one_line(str(error)) or type(error).__name__ if isinstance(error, BaseException) else one_line(error)
    if isinstance(error, PipelineError):
        status = error.status
    doc = Document(doc_id=doc_id, source=source, path=display_name(path), text="", pages=(), status=status,  # type: ignore[arg-type]
                   error=message)
    return DocResult(document=doc, seconds=seconds)
