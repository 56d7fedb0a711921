"""Where a batch's documents run: in this process (serial), in isolated worker processes, or on a Dask cluster.

Each executor yields ``(task key, DocResult)`` as documents finish; the batch (:mod:`pipeline.run.batch`) writes the
rows. The one-document pipeline is imported only here, when a document is processed: a rerun whose every document
comes from the cache never loads spaCy (two seconds of start-up).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from importlib import import_module
from types import ModuleType

from pipeline.config import Settings
from pipeline.errors import PipelineError
from pipeline.run.outcome import failed_result
from pipeline.run.prefetch import start_prefetch
from pipeline.run.task import Task
from pipeline.types import DocResult

log = logging.getLogger(__name__)

ProgressFn = Callable[[str, dict], None]
PROCESS_MODULE = "pipeline.run.process"


def _process() -> ModuleType:
    """The one-document pipeline (:mod:`pipeline.run.process`), imported on first use."""
    return import_module(PROCESS_MODULE)


def results(tasks: Sequence[Task], *, settings: Settings,
            progress: ProgressFn | None) -> Iterator[tuple[str, DocResult]]:
    """The documents' results from the executor ``settings`` chooses, as they finish."""
    def on_start(task: Task) -> None:
        if progress:
            progress("doc-start", {"source": task.source})

    if not tasks:
        return iter(())
    if settings.executor == "dask":
        from pipeline.run.cluster import process_dask  # dask is imported only for a Dask run

        return process_dask(tasks, settings=settings, on_start=on_start)
    if settings.executor == "process":
        return _process_isolated(tasks, settings=settings, on_start=on_start)
    return _process_serial(tasks, settings=settings, on_start=on_start)


def _process_serial(tasks: Sequence[Task], *, settings: Settings,
                    on_start: Callable[[Task], None] | None = None) -> Iterator[tuple[str, DocResult]]:
    """The serial executor: every document in this process, one after another."""
    process = _process()
    nlp = process.warm_up(settings)
    for task in tasks:
        if on_start:
            on_start(task)
        try:
            result = process.process_document(task.path, source=task.source, settings=settings, nlp=nlp)
        except PipelineError:
            raise
        except Exception as exc:  # noqa: BLE001 - one document never stops the batch
            if settings.strict:
                raise
            log.debug("internal error on %s", task.source, exc_info=True)
            result = failed_result(task.path, source=task.source, error=f"internal error: {type(exc).__name__}: {exc}")
        yield task.key, result


def _process_isolated(tasks: Sequence[Task], *, settings: Settings,
                      on_start: Callable[[Task], None]) -> Iterator[tuple[str, DocResult]]:
    """The process executor: the models loaded once (forked workers inherit them) while the first documents are
    extracted ahead on another core (pipeline.run.prefetch), then the workers."""
    from pipeline.run.workers import run_isolated  # (psutil and the worker machinery: not for a cached rerun)

    prefetch = start_prefetch(tasks, settings=settings)
    try:
        try:
            _process().warm_up(settings)
        finally:
            spooled = prefetch.stop() if prefetch is not None else 0
        log.debug("%d documents extracted during the warm-up", spooled)
        yield from run_isolated(tasks, settings=settings, on_start=on_start,
                                spool=prefetch.folder if prefetch is not None else None)
    finally:
        if prefetch is not None:
            prefetch.close()
