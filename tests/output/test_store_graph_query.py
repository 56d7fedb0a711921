"""Tables, database upserts, graph exports and queries over a small synthetic run."""
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from pipeline.errors import ConfigError
from pipeline.output.db import index_run, query_db
from pipeline.output.graph import build_graph, read_graph_json, write_graph
from pipeline.output.query import matrix, query_links
from pipeline.output.store import combine, read_part, result_rows, write_part
from pipeline.output.stream import write_tables
from pipeline.types import DocResult, Document, Link, Mention, Page

TEXT = "Target 10.c: Morocco cuts remittance costs with IOM."


def _result(doc_id: str = "a" * 16) -> DocResult:
    doc = Document(doc_id=doc_id, source="r.pdf", path="r.pdf", text=TEXT,
                   pages=(Page(doc_id=doc_id, number=1, width=1, height=1, char_start=0, char_end=len(TEXT), blocks=()),),
                   title="R", language="en")
    spans = [("SDG_TARGET", "Target 10.c", "SDG:10.c"), ("COUNTRY", "Morocco", "MAR"),
             ("MIGRATION_THEME", "remittance", "remittances"), ("ORG", "IOM", "IOM")]
    mentions = tuple(Mention(doc_id=doc_id, mention_id=f"m{i}", label=l, text=t, canonical_id=c, page=1,
                             char_start=TEXT.index(t), char_end=TEXT.index(t) + len(t), sentence_id="s1")
                     for i, (l, t, c) in enumerate(spans))
    links = (Link(doc_id=doc_id, source_id="remittances", target_id="SDG:10.c", relation="explicit", weight=1.0,
                  evidence=TEXT, page=1, sentence_id="s1", char_start=0, char_end=len(TEXT), countries=("MAR",),
                  country_sources=("sentence",), actors=("IOM",)),)
    return DocResult(document=doc, mentions=mentions, links=links)


def test_contract_columns_and_parts(tmp_path: Path) -> None:
    result = _result()
    write_part(tmp_path, "k1", result)
    part = read_part(tmp_path, "k1")
    assert part is not None and (tmp_path / "text" / f"{'a' * 16}.txt").read_text() == TEXT
    tables = combine([part])
    write_tables(tmp_path, tables)
    docs = pd.read_csv(tmp_path / "documents.csv")
    assert list(docs.columns[:9]) == ["doc_id", "source", "title", "kind", "pages", "language", "chars", "status", "error"]
    ments = pd.read_csv(tmp_path / "mentions.csv")
    assert list(ments.columns[:10]) == ["doc_id", "mention_id", "label", "text", "canonical_id", "page", "char_start",
                                        "char_end", "sentence_id", "section"]
    assert ments.loc[ments.label == "SDG_TARGET", "goal"].tolist() == [10]
    links = pd.read_csv(tmp_path / "links.csv")
    assert list(links.columns[:8]) == ["doc_id", "source_id", "target_id", "relation", "weight", "evidence", "page",
                                       "sentence_id"]
    assert (tmp_path / "links.parquet").exists()
    assert not list(tmp_path.glob(".*.tmp"))


def test_empty_run_still_has_contract_columns(tmp_path: Path) -> None:
    write_tables(tmp_path, combine([]))
    assert "canonical_id" in pd.read_csv(tmp_path / "mentions.csv").columns


def test_database_upserts_instead_of_duplicating(tmp_path: Path) -> None:
    db = tmp_path / "n.duckdb"
    tables = combine([result_rows(_result())])
    index_run(db, run_id="r1", out_dir=tmp_path, tables=tables)
    index_run(db, run_id="r2", out_dir=tmp_path, tables=tables)
    assert query_db(db, "SELECT count(*) AS n FROM mentions")["n"][0] == 4
    assert query_db(db, "SELECT count(*) AS n FROM runs")["n"][0] == 2


def test_graph_round_trips_through_graphml_and_json(tmp_path: Path) -> None:
    tables = combine([result_rows(_result())])
    g = build_graph(tables)
    assert g.has_edge("theme:remittances", "SDG:10.c")
    assert g.has_edge("SDG:10", "SDG:10.c")  # goal → target hierarchy
    assert g.has_edge("org:IOM", "SDG:10.c") and g.has_edge("country:MAR", "SDG:10.c")  # from the link's scope
    assert g.nodes["SDG:10.c"]["label"].startswith("Target 10.c: By 2030, reduce to less than 3 per cent")
    assert not g.has_edge("org:IOM", "country:MAR")  # co-occurrence is a layer of its own, on request
    layered = build_graph(tables, co_occurrence=True)
    assert layered.get_edge_data("org:IOM", "country:MAR")["engages_in"]["layer"] == "co_occurrence"
    write_graph(g, tmp_path)
    for loaded in (nx.read_graphml(tmp_path / "graph.graphml", force_multigraph=True),
                   read_graph_json(tmp_path / "graph.json")):
        assert set(loaded.nodes) == set(g.nodes)
        assert sorted((u, v, d["relation"]) for u, v, d in loaded.edges(data=True)) == \
            sorted((u, v, d["relation"]) for u, v, d in g.edges(data=True))
        for n, data in g.nodes(data=True):
            assert loaded.nodes[n]["kind"] == data["kind"] and loaded.nodes[n]["label"] == data["label"]
        edge = [d for u, v, d in loaded.edges(data=True) if (u, v) == ("theme:remittances", "SDG:10.c")][0]
        assert edge["docs"] == "a" * 16 and float(edge["weight"]) == 1.0


def test_queries_filter_and_matrices() -> None:
    tables = combine([result_rows(_result()), result_rows(_result("b" * 16))])
    df = query_links(sdg="10", theme="remittances", country="MAR", tables=tables)
    assert len(df) == 2 and df["country_in_sentence"].all()
    assert query_links(sdg="10.7", tables=tables).empty
    assert query_links(country="FRA", tables=tables).empty
    m = matrix("country-target", tables=tables)
    assert m.loc["MAR", "SDG:10.c"] == 2
    with pytest.raises(ConfigError, match="matrix kind 'bogus' is not one of country-target"):
        matrix("bogus", tables=tables)


def test_graph_merged_across_runs_from_the_database(tmp_path: Path) -> None:
    from pipeline.output.query import load_tables

    db = tmp_path / "n.duckdb"
    index_run(db, run_id="r1", out_dir=tmp_path / "a", tables=combine([result_rows(_result())]))
    index_run(db, run_id="r2", out_dir=tmp_path / "b", tables=combine([result_rows(_result("b" * 16))]))
    g = build_graph(load_tables(db=db))
    edge = g.get_edge_data("theme:remittances", "SDG:10.c")["link"]
    assert edge["docs"] == f"{'a' * 16};{'b' * 16}" and edge["count"] == 2
    assert (edge["relation"], edge["explicit"], edge["inferred"], edge["documents"]) == ("explicit", 2, 0, "R | R")
    assert {"doc:" + "a" * 16, "doc:" + "b" * 16} <= set(g.nodes)


def test_link_rows_carry_scope_and_document_metadata_and_the_graph_edge_its_countries() -> None:
    tables = combine([result_rows(_result())])
    row = tables["links"].iloc[0]
    assert (row["countries"], row["country_sources"], row["actors"], row["title"], row["kind"]) == \
        ("MAR", "MAR:sentence", "IOM", "R", "other")
    edge = build_graph(tables).get_edge_data("theme:remittances", "SDG:10.c")["link"]
    assert edge["countries"] == "MAR"
    assert matrix("org-target", tables=tables).loc["IOM", "SDG:10.c"] == 1
