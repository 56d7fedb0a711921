"""The web app's reads of the links: filtered, a page at a time, one by its key, those on a page, and the mentions
inside their evidence (parameterised SQL only)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from pipeline.resources.gcm import load_gcm
from pipeline.serve.database import Database
from pipeline.serve.filters import Filters, where_clause
from pipeline.serve.highlight import evidence_pieces

PAGE_SIZE = 50
"""Links shown on one page of the evidence browser."""
LINK_KEY_CHARS = 16
LINK_KEY = re.compile(rf"^[0-9a-f]{{{LINK_KEY_CHARS}}}$")
"""A link's key: the first hex digits of the md5 of its identifying fields."""
LINK_KEY_SQL = ("substr(md5(l.doc_id || '|' || coalesce(l.sentence_id, '') || '|' || l.source_id || '|' || "
                "l.target_id || '|' || l.relation || '|' || coalesce(CAST(l.char_start AS VARCHAR), '')), "
                f"1, {LINK_KEY_CHARS})")
LINK_SELECT = (
    "SELECT l.doc_id, l.source_id, l.target_id, l.relation, l.weight, l.evidence, l.page, l.sentence_id, "
    "l.char_start, l.char_end, l.x0, l.y0, l.x1, l.y1, l.countries, l.country_sources, l.actors, l.section, "
    "l.reason, l.evidence_spans, d.title, d.kind, d.symbol, d.year, d.source, " + LINK_KEY_SQL + " AS link_key "
    "FROM links l JOIN documents d ON d.doc_id = l.doc_id "
)
ORDER = " ORDER BY d.source, l.page, l.char_start, l.target_id, l.source_id, l.relation"
HIGHLIGHT_LABELS = ("MIGRATION_THEME", "SDG_GOAL", "SDG_TARGET", "SDG_INDICATOR")
"""The mention labels whose words are highlighted in an evidence text."""
MENTION_COLUMNS = ["doc_id", "char_start", "char_end", "label", "text"]
"""The columns of the mentions inside the evidence of links."""


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


def gcm_themes(number: int) -> tuple[str, ...]:
    """The migration themes a GCM objective covers."""
    return next((o.themes for o in load_gcm() if o.number == number), ())


class LinkReads(Database):
    """The reads of the served links that filters select."""

    def _where(self, filters: Filters) -> tuple[str, list[object]]:
        """The full condition of a filtered query: the served run and the filters."""
        scope, scope_params = self._scope()
        themes = gcm_themes(filters.gcm) if filters.gcm is not None else ()
        cond, params = where_clause(filters, themes_of_gcm=themes)
        return f"{scope} AND {cond}", [*scope_params, *params]

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
            return pd.DataFrame(columns=MENTION_COLUMNS)
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
