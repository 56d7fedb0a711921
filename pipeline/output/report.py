"""One self-contained HTML report of a run for a co-author: counts, three plots and the evidence table.

The plots (matplotlib, drawn off-screen) are embedded as PNG data: a country × SDG item heatmap (documents with
evidence), the theme → SDG item network of the links, and the links per document. Every text of the reports
themselves is escaped (report text is untrusted input).
"""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import pandas as pd

from pipeline.clean import clip_words
from pipeline.errors import StoreError
from pipeline.output.files import atomic_path

MAX_HEATMAP_ROWS = 25
MAX_HEATMAP_COLUMNS = 30
MAX_DOCUMENT_BARS = 25
"""The plots show at most this many countries, SDG items and documents (the most linked)."""
TITLE_CHARS = 60
"""Document titles on the bar chart are cut to this many characters."""
FIGURE_DPI = 110
PLOT_NAMES = ("country × SDG item", "theme → SDG item network", "links per document")
STYLE = """body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;
font-size:90%}td,th{border:1px solid #ccc;padding:4px;vertical-align:top}th{background:#eee;position:sticky;top:0}
img{max-width:100%;border:1px solid #ddd;margin:1em 0}.n{color:#555}"""
EVIDENCE_COLUMNS = (("title", "Document"), ("page", "Page"), ("source_id", "Theme"), ("target_id", "SDG item"),
                    ("relation", "Relation"), ("countries", "Countries"), ("evidence", "Evidence"))


def _png(figure: object) -> str:
    """A matplotlib figure as a base64 PNG data URI (the figure is closed)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _heatmap(tables: dict[str, pd.DataFrame]) -> str | None:
    """Countries × SDG items, documents with evidence counted."""
    import matplotlib.pyplot as plt

    from pipeline.output.query import matrix

    grid = matrix("country-target", tables=tables)
    if grid.empty:
        return None
    grid = grid.loc[grid.sum(axis=1).sort_values(ascending=False).index[:MAX_HEATMAP_ROWS]]
    grid = grid[grid.sum(axis=0).sort_values(ascending=False).index[:MAX_HEATMAP_COLUMNS]]
    fig, ax = plt.subplots(figsize=(max(6, 0.4 * grid.shape[1] + 2), max(3, 0.35 * grid.shape[0] + 1.5)))
    image = ax.imshow(grid.to_numpy(), cmap="Blues", aspect="auto")
    ax.set_xticks(range(grid.shape[1]), [str(c).removeprefix("SDG:") for c in grid.columns], rotation=90)
    ax.set_yticks(range(grid.shape[0]), [str(r) for r in grid.index])
    ax.set_title("Documents with evidence: country in scope × SDG item")
    fig.colorbar(image, ax=ax, label="documents")
    return _png(fig)


def _network(tables: dict[str, pd.DataFrame]) -> str | None:
    """Themes → SDG items, edge width by the number of links."""
    import matplotlib.pyplot as plt
    import networkx as nx

    links = tables["links"]
    if links.empty:
        return None
    pairs = links.groupby(["source_id", "target_id"]).size()
    g = nx.DiGraph()
    for (theme, target), n in pairs.items():
        g.add_edge(f"theme:{theme}", str(target), weight=int(n))
    pos = nx.spring_layout(g, seed=7, k=1.2 / max(1, len(g) ** 0.5))
    fig, ax = plt.subplots(figsize=(10, 8))
    themes = [n for n in g if n.startswith("theme:")]
    nx.draw_networkx_nodes(g, pos, nodelist=themes, node_color="#f4a261", node_size=500, ax=ax)
    nx.draw_networkx_nodes(g, pos, nodelist=[n for n in g if n not in themes], node_color="#2a9d8f", node_size=300,
                           ax=ax)
    widths = [0.5 + min(6.0, d["weight"] / 2) for _, _, d in g.edges(data=True)]
    nx.draw_networkx_edges(g, pos, width=widths, alpha=0.5, arrows=False, ax=ax)
    nx.draw_networkx_labels(g, pos, {n: n.removeprefix("theme:").removeprefix("SDG:") for n in g}, font_size=8, ax=ax)
    ax.set_title("Migration themes → SDG items (edge width: links)")
    ax.axis("off")
    return _png(fig)


def _per_document(tables: dict[str, pd.DataFrame]) -> str | None:
    """Links per document (explicit and inferred stacked), the most linked first."""
    import matplotlib.pyplot as plt

    links = tables["links"]
    if links.empty:
        return None
    titles = _titles(tables["documents"])
    counts = links.groupby(["doc_id", "relation"]).size().unstack(fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=True).index[-MAX_DOCUMENT_BARS:]]
    labels = [clip_words(titles.get(str(d), str(d)), TITLE_CHARS) for d in counts.index]
    fig, ax = plt.subplots(figsize=(9, max(2.5, 0.32 * len(counts) + 1)))
    left = [0] * len(counts)
    for relation, colour in (("explicit", "#264653"), ("inferred", "#e9c46a")):
        if relation in counts.columns:
            ax.barh(labels, counts[relation], left=left, color=colour, label=relation)
            left = [a + b for a, b in zip(left, counts[relation])]
    ax.set_xlabel("links")
    ax.legend()
    ax.set_title("Links per document")
    return _png(fig)


def _titles(documents: pd.DataFrame) -> dict[str, str]:
    """Doc id → its title (its file name when it has none)."""
    out = {}
    for row in documents.itertuples(index=False):
        title = str(getattr(row, "title", "") or "")
        out[str(row.doc_id)] = title if title and title != "nan" else Path(str(row.source)).name
    return out


def build_report(tables: dict[str, pd.DataFrame], *, heading: str = "nexus report") -> str:
    """The HTML text of the report of a run's (or the database's) tables."""
    import matplotlib

    matplotlib.use("Agg")
    from pipeline.output.query import query_links

    links = query_links(tables=tables)
    titles = _titles(tables["documents"])
    ok = tables["documents"][tables["documents"]["status"].astype(str) == "ok"]
    plots = [(name, draw(tables)) for name, draw in zip(PLOT_NAMES, (_heatmap, _network, _per_document))]
    esc = html.escape
    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>{esc(heading)}</title>"
             f"<style>{STYLE}</style></head><body><h1>{esc(heading)}</h1>",
             f"<p class='n'>{len(ok)} documents, {len(links)} links "
             f"({int((links['relation'] == 'explicit').sum())} explicit), "
             f"{links['target_id'].nunique()} SDG items, {links['source_id'].nunique()} themes</p>"]
    for name, uri in plots:
        parts.append(f"<h2>{esc(name)}</h2>" + (f"<img alt='{esc(name)}' src='{uri}'>" if uri else "<p>no links</p>"))
    parts.append("<h2>Evidence</h2><table><tr>" + "".join(f"<th>{esc(h)}</th>" for _, h in EVIDENCE_COLUMNS) + "</tr>")
    for row in links.to_dict("records"):
        row["title"] = titles.get(str(row["doc_id"]), "")
        parts.append("<tr>" + "".join(f"<td>{esc('' if pd.isna(row.get(c)) else str(row.get(c)))}</td>"
                                      for c, _ in EVIDENCE_COLUMNS) + "</tr>")
    parts.append("</table></body></html>")
    return "\n".join(parts)


def write_report(tables: dict[str, pd.DataFrame], path: Path, *, heading: str = "nexus report") -> Path:
    """Write the report as one self-contained HTML file, atomically."""
    text = build_report(tables, heading=heading)
    try:
        with atomic_path(Path(path)) as tmp:
            tmp.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return Path(path)
