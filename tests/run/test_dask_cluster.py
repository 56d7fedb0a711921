"""The Dask executor against a real cluster: a `dask scheduler` and `dask worker` started as a user would.

Same tables as a serial run; a worker killed mid-document loses nothing; a document that keeps killing workers
ends as a clear failure; an unreachable scheduler is a one-line error within seconds; no Dask INFO flood.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import psutil
import pytest

pytest.importorskip("distributed")

from distributed import Client  # noqa: E402

from pipeline.cli import main  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.ids import doc_id_for_file  # noqa: E402
from pipeline.run import batch, cluster  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpora" / "sample"
DASK = Path(sys.executable).with_name("dask")
INPUTS = ("notes.md", "nota_remesas_es.txt", "gcm_review_brief.html", "egm_migration_sdg_meeting_report.pdf")
TABLES = ("documents", "mentions", "links")
TIMING_COLUMNS = ("seconds",)
WORKERS = 2
ALLOWED_FAILURES = 1
"""The test scheduler's allowed-failures: one lost worker is retried, a second one fails the document."""
SLOW_REPEATS = 1000
STARTUP_S = 90.0
RUN_S = 120.0
RUNNING_S = 0.3
"""The slow document is killed once it has run this long on a worker."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(proc: subprocess.Popen) -> None:
    """Stop a process this test started, and its children (it leads its own session)."""
    for sig, wait_s in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The address of a `dask scheduler` with WORKERS single-threaded worker processes (stopped afterwards)."""
    logs = tmp_path_factory.mktemp("dask-logs")
    address = f"tcp://127.0.0.1:{_free_port()}"
    env = {**os.environ, "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": str(ALLOWED_FAILURES),
           "DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION": "1.0"}  # a killed worker holds only its own task
    procs: list[subprocess.Popen] = []
    try:
        with open(logs / "scheduler.log", "wb") as out:
            procs.append(subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port",
                                           address.rsplit(":", 1)[1], "--no-dashboard"], stdout=out, stderr=out,
                                          env=env, cwd=logs, start_new_session=True))
        with open(logs / "worker.log", "wb") as out:
            procs.append(subprocess.Popen([str(DASK), "worker", address, "--nworkers", str(WORKERS), "--nthreads", "1",
                                           "--no-dashboard"], stdout=out, stderr=out, env=env, cwd=logs,
                                          start_new_session=True))
        client = Client(address, timeout=STARTUP_S)
        client.wait_for_workers(WORKERS, timeout=STARTUP_S)
        # the workers load the tagger while the first test runs its serial run (each run registers it again)
        warming = threading.Thread(target=client.register_plugin, args=(cluster.WarmUp(load_settings()),),
                                   kwargs={"name": cluster.PLUGIN_NAME}, daemon=True)
        warming.start()
        yield address
        warming.join(timeout=STARTUP_S)
        client.close()
    finally:
        for proc in reversed(procs):
            _stop(proc)


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """A few small sample documents and one slower text (several seconds of tagging)."""
    folder = tmp_path_factory.mktemp("inputs")
    note = (SAMPLE / "notes.md").read_text(encoding="utf-8")
    slow = folder / "slow_notes.md"
    slow.write_text("\n\n".join(f"## Part {i}\n\n{note}" for i in range(SLOW_REPEATS)), encoding="utf-8")
    return [slow, *(SAMPLE / name for name in INPUTS)]


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    found = {}
    for name in TABLES:
        df = pd.read_csv(out / f"{name}.csv").drop(columns=list(TIMING_COLUMNS), errors="ignore")
        found[name] = df.sort_values(list(df.columns[:2])).reset_index(drop=True)
    return found


def _run(inputs: list[Path], out: Path, **overrides: object):  # noqa: ANN202 - a RunSummary
    settings = load_settings(overrides={"db": "none", "excel": False, **overrides})
    return batch.run([str(p) for p in inputs], out_dir=out, settings=settings)


def _on_workers(client: Client) -> dict[str, int]:
    """How many times each worker process loaded the tagger."""
    return client.run(lambda: __import__("pipeline.run.cluster", fromlist=["warm_ups"]).warm_ups)


def test_a_cluster_run_matches_a_serial_run_and_loads_the_tagger_once_per_worker(
        scheduler: str, inputs: list[Path], tmp_path: Path) -> None:
    serial = _run(inputs, tmp_path / "serial", executor="serial")
    dask = _run(inputs, tmp_path / "dask", executor="dask", scheduler=scheduler)
    assert serial.ok == dask.ok == len(inputs)
    want, got = _tables(tmp_path / "serial"), _tables(tmp_path / "dask")
    for name in TABLES:
        pd.testing.assert_frame_equal(got[name], want[name], check_dtype=False, obj=name)
    again = _run(inputs[1:], tmp_path / "dask-again", executor="dask", scheduler=scheduler)  # warm workers
    assert again.ok == len(inputs) - 1
    with Client(scheduler, timeout=10) as client:
        loads = _on_workers(client)
    assert len(loads) == WORKERS and set(loads.values()) == {1}, loads  # not once per document, nor per run


