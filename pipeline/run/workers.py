"""A small pool of isolated worker processes with a per-document time limit and memory guard.

A document that overruns its time or memory is stopped (its worker killed and replaced) and recorded as
failed; the batch goes on. Results come back in completion order.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import shutil
import signal
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

import psutil

from pipeline.config import Settings
from pipeline.errors import PipelineError
from pipeline.run.outcome import failed_result
from pipeline.run.prefetch import take
from pipeline.run.processes import detach, kill_group
from pipeline.run.task import Task
from pipeline.types import DocResult

log = logging.getLogger(__name__)

POLL_S = 0.1
MEMORY_CHECK_S = 0.5
"""How often a busy worker's memory (with the programs it started) is read: each reading scans every process of
the machine for its children, which at every poll took the parent a fifth of a run's CPU ..."""
MEMORY_WATCH_SHARE = 0.5
"""... except for a worker whose last reading was above this share of its limit: it is read at every poll."""
JOIN_S = 5.0
"""How long a stopped worker is waited for."""
WORKER_TEMP_PREFIX = "nexus-worker-"
"""Prefix of each worker's own temporary folder (Tesseract's files land there and go with the worker)."""
BYTES_PER_MB = 1024 * 1024


def _worker_main(conn: Connection, settings: Settings, temp_dir: str, spool: Path | None = None) -> None:
    """Worker loop: receive tasks, process them, send results back.

    The worker leads its own process group (so a limit kills the programs it starts, such as Tesseract, with it),
    ignores Ctrl-C (the parent stops it) and keeps its temporary files in ``temp_dir`` (removed by the parent); a
    task's document extracted ahead (:mod:`pipeline.run.prefetch`) is taken from ``spool``."""
    detach(temp_dir)
    from pipeline.run import process  # loaded by the parent's warm-up before the fork

    nlp = process.warm_up(settings)  # a forked worker finds the parent's tagger in the cache
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        try:
            result = process.process_document(task.path, source=task.source, settings=settings, nlp=nlp,
                                              extracted=take(spool, task.key))
        except MemoryError:
            result = failed_result(task.path, source=task.source, error="limit: out of memory")
        except PipelineError as exc:  # --strict re-raises it: the parent stops the batch on the failed result
            result = failed_result(task.path, source=task.source, error=exc)
        except Exception as exc:  # noqa: BLE001 - a worker must never die on one document
            log.debug("internal error on %s", task.source, exc_info=True)
            result = failed_result(task.path, source=task.source,
                                   error=f"internal error: {type(exc).__name__}: {exc}")
        conn.send((task.key, result))


class _Slot:
    """One worker process and the task it is running."""

    def __init__(self, ctx: Any, settings: Settings, spool: Path | None = None) -> None:
        self.conn, child = ctx.Pipe()
        self.temp_dir = tempfile.mkdtemp(prefix=WORKER_TEMP_PREFIX)
        self.proc = ctx.Process(target=_worker_main, args=(child, settings, self.temp_dir, spool), daemon=True)
        self.proc.start()
        child.close()
        self.task: Task | None = None
        self.started = 0.0
        self.memory_checked = 0.0
        self.memory_mb = 0.0

    def kill(self) -> None:
        """Stop the worker and every process it started at once, and remove its temporary files."""
        stray = _descendants(self.proc.pid) if self.proc.pid is not None else []
        kill_group(self.proc, join_s=JOIN_S)
        for child in stray:  # a child that left the group (none of ours do) is still stopped
            try:
                child.kill()
            except psutil.Error:
                pass
        self.conn.close()
        shutil.rmtree(self.temp_dir, ignore_errors=True)


def _descendants(pid: int) -> list[psutil.Process]:
    """The processes a worker started, recursively (empty when it is gone)."""
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def _rss_mb(pid: int) -> float:
    """Resident memory of a worker and every process it started, in MB."""
    total = 0
    try:
        procs = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
    except psutil.Error:
        return 0.0
    for proc in procs:
        try:
            total += proc.memory_info().rss
        except psutil.Error:
            continue
    return total / BYTES_PER_MB


def crash_reason(exitcode: int | None) -> str:
    """Why a worker ended without a result: the signal that killed it, or its exit code."""
    if exitcode is None:
        return "worker crashed"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = " (out of memory?)" if -exitcode == signal.SIGKILL else ""
        return f"worker killed by {name}{hint}"
    return f"worker crashed (exit code {exitcode})"


def run_isolated(tasks: Sequence[Task], *, settings: Settings, on_start: Callable[[Task], None] | None = None,
                 spool: Path | None = None) -> Iterator[tuple[str, DocResult]]:
    """Process tasks in ``settings.workers`` isolated processes; yield (key, result) as each finishes (``spool``:
    documents extracted ahead, :mod:`pipeline.run.prefetch`)."""
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    queue = deque(tasks)
    slots = [_Slot(ctx, settings, spool) for _ in range(min(settings.workers, max(1, len(tasks))))]
    try:
        while queue or any(s.task for s in slots):
            for slot in slots:
                if slot.task is None and queue:
                    slot.task = queue.popleft()
                    slot.started = time.monotonic()
                    if on_start:
                        on_start(slot.task)
                    slot.conn.send(slot.task)
            busy = [s for s in slots if s.task]
            ready = wait([s.conn for s in busy], timeout=POLL_S)
            for i, slot in enumerate(slots):
                if slot.task is None:
                    continue
                task = slot.task
                reason = ""
                if slot.conn in ready:
                    try:
                        key, result = slot.conn.recv()
                        slot.task = None
                        yield key, result
                        continue
                    except (EOFError, OSError):
                        slot.proc.join(timeout=JOIN_S)
                        reason = crash_reason(slot.proc.exitcode)
                now = time.monotonic()
                elapsed = now - slot.started
                if not reason and elapsed > settings.timeout_s:
                    reason = f"limit: timed out after {settings.timeout_s:g} s"
                watched = slot.memory_mb > MEMORY_WATCH_SHARE * settings.max_memory_mb
                if not reason and (watched or now - slot.memory_checked >= MEMORY_CHECK_S):
                    slot.memory_checked, slot.memory_mb = now, _rss_mb(slot.proc.pid)
                    if slot.memory_mb > settings.max_memory_mb:
                        reason = f"limit: memory above {settings.max_memory_mb} MB"
                if reason:
                    log.warning("%s: %s", task.source, reason)
                    slot.kill()
                    slots[i] = _Slot(ctx, settings, spool)
                    yield task.key, failed_result(task.path, source=task.source, error=reason, seconds=elapsed)
    finally:
        for slot in slots:
            try:
                slot.conn.send(None)
            except OSError:
                pass
            slot.proc.join(timeout=1)
            slot.kill()
