"""What the pages show, built from the store's frames: evidence rows, cross-tables (country profile, gap map) and
the graph's elements. No HTML here beyond the marked evidence (pipeline.serve.highlight)."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote, urlencode

import pandas as pd
from pipeline.output.query import list_items
from pipeline.output.sheets import sdg_wording
from pipeline.resources.gazetteers import country_by_iso3
from pipeline.resources.gcm import load_gcm
from pipeline.serve.data import Store
from pipeline.serve.filter_values import sdg_sort_key
from pipeline.serve.filters import Filters
from pipeline.serve.highlight import highlight_row
from pipeline.serve.pages import parse_box
from pipeline.vocab import GENERIC_ID, SDG_PREFIX, THEME_IDS

MAX_GRAPH_EDGES = 150
"""At most this many edges of each kind (theme, country, actor → target) are drawn, the strongest first."""
SCORE_DIGITS = 2
DOWNLOAD_COLUMNS = ("source", "doc_id", "title", "kind", "symbol", "year", "page", "section", "relation",
                    "source_id", "target_id", "sdg_wording", "weight", "countries", "actors", "evidence", "reason")
"""The columns of a download, in this order (what query_links gives, with the SDG item's wording)."""


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


def template_value(value: object) -> object:
    """A cell value for a template (missing → "")."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return value



def evidence_rows(store: Store, frame: pd.DataFrame, *, pdf_docs: set[str]) -> list[dict[str, object]]:
    """The rows of the evidence browser: each link with its marked evidence and what it links to."""
    mentions = store.mentions_in(frame)
    rows = []
    for row in frame.itertuples(index=False):
        page = template_value(row.page)
        box = [template_value(getattr(row, c)) for c in ("x0", "y0", "x1", "y1")]
        rows.append({
            "key": row.link_key, "doc_id": row.doc_id,
            "title": template_value(row.title) or Path(str(row.source)).name,
            "kind": template_value(row.kind), "year": template_value(row.year), "page": page,
            "section": template_value(row.section),
            "relation": row.relation, "theme": row.source_id, "target": row.target_id,
            "target_label": sdg_label(row.target_id),
            "score": round(float(row.weight), SCORE_DIGITS) if template_value(row.weight) != "" else "",
            "countries": [(c, country_name(c)) for c in list_items(row.countries)], "actors": list_items(row.actors),
            "evidence": highlight_row(row, mentions), "reason": template_value(row.reason),
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


def cell_sdg(filters: Filters, target: str) -> str:
    """The SDG filter of a cell or edge of ``target``: the user's own when it is narrower (an indicator of the
    target, which the count was made with), else the target."""
    if filters.sdg and filters.sdg.lower().startswith(target.lower() + "."):
        return filters.sdg
    return target


def country_grid(store: Store, filters: Filters, iso3: str) -> Grid:
    """Themes × SDG targets of the links whose scope holds a country; each cell counts links, and opens them."""
    scoped = filters.with_(country=iso3)
    frame = store.theme_target_counts(scoped)
    counts = {(str(r.theme), str(r.target)): int(r.n) for r in frame.itertuples(index=False)}
    themes = sorted({t for t, _ in counts}, key=_theme_order)
    columns = sorted({c for _, c in counts}, key=sdg_sort_key)

    def href(theme: str, target: str) -> str:
        return "/?" + scoped.query_string(theme=theme, sdg=cell_sdg(filters, target))

    return _grid(counts, [(t, theme_label(t)) for t in themes], columns, href)


def _theme_order(theme: str) -> tuple[int, str]:
    """Themes in the contract's order, the general migration source last."""
    return (THEME_IDS.index(theme), "") if theme in THEME_IDS else (len(THEME_IDS), theme)


