"""Questions report authors ask, as pandas DataFrames: which SDG items are tied to which themes, where, by whom."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipeline.errors import MAX_LISTED, ConfigError, did_you_mean, invalid_value
from pipeline.output.db import query_db
from pipeline.output.store import LIST_SEPARATOR, read_table
from pipeline.resources.gazetteers import country_by_iso3
from pipeline.resources.sdg import load_sdg, normalize_sdg_code
from pipeline.types import DOC_KINDS
from pipeline.vocab import GENERIC_ID, SDG_PREFIX, THEME_IDS

SCOPE_COLUMNS = ("countries", "country_sources", "actors", "section", "reason", "headers", "title", "kind",
                 "symbol", "year")
"""Columns of a link's scope and provenance (pipeline.link); empty for runs made before links carried them."""
EVIDENCE_COLUMNS = ("source", "doc_id", "page", "relation", "source_id", "target_id", "weight", "evidence",
                    "sentence_id", *SCOPE_COLUMNS)
DOCUMENT_COLUMNS = ("source", "title", "kind", "symbol", "year")
"""Columns of a link that describe its document: taken from the documents table, which the links copy."""
MATRIX_KINDS: tuple[str, ...] = ("country-target", "theme-target", "org-target", "country-theme")
RELATIONS: tuple[str, ...] = ("explicit", "inferred")
"""The values of the ``relation`` column of links.csv."""
SDG_EXAMPLES = "such as 10, 10.7, 10.c or 10.7.2"
_SDG_WORD = re.compile(r"^\s*sdg[\s:]*", re.IGNORECASE)


def sdg_id(sdg: str) -> str:
    """The canonical id ("SDG:10.c") of an SDG goal, target or indicator code that exists in the framework."""
    code = normalize_sdg_code(sdg)
    framework = load_sdg()
    if code is not None and framework.is_valid(code):
        return SDG_PREFIX + code
    codes = (*(g.number for g in framework.goals), *(t.code for t in framework.targets),
             *(i.code for i in framework.indicators))
    described = f"the {len(codes)} goals, targets and indicators of the SDG framework ({SDG_EXAMPLES})"
    raise ConfigError(invalid_value("sdg", sdg, codes, described=described,
                                    suggestions=did_you_mean(_SDG_WORD.sub("", sdg), codes)))


def theme_id(theme: str) -> str:
    """A migration theme id of the output contract, or ``migration`` (links of a migration mention in general)."""
    valid = (*THEME_IDS, GENERIC_ID)
    if theme not in valid:
        raise ConfigError(invalid_value("theme", theme, valid))
    return theme


def country_iso3(country: str, *, by_name: bool = False) -> str:
    """The ISO3 code of a country in countries.json (any case); a country's name is answered with its code (as
    the error's suggestion, or as the result when ``by_name`` and exactly one country has that name)."""
    by_iso3 = country_by_iso3()
    iso3 = country.strip().upper()
    if iso3 in by_iso3:
        return iso3
    named = countries_named(country)
    if by_name and len(named) == 1:
        return named[0]
    described = f"the {len(by_iso3)} ISO3 codes of countries.json (such as MAR)"
    raise ConfigError(invalid_value("country", country, by_iso3, described=described, suggestions=named or None))


def countries_named(name: str) -> list[str]:
    """The ISO3 codes of the countries one of whose names (English, French, Spanish, alias) is ``name``."""
    folded = name.strip().casefold()
    return [code for code, c in country_by_iso3().items()
            if folded in {n.casefold() for n in (c.name.en, c.name.fr, c.name.es, *c.aliases) if n}]


def relation_name(relation: str) -> str:
    """A link relation: ``explicit`` or ``inferred``."""
    if relation not in RELATIONS:
        raise ConfigError(invalid_value("relation", relation, RELATIONS))
    return relation


def kind_name(kind: str) -> str:
    """A document kind of the output contract (``resolution``, ``evaluation``, ``vnr`` ...)."""
    if kind not in DOC_KINDS:
        raise ConfigError(invalid_value("kind", kind, DOC_KINDS))
    return kind


