"""The yardstick of extraction speed: every page's text from plain pypdfium2, the fastest way it offers."""
from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path


def raw_pdfium_text(paths: Sequence[Path]) -> tuple[int, float]:
    """Extract every page's text with plain pypdfium2; return (pages, seconds)."""
    import pypdfium2 as pdfium

    pages = 0
    t0 = time.perf_counter()
    for path in paths:
        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError:
            continue
        try:
            for i in range(len(pdf)):
                page = pdf[i]
                tp = page.get_textpage()
                tp.get_text_bounded()  # the whole page's text in one call (get_text_range() redirects to it)
                tp.close()
                page.close()
                pages += 1
        finally:
            pdf.close()
    return pages, time.perf_counter() - t0
