"""The web app's reads of the structured tables (pipeline.structure), on the read-only connections and run scope of
:class:`~pipeline.serve.database.Database`; parameterised SQL only (table and column names are the tables' own
constants)."""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from pipeline.output.store import STRUCTURE_TABLES
from pipeline.serve.database import Database
from pipeline.serve.filters import StructureFilters, structure_where

DOCUMENT_FIELDS = ("doc_title", "doc_kind", "doc_year", "doc_source")
"""The document columns a structured table's rows come with."""


class StructureReads(Database):
    """Reads of the structured tables (part of :class:`~pipeline.serve.data.Store`)."""

    def structure_present(self) -> set[str]:
        """The structured tables this database has (one made by an older nexus has none of them)."""
        with self.connect() as con:
            names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        return names & set(STRUCTURE_TABLES)

    def _structure_scope(self) -> tuple[str, list[object]]:
        """The served run's condition on the rows ``s`` of a structured table."""
        return self._scope_on("s.doc_id")

    def structure_summary(self) -> pd.DataFrame:
        """Each structured table present: its served rows and the documents they are in (columns name, rows,
        documents, tables, the last the distinct tables of ``tables``)."""
        scope, params = self._structure_scope()
        out = []
        present = self.structure_present()
        for name in STRUCTURE_TABLES:
            if name not in present:
                continue
            groups = "count(DISTINCT (s.doc_id, s.table_id))" if name == "tables" else "NULL"
            with self.connect() as con:
                rows, docs, tables = con.execute(
                    f"SELECT count(*), count(DISTINCT s.doc_id), {groups} FROM {name} s WHERE " + scope,
                    params).fetchone()
            out.append({"name": name, "rows": int(rows), "documents": int(docs), "tables": tables})
        return pd.DataFrame(out, columns=["name", "rows", "documents", "tables"])

    def structure_values(self, table: str, column: str) -> list[str]:
        """The distinct non-empty values of one column of a structured table's served rows (sorted)."""
        if table not in self.structure_present() or column not in STRUCTURE_TABLES[table]:
            return []
        scope, params = self._structure_scope()
        frame = self.frame(f'SELECT DISTINCT s."{column}" AS v FROM {table} s WHERE ' + scope
                           + f" AND coalesce(s.\"{column}\", '') <> '' ORDER BY 1", params)
        return [str(v) for v in frame["v"]]

    def structure_documents(self, table: str) -> list[tuple[str, str]]:
        """The served documents with rows in a structured table: (doc_id, title), by title."""
        if table not in self.structure_present():
            return []
        scope, params = self._structure_scope()
        rows = self.frame("SELECT DISTINCT d.doc_id, coalesce(d.title, d.source) AS title FROM documents d "
                          f"WHERE d.doc_id IN (SELECT s.doc_id FROM {table} s WHERE " + scope + ") ORDER BY 2",
                          params)
        return [(str(r.doc_id), str(r.title)) for r in rows.itertuples(index=False)]

    def _structure_where(self, table: str, filters: StructureFilters, text: Sequence[str]) -> tuple[str, list]:
        """The served run and a structured table's filters; for ``tables`` the text search selects whole tables
        (those with a cell that matches)."""
        scope, scope_params = self._structure_scope()
        search = ("EXISTS (SELECT 1 FROM tables t WHERE t.doc_id = s.doc_id AND t.table_id = s.table_id "
                  "AND ({}))") if table == "tables" else ""
        cond, params = structure_where(filters, text_columns=text, search_sql=search)
        return f"{scope} AND {cond}", [*scope_params, *params]

    def _structure_select(self, table: str) -> str:
        """The columns of a structured table's rows with their document's title, kind, year and source (named
        doc_title, doc_kind, doc_year, doc_source: ``results`` has a kind of its own)."""
        columns = ", ".join(f's."{c}"' for c in STRUCTURE_TABLES[table])
        return (f"SELECT {columns}, d.title AS doc_title, d.kind AS doc_kind, d.year AS doc_year, "
                f"d.source AS doc_source FROM {table} s "
                "JOIN documents d ON d.doc_id = s.doc_id ")

    def _empty_structure(self, table: str) -> pd.DataFrame:
        """No rows of a structured table (the columns it would have)."""
        return pd.DataFrame(columns=[*STRUCTURE_TABLES[table], *DOCUMENT_FIELDS])

    def structure_count(self, table: str, filters: StructureFilters, text: Sequence[str] = ()) -> int:
        """How many rows of a structured table the filters select (tables of ``tables``)."""
        if table not in self.structure_present():
            return 0
        cond, params = self._structure_where(table, filters, text)
        counted = "count(DISTINCT (s.doc_id, s.table_id))" if table == "tables" else "count(*)"
        with self.connect() as con:
            return int(con.execute(f"SELECT {counted} FROM {table} s JOIN documents d ON d.doc_id = s.doc_id "
                                   "WHERE " + cond, params).fetchone()[0])

    def structure_rows(self, table: str, filters: StructureFilters, text: Sequence[str] = (), *,
                       limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        """The filtered rows of a structured table in document and text order, all or one page (``limit``); for
        ``tables``, every cell of the tables selected, and a page is ``limit`` tables."""
        if table not in self.structure_present():
            return self._empty_structure(table)
        cond, params = self._structure_where(table, filters, text)
        page = " LIMIT ? OFFSET ?" if limit is not None else ""
        page_params = [limit, offset] if limit is not None else []
        if table != "tables":
            return self.frame(self._structure_select(table) + "WHERE " + cond
                              + " ORDER BY d.source, s.doc_id, s.page, s.char_start, s.char_end" + page,
                              [*params, *page_params])
        return self.frame(
            "WITH picked AS (SELECT s.doc_id, s.table_id, min(d.source) AS source, min(s.page) AS first_page, "
            "min(s.char_start) AS first_char FROM tables s JOIN documents d ON d.doc_id = s.doc_id WHERE " + cond
            + " GROUP BY s.doc_id, s.table_id ORDER BY source, s.doc_id, first_page, first_char, s.table_id" + page
            + ") " + self._structure_select(table)
            + "JOIN picked p ON p.doc_id = s.doc_id AND p.table_id = s.table_id "
            'ORDER BY p.source, p.doc_id, p.first_page, p.first_char, p.table_id, s."row", s."column"',
            [*params, *page_params])
