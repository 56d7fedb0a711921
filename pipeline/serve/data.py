"""Every read of the web app from the DuckDB database: short-lived read-only connections, parameterised SQL only.

A :class:`Store` opens the database read-only for each call (so other readers and later writers are not kept out
for long) and may be limited to the documents of one indexed run (``nexus serve --run``).
"""
from __future__ import annotations

import contextlib
import logging
import re
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.errors import ConfigError, StoreError, did_you_mean, invalid_value, one_line
from pipeline.output.db_core import LOCK_MESSAGE, LOCK_RETRY_FIRST, LOCK_RETRY_MAX
from pipeline.output.query import cell_text
from pipeline.resources.gcm import load_gcm
from pipeline.serve.filters import Filters, Known, where_clause
from pipeline.serve.structure_data import StructureReads
from pipeline.serve.highlight import evidence_pieces
from pipeline.vocab import SDG_PREFIX

log = logging.getLogger(__name__)

PAGE_SIZE = 50
"""Links shown on one page of the evidence browser."""
LINK_KEY_CHARS = 16
LINK_KEY = re.compile(r"^[0-9a-f]{16}$")
"""A link's key: the first hex digits of the md5 of its identifying fields."""
LINK_KEY_SQL = ("substr(md5(l.doc_id || '|' || coalesce(l.sentence_id, '') || '|' || l.source_id || '|' || "
                "l.target_id || '|' || l.relation || '|' || coalesce(CAST(l.char_start AS VARCHAR), '')), 1, 16)")
LINK_SELECT = (
    "SELECT l.doc_id, l.source_id, l.target_id, l.relation, l.weight, l.evidence, l.page, l.sentence_id, "
    "l.char_start, l.char_end, l.x0, l.y0, l.x1, l.y1, l.countries, l.country_sources, l.actors, l.section, "
    "l.reason, l.evidence_spans, d.title, d.kind, d.symbol, d.year, d.source, " + LINK_KEY_SQL + " AS link_key "
    "FROM links l JOIN documents d ON d.doc_id = l.doc_id "
)
ORDER = " ORDER BY d.source, l.page, l.char_start, l.target_id, l.source_id, l.relation"
DOWNLOAD_COLUMNS = ("source", "doc_id", "title", "kind", "symbol", "year", "page", "section", "relation",
                    "source_id", "target_id", "sdg_wording", "weight", "countries", "actors", "evidence", "reason")
"""The columns of a download, in this order (what query_links gives, with the SDG item's wording)."""
HIGHLIGHT_LABELS = ("MIGRATION_THEME", "SDG_GOAL", "SDG_TARGET", "SDG_INDICATOR")
"""The mention labels whose words are highlighted in an evidence text."""
TARGET_LEVEL_SQL = "CASE WHEN coalesce(l.target, '') <> '' THEN 'SDG:' || l.target ELSE l.target_id END"
"""A link's SDG item at target level: an indicator's target, a target itself (a goal stays a goal)."""
LOCK_WAIT_SECONDS = 1.5
"""How long a request waits for another process's write lock on the database before it is answered 503."""
RUN_FOLDER_DEPTH = 2
"""A relative input path is also tried from a run's recorded folder and this many of its parents."""




class DatabaseBusy(StoreError):
    """Another process holds the database's write lock (for longer than LOCK_WAIT_SECONDS)."""


