"""What the pages show, built from the store's frames: evidence rows, cross-tables (country profile, gap map) and
the graph's elements. No HTML here beyond the marked evidence (pipeline.serve.highlight)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from pipeline.output.sheets import sdg_wording
from pipeline.resources.gazetteers import country_by_iso3
from pipeline.serve.data import DOWNLOAD_COLUMNS, Store, items, sdg_sort_key
from pipeline.serve.filters import Filters
from pipeline.serve.highlight import highlight_row
from pipeline.vocab import GENERIC_ID, SDG_PREFIX, THEME_IDS

MAX_GRAPH_EDGES = 150
"""At most this many edges of each kind (theme, country, actor → target) are drawn, the strongest first."""
SCORE_DIGITS = 2


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a cross-table: its count, its colour intensity (0-1) and the evidence it opens."""

    n: int
    alpha: float
    href: str
    marked: bool = False


@dataclass(frozen=True, slots=True)
class Grid:
    """A cross-table: row ids and labels, column ids, and a cell per row and column."""

    rows: list[tuple[str, str]]
    columns: list[str]
    cells: dict[tuple[str, str], Cell]
    maximum: int


@lru_cache(maxsize=1024)
def country_name(iso3: str) -> str:
    """A country's English name ("MAR" → "Morocco"), or the code itself."""
    country = country_by_iso3().get(str(iso3).upper())
    return country.name.en if country is not None else str(iso3)


@lru_cache(maxsize=4096)
def sdg_label(item: str) -> str:
    """An SDG id for people: its code and its wording, clipped."""
    code = str(item).removeprefix(SDG_PREFIX)
    wording = sdg_wording(str(item))
    return f"{code} – {wording}" if wording else code


def theme_label(theme: str) -> str:
    """A theme id for people ("labour_migration" → "labour migration")."""
    return "migration (general)" if theme == GENERIC_ID else str(theme).replace("_", " ")


def _value(value: object) -> object:
    """A cell value for a template (missing → "")."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return ""
    return value


def evidence_rows(store: Store, frame: pd.DataFrame, *, pdf_docs: set[str]) -> list[dict[str, object]]:
    """The rows of the evidence browser: each link with its marked evidence and what it links to."""
    mentions = store.mentions_in(frame)
    rows = []
    for row in frame.itertuples(index=False):
        page = _value(row.page)
        box = [_value(getattr(row, c)) for c in ("x0", "y0", "x1", "y1")]
        rows.append({
            "key": row.link_key, "doc_id": row.doc_id, "title": _value(row.title) or Path(str(row.source)).name,
            "kind": _value(row.kind), "year": _value(row.year), "page": page, "section": _value(row.section),
            "relation": row.relation, "theme": row.source_id, "target": row.target_id,
            "target_label": sdg_label(row.target_id),
            "score": round(float(row.weight), SCORE_DIGITS) if _value(row.weight) != "" else "",
            "countries": [(c, country_name(c)) for c in items(row.countries)], "actors": items(row.actors),
            "evidence": highlight_row(row, mentions), "reason": _value(row.reason),
            "viewable": row.doc_id in pdf_docs and page != "",
            "has_box": all(v != "" for v in box),
        })
    return rows


def download_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The filtered links as a download holds them (DOWNLOAD_COLUMNS, the SDG item's wording added)."""
    out = frame.assign(sdg_wording=frame["target_id"].map(sdg_wording))
    return out[list(DOWNLOAD_COLUMNS)].reset_index(drop=True)


def _grid(counts: dict[tuple[str, str], int], rows: Sequence[tuple[str, str]], columns: Sequence[str],
          href: Callable[[str, str], str], marked: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset()) -> Grid:
    """A Grid of counts, each cell's intensity relative to the largest count."""
    maximum = max(counts.values(), default=0)
    cells = {}
    for row_id, _ in rows:
        for column in columns:
            n = counts.get((row_id, column), 0)
            cells[(row_id, column)] = Cell(n=n, alpha=round(n / maximum, 3) if maximum else 0.0,
                                           href=href(row_id, column), marked=(row_id, column) in marked)
    return Grid(rows=list(rows), columns=list(columns), cells=cells, maximum=maximum)


