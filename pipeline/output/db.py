"""The embedded DuckDB database that indexes every run, so users can query across runs with SQL.

Rows are keyed by content-hash ids: re-indexing a document replaces its rows (upsert), in one transaction.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.errors import StoreError, one_line
from pipeline.output.store import STRUCTURE_TABLES, TABLES, frame

log = logging.getLogger(__name__)

INTEGER_COLUMNS = frozenset({"pages", "chars", "ocr_pages", "blocks", "sentences", "mentions", "links", "page",
                             "char_start", "char_end", "year", "row", "column"})
DOUBLE_COLUMNS = frozenset({"weight", "amount", "seconds", "x0", "top", "x1", "bottom", "y0", "y1"})
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


def _sql_type(column: str) -> str:
    if column in INTEGER_COLUMNS:
        return "BIGINT"
    if column in DOUBLE_COLUMNS:
        return "DOUBLE"
    return "VARCHAR"


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and add missing columns (a database made by an older nexus gains the new ones)."""
    for name in DB_TABLES:
        cols = ", ".join(f'"{c}" {_sql_type(c)}' for c in TABLES[name])
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({cols})")
        for column in TABLES[name]:
            con.execute(f'ALTER TABLE {name} ADD COLUMN IF NOT EXISTS "{column}" {_sql_type(column)}')
    for column, sql_type in LATEST_COLUMNS:
        con.execute(f'ALTER TABLE documents ADD COLUMN IF NOT EXISTS "{column}" {sql_type}')
    con.execute("CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR PRIMARY KEY, out_dir VARCHAR, indexed_at TIMESTAMP,"
                " documents BIGINT, ok BIGINT, failed BIGINT)")
    con.execute("CREATE TABLE IF NOT EXISTS run_documents (run_id VARCHAR, doc_id VARCHAR, source VARCHAR, status VARCHAR)")


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


def _kept_ids(con: duckdb.DuckDBPyConnection, docs: pd.DataFrame) -> set[str]:
    """Documents that failed in this run but hold a good (ok) result in the database: their rows are kept."""
    failed = sorted({str(d) for d, st in zip(docs["doc_id"], docs["status"]) if st != "ok"})
    if not failed:
        return set()
    con.register("failed_ids", pd.DataFrame({"doc_id": pd.Series(failed, dtype="string")}))
    rows = con.execute("SELECT DISTINCT doc_id FROM documents WHERE status = 'ok' "
                       "AND doc_id IN (SELECT doc_id FROM failed_ids)").fetchall()
    con.unregister("failed_ids")
    return {r[0] for r in rows}


def _unchanged_ids(con: duckdb.DuckDBPyConnection, docs: pd.DataFrame) -> set[str]:
    """Documents whose good result in the database has the same result key (pipeline.run.cache) as this run's:
    their rows are the same, so they are not written again."""
    if "result_key" not in docs.columns:
        return set()
    incoming = docs[(docs["status"].astype(str) == "ok") & (docs["result_key"].fillna("").astype(str) != "")]
    if incoming.empty:
        return set()
    con.register("keyed", pd.DataFrame({"doc_id": incoming["doc_id"].astype(str).astype("string"),
                                        "result_key": incoming["result_key"].astype(str).astype("string")}))
    rows = con.execute("SELECT d.doc_id FROM documents d JOIN keyed k ON d.doc_id = k.doc_id "
                       "AND d.result_key = k.result_key WHERE d.status = 'ok'").fetchall()
    con.unregister("keyed")
    return {r[0] for r in rows}


