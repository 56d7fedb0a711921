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
    DB_TABLES, DOUBLE_COLUMNS, INTEGER_COLUMNS, LOCK_WAIT_SECONDS, apply_kept, record_run, run_transaction)
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
    rd = pd.DataFrame({"doc_id": docs["doc_id"].astype(str), "source": docs["source"].astype(str),
                       "status": docs["status"].astype(str)})
    con.register("rd", rd)
    record_run(con, "rd", run_id=run_id, out_dir=out_dir, now=now)
    con.unregister("rd")


def _update_kept(con: duckdb.DuckDBPyConnection, kept: pd.DataFrame, *, run_id: str, now: datetime) -> None:
    """Set-based updates of the documents whose rows are kept: their latest status in this run and, when unchanged
    (ok), this run's file name on the document and its links (one statement each, not one per document)."""
    if kept.empty:
        return
    text = {c: (kept[c] if c in kept.columns else pd.Series([None] * len(kept), index=kept.index, dtype="object"))
            .astype("string") for c in ("doc_id", "status", "error", "source", "path", "cached")}  # NaN → NULL
    con.register("kept_docs", pd.DataFrame(text))
    apply_kept(con, "kept_docs", run_id=run_id, now=now)
    con.unregister("kept_docs")


def index_run(db_path: Path, *, run_id: str, out_dir: Path, tables: dict[str, pd.DataFrame],
              lock_wait: float = LOCK_WAIT_SECONDS) -> None:
    """Upsert one run's tables into the database in a single transaction (a failed attempt keeps a good result)."""
    with run_transaction(db_path, lock_wait=lock_wait) as con:
        _write_run(con, run_id=run_id, out_dir=out_dir, tables=tables)


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
