"""Two runs writing one database at the same time: both are indexed (the second waits for the first's lock)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

ROUNDS = 3


def test_two_concurrent_runs_are_both_indexed(tmp_path: Path) -> None:
    db = tmp_path / "shared.duckdb"
    sources = []
    for k in range(2 * ROUNDS):
        doc = tmp_path / f"note_{k}.txt"
        doc.write_text(f"Note {k}: remittances to Chad and target 10.c of the SDGs, report number {k}.")
        sources.append(doc)
    for r in range(ROUNDS):
        procs = [subprocess.Popen([sys.executable, "-m", "pipeline", "run", str(sources[2 * r + i]), "--out",
                                   str(tmp_path / f"run_{r}_{i}"), "--db", str(db), "--executor", "serial"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(2)]
        for proc in procs:
            _, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
    con = duckdb.connect(str(db), read_only=True)
    try:
        indexed = {row[0] for row in con.execute("SELECT source FROM documents").fetchall()}
        runs = con.execute("SELECT count(*) FROM runs").fetchone()[0]
    finally:
        con.close()
    assert indexed == {str(s) for s in sources}
    assert runs == 2 * ROUNDS
