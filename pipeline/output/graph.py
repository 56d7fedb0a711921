"""Links (and, on request, mentions) → a networkx graph of themes, SDG items, countries, actors, documents and GCM
objectives.

The linkage layer (always): one theme → SDG item edge per pair, explicit and inferred counts merged on it, with its
documents (ids and titles), pages, best evidence and the countries in scope; country → SDG item and actor → SDG item
edges from the links' scope; document → SDG item edges; the SDG hierarchy and the GCM bridge. Nodes are labelled for
people ("Target 10.7: Facilitate orderly, safe, regular …"). The co-occurrence layer (``co_occurrence=True``):
document → mention edges and actor–country engagement in one sentence, marked ``layer=co_occurrence``.
Exports: GraphML, GEXF and node-link JSON; one run's tables or the whole database (all runs merged).
"""
from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import networkx as nx
import pandas as pd

from pipeline.clean import clip_words
from pipeline.output.files import atomic_path

log = logging.getLogger(__name__)

THEME_LABELS: dict[str, str] = {
    "labour_migration": "Labour migration", "remittances": "Remittances", "diaspora": "Diaspora",
    "refugees_asylum": "Refugees and asylum", "internal_migration": "Internal migration",
    "irregular_migration": "Irregular migration", "trafficking_smuggling": "Trafficking and smuggling",
    "return_reintegration": "Return and reintegration", "integration_inclusion": "Integration and inclusion",
    "migration_governance": "Migration governance", "migration_data": "Migration data",
    "circular_migration": "Circular migration", "gender_migration": "Gender and migration",
    "environmental_migration": "Environmental migration", "migration": "Migration (general)",
}
LABEL_KINDS: dict[str, str] = {
    "COUNTRY": "country", "GOV_BODY": "gov_body", "ORG": "org", "SDG_GOAL": "sdg_goal", "SDG_TARGET": "sdg_target",
    "SDG_INDICATOR": "sdg_indicator", "MIGRATION_THEME": "theme", "OUTPUT": "output",
}
ACTOR_LABELS = ("GOV_BODY", "ORG")
ENGAGEMENT_RELATION = "engages_in"
MENTION_RELATION = "mentions"
LINK_KEY = "link"
SCOPE_RELATION = "in_scope_of"
ACTOR_RELATION = "acts_on"
EVIDENCE_RELATION = "gives_evidence_for"
LINKAGE_LAYER, CO_OCCURRENCE_LAYER = "linkage", "co_occurrence"
SEP = ";"
TITLE_SEP = " | "
"""Separates document titles in an edge's ``documents`` attribute (titles hold semicolons)."""
LABEL_WORDING_CHARS = 60
"""A target's or indicator's node label quotes its official wording up to this many characters."""


def node_id(label: str, canonical_id: str, *, doc_id: str = "") -> str:
    """The graph node id of a mention's canonical id (programme outputs are scoped to their document)."""
    kind = LABEL_KINDS[label]
    if kind.startswith("sdg_"):
        return canonical_id
    if kind == "theme":
        return f"theme:{canonical_id}"
    if kind == "output":
        return f"output:{doc_id}:{canonical_id}"
    return f"{kind}:{canonical_id}"


def _target_node(target_id: str) -> str:
    return target_id if target_id.startswith("SDG:") else f"theme:{target_id}"


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    """Human labels for countries and SDG items from the project's resources (empty if unavailable)."""
    names: dict[str, str] = {}
    try:
        from pipeline.resources.gazetteers import load_countries
        from pipeline.resources.sdg import load_sdg

        for c in load_countries():
            names[c.iso3] = c.name.get("en") or c.iso3
        sdg = load_sdg()
        for g in sdg.goals:
            names[g.id] = f"Goal {g.number}: {g.short.get('en')}".rstrip(": ")
        for t in sdg.targets:
            names[t.id] = f"Target {t.code}: {clip_words(t.title.get('en') or '', LABEL_WORDING_CHARS)}".rstrip(": ")
        for i in sdg.indicators:
            names[i.id] = f"Indicator {i.code}: {clip_words(i.title.get('en') or '', LABEL_WORDING_CHARS)}".rstrip(": ")
    except Exception:  # noqa: BLE001 - labels are a nicety; the graph is built without them
        log.debug("resource names unavailable", exc_info=True)
    return names


def _add_node(g: nx.MultiDiGraph, nid: str, *, kind: str, label: str) -> None:
    if nid not in g:
        g.add_node(nid, kind=kind, label=label or nid)


