"""Documents on a Dask cluster: a scheduler given by ``--scheduler ADDRESS``, or a local cluster of processes.

Each document is one Dask task (:func:`run_task`). A task never raises for a document: like the process executor,
it turns a document's failure into a failed result. A worker that dies while it runs a document (killed, out of
memory, a crash in a C library) is replaced by Dask, and the scheduler runs the document again on another worker,
up to its ``distributed.scheduler.allowed-failures`` (3 by default; :data:`LOCAL_ALLOWED_FAILURES` for a local
cluster); a document that kills every worker it is given ends as ``failed`` with a one-line reason, and the run goes
on. A document that runs past ``timeout_s`` is recorded as failed and its worker restarted (through its nanny).

Workers load the tagger (and the inference tables) once per worker process (:func:`worker_tagger`, run ahead of
the first document by the :class:`WarmUp` plugin), not once per document.

Dask's own logging (``distributed.*``) is kept at WARNING unless the run logs at INFO or below (``--verbose``,
``--debug``), in this process and in the worker processes of a local cluster.
"""
from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin
from spacy.language import Language

from pipeline.config import RESULT_NEUTRAL_SETTINGS, Settings
from pipeline.errors import PipelineError, one_line
from pipeline.ingest.inputs import display_name
from pipeline.run.process import failed_result, process_document, warm_up
from pipeline.run.task import Task
from pipeline.types import DocResult

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_S = 4.0
"""How long ``--scheduler ADDRESS`` is tried before the run stops with a one-line error."""
LOCAL_ALLOWED_FAILURES = 2
"""Workers of a local cluster that may die running one document before it is failed (so it is tried 3 times)."""
POLL_S = 0.5
"""How often finished documents, started documents and time limits are checked."""
LOST_RESULT_RESUBMITS = 2
"""Times a document whose finished result was lost with its worker (before the client fetched it) is run again."""
CLOSE_TIMEOUT_S = 10.0
LOCAL_HOST = "127.0.0.1"
"""A local cluster listens on this machine only."""
KEY_PREFIX = "nexus-"
PLUGIN_NAME = "nexus-warm-up"
DASK_LOGGERS: tuple[str, ...] = ("distributed", "dask")
"""Loggers of Dask itself, kept at WARNING unless the run is verbose."""
DASK_LOGGING_ENV = "DASK_LOGGING__DISTRIBUTED"
"""Environment variable that sets the ``distributed`` log level of the worker processes a local cluster starts."""


class ClusterError(PipelineError):
    """The Dask cluster cannot be reached or was lost."""


# --------------------------------------------------------------------------- on the workers

_taggers: dict[Settings, Language] = {}
"""Taggers of this worker process, by the settings that can change a result (see :func:`tagger_key`)."""
_taggers_lock = threading.Lock()
warm_ups = 0
"""How many times this process loaded a tagger for Dask tasks (read by the tests, through ``client.run``)."""


def worker_tagger(settings: Settings) -> Language:
    """The tagger of ``settings`` in this worker process, loaded (with the inference tables) on first use only."""
    global warm_ups
    key = tagger_key(settings)
    with _taggers_lock:  # the warm-up plugin and the first task may ask at once
        nlp = _taggers.get(key)
        if nlp is None:
            nlp = _taggers[key] = warm_up(settings)
            warm_ups += 1
        return nlp


def tagger_key(settings: Settings) -> Settings:
    """``settings`` with the ones that cannot change a result at their defaults (runs that differ only in where
    they run or what they write share a worker's tagger)."""
    base = Settings()
    return replace(settings, **{name: getattr(base, name) for name in RESULT_NEUTRAL_SETTINGS})


class WarmUp(WorkerPlugin):
    """Worker plugin: loads the tagger when a worker joins (also each worker that replaces a lost one)."""

    name = PLUGIN_NAME

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def setup(self, worker: Any) -> None:
        import asyncio

        try:  # off the event loop, so the worker keeps answering the scheduler while it loads
            await asyncio.get_running_loop().run_in_executor(None, worker_tagger, self.settings)
        except Exception:  # noqa: BLE001 - the first task loads it again and records the error
            log.warning("nexus could not warm up the tagger on %s", getattr(worker, "address", "a worker"),
                        exc_info=True)


def run_task(task: Task, settings: Settings) -> DocResult:
    """What a Dask worker runs for one document: its result, a failed result when it fails (never an exception,
    except :class:`PipelineError` under ``strict``, which stops the run as in the other executors)."""
    if not task.path.exists():
        return failed_result(task.path, source=task.source,
                             error=f"cannot read file on Dask worker {socket.gethostname()}: {task.path} not found "
                                   "(workers need the inputs at the same path, e.g. on shared storage)")
    try:
        return process_document(task.path, source=task.source, settings=settings, nlp=worker_tagger(settings))
    except MemoryError:
        return failed_result(task.path, source=task.source, error="limit: out of memory")
    except PipelineError as exc:
        if settings.strict:
            raise
        return failed_result(task.path, source=task.source, error=exc)
    except Exception as exc:  # noqa: BLE001 - one document never stops the batch
        log.debug("internal error on %s", task.source, exc_info=True)
        return failed_result(task.path, source=task.source, error=f"internal error: {type(exc).__name__}: {exc}")