def document_names(documents: pd.DataFrame) -> dict[str, str]:
    """Every name a document answers to (doc id, file name with and without suffix, UN symbol), folded → its
    doc id."""
    names: dict[str, str] = {}
    for row in documents.itertuples(index=False):
        doc_id = str(row.doc_id)
        source = Path(cell_text(getattr(row, "source", "")))
        for name in (doc_id, source.name, source.stem, cell_text(getattr(row, "symbol", ""))):
            if name:
                names.setdefault(name.casefold(), doc_id)
    return names


def cell_text(value: object) -> str:
    """A cell as text; a missing value (None, NaN, NA) is ""."""
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def document_ids(doc: str, documents: pd.DataFrame, *, what: str = "documents of the tables") -> str:
    """The doc id of a document named by its id, file name (with or without suffix) or UN symbol; ``what`` names
    the documents in the error (their files are listed when few)."""
    found = document_names(documents).get(doc.strip().casefold())
    if found is None:
        sources = [Path(cell_text(s)) for s in documents.get("source", pd.Series(dtype=str))]
        files = sorted({p.name for p in sources if p.name})
        spelled = [*files, *sorted({p.stem for p in sources if p.stem}),
                   *(cell_text(v) for v in documents.get("symbol", pd.Series(dtype=str)) if cell_text(v))]
        kinds = "(a doc id, a file name or a UN symbol)"
        described = (f"{', '.join(files)} (the {what}: {kinds.strip('()')})" if len(files) <= MAX_LISTED
                     else f"the {len(files)} {what} {kinds}")
        raise ConfigError(invalid_value("doc", doc, files, described=described,
                                        suggestions=did_you_mean(doc, spelled) or None))
    return found


def year_value(year: int, documents: pd.DataFrame) -> int:
    """A year that some document of the tables carries."""
    years = sorted({int(y) for y in pd.to_numeric(documents.get("year", pd.Series(dtype=str)), errors="coerce")
                    .dropna()})
    if year not in years:
        raise ConfigError(invalid_value("year", year, [str(y) for y in years]))
    return year


def filter_documents(tables: dict[str, pd.DataFrame], *, kind: str | None = None, doc: str | None = None,
                     year: int | None = None) -> dict[str, pd.DataFrame]:
    """The tables restricted to the documents of one kind, one document and/or one year (values checked)."""
    if kind is None and doc is None and year is None:
        return tables
    documents = tables["documents"]
    keep = pd.Series(True, index=documents.index)
    if kind is not None:
        keep &= documents["kind"].astype(str) == kind_name(kind)
    if doc is not None:
        keep &= documents["doc_id"].astype(str) == document_ids(doc, documents)
    if year is not None:
        keep &= pd.to_numeric(documents["year"], errors="coerce") == year_value(year, documents)
    ids = set(documents.loc[keep, "doc_id"].astype(str))
    return {name: df[df["doc_id"].astype(str).isin(ids)] if "doc_id" in df.columns else df
            for name, df in tables.items()}


