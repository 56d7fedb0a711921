"""Limits cover the programs a worker starts; signals are named; --strict holds for workers; failures are retried."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

import pipeline.run.process as process
from pipeline.config import load_settings
from pipeline.errors import PipelineError
from pipeline.run import batch
from pipeline.run.workers import WORKER_TEMP_PREFIX, Task, _rss_mb, crash_reason, run_isolated

CHILD_MB = 400
PID_FILE_SUFFIX = ".pid"


def _spawn_child(path: Path, code: str) -> None:
    """Start a child process the way OCR starts Tesseract, and record its pid beside the input."""
    child = subprocess.Popen([sys.executable, "-c", code])
    path.with_suffix(PID_FILE_SUFFIX).write_text(str(child.pid))


def _fake_process(path: Path, *, source: str, settings, nlp=None, extracted=None):  # noqa: ANN001 - mirrors process_document
    name = path.name
    if name.startswith("orphan"):  # a child that outlives the time limit, with a temporary file
        with open(os.path.join(os.environ["TMPDIR"], "tess_page.png"), "wb") as fh:
            fh.write(b"x")
        _spawn_child(path, "import time; time.sleep(120)")
        time.sleep(60)
    if name.startswith("term"):
        os.kill(os.getpid(), signal.SIGTERM)
    if name.startswith("bad"):
        return process.failed_result(path, source=source, error="damaged: broken")
    return process.failed_result(path, source=source, error="fake: processed", status="ok")


@pytest.fixture()
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(process, "process_document", _fake_process)
    monkeypatch.setattr(process, "warm_up", lambda settings: None)


def _tasks(tmp_path: Path, *names: str) -> list[Task]:
    out = []
    for name in names:
        (tmp_path / name).write_text("x")
        out.append(Task(key=name, path=tmp_path / name, source=name))
    return out


def _worker_temp_dirs() -> set[str]:
    import tempfile

    return {p for p in os.listdir(tempfile.gettempdir()) if p.startswith(WORKER_TEMP_PREFIX)}


def _wait_gone(pid: int, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.05)
    return False


def test_a_timeout_kills_the_programs_the_worker_started(fake: None, tmp_path: Path) -> None:
    before = _worker_temp_dirs()
    settings = load_settings(overrides={"workers": 1, "timeout_s": 2})
    results = dict(run_isolated(_tasks(tmp_path, "orphan.txt", "ok.txt"), settings=settings))
    assert results["orphan.txt"].document.error == "limit: timed out after 2 s"
    child = int((tmp_path / "orphan.pid").read_text())
    assert _wait_gone(child), "the worker's child process outlived the time limit"
    assert _worker_temp_dirs() == before, "worker temporary folders are removed"


def test_the_memory_guard_counts_the_workers_children(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    parent = subprocess.Popen([sys.executable, "-c", (
        "import subprocess, sys, time\n"
        f"c = subprocess.Popen([sys.executable, '-c', \"b = bytearray({CHILD_MB} * 2**20); b[::4096] = b'x' * "
        f"len(b[::4096]); import time; time.sleep(60)\"])\n"
        f"open({str(pid_file)!r}, 'w').write(str(c.pid))\n"
        "time.sleep(60)\n")])
    try:
        deadline = time.monotonic() + 30
        measured = 0.0
        while time.monotonic() < deadline and measured < CHILD_MB * 0.9:
            time.sleep(0.2)
            measured = _rss_mb(parent.pid)
        own = psutil.Process(parent.pid).memory_info().rss / 2**20
        assert measured >= CHILD_MB * 0.9, f"the tree's memory ({measured:.0f} MB) misses the child's"
        assert own < CHILD_MB / 2, "the parent alone is small: the child's memory is what the guard sees"
    finally:
        for proc in psutil.Process(parent.pid).children(recursive=True):
            proc.kill()
        parent.kill()
        parent.wait()


def test_a_worker_killed_by_a_signal_is_named(fake: None, tmp_path: Path) -> None:
    settings = load_settings(overrides={"workers": 1})
    results = dict(run_isolated(_tasks(tmp_path, "term.txt", "ok.txt"), settings=settings))
    assert results["term.txt"].document.error == "worker killed by SIGTERM"
    assert results["ok.txt"].document.status == "ok"
    assert crash_reason(-signal.SIGKILL) == "worker killed by SIGKILL (out of memory?)"
    assert crash_reason(3) == "worker crashed (exit code 3)"


def test_strict_stops_the_process_executor(fake: None, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a_ok.txt", "bad.txt", "c_ok.txt"):
        (inputs / name).write_text("x")
    settings = load_settings(overrides={"workers": 1, "executor": "process", "strict": True, "db": "none"})
    with pytest.raises(PipelineError, match=r"bad\.txt: damaged: broken \(stopped by --strict"):
        batch.run([inputs], out_dir=tmp_path / "out", settings=settings)


def test_resume_retries_failed_documents(fake: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("bad.txt", "ok.txt"):
        (inputs / name).write_text("x")
    settings = load_settings(overrides={"executor": "serial", "db": "none"})
    monkeypatch.setattr(process, "process_document", _fake_process)
    monkeypatch.setattr(process, "warm_up", lambda settings: None)
    first = batch.run([inputs], out_dir=tmp_path / "out", settings=settings)
    assert (first.ok, first.failed) == (1, 1)
    (inputs / "bad.txt").rename(inputs / "fixed.txt")  # same bytes, now processed fine
    (inputs / "bad.txt").write_text("x")
    calls: list[str] = []

    def counting(path: Path, **kwargs: object):  # noqa: ANN202
        calls.append(path.name)
        return _fake_process(path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(process, "process_document", counting)
    second = batch.run([inputs], out_dir=tmp_path / "out", settings=settings)
    assert "bad.txt" in calls, "a failed document is processed again on resume"
    assert "ok.txt" not in calls, "an ok document is resumed"
    assert second.resumed >= 1
