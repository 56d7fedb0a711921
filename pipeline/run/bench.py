"""``nexus bench``: the whole pipeline against raw pypdfium2 text extraction, in one process, on the same files."""
from __future__ import annotations

import gc
import json
import logging
import math
import resource
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from pipeline.config import Settings
from pipeline.errors import InputError
from pipeline.extract.raw import raw_pdfium_text
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


ARCHIVE_PASSES = ("first", "cached")
PERCENTILES = (50, 95)


@dataclass(frozen=True, slots=True)
class PassReport:
    """One pass of an archive benchmark: the whole batch, as a user runs it."""

    name: str
    documents: int
    ok: int
    pages: int
    seconds: float
    doc_seconds: dict[str, float]
    cache_hits: int
    peak_rss_parent_mb: float
    peak_rss_workers_mb: float

    @property
    def pages_per_s(self) -> float:
        """Pages per second of the whole pass."""
        return self.pages / self.seconds if self.seconds else 0.0

    @property
    def documents_per_s(self) -> float:
        """Documents per second of the whole pass."""
        return self.documents / self.seconds if self.seconds else 0.0

    @property
    def cache_hit_rate(self) -> float:
        """Share of documents whose result came from the cache."""
        return self.cache_hits / self.documents if self.documents else 0.0


def _percentile(values: Sequence[float], q: int) -> float:
    """The q-th percentile (nearest rank) of some values; 0 when there are none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


def pass_summary(report: PassReport) -> dict[str, object]:
    """The figures of a pass as plain values (for JSON and printing)."""
    secs = list(report.doc_seconds.values())
    return {
        "pass": report.name, "documents": report.documents, "ok": report.ok, "pages": report.pages,
        "seconds": round(report.seconds, 3), "pages_per_s": round(report.pages_per_s, 1),
        "documents_per_s": round(report.documents_per_s, 2),
        **{f"p{q}_doc_seconds": round(_percentile(secs, q), 3) for q in PERCENTILES},
        "max_doc_seconds": round(max(secs, default=0.0), 3), "cache_hit_rate": round(report.cache_hit_rate, 3),
        "peak_rss_parent_mb": round(report.peak_rss_parent_mb, 1),
        "peak_rss_workers_mb": round(report.peak_rss_workers_mb, 1),
    }


def bench_archive(folder: Path, *, settings: Settings, work_dir: Path) -> list[PassReport]:
    """Run a whole archive twice through the batch runner with a fresh cache in ``work_dir``: a first pass and a
    second into a new run folder (every result from the cache)."""
    from pipeline.run.batch import run

    if not folder.exists():
        raise InputError(f"no such file or folder: {folder}")
    settings = replace(settings, cache=work_dir / "cache", use_cache=True, db=work_dir / "nexus.duckdb")
    out: list[PassReport] = []
    for name in ARCHIVE_PASSES:
        t0 = time.perf_counter()
        summary = run([folder], out_dir=work_dir / name, settings=settings)
        seconds = time.perf_counter() - t0
        docs = pd.read_csv(work_dir / name / "documents.csv", dtype=str, keep_default_na=False)
        doc_seconds = {s: float(v or 0) for s, v in zip(docs["source"], docs["seconds"])}
        out.append(PassReport(
            name=name, documents=summary.documents, ok=summary.ok, pages=summary.pages, seconds=seconds,
            doc_seconds=doc_seconds, cache_hits=summary.cached.get("result", 0),
            peak_rss_parent_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / KIB_PER_MIB,
            peak_rss_workers_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / KIB_PER_MIB))
    return out


def write_archive_json(reports: Sequence[PassReport], path: Path) -> Path:
    """Write the passes' figures as JSON (atomically)."""
    from pipeline.output.files import write_text_atomic

    write_text_atomic(path, json.dumps([pass_summary(r) for r in reports], indent=2))
    return path