def load_tables(*, db: Path | None = None, run_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """Documents, mentions and links from a run folder (its Parquet/CSV) or from the DuckDB index."""
    if run_dir is not None and not Path(run_dir).is_dir() and db is not None and Path(db).exists():
        return _run_tables(db, str(run_dir))
    if run_dir is not None:
        out = {}
        for name in ("documents", "mentions", "links"):
            found = read_table(Path(run_dir), name)
            if found is None:
                raise ConfigError(f"run folder {run_dir}: no {name}.csv or {name}.parquet")
            out[name] = found
        return out
    if db is None:
        raise ConfigError("give a database (--db) or a run folder (--run)")
    return {name: query_db(db, f"SELECT * FROM {name}") for name in ("documents", "mentions", "links")}


def _run_tables(db: Path, run: str) -> dict[str, pd.DataFrame]:
    """The database's tables limited to the documents of one indexed run, named by its run id (or its folder,
    when that folder is gone)."""
    runs = query_db(db, "SELECT run_id, out_dir FROM runs")
    wanted = [r for r in runs.itertuples(index=False) if run in (str(r.run_id), str(r.out_dir))
              or Path(str(r.out_dir)).name == run]
    if not wanted:
        names = [str(r) for r in runs["run_id"]] + [Path(str(d)).name for d in runs["out_dir"]]
        raise ConfigError(invalid_value("run", run, names, described=f"the {len(runs)} runs indexed in {db} (run ids "
                                        "or folder names) and is not a run folder",
                                        suggestions=did_you_mean(run, names) or None))
    sql = "SELECT * FROM {table} WHERE doc_id IN (SELECT doc_id FROM run_documents WHERE run_id = ?)"
    return {name: query_db(db, sql.format(table=name), [str(wanted[-1].run_id)])
            for name in ("documents", "mentions", "links")}


def list_items(value: object) -> list[str]:
    """The items of a list column's cell ("NAM;ZAF" → ["NAM", "ZAF"]; empty or missing → [])."""
    if not isinstance(value, str) or not value:
        return []
    return [v for v in value.split(LIST_SEPARATOR) if v]



def with_scope(links: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Links with their scope columns; a run made before links carried a scope gets it from the mentions of the
    evidence sentence itself (never from the rest of the document)."""
    if {"countries", "actors"} <= set(links.columns):
        out = links.copy()
        for col in ("countries", "country_sources", "actors"):
            out[col] = out[col].fillna("").astype(str) if col in out.columns else ""
        return out
    out = links.copy()
    keyed = mentions.assign(key=mentions["doc_id"].astype(str) + "/" + mentions["sentence_id"].astype(str))
    per = {label: keyed[keyed["label"].isin(labels)].groupby("key")["canonical_id"].agg(
        lambda ids: LIST_SEPARATOR.join(dict.fromkeys(map(str, ids))))
        for label, labels in (("countries", ("COUNTRY",)), ("actors", ("ORG", "GOV_BODY")))}
    key = out["doc_id"].astype(str) + "/" + out["sentence_id"].astype(str)
    out["countries"] = key.map(per["countries"]).fillna("")
    out["actors"] = key.map(per["actors"]).fillna("")
    out["country_sources"] = out["countries"].map(
        lambda v: LIST_SEPARATOR.join(f"{c}:sentence" for c in list_items(v)))
    return out


def _in_list(column: pd.Series, value: str) -> pd.Series:
    """Which cells of a list column hold a value (case-insensitive)."""
    wanted = value.upper()
    return column.map(lambda cell: wanted in {v.upper() for v in list_items(cell)})


def _named_in_evidence(sources: pd.Series, country: str) -> pd.Series:
    """Whether a country of a link's scope is named in its evidence itself (sentence or table row)."""
    own = {f"{country}:sentence", f"{country}:table_row"}
    return sources.map(lambda cell: bool(own & set(list_items(cell))))


def query_links(*, sdg: str | None = None, theme: str | None = None, country: str | None = None,
                org: str | None = None, relation: str | None = None, kind: str | None = None,
                doc: str | None = None, year: int | None = None, db: Path | None = None,
                run_dir: Path | None = None, tables: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """The evidence table of links, filtered by SDG item (prefix), theme, country (ISO3) and organisation.

    A country or organisation selects the links whose scope holds it (``countries``: the evidence's own
    countries, its section's or the document's subject; ``actors``: the evidence's ORG and GOV_BODY mentions),
    never links that merely share a document with it. Every filter value is checked first (SDG codes against
    the framework, themes against the contract's theme ids, countries against countries.json): a bad one raises
    :class:`ConfigError` naming the valid values. ``kind``, ``doc`` (a doc id, file name or UN symbol) and
    ``year`` restrict the documents (:func:`filter_documents`).
    """
    prefix = sdg_id(sdg) if sdg else None
    theme = theme_id(theme) if theme else None
    country = country_iso3(country) if country else None
    relation = relation_name(relation) if relation else None
    tables = filter_documents(tables or load_tables(db=db, run_dir=run_dir), kind=kind, doc=doc, year=year)
    links = tables["links"].copy()
    if links.empty:
        return pd.DataFrame(columns=[*EVIDENCE_COLUMNS, "country_in_sentence", "org_in_sentence"])
    links = with_scope(links, tables["mentions"])
    links["weight"] = pd.to_numeric(links["weight"], errors="coerce")
    links["page"] = pd.to_numeric(links["page"], errors="coerce").astype("Int64")
    if prefix:
        t = links["target_id"].astype(str).str.lower()
        links = links[(t == prefix.lower()) | t.str.startswith(prefix.lower() + ".")]
    if theme:
        links = links[links["source_id"].astype(str) == theme]
    if relation:
        links = links[links["relation"].astype(str) == relation]
    if country:
        links = links[_in_list(links["countries"], country)].copy()
        links["country_in_sentence"] = _named_in_evidence(links["country_sources"], country)
    if org:
        links = links[_in_list(links["actors"], org)].copy()
        links["org_in_sentence"] = True
    meta = [c for c in DOCUMENT_COLUMNS if c in tables["documents"].columns]  # the documents table is authoritative
    docs = tables["documents"][["doc_id", *meta]].drop_duplicates("doc_id")
    links = links.drop(columns=[c for c in meta if c in links.columns]).merge(docs, on="doc_id", how="left")
    for col in SCOPE_COLUMNS:
        if col not in links.columns:
            links[col] = ""
    extra = [c for c in ("country_in_sentence", "org_in_sentence") if c in links.columns]
    cols = [*EVIDENCE_COLUMNS, *extra]
    return links[cols].sort_values(["source", "page", "target_id", "source_id"]).reset_index(drop=True)


def matrix(kind: str, *, db: Path | None = None, run_dir: Path | None = None,
           tables: dict[str, pd.DataFrame] | None = None, doc_kind: str | None = None, doc: str | None = None,
           year: int | None = None) -> pd.DataFrame:
    """A cross-table of documents: country × SDG target, theme × SDG target, org × SDG target or country × theme.

    A cell counts the documents with a link to the column item whose scope holds the row item (a country of
    the link's ``countries``, an organisation or body of its ``actors``); theme × target counts documents with
    that link. ``doc_kind``, ``doc`` and ``year`` restrict the documents counted (:func:`filter_documents`).
    """
    if kind not in MATRIX_KINDS:
        raise ConfigError(invalid_value("matrix kind", kind, MATRIX_KINDS))
    tables = filter_documents(tables or load_tables(db=db, run_dir=run_dir), kind=doc_kind, doc=doc, year=year)
    links, mentions = tables["links"], tables["mentions"]
    if links.empty:
        return pd.DataFrame()
    links = links[links["source_id"].astype(str) != GENERIC_ID] if kind.endswith("theme") else links
    row_kind, col_kind = kind.split("-")
    col_field = "target_id" if col_kind == "target" else "source_id"
    if row_kind == "theme":
        pairs = links[["doc_id", "source_id", "target_id"]].drop_duplicates()
        pairs = pairs.rename(columns={"source_id": "row", "target_id": "col"})
    else:
        scoped = with_scope(links, mentions)
        scope_col = {"country": "countries", "org": "actors"}[row_kind]
        pairs = scoped[["doc_id", scope_col, col_field]].assign(row=scoped[scope_col].map(list_items)).explode("row")
        pairs = pairs.dropna(subset=["row"]).rename(columns={col_field: "col"})[["doc_id", "row", "col"]]
    if pairs.empty:
        return pd.DataFrame()
    table = pairs.drop_duplicates().pivot_table(index="row", columns="col", values="doc_id", aggfunc="nunique",
                                                fill_value=0)
    table.index.name, table.columns.name = row_kind, col_kind
    return table


def sparse_rows(grid: pd.DataFrame) -> list[tuple[str, list[tuple[str, int]]]]:
    """A cross-table's non-zero cells row by row, the largest first: what a terminal can show of a wide matrix."""
    out = []
    for row, values in grid.iterrows():
        cells = sorted(((str(col), int(n)) for col, n in values.items() if n), key=lambda c: (-c[1], c[0]))
        if cells:
            out.append((str(row), cells))
    return sorted(out, key=lambda r: (-sum(n for _, n in r[1]), r[0]))