def _add_sdg_hierarchy(g: nx.MultiDiGraph, sdg_id: str) -> None:
    """Add an SDG node with its parents and the goal→target→indicator edges."""
    code = sdg_id.removeprefix("SDG:")
    parts = code.split(".")
    names = _names()
    chain = [f"SDG:{'.'.join(parts[:i])}" for i in range(1, len(parts) + 1)]
    kinds = ("sdg_goal", "sdg_target", "sdg_indicator")
    for i, nid in enumerate(chain):
        _add_node(g, nid, kind=kinds[i], label=names.get(nid, nid))
        if i:
            rel = "has_target" if i == 1 else "has_indicator"
            if not g.has_edge(chain[i - 1], nid, key=rel):
                g.add_edge(chain[i - 1], nid, key=rel, relation=rel, weight=1.0, docs="")


def build_graph(tables: dict[str, pd.DataFrame], *, co_occurrence: bool = False) -> nx.MultiDiGraph:
    """Build the linkage graph of one run (or of the merged database tables); ``co_occurrence`` adds that layer."""
    g = nx.MultiDiGraph()
    titles: dict[str, str] = {}
    for row in tables["documents"].itertuples():
        if str(row.status) == "ok":
            title = str(getattr(row, "title", "") or "") or Path(str(row.source)).name
            titles[str(row.doc_id)] = title
            _add_node(g, f"doc:{row.doc_id}", kind="document", label=title)
            g.nodes[f"doc:{row.doc_id}"]["source"] = str(row.source)
    _add_links(g, tables["links"], titles)
    if co_occurrence:
        _add_co_occurrence(g, tables["mentions"])
    _add_gcm(g)
    return g


def _add_co_occurrence(g: nx.MultiDiGraph, mentions: pd.DataFrame) -> None:
    """Document → mention edges (counted) and actor–country engagement, marked as the co-occurrence layer."""
    names = _names()
    counts: Counter[tuple[str, str]] = Counter()
    for row in mentions.itertuples():
        if row.label not in LABEL_KINDS:
            continue
        nid = node_id(row.label, str(row.canonical_id), doc_id=str(row.doc_id))
        if LABEL_KINDS[row.label].startswith("sdg_"):
            _add_sdg_hierarchy(g, nid)
        else:
            label = THEME_LABELS.get(str(row.canonical_id)) or names.get(str(row.canonical_id)) or str(row.text)
            _add_node(g, nid, kind=LABEL_KINDS[row.label], label=label)
            if row.label == "GOV_BODY" and ":" in str(row.canonical_id):
                iso3 = str(row.canonical_id).split(":", 1)[0]
                cnode = f"country:{iso3}"
                _add_node(g, cnode, kind="country", label=names.get(iso3, iso3))
                if not g.has_edge(nid, cnode, key="of_country"):
                    g.add_edge(nid, cnode, key="of_country", relation="of_country", weight=1.0, docs="",
                               layer=CO_OCCURRENCE_LAYER)
        counts[(f"doc:{row.doc_id}", nid)] += 1
    for (dnode, nid), n in counts.items():
        if dnode in g:
            g.add_edge(dnode, nid, key=MENTION_RELATION, relation=MENTION_RELATION, weight=float(n), count=n,
                       docs=dnode.removeprefix("doc:"), layer=CO_OCCURRENCE_LAYER)
    _add_engagement(g, mentions)


def _add_engagement(g: nx.MultiDiGraph, mentions: pd.DataFrame) -> None:
    """Actor–country engagement: an organisation or body named in the same sentence as a country."""
    if mentions.empty:
        return
    per_sentence: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for row in mentions.itertuples():
        if row.label in ACTOR_LABELS or row.label == "COUNTRY":
            per_sentence[(str(row.doc_id), str(row.sentence_id))].append((row.label, str(row.canonical_id)))
    agg: dict[tuple[str, str], set[str]] = defaultdict(set)
    n: Counter[tuple[str, str]] = Counter()
    for (doc_id, _), items in per_sentence.items():
        countries = {cid for label, cid in items if label == "COUNTRY"}
        actors = {(label, cid) for label, cid in items if label in ACTOR_LABELS}
        for label, cid in actors:
            for iso3 in countries:
                key = (node_id(label, cid), f"country:{iso3}")
                agg[key].add(doc_id)
                n[key] += 1
    for (actor, country), doc_ids in agg.items():
        if actor in g and country in g:
            g.add_edge(actor, country, key=ENGAGEMENT_RELATION, relation=ENGAGEMENT_RELATION,
                       weight=float(n[(actor, country)]), docs=SEP.join(sorted(doc_ids)), layer=CO_OCCURRENCE_LAYER)


def _items(cell: object) -> list[str]:
    return [v for v in cell.split(SEP) if v] if isinstance(cell, str) else []


