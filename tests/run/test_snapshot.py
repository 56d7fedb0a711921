"""Whole runs in the cache (pipeline.run.snapshot): a rerun of unchanged inputs into a new folder links the
finished folder back, byte for byte what a rebuilt cached rerun writes, and records the run in the database."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipeline.config import Settings
from pipeline.output.files import MANIFEST, check_outputs
from pipeline.run.batch import run
from tests.run.conftest import TEXTS
from pipeline.run.snapshot import SNAPSHOT_STAGE



def _settings(tmp_path: Path, **kw: object) -> Settings:
    return Settings(**{"executor": "serial", "db": tmp_path / "db" / "n.duckdb", "cache": tmp_path / "cache",
                       "ocr": False, **kw})


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != MANIFEST}


def test_a_rerun_into_a_new_folder_is_linked_from_the_snapshot_as_a_rebuilt_rerun_would_write_it(
        tmp_path: Path, inputs: Path) -> None:
    first = run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    assert not first.reused and any((tmp_path / "cache" / SNAPSHOT_STAGE).rglob("snapshot.json"))
    restored = run([inputs], out_dir=tmp_path / "b", settings=_settings(tmp_path))
    assert restored.reused and restored.cached == {"result": len(TEXTS)} and restored.resumed == 0
    assert (restored.ok, restored.pages, restored.structures) == (first.ok, first.pages, first.structures)
    assert check_outputs(tmp_path / "b") == []  # the manifest's hashes hold for the linked files
    shutil.rmtree(tmp_path / "cache" / SNAPSHOT_STAGE)
    rebuilt = run([inputs], out_dir=tmp_path / "c", settings=_settings(tmp_path))
    assert not rebuilt.reused and rebuilt.cached == {"result": len(TEXTS)}
    assert _files(tmp_path / "b") == _files(tmp_path / "c")


def test_the_database_records_a_restored_run_without_duplicating_rows(tmp_path: Path, inputs: Path) -> None:
    db = tmp_path / "db" / "n.duckdb"
    run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    with duckdb.connect(str(db), read_only=True) as con:
        before = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "mentions", "links")]
    restored = run([inputs], out_dir=tmp_path / "b", settings=_settings(tmp_path))
    assert restored.reused
    with duckdb.connect(str(db), read_only=True) as con:
        after = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("documents", "mentions", "links")]
        runs = con.execute("SELECT run_id, out_dir, documents, ok, failed FROM runs ORDER BY indexed_at").fetchall()
        latest = con.execute("SELECT DISTINCT latest_run, cached FROM documents").fetchall()
        members = con.execute("SELECT count(*) FROM run_documents WHERE run_id = ?", [restored.run_id]).fetchone()[0]
    assert after == before
    assert runs[-1] == (restored.run_id, str((tmp_path / "b").resolve()), len(TEXTS), len(TEXTS), 0)
    assert latest == [(restored.run_id, "result")] and members == len(TEXTS)


def test_a_database_without_the_runs_rows_gets_them_from_the_restored_folder(tmp_path: Path, inputs: Path) -> None:
    run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    other = tmp_path / "other.duckdb"
    restored = run([inputs], out_dir=tmp_path / "b", settings=_settings(tmp_path, db=other))
    assert restored.reused
    with duckdb.connect(str(tmp_path / "db" / "n.duckdb"), read_only=True) as con:
        expected = con.execute("SELECT count(*) FROM mentions").fetchone()[0]
    with duckdb.connect(str(other), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM mentions").fetchone()[0] == expected > 0
        assert con.execute("SELECT count(*) FROM documents WHERE status = 'ok'").fetchone()[0] == len(TEXTS)


def test_a_rerun_into_the_same_folder_leaves_its_current_outputs_as_they_are(tmp_path: Path, inputs: Path) -> None:
    run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    stamps = {p: p.stat().st_mtime_ns for p in (tmp_path / "a").glob("*.csv")}
    again = run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    assert again.reused and again.resumed == len(TEXTS) and again.cached == {}
    assert {p: p.stat().st_mtime_ns for p in stamps} == stamps
    (tmp_path / "a" / "links.csv").write_text("doc_id\n", encoding="utf-8")  # no longer the run's outputs
    rebuilt = run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    assert not rebuilt.reused and check_outputs(tmp_path / "a") == []


def test_a_snapshot_changed_in_place_is_ignored(tmp_path: Path, inputs: Path, caplog: pytest.LogCaptureFixture) -> None:
    run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    kept = next((tmp_path / "cache" / SNAPSHOT_STAGE).rglob("links.csv"))
    with open(kept, "a", encoding="utf-8") as fh:  # an in-place edit reaches every hard link of the file
        fh.write("edited\n")
    again = run([inputs], out_dir=tmp_path / "b", settings=_settings(tmp_path))
    assert not again.reused and "changed or removed" in caplog.text
    assert "edited" not in (tmp_path / "b" / "links.csv").read_text(encoding="utf-8")


def test_changed_inputs_failed_documents_and_workbooks_are_never_restored(tmp_path: Path, inputs: Path) -> None:
    run([inputs], out_dir=tmp_path / "a", settings=_settings(tmp_path))
    (inputs / "jamaica.txt").write_text("Jamaica reports on SDG 10.c and remittances, revised.", encoding="utf-8")
    assert not run([inputs], out_dir=tmp_path / "b", settings=_settings(tmp_path)).reused
    (inputs / "broken.pdf").write_bytes(b"%PDF-1.7 not really")
    with_failure = run([inputs], out_dir=tmp_path / "c", settings=_settings(tmp_path))
    assert with_failure.failed == 1
    assert not run([inputs], out_dir=tmp_path / "d", settings=_settings(tmp_path)).reused  # the failure is retried
    (inputs / "broken.pdf").unlink()
    assert not run([inputs], out_dir=tmp_path / "e", settings=_settings(tmp_path, excel=True)).reused
    assert not run([inputs], out_dir=tmp_path / "f", settings=_settings(tmp_path, excel=True)).reused


def test_a_restored_run_never_imports_pandas_or_the_tagger(tmp_path: Path, inputs: Path) -> None:
    script = (
        "import sys; from pathlib import Path; from pipeline.config import Settings; from pipeline.run.batch import run\n"
        f"s = Settings(executor='serial', db=Path({str(tmp_path / 'n.duckdb')!r}), cache=Path({str(tmp_path / 'c')!r}),"
        " ocr=False)\n"
        f"r = run([Path({str(inputs)!r})], out_dir=Path(sys.argv[1]), settings=s)\n"
        "print(r.reused, 'pandas' in sys.modules, 'spacy' in sys.modules)\n"
    )
    first = subprocess.run([sys.executable, "-c", script, str(tmp_path / "a")], capture_output=True, text=True,
                           check=True)
    assert first.stdout.split() == ["False", "True", "True"]
    again = subprocess.run([sys.executable, "-c", script, str(tmp_path / "b")], capture_output=True, text=True,
                           check=True)
    assert again.stdout.split() == ["True", "False", "False"]