def _write_run(con: duckdb.DuckDBPyConnection, *, run_id: str, out_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    """The statements of one run's upsert (inside the caller's transaction)."""
    docs = tables["documents"]
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    kept = _kept_ids(con, docs) | _unchanged_ids(con, docs)
    ok_ids = {str(d) for d, st in zip(docs["doc_id"], docs["status"]) if st == "ok"}
    replaced = sorted(set(docs["doc_id"].astype(str)) - kept)
    con.register("run_ids", pd.DataFrame({"doc_id": pd.Series(replaced, dtype="string")}))
    for name in DB_TABLES:
        df = tables[name] if name in tables else frame([], TABLES[name])  # a table a caller left out is empty
        if name == "documents":
            df = df[~df["doc_id"].astype(str).isin(kept)] if len(df) else df
        elif len(df):
            df = df[df["doc_id"].astype(str).isin(ok_ids - kept)]
        con.execute(f"DELETE FROM {name} WHERE doc_id IN (SELECT doc_id FROM run_ids)")
        typed = _typed(df, TABLES[name])
        if name == "documents":
            typed["latest_status"] = typed["status"]
            typed["latest_error"] = typed["error"]
            typed["latest_run"] = run_id
            typed["indexed_at"] = now
        con.register("incoming", typed)
        cols = ", ".join(f'"{c}"' for c in typed.columns)
        con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM incoming")
        con.unregister("incoming")
    con.unregister("run_ids")
    _update_kept(con, docs[docs["doc_id"].astype(str).isin(kept)], run_id=run_id, now=now)
    failed_kept = int((docs["doc_id"].astype(str).isin(kept) & (docs["status"].astype(str) != "ok")).sum())
    if failed_kept:
        log.warning("%d document(s) failed in this run but keep their earlier good result in %s",
                    failed_kept, "the database")
    con.execute("DELETE FROM run_documents WHERE run_id = ?", [run_id])
    rd = pd.DataFrame({"run_id": run_id, "doc_id": docs["doc_id"].astype(str), "source": docs["source"].astype(str),
                       "status": docs["status"].astype(str)})
    con.register("rd", rd)
    con.execute("INSERT INTO run_documents SELECT run_id, doc_id, source, status FROM rd")
    con.unregister("rd")
    con.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?)", [
        run_id, str(out_dir), now, len(docs), int((docs["status"] == "ok").sum()),
        int((docs["status"] == "failed").sum())])


def _update_kept(con: duckdb.DuckDBPyConnection, kept: pd.DataFrame, *, run_id: str, now: datetime) -> None:
    """Set-based updates of the documents whose rows are kept: their latest status in this run and, when unchanged
    (ok), this run's file name on the document and its links (one statement each, not one per document)."""
    if kept.empty:
        return
    text = {c: (kept[c] if c in kept.columns else pd.Series([None] * len(kept), index=kept.index, dtype="object"))
            .astype("string") for c in ("doc_id", "status", "error", "source", "path", "cached")}  # NaN → NULL
    con.register("kept_docs", pd.DataFrame(text))
    con.execute("UPDATE documents SET latest_status = k.status, latest_error = k.error, latest_run = ?, "
                "indexed_at = ? FROM kept_docs k WHERE documents.doc_id = k.doc_id", [run_id, now])
    con.execute("UPDATE documents SET source = k.source, path = k.path, cached = k.cached FROM kept_docs k "
                "WHERE documents.doc_id = k.doc_id AND k.status = 'ok'")
    con.execute("UPDATE links SET source = k.source FROM kept_docs k WHERE links.doc_id = k.doc_id "
                "AND k.status = 'ok'")
    con.unregister("kept_docs")


def index_run(db_path: Path, *, run_id: str, out_dir: Path, tables: dict[str, pd.DataFrame],
              lock_wait: float = LOCK_WAIT_SECONDS) -> None:
    """Upsert one run's tables into the database in a single transaction (a failed attempt keeps a good result)."""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the folder of database {db_path}: {exc.strerror or exc}") from exc
    con = connect_for_writing(db_path, wait=lock_wait)
    in_transaction = False
    try:
        _ensure_schema(con)
        con.execute("BEGIN TRANSACTION")
        in_transaction = True
        _write_run(con, run_id=run_id, out_dir=out_dir, tables=tables)
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
