"""Ctrl-C during a run: one line, no traceback, workers stopped, a resumable state."""
from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from pipeline.cli import EXIT_INTERRUPTED
from pipeline.output.store import PARTS_DIR
from tests.paths import SAMPLES

WAIT_S = 120


def test_ctrl_c_stops_cleanly_and_the_rerun_resumes(tmp_path: Path) -> None:
    out = tmp_path / "run"
    cmd = [sys.executable, "-m", "pipeline", "run", str(SAMPLES), "--out", str(out), "--no-db", "--workers", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline and not list((out / PARTS_DIR).glob("*.json")):
        time.sleep(0.05)
    assert list((out / PARTS_DIR).glob("*.json")), "no document finished in time"
    workers = psutil.Process(proc.pid).children(recursive=True)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == EXIT_INTERRUPTED
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[-1].startswith("nexus: interrupted") and "Traceback" not in err, err
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, f"workers left running: {alive}"
    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "resumed" in rerun.stdout + rerun.stderr
