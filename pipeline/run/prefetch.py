"""Extraction ahead of the workers: while the parent loads the tagger, one forked process extracts the batch's first
documents into a spool folder, and a worker that meets one of them finds its extract stage done.

The process executor warms the tagger up once in the parent (importing spaCy and loading the saved pipeline take
some two seconds) so that its forked workers share it; meanwhile every other core would be idle. The prefetcher is
forked before that warm-up, so it carries none of it, and it imports only the extract stage
(:mod:`pipeline.run.extraction`). It is stopped when the warm-up ends: the document it was extracting is dropped,
and the spool holds whole documents only (each written to a temporary name, then renamed).
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.config import Settings
from pipeline.ids import DOC_ID_HEX
from pipeline.output.files import pid_alive
from pipeline.run.cache import StageCache, file_digest, open_cache, stage_keys
from pipeline.run.processes import detach, kill_group
from pipeline.run.task import Task
from pipeline.types import Document

log = logging.getLogger(__name__)

SPOOL_PREFIX = "nexus-prefetch-"
"""A spool folder is named ``nexus-prefetch-<pid of the run>-<random>``; one whose run is gone is removed."""
SPOOL_STAGE = "prefetched"
"""The spool's only stage: a task's key → its extracted Document."""
MIN_CORES = 2
"""Below this many cores the prefetcher would only slow the warm-up it runs beside."""
MAX_DOCUMENTS = 64
"""The most documents extracted ahead (a warm-up that builds the tagger on first use takes long)."""
JOIN_S = 2.0
PR_SET_PDEATHSIG = 1
"""Linux prctl option: the signal a process gets when its parent dies."""


@dataclass
class Prefetch:
    """A running prefetcher and its spool folder."""

    folder: Path
    process: Any

    def stop(self) -> int:
        """Stop extracting (the document under way is dropped); the number of documents in the spool."""
        kill_group(self.process, join_s=JOIN_S)  # Tesseract, started by the extraction, goes with it
        spool = self.folder / SPOOL_STAGE
        return sum(1 for _ in spool.rglob("*.pkl")) if spool.is_dir() else 0

    def close(self) -> None:
        """Stop the prefetcher if it still runs and remove its spool."""
        if self.process.is_alive():
            self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_prefetch(tasks: Sequence[Task], *, settings: Settings) -> Prefetch | None:
    """Start extracting ``tasks`` in order in a forked process; None where that cannot help (fewer than two
    workers or cores, fewer than two tasks, no fork)."""
    if settings.workers < MIN_CORES or len(tasks) < 2 or (os.cpu_count() or 1) < MIN_CORES or \
            "fork" not in mp.get_all_start_methods():
        return None
    remove_stale_spools()
    folder = Path(tempfile.mkdtemp(prefix=f"{SPOOL_PREFIX}{os.getpid()}-"))
    process = mp.get_context("fork").Process(
        target=_prefetch_main, args=(list(tasks[:MAX_DOCUMENTS]), settings, folder, os.getpid()), daemon=True)
    try:
        process.start()
    except OSError as exc:  # no fork now (a process or memory limit): the workers extract everything
        log.debug("no prefetcher: %s", exc)
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return Prefetch(folder=folder, process=process)


def remove_stale_spools(root: Path | None = None) -> None:
    """Remove the spool folders of runs that are gone (killed before they could remove their own)."""
    for folder in Path(root or tempfile.gettempdir()).glob(f"{SPOOL_PREFIX}*-*"):
        pid = folder.name.removeprefix(SPOOL_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (elsewhere the parent id is checked per document)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _prefetch_main(tasks: list[Task], settings: Settings, folder: Path, parent: int) -> None:
    """Extract each task whose extract stage the run's cache lacks, and spool its Document under the task's key.

    The prefetcher leads its own process group, ignores Ctrl-C (the parent stops it), dies with its parent and keeps
    temporary files in the spool folder. A document that fails is left to its worker, which meets the failure
    itself."""
    scratch = folder / "tmp"
    scratch.mkdir(exist_ok=True)
    detach(str(scratch))
    if sys.platform.startswith("linux"):
        _die_with_parent()
    from pipeline.run.extraction import extract_document

    spool = StageCache(folder)
    cache = open_cache(settings)
    for task in tasks:
        if os.getppid() != parent:
            return  # the run is gone
        try:
            sha = file_digest(task.path)
            if cache is not None and cache.has("extract", stage_keys(settings, sha, suffix=task.path.suffix)["extract"]):
                continue  # the worker reads it from the cache
            doc = extract_document(task.path, doc_id=sha[:DOC_ID_HEX], source=task.source, settings=settings)
        except Exception:  # noqa: BLE001 - its worker meets the failure and records it
            log.debug("prefetch of %s left to its worker", task.source, exc_info=True)
            continue
        spool.put(SPOOL_STAGE, task.key, doc)


def take(folder: Path | None, key: str) -> Document | None:
    """The spooled extract stage of a task, removed from the spool; None when it was not prefetched."""
    if folder is None:
        return None
    spool = StageCache(folder)
    doc = spool.get(SPOOL_STAGE, key)
    if doc is not None:
        spool.remove(SPOOL_STAGE, key)
    return doc if isinstance(doc, Document) else None
