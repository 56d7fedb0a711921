"""The database's schema, its write lock, and the statements shared by every way a run is indexed.

Nothing here needs pandas: a run restored whole from the cache (pipeline.run.snapshot) is recorded in the database
with a few set-based statements over its documents.csv (:func:`index_restored_run`), in a fraction of a second.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import duckdb

from pipeline.errors import StoreError, one_line
from pipeline.output.store import DOUBLE_COLUMNS, INTEGER_COLUMNS, STRUCTURE_TABLES, TABLES

log = logging.getLogger(__name__)

DB_TABLES: tuple[str, ...] = ("documents", "mentions", "links", "sentences", *STRUCTURE_TABLES)


LATEST_COLUMNS: tuple[tuple[str, str], ...] = (
    ("latest_status", "VARCHAR"), ("latest_error", "VARCHAR"), ("latest_run", "VARCHAR"), ("indexed_at", "TIMESTAMP"),
)
"""Columns of the database's documents table beyond the run folder's: the outcome of the latest attempt.

A failed attempt never replaces a good result: the document keeps its rows (status ``ok``) and these columns say
that the latest attempt failed and why."""
LOCK_WAIT_SECONDS = 120.0
"""How long index_run waits for another process's lock on the database before it gives up."""
LOCK_RETRY_FIRST = 0.05
LOCK_RETRY_MAX = 2.0
LOCK_MESSAGE = "Could not set lock"
"""DuckDB's message when another process holds the database file."""


def sql_type(column: str) -> str:
    if column in INTEGER_COLUMNS:
        return "BIGINT"
    if column in DOUBLE_COLUMNS:
        return "DOUBLE"
    return "VARCHAR"


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and add missing columns (a database made by an older nexus gains the new ones)."""
    found: set[tuple[str, str]] = set(con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_catalog = current_database() "
        "AND table_schema = 'main'").fetchall())
    tables = {table for table, _ in found}
    wanted = [(name, TABLES[name]) for name in DB_TABLES]
    wanted.append(("documents", tuple(column for column, _ in LATEST_COLUMNS)))
    column_types = dict(LATEST_COLUMNS)
    for name, columns in wanted:
        if name not in tables:
            cols = ", ".join(f'"{c}" {column_types.get(c) or sql_type(c)}' for c in columns)
            con.execute(f"CREATE TABLE {name} ({cols})")
            tables.add(name)
            found.update((name, c) for c in columns)
        for column in columns:
            if (name, column) not in found:
                con.execute(f'ALTER TABLE {name} ADD COLUMN "{column}" {column_types.get(column) or sql_type(column)}')
                found.add((name, column))
    con.execute("CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, out_dir VARCHAR, indexed_at TIMESTAMP,"
                " documents BIGINT, ok BIGINT, failed BIGINT)")
    con.execute("CREATE TABLE IF NOT EXISTS run_documents (run_id VARCHAR, doc_id VARCHAR, source VARCHAR, status VARCHAR)")


def connect_for_writing(db_path: Path, *, wait: float = LOCK_WAIT_SECONDS) -> duckdb.DuckDBPyConnection:
    """Open the database for writing, waiting (bounded) while another nexus process holds its lock."""
    deadline = time.monotonic() + wait
    delay = LOCK_RETRY_FIRST
    warned = False
    while True:
        try:
            return duckdb.connect(str(db_path))
        except duckdb.Error as exc:
            if LOCK_MESSAGE not in str(exc):
                raise StoreError(f"cannot open database {db_path}: {one_line(str(exc))}") from exc
            if time.monotonic() + delay > deadline:
                raise StoreError(f"database {db_path} is locked by another process for more than {wait:.0f} s; "
                                 "the run folder is complete: index it later with the same command") from exc
            if not warned:
                log.warning("database %s is in use by another run; waiting up to %.0f s", db_path, wait)
                warned = True
            time.sleep(delay)
            delay = min(delay * 2, LOCK_RETRY_MAX)


def sql_text(value: object) -> str:
    """A value as an SQL string literal (quotes doubled).

    The statements of this module inline their values this way: binding any parameter makes DuckDB import pandas
    (0.8 s), which a run restored from the cache otherwise never needs."""
    return "'" + str(value).replace("'", "''") + "'"


def timestamp(moment: datetime) -> str:
    """A time as an SQL TIMESTAMP literal."""
    return f"CAST({sql_text(moment.isoformat(sep=' '))} AS TIMESTAMP)"


def apply_kept(con: duckdb.DuckDBPyConnection, relation: str, *, run_id: str, now: datetime) -> None:
    """Set-based updates of documents whose rows stay as they are (``relation`` has doc_id, status, error, source,
    path, cached): the latest attempt's status and, when it is ok, this run's file name on the document and its
    links."""
    con.execute(f"UPDATE documents SET latest_status = k.status, latest_error = k.error, "
                f"latest_run = {sql_text(run_id)}, indexed_at = {timestamp(now)} FROM {relation} k "
                "WHERE documents.doc_id = k.doc_id")
    con.execute(f"UPDATE documents SET source = k.source, path = k.path, cached = k.cached FROM {relation} k "
                "WHERE documents.doc_id = k.doc_id AND k.status = 'ok'")
    con.execute(f"UPDATE links SET source = k.source FROM {relation} k WHERE links.doc_id = k.doc_id "
                "AND k.status = 'ok'")


def record_run(con: duckdb.DuckDBPyConnection, relation: str, *, run_id: str, out_dir: Path, now: datetime) -> None:
    """The run's rows: which documents it holds (``relation`` has doc_id, source, status) and its counts."""
    run = sql_text(run_id)
    con.execute(f"DELETE FROM run_documents WHERE run_id = {run}")
    con.execute(f"INSERT INTO run_documents SELECT {run}, doc_id, source, status FROM {relation}")
    con.execute(f"INSERT OR REPLACE INTO runs SELECT {run}, {sql_text(out_dir)}, {timestamp(now)}, count(*), "
                f"count(*) FILTER (WHERE status = 'ok'), count(*) FILTER (WHERE status = 'failed') FROM {relation}")


