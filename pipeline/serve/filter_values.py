"""The values of the served links that filter values are checked against and the filter dropdowns list."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.output.query import RELATIONS
from pipeline.serve.database import Database
from pipeline.serve.filters import Known
from pipeline.vocab import SDG_PREFIX

SortKey = tuple[tuple[int, int, str], ...]


def sdg_sort_key(item: str) -> SortKey:
    """Order SDG ids as the framework does (SDG:2 < SDG:10, 10.7 < 10.a < 10.7.1)."""
    parts = str(item).removeprefix(SDG_PREFIX).split(".")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


class FilterValues(Database):
    """The values filters are checked against and dropdowns are filled with, read from the served links."""

    def known(self) -> Known:
        """The actors, documents, years and runs of the served links (what filter values are checked against)."""
        scope, params = self._scope()
        dscope, _ = self._scope_on("d.doc_id")
        with self.connect() as con:
            actors = {r[0] for r in con.execute(
                "SELECT DISTINCT unnest(string_split(l.actors, ';')) FROM links l "
                "WHERE " + scope + " AND coalesce(l.actors, '') <> ''", params).fetchall() if r[0]}
            docs = con.execute("SELECT d.doc_id, d.source, d.symbol, d.year FROM documents d WHERE " + dscope,
                               params).fetchall()
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
        dscope, _ = self._scope_on("d.doc_id")
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
                "relation": list(RELATIONS), "kind": kinds, "year": [int(y) for y in years],
                "doc": [(str(d), str(t)) for d, t in docs],
                "run": [(str(r), Path(str(o)).name) for r, o in runs if self.run_id in (None, r)]}