def gap_grid(store: Store, filters: Filters, *, rows: str) -> Grid:
    """The evidence-gap map: migration themes (or GCM objectives) × SDG targets present; each cell counts the
    distinct documents with evidence, and opens that evidence (the filters narrowed by the cell). With a ``gcm``
    filter, the GCM rows are that objective's only."""
    triples = store.theme_target_documents(filters)
    columns = sorted(set(triples["target"].astype(str)), key=sdg_sort_key)
    if rows == "gcm":
        objectives = [o for o in load_gcm() if filters.gcm in (None, o.number)]
        counts = {}
        for o in objectives:
            sub = triples[triples["theme"].isin(o.themes)]
            for target, n in sub.groupby("target")["doc_id"].nunique().items():
                counts[(str(o.number), str(target))] = int(n)
        marked = {(str(o.number), t) for o in objectives for t in o.sdg_targets}
        row_list = [(str(o.number), f"{o.number}. {o.title.get('en', '')}") for o in objectives]

        def href(number: str, target: str) -> str:
            return "/?" + filters.query_string(gcm=number, sdg=cell_sdg(filters, target))

        return _grid(counts, row_list, columns, href, marked)
    counts = {(str(t), str(c)): int(n)
              for (t, c), n in triples.groupby(["theme", "target"])["doc_id"].nunique().items()}
    themes = [filters.theme] if filters.theme else [*THEME_IDS, GENERIC_ID]

    def theme_href(theme: str, target: str) -> str:
        return "/?" + filters.query_string(theme=theme, sdg=cell_sdg(filters, target))

    return _grid(counts, [(t, theme_label(t)) for t in themes], columns, theme_href)


def graph_elements(store: Store, filters: Filters) -> dict[str, object]:
    """The cytoscape elements of the links' graph: theme, country and actor nodes tied to SDG targets, each edge
    weighted by its links and carrying the evidence browser's URL for them (the filters narrowed by the edge; a
    country or actor filter keeps that country's or actor's edges only, since a URL holds one of each)."""
    nodes: dict[str, dict[str, str]] = {}
    edges: list[dict[str, object]] = []
    cut = {}

    def node(kind: str, item: str, label: str) -> str:
        node_id = f"{kind}:{item}" if kind != "target" else item
        nodes.setdefault(node_id, {"id": node_id, "label": label, "kind": kind})
        return node_id

    theme_counts = store.theme_target_counts(filters)
    countries = store.scope_target_counts(filters, column="countries")
    actors = store.scope_target_counts(filters, column="actors")
    if filters.country:
        countries = countries[countries["item"].astype(str).str.upper() == filters.country.upper()]
    if filters.actor:
        actors = actors[actors["item"].astype(str) == filters.actor]
    layers = [("theme", theme_counts.rename(columns={"theme": "item"})), ("country", countries), ("actor", actors)]
    for kind, frame in layers:
        frame = frame.sort_values(["n", "item", "target"], ascending=[False, True, True])
        cut[kind] = max(0, len(frame) - MAX_GRAPH_EDGES)
        for r in frame.head(MAX_GRAPH_EDGES).itertuples(index=False):
            item, target = str(r.item), str(r.target)
            label = {"theme": theme_label, "country": country_name, "actor": str}[kind](item)
            source = node(kind, item, label)
            sink = node("target", target, target.removeprefix(SDG_PREFIX))
            href = "/?" + filters.query_string(**{kind: item, "sdg": cell_sdg(filters, target)})
            edges.append({"data": {"id": f"{source}->{sink}", "source": source, "target": sink, "n": int(r.n),
                                   "kind": kind, "href": href,
                                   "title": f"{label} → {target.removeprefix(SDG_PREFIX)}: {int(r.n)} links"}})
    for target_id, data in nodes.items():
        if data["kind"] == "target":
            data["title"] = sdg_label(target_id)
    return {"elements": [{"data": n} for n in nodes.values()] + edges, "left_out": cut}


# -- structured tables -------------------------------------------------------------------------------------------

STRUCTURE_BOX = ("x0", "y0", "x1", "y1")
DOCUMENT_COLUMNS = ("doc_id", "doc_title", "doc_kind", "doc_year", "doc_source")
"""The document columns that lead a structured table's download."""


