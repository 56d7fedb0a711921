"""A batch killed with SIGKILL midway resumes and ends with the same tables as an uninterrupted run."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from tests.e2e.conftest import REAL, need

VOLATILE = ("seconds", "path", "cached", "result_key")  # how a run got a result, not the result
KILL_AFTER_PARTS = 2
WAIT_S = 300


def _nexus(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    out_tables = {}
    for name in ("documents", "mentions", "links"):
        df = pd.read_csv(out / f"{name}.csv", dtype=str, keep_default_na=False)
        out_tables[name] = df.drop(columns=[c for c in VOLATILE if c in df.columns])
    return out_tables


def test_sigkill_then_rerun_gives_the_same_tables(tmp_path: Path) -> None:
    need(REAL)
    inputs = [str(REAL / n) for n in ("un_sdg10_why_it_matters.pdf", "iom_arco_evaluation_brief_2022.pdf",
                                      "un_ga_ares_79_217_migration_development.pdf", "undp_sdg_diagnostic_simulator_note.pdf",
                                      "iom_eu_ji_hoa_management_response_2023.pdf", "iom_arco_final_evaluation_2022.pdf")]
    common = ["--executor", "serial", "--no-ocr", "--no-cache"]  # resume from the run folder's parts, not the cache
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    subprocess.run(_nexus("run", *inputs, "--out", str(clean), "--db", str(tmp_path / "a.duckdb"), *common), check=True,
                   capture_output=True)
    proc = subprocess.Popen(_nexus("run", *inputs, "--out", str(killed), "--db", str(tmp_path / "b.duckdb"), *common),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + WAIT_S
    parts = killed / ".parts"
    while time.monotonic() < deadline and proc.poll() is None:
        if parts.exists() and len(list(parts.glob("*.json"))) >= KILL_AFTER_PARTS:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list(parts.glob("*.json")))
    assert KILL_AFTER_PARTS <= done < len(inputs)
    assert not (killed / "documents.csv").exists()  # nothing half-written: the tables come at the end
    assert not list(killed.rglob("*.tmp")) or all(p.stat().st_size >= 0 for p in killed.rglob("*.tmp"))
    rerun = subprocess.run(_nexus("run", *inputs, "--out", str(killed), "--db", str(tmp_path / "b.duckdb"), *common),
                           capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{done} resumed" in rerun.stdout
    a, b = _tables(clean), _tables(killed)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_like=False)