@dataclass(frozen=True, slots=True)
class Page:
    """One page of filtered links, and how many links the filters select in all."""

    rows: pd.DataFrame
    total: int
    number: int
    size: int

    @property
    def pages(self) -> int:
        """How many pages the filtered links fill."""
        return max(1, -(-self.total // self.size))


@dataclass(frozen=True, slots=True)
class DocumentFile:
    """A document of the database whose input file can be shown: its id, title, page count and PDF file."""

    doc_id: str
    title: str
    pages: int
    path: Path


SortKey = tuple[tuple[int, int, str], ...]


def sdg_sort_key(item: str) -> SortKey:
    """Order SDG ids as the framework does (SDG:2 < SDG:10, 10.7 < 10.a < 10.7.1)."""
    parts = str(item).removeprefix(SDG_PREFIX).split(".")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


@dataclass(slots=True)
class _Files:
    """What the store found of the documents' input files: recorded path and run folders → the file (or None)."""

    found: dict[tuple[str, tuple[str, ...]], Path | None] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Store(StructureReads):
    """Read-only access to a nexus database, optionally limited to one indexed run."""

    def __init__(self, db: Path, *, run: str | None = None) -> None:
        self.db = Path(db)
        if not self.db.is_file():
            raise StoreError(f"no database at {self.db}: run `nexus run ... --db {self.db}` first")
        self.run_id: str | None = None
        self._local = threading.local()
        self._files = _Files()
        self.lock_wait = LOCK_WAIT_SECONDS
        with self.connect() as con:
            tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
            missing = sorted({"documents", "links", "mentions", "runs", "run_documents"} - tables)
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
        return "l.doc_id IN (SELECT doc_id FROM run_documents WHERE run_id = ?)", [self.run_id]

    def _where(self, filters: Filters) -> tuple[str, list[object]]:
        """The full condition of a filtered query: the served run and the filters."""
        scope, scope_params = self._scope()
        themes = gcm_themes(filters.gcm) if filters.gcm is not None else ()
        cond, params = where_clause(filters, themes_of_gcm=themes)
        return f"{scope} AND {cond}", [*scope_params, *params]

    # -- the values filters are checked against and dropdowns are filled with --------------------------------

    def known(self) -> Known:
        """The actors, documents, years and runs of the served links (what filter values are checked against)."""
        scope, params = self._scope()
        with self.connect() as con:
            actors = {r[0] for r in con.execute(
                "SELECT DISTINCT unnest(string_split(l.actors, ';')) FROM links l "
                "WHERE " + scope + " AND coalesce(l.actors, '') <> ''", params).fetchall() if r[0]}
            docs = con.execute("SELECT d.doc_id, d.source, d.symbol, d.year FROM documents d WHERE "
                               + scope.replace("l.doc_id", "d.doc_id"), params).fetchall()
            runs = con.execute("SELECT run_id, out_dir FROM runs").fetchall()
        run_names: dict[str, str] = {}
        for run_id, out_dir in runs:
            if self.run_id is not None and run_id != self.run_id:
                continue
            run_names[str(run_id)] = str(run_id)
            run_names.setdefault(Path(str(out_dir)).name, str(run_id))
        documents = pd.DataFrame(docs, columns=["doc_id", "source", "symbol", "year"])
        return Known(actors=frozenset(actors), documents=documents, runs=run_names)

    def options(self) -> dict[str, list]:
        """The values present in the served links for each filter dropdown."""
        scope, params = self._scope()
        dscope = scope.replace("l.doc_id", "d.doc_id")
        with self.connect() as con:
            def column(sql: str) -> list:
                return [r[0] for r in con.execute(sql, params).fetchall() if r[0] not in (None, "")]

            themes = column("SELECT DISTINCT l.source_id FROM links l WHERE " + scope + " ORDER BY 1")
            targets = column("SELECT DISTINCT l.target_id FROM links l WHERE " + scope)
            countries = column("SELECT DISTINCT unnest(string_split(l.countries, ';')) FROM links l WHERE "
                               + scope + " ORDER BY 1")
            actors = column("SELECT DISTINCT unnest(string_split(l.actors, ';')) FROM links l WHERE "
                            + scope + " ORDER BY 1")
            kinds = column("SELECT DISTINCT d.kind FROM documents d WHERE " + dscope + " ORDER BY 1")
            years = column("SELECT DISTINCT d.year FROM documents d WHERE " + dscope + " ORDER BY 1")
            docs = con.execute("SELECT d.doc_id, coalesce(d.title, d.source) FROM documents d WHERE " + dscope
                               + " ORDER BY 2", params).fetchall()
            runs = con.execute("SELECT run_id, out_dir FROM runs ORDER BY indexed_at DESC").fetchall()
        sdg: set[str] = set()
        for target in targets:
            parts = str(target).removeprefix(SDG_PREFIX).split(".")
            sdg.update(".".join(parts[:k]) for k in range(1, len(parts) + 1))
        return {"theme": themes, "sdg": sorted(sdg, key=sdg_sort_key), "country": countries, "actor": actors,
                "relation": ["explicit", "inferred"], "kind": kinds, "year": [int(y) for y in years],
                "doc": [(str(d), str(t)) for d, t in docs],
                "run": [(str(r), Path(str(o)).name) for r, o in runs if self.run_id in (None, r)]}

    # -- links ---------------------------------------------------------------------------------------------------

    def count(self, filters: Filters) -> int:
        """How many links the filters select."""
        cond, params = self._where(filters)
        with self.connect() as con:
            return int(con.execute("SELECT count(*) FROM links l JOIN documents d ON d.doc_id = l.doc_id WHERE "
                                   + cond, params).fetchone()[0])

    def links_page(self, filters: Filters, *, number: int = 1, size: int = PAGE_SIZE) -> Page:
        """One page of the filtered links (1-based; a number past the last page is the last page) and their
        total count."""
        total = self.count(filters)
        number = max(1, min(number, -(-total // size)))
        cond, params = self._where(filters)
        rows = self.frame(LINK_SELECT + "WHERE " + cond + ORDER + " LIMIT ? OFFSET ?",
                          [*params, size, (number - 1) * size])
        return Page(rows=rows, total=total, number=number, size=size)

    def links(self, filters: Filters) -> pd.DataFrame:
        """Every filtered link (what a download holds)."""
        cond, params = self._where(filters)
        return self.frame(LINK_SELECT + "WHERE " + cond + ORDER, params)

    def link(self, key: str) -> pd.Series | None:
        """The served link with this key, or None."""
        if not LINK_KEY.match(key):
            return None
        scope, params = self._scope()
        rows = self.frame(LINK_SELECT + "WHERE " + scope + " AND " + LINK_KEY_SQL + " = ?", [*params, key])
        return None if rows.empty else rows.iloc[0]

    def links_on_page(self, doc_id: str, page: int) -> pd.DataFrame:
        """The served links whose evidence starts on one page of a document."""
        scope, params = self._scope()
        return self.frame(LINK_SELECT + "WHERE " + scope + " AND l.doc_id = ? AND l.page = ?" + ORDER,
                          [*params, doc_id, page])

    def mentions_in(self, rows: pd.DataFrame) -> pd.DataFrame:
        """The theme and SDG mentions inside the evidence of the given links (document, start, end, label, text)."""
        spans = [(str(row.doc_id), start, end) for row in rows.itertuples(index=False)
                 for start, end in evidence_pieces(row.evidence_spans)]
        if not spans:
            return pd.DataFrame(columns=["doc_id", "char_start", "char_end", "label", "text"])
        wanted = pd.DataFrame(spans, columns=["doc_id", "s", "e"]).drop_duplicates()
        labels = ", ".join("?" for _ in HIGHLIGHT_LABELS)
        with self.connect() as con:
            cur = con.cursor()  # a view registered on a cursor of its own, so concurrent requests never share it
            try:
                cur.register("wanted_spans", wanted)
                return cur.execute(
                    "SELECT DISTINCT m.doc_id, m.char_start, m.char_end, m.label, m.text FROM mentions m "
                    "JOIN wanted_spans w ON m.doc_id = w.doc_id AND m.char_start >= w.s AND m.char_end <= w.e "
                    "WHERE m.label IN (" + labels + ") ORDER BY m.doc_id, m.char_start", list(HIGHLIGHT_LABELS)).df()
            finally:
                cur.close()

    # -- documents -------------------------------------------------------------------------------------------------

    def documents(self) -> pd.DataFrame:
        """The served documents with their metadata, status and number of links."""
        scope, params = self._scope()
        dscope = scope.replace("l.doc_id", "d.doc_id")
        return self.frame(
            "SELECT d.doc_id, d.source, d.title, d.kind, d.symbol, d.year, d.pages, d.status, d.latest_status, "
            "d.error, (SELECT count(*) FROM links l WHERE l.doc_id = d.doc_id) AS n_links FROM documents d WHERE "
            + dscope + " ORDER BY d.source", params)

    def _document_rows(self, doc_id: str | None = None) -> pd.DataFrame:
        """The served documents (or one) with their recorded input path and the folders of their runs."""
        scope, params = self._scope()
        dscope = scope.replace("l.doc_id", "d.doc_id")
        one = " AND d.doc_id = ?" if doc_id is not None else ""
        return self.frame(
            "SELECT d.doc_id, d.title, d.pages, coalesce(nullif(d.path, ''), d.source) AS recorded, "
            "(SELECT list(DISTINCT r.out_dir ORDER BY r.out_dir) FROM run_documents rd JOIN runs r "
            "ON r.run_id = rd.run_id WHERE rd.doc_id = d.doc_id) AS run_dirs FROM documents d WHERE " + dscope
            + one, [*params, *([doc_id] if doc_id is not None else [])])

    def document_file(self, doc_id: str) -> DocumentFile | None:
        """A served document whose input file is a readable PDF (looked up by its id only), or None."""
        rows = self._document_rows(doc_id)
        if rows.empty:
            return None
        row = rows.iloc[0]
        path = self._input_file(cell_text(row["recorded"]), _folders(row["run_dirs"]))
        if path is None:
            return None
        pages = int(row["pages"]) if not pd.isna(row["pages"]) else 0
        return DocumentFile(doc_id=str(row["doc_id"]), title=cell_text(row["title"]) or path.name, pages=pages,
                            path=path)

    def missing_file(self, doc_id: str) -> str:
        """Why a document has no page to show: unknown, not a PDF, or its file not found where it was looked for
        (only what the database records is named: never a folder of the server)."""
        rows = self._document_rows(doc_id)
        if rows.empty:
            return f"no document with id {doc_id!r} in the database"
        recorded, run_dirs = cell_text(rows.iloc[0]["recorded"]), _folders(rows.iloc[0]["run_dirs"])
        if Path(recorded).suffix.lower() != ".pdf":
            return f"document {doc_id!r} is not a PDF (its input is {recorded!r}): it has no pages to show"
        where = ("its recorded path" if Path(recorded).is_absolute() else
                 "the server's working folder, the database's folder"
                 + "".join(f", {d!r} and its parents" for d in run_dirs))
        return f"the file {recorded!r} of document {doc_id!r} is not found (looked in {where})"

    def viewable(self) -> set[str]:
        """The ids of the served documents whose PDF file is found (as :meth:`document_file` finds it)."""
        rows = self._document_rows()
        return {str(r.doc_id) for r in rows.itertuples(index=False)
                if self._input_file(cell_text(r.recorded), _folders(r.run_dirs)) is not None}

    def _input_file(self, recorded: str, run_dirs: tuple[str, ...] = ()) -> Path | None:
        """The PDF file a recorded input path names: a relative path is tried from the working folder, beside
        the database and from the folders of its runs (and their parents); looked up once per store."""
        key = (recorded, run_dirs)
        with self._files.lock:
            if key in self._files.found:
                return self._files.found[key]
        found = None
        path = Path(recorded)
        if recorded and path.suffix.lower() == ".pdf":
            candidates = [path] if path.is_absolute() else [Path.cwd() / path, self.db.parent / path]
            if not path.is_absolute():
                for folder in map(Path, run_dirs):
                    base = folder if folder.is_absolute() else self.db.parent / folder
                    candidates += [b / path for b in (base, *base.parents[:RUN_FOLDER_DEPTH])]
            found = next((c for c in candidates if c.is_file()), None)
        with self._files.lock:
            self._files.found[key] = found
        return found

    # -- cross-tables ----------------------------------------------------------------------------------------------

    def theme_target_counts(self, filters: Filters) -> pd.DataFrame:
        """Counts of the filtered links by theme and SDG target (an indicator counted at its target, goal-level
        links left out): columns theme, target, n."""
        cond, params = self._where(filters)
        return self.frame(
            "SELECT l.source_id AS theme, " + TARGET_LEVEL_SQL + " AS target, count(*) AS n "
            "FROM links l JOIN documents d ON d.doc_id = l.doc_id WHERE " + cond
            + " AND coalesce(l.target, '') <> '' GROUP BY ALL", params)

    def theme_target_documents(self, filters: Filters) -> pd.DataFrame:
        """The distinct (document, theme, SDG target) triples of the filtered links (goal-level links left out)."""
        cond, params = self._where(filters)
        return self.frame(
            "SELECT DISTINCT l.doc_id, l.source_id AS theme, " + TARGET_LEVEL_SQL + " AS target "
            "FROM links l JOIN documents d ON d.doc_id = l.doc_id WHERE " + cond
            + " AND coalesce(l.target, '') <> ''", params)

    def scope_target_counts(self, filters: Filters, *, column: str) -> pd.DataFrame:
        """Links by an item of a list column (``countries`` or ``actors``) and SDG target: columns item, target, n."""
        if column not in ("countries", "actors"):
            raise ConfigError(invalid_value("scope column", column, ("countries", "actors")))
        cond, params = self._where(filters)
        list_sql = "string_split(l.countries, ';')" if column == "countries" else "string_split(l.actors, ';')"
        frame = self.frame(
            "SELECT unnest(" + list_sql + ") AS item, " + TARGET_LEVEL_SQL + " AS target FROM links l "
            "JOIN documents d ON d.doc_id = l.doc_id WHERE " + cond + " AND coalesce(l.target, '') <> ''", params)
        frame = frame[frame["item"].fillna("") != ""]
        return frame.groupby(["item", "target"], as_index=False).size().rename(columns={"size": "n"})


    def country_counts(self, filters: Filters) -> pd.DataFrame:
        """Links by country of their scope (each link counted once per country it holds, whatever its SDG
        level: the condition of the ``country`` filter): columns item, n, most links first."""
        cond, params = self._where(filters.with_(country=None))
        return self.frame(
            "SELECT item, count(*) AS n FROM (SELECT unnest(list_distinct(string_split(upper(coalesce(l.countries, "
            "'')), ';'))) AS item FROM links l JOIN documents d ON d.doc_id = l.doc_id WHERE " + cond + ") "
            "WHERE item <> '' GROUP BY item ORDER BY n DESC, item", params)


def gcm_themes(number: int) -> tuple[str, ...]:
    """The migration themes a GCM objective covers."""
    return next((o.themes for o in load_gcm() if o.number == number), ())


def _folders(value: object) -> tuple[str, ...]:
    """The run folders of a document (a DuckDB list, or nothing)."""
    if value is None or isinstance(value, float):
        return ()
    return tuple(str(v) for v in value if v)