def country_grid(store: Store, filters: Filters, iso3: str) -> Grid:
    """Themes × SDG targets of the links whose scope holds a country; each cell counts links."""
    scoped = filters.with_(country=iso3)
    frame = store.theme_target_counts(scoped)
    counts = {(str(r.theme), str(r.target)): int(r.n) for r in frame.itertuples(index=False)}
    themes = sorted({t for t, _ in counts}, key=_theme_order)
    columns = sorted({c for _, c in counts}, key=sdg_sort_key)

    def href(theme: str, target: str) -> str:
        return "/?" + scoped.query_string(theme=theme, sdg=target, gcm=None)

    return _grid(counts, [(t, theme_label(t)) for t in themes], columns, href)


def _theme_order(theme: str) -> tuple[int, str]:
    """Themes in the contract's order, the general migration source last."""
    return (THEME_IDS.index(theme), "") if theme in THEME_IDS else (len(THEME_IDS), theme)


def gap_grid(store: Store, filters: Filters, *, rows: str) -> Grid:
    """The evidence-gap map: migration themes (or GCM objectives) × SDG targets present; each cell counts the
    distinct documents with evidence, and opens it."""
    from pipeline.serve.data import gcm_objectives

    triples = store.theme_target_documents(filters)
    columns = sorted(set(triples["target"].astype(str)), key=sdg_sort_key)
    if rows == "gcm":
        objectives = gcm_objectives()
        counts = {}
        for o in objectives:
            sub = triples[triples["theme"].isin(o.themes)]
            for target, n in sub.groupby("target")["doc_id"].nunique().items():
                counts[(str(o.number), str(target))] = int(n)
        marked = {(str(o.number), t) for o in objectives for t in o.sdg_targets}
        row_list = [(str(o.number), f"{o.number}. {o.title.get('en', '')}") for o in objectives]

        def href(number: str, target: str) -> str:
            return "/?" + filters.query_string(gcm=number, theme=None, sdg=target)

        return _grid(counts, row_list, columns, href, marked)
    counts = {(str(t), str(c)): int(n)
              for (t, c), n in triples.groupby(["theme", "target"])["doc_id"].nunique().items()}
    themes = [*THEME_IDS, GENERIC_ID]

    def theme_href(theme: str, target: str) -> str:
        return "/?" + filters.query_string(theme=theme, sdg=target, gcm=None)

    return _grid(counts, [(t, theme_label(t)) for t in themes], columns, theme_href)


def graph_elements(store: Store, filters: Filters) -> dict[str, object]:
    """The cytoscape elements of the links' graph: theme, country and actor nodes tied to SDG targets, each edge
    weighted by its links and carrying the evidence browser's URL for it."""
    nodes: dict[str, dict[str, str]] = {}
    edges: list[dict[str, object]] = []
    cut = {}

    def node(kind: str, item: str, label: str) -> str:
        node_id = f"{kind}:{item}" if kind != "target" else item
        nodes.setdefault(node_id, {"id": node_id, "label": label, "kind": kind})
        return node_id

    theme_counts = store.theme_target_counts(filters)
    layers = [("theme", theme_counts.rename(columns={"theme": "item"})),
              ("country", store.scope_target_counts(filters, column="countries")),
              ("actor", store.scope_target_counts(filters, column="actors"))]
    for kind, frame in layers:
        frame = frame.sort_values(["n", "item", "target"], ascending=[False, True, True])
        cut[kind] = max(0, len(frame) - MAX_GRAPH_EDGES)
        for r in frame.head(MAX_GRAPH_EDGES).itertuples(index=False):
            item, target = str(r.item), str(r.target)
            label = {"theme": theme_label, "country": country_name, "actor": str}[kind](item)
            source = node(kind, item, label)
            sink = node("target", target, target.removeprefix(SDG_PREFIX))
            changes: dict[str, object] = {kind: item, "sdg": target}
            if kind == "theme":
                changes["gcm"] = None
            href = "/?" + filters.query_string(**changes)
            edges.append({"data": {"id": f"{source}->{sink}", "source": source, "target": sink, "n": int(r.n),
                                   "kind": kind, "href": href,
                                   "title": f"{label} → {target.removeprefix(SDG_PREFIX)}: {int(r.n)} links"}})
    for target_id, data in nodes.items():
        if data["kind"] == "target":
            data["title"] = sdg_label(target_id)
    return {"elements": [{"data": n} for n in nodes.values()] + edges, "left_out": cut}

