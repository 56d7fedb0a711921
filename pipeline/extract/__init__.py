"""Extraction: one module per format, one dispatcher. I/O happens here and in store/export only."""
from __future__ import annotations

from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import UnsupportedFormatError
from pipeline.extract.base import Extracted

FORMATS: tuple[str, ...] = ("pdf", "docx", "html", "text", "markdown")


def extract(path: Path, *, settings: Settings | None = None) -> Extracted:
    """Extract one file of any supported format into pages of blocks in reading order."""
    from pipeline.ingest.sniff import sniff

    settings = settings or Settings()
    fmt = sniff(path)
    if fmt == "pdf":
        from pipeline.extract.pdf import extract_pdf

        return extract_pdf(path, passwords=settings.passwords, max_pages=settings.max_pages,
                           ocr_languages=settings.ocr_languages, ocr=settings.ocr)
    if fmt == "docx":
        from pipeline.extract.docx import extract_docx

        return extract_docx(path)
    if fmt == "html":
        from pipeline.extract.html import extract_html

        return extract_html(path)
    if fmt in ("text", "markdown"):
        from pipeline.extract.text import extract_text

        return extract_text(path)
    raise UnsupportedFormatError(f"unsupported format: {fmt} (supported: {', '.join(FORMATS)})")
