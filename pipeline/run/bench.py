"""``nexus bench``: the whole pipeline against raw pypdfium2 text extraction, in one process, on the same files."""
from __future__ import annotations

import gc
import logging
import resource
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.config import Settings
from pipeline.errors import InputError
from pipeline.run.process import process_document, warm_up

log = logging.getLogger(__name__)

BENCH_SUFFIXES = (".pdf",)
KIB_PER_MIB = 1024


@dataclass(frozen=True, slots=True)
class BenchReport:
    """Timings of one benchmark run."""

    files: int
    pages: int
    raw_seconds: float
    pipeline_seconds: float
    stage_seconds: dict[str, float] = field(default_factory=dict)
    model_load_seconds: float = 0.0
    failed: tuple[str, ...] = ()
    peak_rss_mb: float = 0.0

    @property
    def raw_pages_per_s(self) -> float:
        """Raw pypdfium2 pages per second."""
        return self.pages / self.raw_seconds if self.raw_seconds else 0.0

    @property
    def pipeline_pages_per_s(self) -> float:
        """End-to-end pipeline pages per second."""
        return self.pages / self.pipeline_seconds if self.pipeline_seconds else 0.0

    @property
    def ratio(self) -> float:
        """Pipeline time over raw time (lower is better; the goal is ≤ 3)."""
        return self.pipeline_seconds / self.raw_seconds if self.raw_seconds else float("inf")

    def stage_pages_per_s(self, stage: str) -> float:
        """Pages per second of one stage alone."""
        secs = self.stage_seconds.get(stage, 0.0)
        return self.pages / secs if secs else 0.0


def bench_files(folder: Path) -> list[Path]:
    """The PDF files a benchmark runs over (sorted)."""
    if not folder.exists():
        raise InputError(f"no such file or folder: {folder}")
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in BENCH_SUFFIXES and p.is_file())


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
                tp.get_text_range()
                tp.close()
                page.close()
                pages += 1
        finally:
            pdf.close()
    return pages, time.perf_counter() - t0


def bench(folder: Path, *, settings: Settings | None = None, repeat: int = 1) -> BenchReport:
    """Time raw pypdfium2 and the whole pipeline over the PDFs of a folder; best of ``repeat`` rounds each."""
    settings = settings or Settings()
    paths = bench_files(folder)
    t0 = time.perf_counter()
    nlp = warm_up(settings)
    model_load = time.perf_counter() - t0
    raw_best, pipe_best, pages, stages, failed = float("inf"), float("inf"), 0, {}, []
    for _ in range(max(1, repeat)):
        gc.collect()
        pages, raw_s = raw_pdfium_text(paths)
        raw_best = min(raw_best, raw_s)
        gc.collect()
        round_stages: dict[str, float] = {}
        failed = []
        t0 = time.perf_counter()
        for path in paths:
            result = process_document(path, settings=settings, nlp=nlp)
            if result.document.status != "ok":
                failed.append(f"{path.name}: {result.document.error}")
            for stage, secs in result.timings.items():
                round_stages[stage] = round_stages.get(stage, 0.0) + secs
        pipe_s = time.perf_counter() - t0
        if pipe_s < pipe_best:
            pipe_best, stages = pipe_s, round_stages
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB_PER_MIB
    return BenchReport(files=len(paths), pages=pages, raw_seconds=raw_best, pipeline_seconds=pipe_best,
                       stage_seconds=stages, model_load_seconds=model_load, failed=tuple(failed), peak_rss_mb=peak)