def _kill_workers_of(document: Path, scheduler: str, kills: int, done: threading.Event) -> list[str]:
    """Kill (SIGKILL) the worker process running ``document``, ``kills`` times; return the killed workers."""
    prefix = f"{cluster.KEY_PREFIX}{doc_id_for_file(document)}-"
    killed: list[str] = []
    with Client(scheduler, timeout=10) as client:
        seen: dict[str, float] = {}
        deadline = time.monotonic() + RUN_S
        while len(killed) < kills and not done.is_set() and time.monotonic() < deadline:
            now = time.monotonic()
            running = {w for w, keys in client.processing().items() for k in keys if k.startswith(prefix)}
            seen = {w: seen.get(w, now) for w in running}
            slow = [w for w, since in seen.items() if now - since >= RUNNING_S]
            if slow:
                pid = client.run(os.getpid, workers=[slow[0]])[slow[0]]
                psutil.Process(pid).send_signal(signal.SIGKILL)
                killed.append(slow[0])
                seen = {}
            time.sleep(0.1)
    return killed


def _run_while_killing(scheduler: str, inputs: list[Path], out: Path, kills: int):  # noqa: ANN202
    with Client(scheduler, timeout=10) as client:
        client.wait_for_workers(WORKERS, timeout=STARTUP_S)  # the nannies have replaced workers killed before
    done = threading.Event()
    found: dict = {}

    def target() -> None:
        try:
            found["summary"] = _run(inputs, out, executor="dask", scheduler=scheduler)
        finally:
            done.set()

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    killed = _kill_workers_of(inputs[0], scheduler, kills, done)
    thread.join(timeout=RUN_S)
    assert not thread.is_alive(), "the run hangs after its workers were killed"
    docs = pd.read_csv(out / "documents.csv")
    assert sorted(docs["source"]) == sorted(str(p) for p in inputs)  # every input has its row
    return killed, docs.set_index("source")


def test_a_killed_worker_loses_no_document(scheduler: str, inputs: list[Path], tmp_path: Path) -> None:
    killed, docs = _run_while_killing(scheduler, inputs, tmp_path / "killed-once", kills=1)
    assert len(killed) == 1
    assert (docs["status"] == "ok").all(), docs[["status", "error"]]  # the slow document ran again elsewhere


def test_a_document_that_keeps_killing_workers_fails_clearly(scheduler: str, inputs: list[Path],
                                                            tmp_path: Path) -> None:
    killed, docs = _run_while_killing(scheduler, inputs, tmp_path / "killed-twice", kills=ALLOWED_FAILURES + 1)
    assert len(killed) == ALLOWED_FAILURES + 1
    slow = docs.loc[str(inputs[0])]
    assert slow["status"] == "failed"
    assert slow["error"].startswith("worker lost: 2 Dask workers died while running it") and "\n" not in slow["error"]
    assert (docs.drop(index=str(inputs[0]))["status"] == "ok").all()


def test_an_unreachable_scheduler_is_a_one_line_error_within_seconds(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    started = time.monotonic()
    code = main(["run", str(SAMPLE / "notes.md"), "--out", str(tmp_path / "out"), "--no-db",
                 "--executor", "dask", "--scheduler", f"tcp://127.0.0.1:{_free_port()}"])
    elapsed = time.monotonic() - started
    err = capsys.readouterr().err.strip()
    assert code != 0
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    assert err.startswith("nexus: error: cannot reach the Dask scheduler at tcp://127.0.0.1:")
    assert elapsed < 10


def test_a_local_cluster_run_logs_no_dask_info(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    code = main(["run", str(SAMPLE / "notes.md"), "--out", str(out), "--no-db", "--executor", "dask",
                 "--workers", "1"])
    err = capfd.readouterr().err
    assert code == 0, err
    assert pd.read_csv(out / "documents.csv")["status"].tolist() == ["ok"]
    noisy = [line for line in err.splitlines() if "distributed." in line or " INFO " in line or "INFO:" in line]
    assert not noisy, noisy


def test_a_result_lost_with_its_worker_is_said_in_one_line() -> None:
    from pipeline.run.cluster import _lost_reason

    reason = _lost_reason(None)  # a finished task whose worker died before its result was fetched
    assert reason.startswith("worker lost:") and "\n" not in reason and "NoneType" not in reason