def _add_links(g: nx.MultiDiGraph, links: pd.DataFrame, titles: dict[str, str]) -> None:
    """The linkage layer: theme → SDG item edges (explicit and inferred merged, both counted) with documents, pages,
    best evidence and countries in scope; country, actor and document → SDG item edges from the same links."""
    if links.empty:
        return
    names = _names()
    links = links.assign(weight=pd.to_numeric(links["weight"], errors="coerce").fillna(0.0),
                         page=pd.to_numeric(links["page"], errors="coerce").fillna(0).astype(int))
    for (source, target), df in links.groupby(["source_id", "target_id"], sort=True):
        snode = f"theme:{source}"
        _add_node(g, snode, kind="theme", label=THEME_LABELS.get(str(source), str(source)))
        _add_sdg_hierarchy(g, str(target))
        relations = Counter(df["relation"].astype(str))
        best = df.sort_values(["relation", "weight"], ascending=[True, False]).iloc[0]  # explicit first
        doc_ids = sorted(set(df["doc_id"].astype(str)))
        g.add_edge(snode, str(target), key=LINK_KEY, layer=LINKAGE_LAYER,
                   relation="explicit" if relations.get("explicit") else "inferred",
                   explicit=int(relations.get("explicit", 0)), inferred=int(relations.get("inferred", 0)),
                   weight=float(df["weight"].max()), count=int(len(df)), docs=SEP.join(doc_ids),
                   documents=TITLE_SEP.join(titles.get(d, d) for d in doc_ids),
                   pages=SEP.join(f"{d}:{p}" for d, p in sorted(set(zip(df["doc_id"].astype(str), df["page"])))),
                   evidence=str(best["evidence"]), evidence_doc=str(best["doc_id"]), evidence_page=int(best["page"]),
                   countries=SEP.join(sorted({c for cell in df.get("countries", ()) for c in _items(cell)})))
    scoped: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    counts: Counter[tuple[str, str, str]] = Counter()
    for row in links.itertuples(index=False):
        target, doc_id = str(row.target_id), str(row.doc_id)
        ends = [(f"country:{iso3}", "country", names.get(iso3, iso3), SCOPE_RELATION)
                for iso3 in _items(getattr(row, "countries", ""))]
        ends += [(f"{kind}:{actor}", kind, actor, ACTOR_RELATION)
                 for actor in _items(getattr(row, "actors", "")) for kind in ("gov_body" if ":" in actor else "org",)]
        if f"doc:{doc_id}" in g:
            ends.append((f"doc:{doc_id}", "document", "", EVIDENCE_RELATION))
        for node, kind, label, relation in ends:
            _add_node(g, node, kind=kind, label=label)
            scoped[(node, target, relation)].add(doc_id)
            counts[(node, target, relation)] += 1
    for (node, target, relation), doc_ids in scoped.items():
        n = counts[(node, target, relation)]
        g.add_edge(node, target, key=relation, relation=relation, layer=LINKAGE_LAYER, weight=float(n), count=n,
                   docs=SEP.join(sorted(doc_ids)), documents=TITLE_SEP.join(titles.get(d, d) for d in sorted(doc_ids)))


def _add_gcm(g: nx.MultiDiGraph) -> None:
    """Bridge GCM objectives to the themes and SDG targets already in the graph."""
    try:
        from pipeline.resources.gcm import load_gcm
    except ImportError:
        return
    for obj in load_gcm():
        themes = [f"theme:{t}" for t in obj.themes if f"theme:{t}" in g]
        targets = [t for t in obj.sdg_targets if t in g]
        if not themes and not targets:
            continue
        gid = f"GCM:{obj.number}"
        title = obj.title.get("en") if hasattr(obj.title, "get") else str(obj.title)
        _add_node(g, gid, kind="gcm_objective", label=f"GCM objective {obj.number}: {title}")
        for t in themes:
            g.add_edge(gid, t, key="covers_theme", relation="covers_theme", weight=1.0, docs="")
        for t in targets:
            g.add_edge(gid, t, key="supports_target", relation="supports_target", weight=1.0, docs="")


def write_graph(g: nx.MultiDiGraph, out_dir: Path, *, stem: str = "graph") -> list[Path]:
    """Write GraphML, GEXF and node-link JSON atomically."""
    written = []
    target = out_dir / f"{stem}.graphml"
    with atomic_path(target) as tmp:
        nx.write_graphml(g, tmp)
    written.append(target)
    target = out_dir / f"{stem}.gexf"
    with atomic_path(target) as tmp:
        nx.write_gexf(g, tmp)
    written.append(target)
    target = out_dir / f"{stem}.json"
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(nx.node_link_data(g, edges="links"), ensure_ascii=False, indent=1), encoding="utf-8")
    written.append(target)
    return written


def read_graph_json(path: Path) -> nx.MultiDiGraph:
    """Load a node-link JSON graph written by :func:`write_graph`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return nx.node_link_graph(data, edges="links", directed=True, multigraph=True)