# --------------------------------------------------------------------------- in the run

def dask_log_level() -> int:
    """INFO when the run logs at INFO or below (``--verbose``, ``--debug``), else WARNING."""
    return logging.INFO if logging.getLogger().getEffectiveLevel() <= logging.INFO else logging.WARNING


@contextmanager
def dask_logging(level: int) -> Iterator[None]:
    """Dask's loggers at ``level`` here and in the worker processes started meanwhile (restored afterwards)."""
    name = logging.getLevelName(level).lower()
    saved_env = os.environ.get(DASK_LOGGING_ENV)
    saved = {n: logging.getLogger(n).level for n in DASK_LOGGERS}
    os.environ[DASK_LOGGING_ENV] = name  # a spawned worker configures its logging from this when it imports dask
    for n in DASK_LOGGERS:
        logging.getLogger(n).setLevel(level)
    try:
        yield
    finally:
        if saved_env is None:
            os.environ.pop(DASK_LOGGING_ENV, None)
        else:
            os.environ[DASK_LOGGING_ENV] = saved_env
        for n, lvl in saved.items():
            logging.getLogger(n).setLevel(lvl)


def connect(address: str) -> Any:
    """A client of the scheduler at ``address``; a :class:`ClusterError` within CONNECT_TIMEOUT_S otherwise."""
    from dask.distributed import Client

    try:
        return Client(address, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        reason = one_line(str(exc)) or type(exc).__name__
        raise ClusterError(f"cannot reach the Dask scheduler at {address} within {CONNECT_TIMEOUT_S:g} s: {reason} "
                           "(is `dask scheduler` running there, and is the port open?)") from exc


def local_cluster(settings: Settings, *, log_level: int) -> Any:
    """A cluster of ``settings.workers`` processes (one thread each) on this machine, limited to max_memory_mb each."""
    import dask
    from dask.distributed import LocalCluster

    with dask.config.set({
        "distributed.scheduler.allowed-failures": LOCAL_ALLOWED_FAILURES,
        "distributed.worker.memory.target": False,  # documents are not Dask data: nothing to spill
        "distributed.worker.memory.spill": False,
        "distributed.worker.memory.pause": False,
        "distributed.worker.memory.terminate": 1.0,  # the nanny restarts a worker above max_memory_mb
    }):
        return LocalCluster(n_workers=settings.workers, threads_per_worker=1, processes=True,
                            host=LOCAL_HOST, dashboard_address=None, memory_limit=f"{settings.max_memory_mb}MiB",
                            silence_logs=log_level,
                            # no dashboard; its health routes on any free port (8787 may be another cluster's)
                            scheduler_kwargs={"dashboard": False, "dashboard_address": f"{LOCAL_HOST}:0"})


def _lost_reason(exc: BaseException | None) -> str:
    """Why a document's task ended without a result, in one line."""
    if exc is None:
        return "worker lost: its result was lost with the Dask worker that held it, each time it was run"
    name = type(exc).__name__
    if name == "KilledWorker":
        tries = getattr(exc, "allowed_failures", None)
        times = f"{tries + 1} " if isinstance(tries, int) else ""
        return (f"worker lost: {times}Dask workers died while running it (killed, crashed or out of memory; "
                "see the worker logs)")
    return f"internal error: {name}: {one_line(str(exc))}"


def process_dask(tasks: Sequence[Task], *, settings: Settings,
                 on_start: Callable[[Task], None] | None = None) -> Iterator[tuple[str, DocResult]]:
    """Process tasks on a Dask cluster; yield (key, result) as each finishes, every task exactly once."""
    level = dask_log_level()
    with dask_logging(level):
        if settings.scheduler:
            cluster, client = None, connect(settings.scheduler)
        else:
            cluster = local_cluster(settings, log_level=level)
            from dask.distributed import Client

            client = Client(cluster, set_as_default=False)
        try:
            yield from _stream(client, tasks, settings=settings, on_start=on_start)
        finally:
            try:
                client.close(timeout=CLOSE_TIMEOUT_S)
            except Exception:  # noqa: BLE001 - closing must not hide the run's own outcome
                log.debug("closing the Dask client failed", exc_info=True)
            if cluster is not None:
                try:
                    cluster.close(timeout=CLOSE_TIMEOUT_S)
                except Exception:  # noqa: BLE001
                    log.debug("closing the local Dask cluster failed", exc_info=True)


def _stream(client: Any, tasks: Sequence[Task], *, settings: Settings,
            on_start: Callable[[Task], None] | None) -> Iterator[tuple[str, DocResult]]:
    from distributed import as_completed

    if not tasks:
        return
    try:
        client.register_plugin(WarmUp(settings), name=PLUGIN_NAME)
    except Exception:  # noqa: BLE001 - without it, each worker warms up on its first document
        log.warning("could not register the nexus warm-up plugin on the Dask workers", exc_info=True)
    run_token = uuid.uuid4().hex[:8]  # keys of this run only, even when other runs share the scheduler
    pending: dict[Any, Task] = {}
    by_key: dict[str, Any] = {}
    resubmitted: dict[str, int] = {}

    def submit(task: Task) -> Any:
        remote = replace(task, path=Path(os.path.abspath(task.path)))  # workers have other working folders
        again = resubmitted.get(task.key, 0)
        key = f"{KEY_PREFIX}{task.key}-{run_token}" + (f"-{again}" if again else "")
        fut = client.submit(run_task, remote, settings, key=key, pure=False,
                            retries=0)  # a task never raises for a document; lost workers are the scheduler's
        pending[fut] = task
        by_key[fut.key] = fut
        return fut

    for task in tasks:
        submit(task)
    started: dict[Any, tuple[float, str]] = {}  # future -> (first seen running, worker address)

    def mark_started(fut: Any, worker: str = "") -> None:
        if fut not in started:
            started[fut] = (time.monotonic(), worker)
            if on_start:
                on_start(pending[fut])

    finished = as_completed(list(pending), loop=client.loop)
    while pending:
        done = [fut for fut in finished.next_batch(block=False) if fut in pending]
        if not done:
            time.sleep(POLL_S)
        for fut in done:
            mark_started(fut)
            task = pending.pop(fut)
            if fut.status == "finished":
                result = fut.result()
            elif fut.status == "cancelled":
                raise ClusterError(f"lost the Dask scheduler {settings.scheduler or '(local cluster)'} mid-run "
                                   "(documents done so far are kept: rerun the same command to resume)")
            else:
                exc = fut.exception()
                if exc is None and resubmitted.get(task.key, 0) < LOST_RESULT_RESUBMITS:
                    # finished, but its result lived on a worker that died before it was fetched ("lost"): run again
                    resubmitted[task.key] = resubmitted.get(task.key, 0) + 1
                    finished.add(submit(task))
                    continue
                if isinstance(exc, PipelineError) and settings.strict:
                    raise exc
                reason = _lost_reason(exc)
                log.warning("%s: %s", task.source, reason)
                result = failed_result(task.path, source=task.source, error=reason)
            yield task.key, _shown_as(result, task)
        if pending:
            yield from _check_running(client, pending, by_key, started, mark_started, settings=settings)


def _check_running(client: Any, pending: dict[Any, Task], by_key: dict[str, Any],
                   started: dict[Any, tuple[float, str]], mark_started: Callable[[Any, str], None], *,
                   settings: Settings) -> Iterator[tuple[str, DocResult]]:
    """Note documents that started; fail (and restart the worker of) a document past timeout_s."""
    try:
        processing = client.processing()
    except Exception:  # noqa: BLE001 - a missed look is taken again at the next poll
        log.debug("could not ask the scheduler what is running", exc_info=True)
        return
    running: dict[Any, str] = {}
    for worker, keys in processing.items():
        for key in keys:
            fut = by_key.get(key)
            if fut is not None and fut in pending:
                running[fut] = worker
    for fut, worker in running.items():
        if fut in started and started[fut][1] != worker:
            started.pop(fut)  # retried on another worker after a lost one: its time starts again
            started[fut] = (time.monotonic(), worker)
        mark_started(fut, worker)
    now = time.monotonic()
    for fut, worker in running.items():
        elapsed = now - started[fut][0]
        if elapsed <= settings.timeout_s:
            continue
        task = pending.pop(fut)
        reason = f"limit: timed out after {settings.timeout_s:g} s"
        log.warning("%s: %s", task.source, reason)
        fut.cancel()
        # the document still runs on its worker: restart the worker (through its nanny) without waiting for it
        threading.Thread(target=_restart_worker, args=(client, worker), daemon=True).start()
        yield task.key, failed_result(task.path, source=task.source, error=reason, seconds=elapsed)


def _restart_worker(client: Any, worker: str) -> None:
    try:
        client.restart_workers([worker], timeout=CLOSE_TIMEOUT_S * 3)
    except Exception as exc:  # noqa: BLE001 - a worker without a nanny cannot be restarted from here
        log.warning("could not restart Dask worker %s after a time limit: %s", worker, one_line(str(exc)))


def _shown_as(result: DocResult, task: Task) -> DocResult:
    """The result with the document's path as the user gave it (the workers were sent its absolute path)."""
    doc = result.document
    shown = display_name(task.path)
    return result if doc.path == shown else replace(result, document=replace(doc, path=shown))
