"""Counts of the filtered links by theme, SDG target, country or actor: what the evidence-gap map, the country
profiles and the countries list are drawn from (parameterised SQL only)."""
from __future__ import annotations

import pandas as pd

from pipeline.errors import ConfigError, invalid_value
from pipeline.serve.filters import Filters
from pipeline.serve.link_data import LinkReads

TARGET_LEVEL_SQL = "CASE WHEN coalesce(l.target, '') <> '' THEN 'SDG:' || l.target ELSE l.target_id END"
"""A link's SDG item at target level: an indicator's target, a target itself (a goal stays a goal)."""
SCOPE_COLUMNS = ("countries", "actors")
"""The list columns of a link that scope target counts are made by."""


class CountReads(LinkReads):
    """The cross-tables of the filtered links."""

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
        if column not in SCOPE_COLUMNS:
            raise ConfigError(invalid_value("scope column", column, SCOPE_COLUMNS))
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
