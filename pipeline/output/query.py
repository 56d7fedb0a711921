"""Questions report authors ask, as pandas DataFrames: which SDG items are tied to which themes, where, by whom."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.output.db import query_db
from pipeline.errors import ConfigError

EVIDENCE_COLUMNS = ("source", "doc_id", "page", "relation", "source_id", "target_id", "weight", "evidence",
                    "sentence_id")
MATRIX_KINDS: tuple[str, ...] = ("country-target", "theme-target", "org-target", "country-theme")


def _sdg_prefix(sdg: str) -> str:
    code = sdg.strip().upper().removeprefix("SDG:").removeprefix("SDG").strip(" :")
    if not code or not code.replace(".", "").isalnum():
        raise ConfigError(f"--sdg: not an SDG code: {sdg!r} (examples: 10, 10.7, 10.c, 10.7.2)")
    return f"SDG:{code.lower()}"


def load_tables(*, db: Path | None = None, run_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """Documents, mentions and links from a run folder (its Parquet/CSV) or from the DuckDB index."""
    if run_dir is not None:
        out = {}
        for name in ("documents", "mentions", "links"):
            pq, csv = Path(run_dir) / f"{name}.parquet", Path(run_dir) / f"{name}.csv"
            if pq.exists():
                out[name] = pd.read_parquet(pq)
            elif csv.exists():
                out[name] = pd.read_csv(csv, dtype=str, keep_default_na=False)
            else:
                raise ConfigError(f"run folder {run_dir}: no {name}.csv or {name}.parquet")
        return out
    if db is None:
        raise ConfigError("give a database (--db) or a run folder (--run)")
    return {name: query_db(db, f"SELECT * FROM {name}") for name in ("documents", "mentions", "links")}


def _docs_with(mentions: pd.DataFrame, label: str, cid: str) -> tuple[set[str], set[str]]:
    """(doc ids, sentence ids) where a canonical id of a label is mentioned."""
    sel = mentions[(mentions["label"] == label) & (mentions["canonical_id"].astype(str).str.upper() == cid.upper())]
    return set(sel["doc_id"].astype(str)), set(sel["sentence_id"].astype(str))


def query_links(*, sdg: str | None = None, theme: str | None = None, country: str | None = None,
                org: str | None = None, relation: str | None = None, db: Path | None = None,
                run_dir: Path | None = None, tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The evidence table of links, filtered by SDG item (prefix), theme, country (ISO3) and organisation."""
    tables = tables or load_tables(db=db, run_dir=run_dir)
    links = tables["links"].copy()
    if links.empty:
        return pd.DataFrame(columns=[*EVIDENCE_COLUMNS, "country_in_sentence", "org_in_sentence"])
    links["weight"] = pd.to_numeric(links["weight"], errors="coerce")
    links["page"] = pd.to_numeric(links["page"], errors="coerce").astype("Int64")
    if sdg:
        prefix = _sdg_prefix(sdg)
        t = links["target_id"].astype(str).str.lower()
        links = links[(t == prefix.lower()) | t.str.startswith(prefix.lower() + ".")]
    if theme:
        links = links[links["source_id"].astype(str) == theme]
    if relation:
        links = links[links["relation"].astype(str) == relation]
    mentions = tables["mentions"]
    for flag, label, value in (("country_in_sentence", "COUNTRY", country), ("org_in_sentence", "ORG", org)):
        if value:
            doc_ids, sent_ids = _docs_with(mentions, label, value)
            links = links[links["doc_id"].astype(str).isin(doc_ids)].copy()
            links[flag] = links["sentence_id"].astype(str).isin(sent_ids)
    docs = tables["documents"][["doc_id", "source"]].drop_duplicates("doc_id")
    if "source" in links.columns:
        links = links.drop(columns=["source"])
    links = links.merge(docs, on="doc_id", how="left")
    extra = [c for c in ("country_in_sentence", "org_in_sentence") if c in links.columns]
    cols = [*EVIDENCE_COLUMNS, *extra]
    return links[cols].sort_values(["source", "page", "target_id", "source_id"]).reset_index(drop=True)


def matrix(kind: str, *, db: Path | None = None, run_dir: Path | None = None,
           tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """A cross-table of documents: country × SDG target, theme × SDG target, org × SDG target or country × theme.

    A cell counts the documents that both mention the row item and carry a link to the column item
    (theme × target counts documents with that link).
    """
    if kind not in MATRIX_KINDS:
        raise ConfigError(f"matrix: unknown kind {kind!r} (valid: {', '.join(MATRIX_KINDS)})")
    tables = tables or load_tables(db=db, run_dir=run_dir)
    links, mentions = tables["links"], tables["mentions"]
    if links.empty:
        return pd.DataFrame()
    links = links[links["source_id"].astype(str) != "migration"] if kind.endswith("theme") else links
    row_kind, col_kind = kind.split("-")
    if row_kind == "theme":
        pairs = links[["doc_id", "source_id", "target_id"]].drop_duplicates()
        pairs = pairs.rename(columns={"source_id": "row", "target_id": "col"})
    else:
        label = {"country": "COUNTRY", "org": "ORG"}[row_kind]
        rows = mentions[mentions["label"] == label][["doc_id", "canonical_id"]].drop_duplicates()
        col_field = "target_id" if col_kind == "target" else "source_id"
        cols = links[["doc_id", col_field]].drop_duplicates().rename(columns={col_field: "col"})
        pairs = rows.rename(columns={"canonical_id": "row"}).merge(cols, on="doc_id")
    if pairs.empty:
        return pd.DataFrame()
    table = pairs.drop_duplicates().pivot_table(index="row", columns="col", values="doc_id", aggfunc="nunique",
                                                fill_value=0)
    table.index.name, table.columns.name = row_kind, col_kind
    return table
