"""The web app's access to the DuckDB database: short-lived read-only connections and the served run's scope.

A :class:`Database` opens the database read-only for each call or request (so other readers and later writers are
not kept out for long) and may be limited to the documents of one indexed run (``nexus serve --run``); the reads
of :class:`~pipeline.serve.data.Store` are built on it.
"""
from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.errors import ConfigError, StoreError, did_you_mean, invalid_value, one_line
from pipeline.output.db_core import LOCK_MESSAGE, LOCK_RETRY_FIRST, LOCK_RETRY_MAX

log = logging.getLogger(__name__)

LOCK_WAIT_SECONDS = 1.5
"""How long a request waits for another process's write lock on the database before it is answered 503."""
REQUIRED_TABLES = frozenset({"documents", "links", "mentions", "runs", "run_documents"})
"""The tables a database must have to be served (a nexus database)."""
LINK_DOC_ID = "l.doc_id"
"""The column the served run's condition is written on (see :meth:`Database._scope`)."""


class DatabaseBusy(StoreError):
    """Another process holds the database's write lock (for longer than LOCK_WAIT_SECONDS)."""


class Database:
    """Read-only connections to a nexus database, optionally limited to one indexed run."""

    def __init__(self, db: Path, *, run: str | None = None) -> None:
        self.db = Path(db)
        if not self.db.is_file():
            raise StoreError(f"no database at {self.db}: run `nexus run ... --db {self.db}` first")
        self.run_id: str | None = None
        self._local = threading.local()
        self.lock_wait = LOCK_WAIT_SECONDS
        with self.connect() as con:
            tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            missing = sorted(REQUIRED_TABLES - tables)
            if missing:
                raise StoreError(f"{self.db} is not a nexus database (no table {', '.join(missing)})")
        if run is not None:
            self.run_id = self._resolve_run(run)

    def _open(self) -> duckdb.DuckDBPyConnection:
        """A new read-only connection, waiting briefly while another process writes the database (then
        DatabaseBusy, whose message names neither that process nor the database's path)."""
        deadline = time.monotonic() + self.lock_wait
        delay = LOCK_RETRY_FIRST
        while True:
            try:
                return duckdb.connect(str(self.db), read_only=True)
            except duckdb.Error as exc:
                if LOCK_MESSAGE not in str(exc):
                    raise StoreError(f"cannot open database {self.db.name}: {one_line(str(exc))}") from exc
                if time.monotonic() + delay > deadline:
                    log.warning("database %s is locked by another process: %s", self.db, one_line(str(exc)))
                    raise DatabaseBusy("the database is being written; retry in a moment") from exc
                time.sleep(delay)
                delay = min(delay * 2, LOCK_RETRY_MAX)

    @contextlib.contextmanager
    def session(self) -> Iterator[None]:
        """One read-only connection for all the reads of a request (this thread), closed at its end."""
        if getattr(self._local, "con", None) is not None:
            yield
            return
        self._local.con = self._open()
        try:
            yield
        finally:
            con, self._local.con = self._local.con, None
            con.close()

    @contextlib.contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """The request's read-only connection (see :meth:`session`), or a new one closed after use."""
        shared = getattr(self._local, "con", None)
        con = shared if shared is not None else self._open()
        try:
            yield con
        except duckdb.Error as exc:
            raise StoreError(f"query failed on {self.db}: {one_line(str(exc))}") from exc
        finally:
            if shared is None:
                con.close()

    def frame(self, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
        """The rows of one parameterised query as a DataFrame."""
        with self.connect() as con:
            return con.execute(sql, list(params)).df()

    def _resolve_run(self, run: str) -> str:
        """The run id of a run named by its id, its folder or its folder's name."""
        runs = self.frame("SELECT run_id, out_dir FROM runs ORDER BY indexed_at")
        resolved = str(Path(run).resolve())
        wanted = [str(r.run_id) for r in runs.itertuples(index=False)
                  if run in (str(r.run_id), str(r.out_dir)) or Path(str(r.out_dir)).name == run
                  or str(Path(str(r.out_dir)).resolve()) == resolved]
        if not wanted:
            names = [str(r) for r in runs["run_id"]] + [Path(str(d)).name for d in runs["out_dir"]]
            raise ConfigError(invalid_value("run", run, names, suggestions=did_you_mean(run, names) or None))
        return wanted[-1]

    def _scope(self) -> tuple[str, list[object]]:
        """The condition on ``l.doc_id`` that limits every query to the served run (TRUE when serving all)."""
        if self.run_id is None:
            return "TRUE", []
        return LINK_DOC_ID + " IN (SELECT doc_id FROM run_documents WHERE run_id = ?)", [self.run_id]

    def _scope_on(self, column: str) -> tuple[str, list[object]]:
        """The served run's condition written on another table's document column (``d.doc_id``, ``s.doc_id``)."""
        scope, params = self._scope()
        return scope.replace(LINK_DOC_ID, column), params
