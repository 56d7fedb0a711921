"""Isolated workers stop a document that overruns its time or memory, record it, and go on."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

import pipeline.run.process as process
from pipeline.config import load_settings
from pipeline.run.workers import Task, run_isolated

HEADROOM_MB = 150
BIG_MB = HEADROOM_MB + 300


def _fake_process(path: Path, *, source: str, settings, nlp=None, extracted=None):  # noqa: ANN001 - mirrors process_document
    if path.name.startswith("slow"):
        time.sleep(30)
    if path.name.startswith("big"):
        hog = bytearray(BIG_MB * 1024 * 1024)
        hog[::4096] = b"x" * len(hog[::4096])
        time.sleep(30)
    if path.name.startswith("crash"):
        import os

        os._exit(3)
    return process.failed_result(path, source=source, error="fake: processed", status="ok")


@pytest.fixture()
def tasks(tmp_path: Path) -> list[Task]:
    out = []
    for name in ("slow.txt", "ok1.txt", "big.txt", "crash.txt", "ok2.txt"):
        (tmp_path / name).write_text("x")
        out.append(Task(key=name, path=tmp_path / name, source=name))
    return out


def test_time_memory_and_crash_guards(monkeypatch: pytest.MonkeyPatch, tasks: list[Task]) -> None:
    monkeypatch.setattr(process, "process_document", _fake_process)
    monkeypatch.setattr(process, "warm_up", lambda settings: None)
    import psutil

    # forked workers start with the parent's memory (pytest with whatever earlier tests loaded)
    limit = int(psutil.Process().memory_info().rss / 2**20) + HEADROOM_MB
    settings = load_settings(overrides={"workers": 2, "timeout_s": 3, "max_memory_mb": limit})
    started = time.monotonic()
    results = dict(run_isolated(tasks, settings=settings))
    assert time.monotonic() - started < 25
    assert set(results) == {t.key for t in tasks}
    assert results["slow.txt"].document.error == "limit: timed out after 3 s"
    assert results["big.txt"].document.error == f"limit: memory above {limit} MB"
    assert results["crash.txt"].document.error.startswith("worker crashed")
    for key in ("slow.txt", "big.txt", "crash.txt"):
        assert results[key].document.status == "failed"
    assert results["ok1.txt"].document.error == "fake: processed"
    assert results["ok2.txt"].document.error == "fake: processed"