@contextmanager
def run_transaction(db_path: Path, *, lock_wait: float = LOCK_WAIT_SECONDS) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the database (created, with its schema brought up to date) inside one transaction: committed
    when the block ends, rolled back and turned into a StoreError when a statement fails."""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder of database {db_path}: {exc.strerror or exc}") from exc
    con = connect_for_writing(db_path, wait=lock_wait)
    in_transaction = False
    try:
        ensure_schema(con)
        con.execute("BEGIN TRANSACTION")
        in_transaction = True
        yield con
        con.execute("COMMIT")
        in_transaction = False
    except (duckdb.Error, OSError) as exc:
        if in_transaction:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error as rollback_exc:  # the failed statement may have ended the transaction already
                log.debug("rollback after a failed index of %s: %s", db_path, rollback_exc)
        raise StoreError(f"cannot index run into {db_path}: {one_line(str(exc))}") from exc
    finally:
        con.close()


def index_restored_run(db_path: Path, *, run_id: str, out_dir: Path, documents_csv: Path,
                       lock_wait: float = LOCK_WAIT_SECONDS) -> bool:
    """Record a run whose every document already has the same rows in the database (same result key, status ok):
    its documents' latest status and names, and the run itself, in one transaction. False, with nothing written,
    when some document's rows are not there (the caller then indexes the run's tables)."""
    with run_transaction(db_path, lock_wait=lock_wait) as con:
        con.execute("CREATE TEMP TABLE restored AS SELECT doc_id, source, path, cached, status, error, result_key "
                    f"FROM read_csv({sql_text(documents_csv)}, all_varchar = true, header = true)")
        row = con.execute("SELECT count(*) FROM restored r WHERE r.status IS DISTINCT FROM 'ok' OR NOT EXISTS ("
                          "SELECT 1 FROM documents d WHERE d.doc_id = r.doc_id AND d.status = 'ok' "
                          "AND d.result_key = r.result_key)").fetchone()
        if row is None or row[0]:
            return False  # nothing was written: the commit is empty
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        apply_kept(con, "restored", run_id=run_id, now=now)
        record_run(con, "restored", run_id=run_id, out_dir=out_dir, now=now)
        con.execute("DROP TABLE restored")
    return True