def page_href(doc_id: str, page: object, box: Sequence[object] | None, *, pdf_docs: set[str]) -> str:
    """The page view of a row's page with its box drawn (the evidence browser's ``/page/...?box=``), or "" when
    the document's PDF is not found or the row has no page; a box that is missing or not a box is left out."""
    page = template_value(page)
    if doc_id not in pdf_docs or page == "":
        return ""
    href = f"/page/{quote(str(doc_id), safe='')}/{int(page)}"
    values = [template_value(v) for v in (box or ())]
    if len(values) == 4 and all(v != "" for v in values):
        text = ",".join(f"{float(v):.2f}" for v in values)
        try:
            if parse_box(text) is not None:
                href += "?" + urlencode({"box": text})
        except ValueError:
            pass
    return href


def _document_of(row: dict[str, object]) -> dict[str, object]:
    """The document fields of a structured row for a template."""
    return {"doc_id": row["doc_id"],
            "title": template_value(row.get("doc_title")) or Path(str(row["doc_source"])).name,
            "kind": template_value(row.get("doc_kind")), "year": template_value(row.get("doc_year"))}


def structure_rows(frame: pd.DataFrame, columns: Sequence[str], *, pdf_docs: set[str]) -> list[dict[str, object]]:
    """The rows of a structured table for its page: document, page, page-view link and the shown columns."""
    out = []
    for row in frame.to_dict("records"):
        out.append({**_document_of(row), "page": template_value(row["page"]),
                    "href": page_href(str(row["doc_id"]), row["page"], [row[c] for c in STRUCTURE_BOX],
                                      pdf_docs=pdf_docs),
                    "values": {c: template_value(row[c]) for c in columns}})
    return out


@dataclass(frozen=True, slots=True)
class DrawnTable:
    """One detected table drawn as an HTML table: its document, first page (linked with the box of its cells
    there), column headers (their header paths) and rows of cell texts."""

    doc: dict[str, object]
    table_id: str
    page: object
    href: str
    headers: list[str]
    rows: list[list[str]]
    cells: int


def drawn_tables(frame: pd.DataFrame, *, pdf_docs: set[str]) -> list[DrawnTable]:
    """The cells of ``tables`` grouped into their tables (in the frame's order), rows × columns; the header
    rows (cells without a header path, above the first cell that has one) become the column headers."""
    out = []
    for (doc_id, table_id), cells in frame.groupby(["doc_id", "table_id"], sort=False):
        records = cells.to_dict("records")
        width = int(max(r["column"] for r in records)) + 1
        headers = [""] * width
        for r in records:
            path = str(template_value(r["header_path"]))
            if path and not headers[int(r["column"])]:
                headers[int(r["column"])] = path
        body_from = min((int(r["row"]) for r in records if template_value(r["header_path"]) != ""), default=0)
        grid: dict[int, list[str]] = {}
        for r in records:
            if int(r["row"]) < body_from:
                continue
            grid.setdefault(int(r["row"]), [""] * width)[int(r["column"])] = str(template_value(r["text"]))
        pages = [int(r["page"]) for r in records if template_value(r["page"]) != ""]
        first = min(pages) if pages else ""
        boxes = [[float(r[c]) for c in STRUCTURE_BOX] for r in records
                 if first != "" and template_value(r["page"]) == first
                 and all(template_value(r[c]) != "" for c in STRUCTURE_BOX)]
        box = ([min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                max(b[3] for b in boxes)] if boxes else None)
        out.append(DrawnTable(doc=_document_of(records[0]), table_id=str(table_id), page=first,
                              href=page_href(str(doc_id), first, box, pdf_docs=pdf_docs),
                              headers=headers if any(headers) else [], rows=[grid[k] for k in sorted(grid)],
                              cells=len(records)))
    return out


def structure_download(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """A structured table's filtered rows as a download holds them: the document's id, title, kind, year and
    source, then every column of the table."""
    wanted = [*DOCUMENT_COLUMNS, *(c for c in columns if c not in DOCUMENT_COLUMNS)]
    return frame[wanted].reset_index(drop=True)
