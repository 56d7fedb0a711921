"""The embedded DuckDB database that indexes every run, so users can query across runs with SQL.

Rows are keyed by content-hash ids: re-indexing a document replaces its rows (upsert), in one transaction.
"""
from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.errors import StoreError
from pipeline.output.db_core import (
    DB_TABLES, DOUBLE_COLUMNS, INTEGER_COLUMNS, LOCK_WAIT_SECONDS, apply_kept, record_run, run_transaction, sql_text,
    sql_type, timestamp)
from pipeline.output.store import TABLES, frame

log = logging.getLogger(__name__)


def _typed(df: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    out = pd.DataFrame(index=df.index)
    for c in columns:
        s = df[c] if c in df.columns else pd.Series([None] * len(df), index=df.index, dtype="object")
        if c in INTEGER_COLUMNS:
            out[c] = pd.to_numeric(s, errors="coerce").astype("Int64")
        elif c in DOUBLE_COLUMNS:
            out[c] = pd.to_numeric(s, errors="coerce").astype("float64")
        else:
            out[c] = s.astype("string")
    return out


RUN_DOCS, KEPT, FRESH = "run_docs", "kept_ids", "fresh_ids"
"""Temporary tables of one run's upsert: its documents, those whose rows stay, those whose rows are written."""
ROW_ORDER = "file_row_number"
"""A source's row number (DuckDB's name for it in a Parquet file): rows are inserted in the run's order."""


def _write_run(con: duckdb.DuckDBPyConnection, *, run_id: str, out_dir: Path, sources: dict[str, str]) -> None:
    """The statements of one run's upsert (inside the caller's transaction), set-based over ``sources`` (table name
    → an SQL relation of the run's rows: a registered frame or a Parquet file); a table left out is empty.

    A document keeps its rows when it failed here but holds a good result, or when its good result has the same
    result key (pipeline.run.cache) as this run's; every other document of the run has its rows replaced."""
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {RUN_DOCS} AS SELECT CAST(doc_id AS VARCHAR) AS doc_id, "
                "CAST(source AS VARCHAR) AS source, CAST(status AS VARCHAR) AS status, "
                "CAST(error AS VARCHAR) AS error, CAST(path AS VARCHAR) AS path, CAST(cached AS VARCHAR) AS cached, "
                f"CAST(result_key AS VARCHAR) AS result_key FROM {sources['documents']}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {KEPT} AS SELECT DISTINCT r.doc_id FROM {RUN_DOCS} r "
                "JOIN documents d ON d.doc_id = r.doc_id AND d.status = 'ok' WHERE r.status IS DISTINCT FROM 'ok' "
                "OR (coalesce(r.result_key, '') <> '' AND d.result_key = r.result_key)")
    con.execute(f"CREATE OR REPLACE TEMP TABLE {FRESH} AS SELECT DISTINCT doc_id FROM {RUN_DOCS} "
                f"WHERE status = 'ok' AND doc_id NOT IN (SELECT doc_id FROM {KEPT})")
    replaced = f"SELECT DISTINCT doc_id FROM {RUN_DOCS} WHERE doc_id NOT IN (SELECT doc_id FROM {KEPT})"
    for name in DB_TABLES:
        con.execute(f"DELETE FROM {name} WHERE doc_id IN ({replaced})")
        source = sources.get(name)
        if source is None:
            continue
        cols = ", ".join(f'"{c}"' for c in TABLES[name])
        values = ", ".join(f'CAST("{c}" AS {sql_type(c)})' for c in TABLES[name])
        if name == "documents":
            con.execute(f"INSERT INTO documents ({cols}, latest_status, latest_error, latest_run, indexed_at) "
                        f"SELECT {values}, CAST(status AS VARCHAR), CAST(error AS VARCHAR), {sql_text(run_id)}, "
                        f"{timestamp(now)} FROM {source} WHERE doc_id NOT IN (SELECT doc_id FROM {KEPT}) "
                        f"ORDER BY {ROW_ORDER}")
        else:
            con.execute(f"INSERT INTO {name} ({cols}) SELECT {values} FROM {source} "
                        f"WHERE doc_id IN (SELECT doc_id FROM {FRESH}) ORDER BY {ROW_ORDER}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE kept_docs AS SELECT * FROM {RUN_DOCS} "
                f"WHERE doc_id IN (SELECT doc_id FROM {KEPT})")
    apply_kept(con, "kept_docs", run_id=run_id, now=now)
    row = con.execute("SELECT count(*) FROM kept_docs WHERE status IS DISTINCT FROM 'ok'").fetchone()
    if row and row[0]:
        log.warning("%d document(s) failed in this run but keep their earlier good result in %s", row[0],
                    "the database")
    record_run(con, RUN_DOCS, run_id=run_id, out_dir=out_dir, now=now)
    for temp in (RUN_DOCS, KEPT, FRESH, "kept_docs"):
        con.execute(f"DROP TABLE {temp}")


def index_run(db_path: Path, *, run_id: str, out_dir: Path, tables: dict[str, pd.DataFrame],
              lock_wait: float = LOCK_WAIT_SECONDS) -> None:
    """Upsert one run's tables (DataFrames) into the database in a single transaction (a failed attempt keeps a
    good result)."""
    with run_transaction(db_path, lock_wait=lock_wait) as con:
        sources = {}
        for name in DB_TABLES:
            df = tables[name] if name in tables else frame([], TABLES[name])  # a table a caller left out is empty
            typed = _typed(df, TABLES[name])
            typed[ROW_ORDER] = range(len(typed))
            con.register(f"incoming_{name}", typed)
            sources[name] = f"incoming_{name}"
        _write_run(con, run_id=run_id, out_dir=out_dir, sources=sources)
        for relation in sources.values():
            con.unregister(relation)


def index_run_files(db_path: Path, *, run_id: str, out_dir: Path, files: dict[str, Path],
                    lock_wait: float = LOCK_WAIT_SECONDS) -> None:
    """Upsert one run's tables from their Parquet files (table name → file), read by DuckDB itself: no table is
    held in Python's memory."""
    sources = {name: f"read_parquet({sql_text(path)}, file_row_number = true)" for name, path in files.items()
               if name in DB_TABLES}
    with run_transaction(db_path, lock_wait=lock_wait) as con:
        _write_run(con, run_id=run_id, out_dir=out_dir, sources=sources)


def query_db(db_path: Path, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    """Run a read-only SQL query against the database and return a DataFrame."""
    if not Path(db_path).exists():
        raise StoreError(f"no database at {db_path}: run `nexus run` first")
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        raise StoreError(f"cannot open database {db_path}: {exc}") from exc
    try:
        return con.execute(sql, list(params)).df()
    except duckdb.Error as exc:
        raise StoreError(f"query failed: {exc}") from exc
    finally:
        con.close()
