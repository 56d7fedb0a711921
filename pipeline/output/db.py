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
from pipeline.output.store import TABLES

log = logging.getLogger(__name__)

INTEGER_COLUMNS = frozenset({"pages", "chars", "ocr_pages", "blocks", "sentences", "mentions", "links", "page",
                             "char_start", "char_end"})
DOUBLE_COLUMNS = frozenset({"weight", "amount", "seconds", "x0", "top", "x1", "bottom"})
DB_TABLES: tuple[str, ...] = ("documents", "mentions", "links", "sentences")


def _sql_type(column: str) -> str:
    if column in INTEGER_COLUMNS:
        return "BIGINT"
    if column in DOUBLE_COLUMNS:
        return "DOUBLE"
    return "VARCHAR"


def _ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    for name in DB_TABLES:
        cols = ", ".join(f'"{c}" {_sql_type(c)}' for c in TABLES[name])
        con.execute(f"CREATE TABLE IF NOT EXISTS {name} ({cols})")
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


def index_run(db_path: Path, *, run_id: str, out_dir: Path, tables: dict[str, pd.DataFrame]) -> None:
    """Upsert one run's tables into the database in a single transaction."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(db_path))
    except duckdb.Error as exc:
        raise StoreError(f"cannot open database {db_path}: {exc}") from exc
    try:
        _ensure_schema(con)
        docs = tables["documents"]
        ok_ids = [str(d) for d, st in zip(docs["doc_id"], docs["status"]) if st == "ok"]
        con.execute("BEGIN TRANSACTION")
        ids = pd.DataFrame({"doc_id": pd.Series(sorted(set(docs["doc_id"].astype(str))), dtype="string")})
        con.register("run_ids", ids)
        for name in DB_TABLES:
            df = tables[name]
            if name != "documents":
                df = df[df["doc_id"].astype(str).isin(ok_ids)] if len(df) else df
            con.execute(f"DELETE FROM {name} WHERE doc_id IN (SELECT doc_id FROM run_ids)")
            typed = _typed(df, TABLES[name])
            con.register("incoming", typed)
            cols = ", ".join(f'"{c}"' for c in TABLES[name])
            con.execute(f"INSERT INTO {name} ({cols}) SELECT {cols} FROM incoming")
            con.unregister("incoming")
        con.execute("DELETE FROM run_documents WHERE run_id = ?", [run_id])
        rd = pd.DataFrame({"run_id": run_id, "doc_id": docs["doc_id"].astype(str), "source": docs["source"].astype(str),
                           "status": docs["status"].astype(str)})
        con.register("rd", rd)
        con.execute("INSERT INTO run_documents SELECT run_id, doc_id, source, status FROM rd")
        con.execute("INSERT OR REPLACE INTO runs VALUES (?, ?, ?, ?, ?, ?)", [
            run_id, str(out_dir), datetime.now(timezone.utc).replace(tzinfo=None), len(docs),
            int((docs["status"] == "ok").sum()), int((docs["status"] == "failed").sum())])
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"cannot index run into {db_path}: {exc}") from exc
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
