"""The DuckDB index: a failed attempt never replaces a good result, locks are waited for, errors keep their cause."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.errors import StoreError
from pipeline.output import db as db_module
from pipeline.output.db import index_run, query_db
from pipeline.output.store import TABLES, frame


def _tables(doc_id: str, *, status: str, mentions: int) -> dict[str, pd.DataFrame]:
    """A one-document run: its documents row and `mentions` COUNTRY mentions when ok."""
    docs = [{"doc_id": doc_id, "source": f"{doc_id}.pdf", "title": "T", "kind": "other", "pages": 1,
             "language": "en", "chars": 10, "status": status, "error": "" if status == "ok" else "timed out"}]
    rows = [{"doc_id": doc_id, "mention_id": f"{doc_id}-{i}", "label": "COUNTRY", "text": "Chad",
             "canonical_id": "TCD", "page": 1, "char_start": i, "char_end": i + 4, "sentence_id": "s"}
            for i in range(mentions if status == "ok" else 0)]
    return {"documents": frame(docs, TABLES["documents"]), "mentions": frame(rows, TABLES["mentions"]),
            "links": frame([], TABLES["links"]), "sentences": frame([], TABLES["sentences"]),
            "blocks": frame([], TABLES["blocks"])}


def _count(db: Path, sql: str) -> int:
    return int(query_db(db, sql).iloc[0, 0])


def test_a_failed_rerun_keeps_the_good_result(tmp_path: Path) -> None:
    db = tmp_path / "nexus.duckdb"
    index_run(db, run_id="A", out_dir=tmp_path / "a", tables=_tables("d1", status="ok", mentions=5))
    index_run(db, run_id="B", out_dir=tmp_path / "b", tables=_tables("d1", status="failed", mentions=0))
    assert _count(db, "SELECT count(*) FROM mentions WHERE doc_id = 'd1'") == 5
    row = query_db(db, "SELECT status, latest_status, latest_error, latest_run FROM documents WHERE doc_id = 'd1'")
    assert row.to_dict("records") == [{"status": "ok", "latest_status": "failed", "latest_error": "timed out",
                                       "latest_run": "B"}]


def test_a_good_rerun_replaces_a_failure_and_an_older_result(tmp_path: Path) -> None:
    db = tmp_path / "nexus.duckdb"
    index_run(db, run_id="A", out_dir=tmp_path, tables=_tables("d1", status="failed", mentions=0))
    assert query_db(db, "SELECT status FROM documents").iloc[0, 0] == "failed"
    index_run(db, run_id="B", out_dir=tmp_path, tables=_tables("d1", status="ok", mentions=3))
    index_run(db, run_id="C", out_dir=tmp_path, tables=_tables("d1", status="ok", mentions=2))
    assert _count(db, "SELECT count(*) FROM mentions") == 2
    assert _count(db, "SELECT count(*) FROM documents") == 1
    assert query_db(db, "SELECT latest_status FROM documents").iloc[0, 0] == "ok"


def test_a_database_of_an_older_schema_gains_the_new_columns(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE documents (doc_id VARCHAR, source VARCHAR, status VARCHAR, error VARCHAR)")
    con.execute("INSERT INTO documents VALUES ('d0', 'old.pdf', 'ok', '')")
    con.close()
    index_run(db, run_id="A", out_dir=tmp_path, tables=_tables("d1", status="ok", mentions=1))
    assert _count(db, "SELECT count(*) FROM documents") == 2
    columns = set(query_db(db, "SELECT * FROM documents LIMIT 0").columns)
    assert {"title", "latest_status", "indexed_at"} <= columns


def test_an_error_inside_the_transaction_names_its_cause(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "nexus.duckdb"
    index_run(db, run_id="A", out_dir=tmp_path, tables=_tables("d1", status="ok", mentions=4))

    def disk_full(con: duckdb.DuckDBPyConnection, **kwargs: object) -> None:
        con.execute("DELETE FROM mentions")
        raise duckdb.IOException("could not write file: No space left on device")

    monkeypatch.setattr(db_module, "_write_run", disk_full)
    with pytest.raises(StoreError, match="No space left on device") as info:
        index_run(db, run_id="B", out_dir=tmp_path, tables=_tables("d1", status="ok", mentions=1))
    assert "rollback" not in str(info.value)
    monkeypatch.undo()
    assert _count(db, "SELECT count(*) FROM mentions") == 4  # rolled back


HOLD_LOCK = textwrap.dedent("""
    import sys, time, duckdb
    con = duckdb.connect(sys.argv[1])
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
    con.close()
""")


def _hold_lock(db: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(db), str(seconds)], stdout=subprocess.PIPE,
                            text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    return proc


def test_a_second_writer_waits_for_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "nexus.duckdb"
    index_run(db, run_id="A", out_dir=tmp_path, tables=_tables("d1", status="ok", mentions=1))
    holder = _hold_lock(db, 1.5)
    started = time.monotonic()
    index_run(db, run_id="B", out_dir=tmp_path, tables=_tables("d2", status="ok", mentions=2), lock_wait=30)
    assert time.monotonic() - started >= 0.5
    holder.wait(timeout=30)
    assert _count(db, "SELECT count(*) FROM documents") == 2


def test_a_lock_held_too_long_is_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "nexus.duckdb"
    index_run(db, run_id="A", out_dir=tmp_path, tables=_tables("d1", status="ok", mentions=1))
    holder = _hold_lock(db, 5)
    try:
        with pytest.raises(StoreError, match="locked by another process"):
            index_run(db, run_id="B", out_dir=tmp_path, tables=_tables("d2", status="ok", mentions=1), lock_wait=0.5)
    finally:
        holder.kill()
        holder.wait()
