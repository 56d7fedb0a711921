"""SIGKILL while the run folder's tables or the database are written, then a rerun: both end complete and equal to
an uninterrupted run's (compared by content)."""
from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.config import load_settings
from pipeline.output.store import CONTRACT_TABLES
from pipeline.output.files import check_outputs
from pipeline.run.batch import run

VOLATILE = ("seconds", "path", "indexed_at", "cached", "result_key")  # how a run got a result, not the result
"""Columns that differ between two runs of the same inputs by nature (timings, temporary paths, clocks)."""
DB_TABLES = ("documents", "mentions", "links", "sentences")

DOCS = {
    "remittances.txt": "Remittances to Morocco\n\nThe cost of remittances to Morocco fell, in line with SDG target "
                       "10.c and the Global Compact for Migration. IOM and the World Bank reported on it in 2023.\n",
    "labour.md": "# Labour migration\n\nThe Ministry of Labour of Jamaica worked with the ILO on fair recruitment of "
                 "migrant workers (SDG 8.8 and target 10.7) between January 2022 and March 2023.\n",
}

KILLER = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from pipeline.config import load_settings
    from pipeline.output import db, stream
    from pipeline.run.batch import run

    where, inputs, out, database = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    if where == "tables":
        real_atomic = stream.atomic_path
        written = []

        class Killing:
            def __init__(self, path, **options):
                self.table = path.parent == out and path.suffix in (".csv", ".parquet")
                self.inner = real_atomic(path, **options)
            def __enter__(self):
                return self.inner.__enter__()
            def __exit__(self, *exc):
                written.append(self.table)
                if sum(written) == 3:  # two tables renamed into place, the third written but not renamed
                    os.kill(os.getpid(), signal.SIGKILL)
                return self.inner.__exit__(*exc)

        stream.atomic_path = Killing
    else:
        real_write = db._write_run

        def write_then_die(con, **kwargs):
            real_write(con, **kwargs)
            os.kill(os.getpid(), signal.SIGKILL)  # every statement ran, COMMIT did not

        db._write_run = write_then_die
    settings = load_settings(overrides={"executor": "serial", "db": database})
    run([inputs], out_dir=out, settings=settings)
""")


def _frames(out: Path) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in CONTRACT_TABLES:
        df = pd.read_csv(out / f"{name}.csv", keep_default_na=False)
        frames[name] = df.drop(columns=[c for c in VOLATILE if c in df.columns])
    return frames


def _db_frames(db: Path) -> dict[str, pd.DataFrame]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for name in DB_TABLES:
            df = con.execute(f"SELECT * FROM {name}").df()
            df = df.drop(columns=[c for c in VOLATILE if c in df.columns])
            out[name] = df.sort_values(list(df.columns)).reset_index(drop=True).astype(str)
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def reference(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("ref")
    db = out / "ref.duckdb"
    run([inputs], out_dir=out / "run", settings=load_settings(overrides={"executor": "serial", "db": str(db)}))
    return out / "run", db


@pytest.mark.parametrize("where", ["tables", "database"])
def test_kill_during_writes_then_rerun(where: str, inputs: Path, reference: tuple[Path, Path], tmp_path: Path) -> None:
    out, db = tmp_path / "run", tmp_path / "nexus.duckdb"
    proc = subprocess.run([sys.executable, "-c", KILLER, where, str(inputs), str(out), str(db)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    if where == "tables":
        assert check_outputs(out), "an interrupted write must be visible in the manifest"
        assert list(out.glob(".*.tmp")), "the killed writer leaves its temporary file behind"
    else:
        assert check_outputs(out) == []
    run([inputs], out_dir=out, settings=load_settings(overrides={"executor": "serial", "db": str(db)}))
    assert check_outputs(out) == []
    assert not list(out.glob(".*.tmp")), "the rerun removes the dead writer's temporaries"
    ref_out, ref_db = reference
    for name, df in _frames(ref_out).items():
        pd.testing.assert_frame_equal(_frames(out)[name], df, check_dtype=False)
    ref_tables, tables = _db_frames(ref_db), _db_frames(db)
    for name in DB_TABLES:
        ref = ref_tables[name].drop(columns=[c for c in ("latest_run", "run_id", "out_dir") if c in ref_tables[name]])
        got = tables[name].drop(columns=[c for c in ("latest_run", "run_id", "out_dir") if c in tables[name]])
        pd.testing.assert_frame_equal(got, ref, check_dtype=False)
