"""Run-folder tables (CSV, Parquet) and the per-document parts they are combined from (the unit of resume).

Every file goes through :mod:`pipeline.output.files` (a temporary path renamed into place).
"""
from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, fields
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import StoreError
from pipeline.output.files import PARTS_DIR, TEXT_DIR, atomic_path, write_text_atomic
from pipeline.structure import RECORD_TYPES, structure_columns
from pipeline.types import DocResult, Document, Link

if TYPE_CHECKING:  # pandas and pyarrow are imported where tables are built: a run restored whole from the cache
    import pandas as pd  # (pipeline.run.snapshot) never needs them

log = logging.getLogger(__name__)

PART_VERSION = 1
DOCUMENT_COLUMNS = ("doc_id", "source", "title", "kind", "pages", "language", "chars", "status", "error",
                    "notes", "ocr_pages", "blocks", "sentences", "mentions", "links", "seconds", "path", "symbol",
                    "year", "cached", "result_key")
BOX_COLUMNS = ("x0", "y0", "x1", "y1")
"""A mention's or link's box on its page: PDF points from the page's left and top edges (pdfplumber's x0, top,
x1, bottom), empty for formats without page geometry."""
MENTION_COLUMNS = ("doc_id", "mention_id", "label", "text", "canonical_id", "page", "char_start", "char_end",
                   "sentence_id", "section", "country", "goal", "target", "currency", "amount", "date_start",
                   "date_end", *BOX_COLUMNS)
LINK_COLUMNS = ("doc_id", "source_id", "target_id", "relation", "weight", "evidence", "page", "sentence_id",
                "char_start", "char_end", "goal", "source", *BOX_COLUMNS, "target", "countries", "country_sources",
                "actors", "section", "reason", "headers", "title", "kind", "symbol", "year", "evidence_spans")
"""A link row: the contract's columns, its box, the target of an indicator, its scope (countries, where each comes
from, actors), the heading it is under, why it holds, a table row's column headers, and its document's title,
kind, symbol and year, and where the evidence's pieces are in the text ("start-end;start-end")."""
LIST_SEPARATOR = ";"
"""Joins the items of a list column (countries, actors); country_sources pairs each country with its source."""
SENTENCE_COLUMNS = ("doc_id", "sentence_id", "page", "char_start", "char_end", "text", "block_id", "block_kind",
                    "section")
BLOCK_COLUMNS = ("doc_id", "block_id", "page", "kind", "char_start", "char_end", "x0", "top", "x1", "bottom",
                 "source", "text")
STRUCTURE_TABLES: dict[str, tuple[str, ...]] = {name: structure_columns(name, BOX_COLUMNS) for name in RECORD_TYPES}
"""The structured tables found in the reports (pipeline.structure): cells, facts, results, activities,
recommendations, agenda."""
TABLES: dict[str, tuple[str, ...]] = {
    "documents": DOCUMENT_COLUMNS, "mentions": MENTION_COLUMNS, "links": LINK_COLUMNS,
    "sentences": SENTENCE_COLUMNS, "blocks": BLOCK_COLUMNS, **STRUCTURE_TABLES,
}
CONTRACT_TABLES: tuple[str, ...] = ("documents", "mentions", "links")
INTEGER_COLUMNS = frozenset({"pages", "chars", "ocr_pages", "blocks", "sentences", "mentions", "links", "page",
                             "char_start", "char_end", "year", "row", "column"})
"""Columns that hold whole numbers in every table (Parquet int64, the database's BIGINT)."""
DOUBLE_COLUMNS = frozenset({"weight", "amount", "seconds", "x0", "top", "x1", "bottom", "y0", "y1"})
"""Columns that hold numbers (Parquet float64, the database's DOUBLE); every other column is text."""


def write_doc_text(out_dir: Path, doc_id: str, text: str) -> int:
    """Write a document's text into the run folder (atomically, flushed at the run's commit); its size in bytes."""
    data = text.encode("utf-8")
    with atomic_path(out_dir / TEXT_DIR / f"{doc_id}.txt", durable=False) as tmp:
        tmp.write_bytes(data)
    return len(data)


def _mention_extras(label: str, cid: str) -> dict[str, Any]:
    """Label-specific columns derived from the canonical id."""
    extra: dict[str, Any] = {}
    if label == "COUNTRY":
        extra["country"] = cid
    elif label == "GOV_BODY" and ":" in cid:
        extra["country"] = cid.split(":", 1)[0]
    elif label.startswith("SDG_"):
        code = cid.removeprefix("SDG:")
        extra["goal"] = code.split(".")[0]
        if label in ("SDG_TARGET", "SDG_INDICATOR"):
            extra["target"] = ".".join(code.split(".")[:2])
    elif label == "MONEY" and " " in cid:
        currency, amount = cid.split(" ", 1)
        extra["currency"] = currency
        with contextlib.suppress(ValueError):
            extra["amount"] = float(amount)
    elif label == "DATE":
        start, _, end = cid.partition("/")
        extra["date_start"], extra["date_end"] = start, end or start
    return extra


def _with_box(row: dict[str, Any]) -> dict[str, Any]:
    """A record's row with its ``bbox`` tuple spread into the BOX_COLUMNS (rounded to 0.01 pt)."""
    box = row.pop("bbox", None)
    values = [round(v, 2) for v in box] if box else [None] * len(BOX_COLUMNS)
    row.update(zip(BOX_COLUMNS, values))
    return row


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    """The field names of a record type, in order."""
    return tuple(f.name for f in fields(kind))


def flat_row(record: Any) -> dict[str, Any]:
    """A flat record's row (its fields by name): ``asdict`` without its recursive deep copy, for the many
    mentions and sentences of a document, whose fields are scalars and tuples."""
    return {name: getattr(record, name) for name in _field_names(type(record))}


def _link_row(link: Link, doc: Document) -> dict[str, Any]:
    """A link's row: its fields (lists joined), goal and target of its SDG item, its document's metadata."""
    row = _with_box(asdict(link))
    code = link.target_id.removeprefix("SDG:").split(".")
    row.update({
        "goal": code[0], "target": ".".join(code[:2]) if len(code) > 1 else "", "source": doc.source,
        "countries": LIST_SEPARATOR.join(link.countries),
        "country_sources": LIST_SEPARATOR.join(f"{c}:{src}" for c, src in zip(link.countries, link.country_sources)),
        "actors": LIST_SEPARATOR.join(link.actors),
        "evidence_spans": LIST_SEPARATOR.join(f"{a}-{b}" for a, b in row.pop("spans", ())),
        "title": doc.title, "kind": doc.kind, "symbol": doc.symbol, "year": "" if doc.year is None else str(doc.year),
    })
    return row


def result_rows(result: DocResult) -> dict[str, list[dict[str, Any]]]:
    """The table rows of one document's result."""
    doc = result.document
    drow = {
        "doc_id": doc.doc_id, "source": doc.source, "title": doc.title, "kind": doc.kind, "pages": len(doc.pages),
        "language": doc.language, "chars": len(doc.text), "status": doc.status, "error": doc.error,
        "notes": "; ".join(doc.notes), "ocr_pages": sum(p.ocr for p in doc.pages), "blocks": len(doc.blocks),
        "sentences": len(result.sentences), "mentions": len(result.mentions), "links": len(result.links),
        "seconds": round(result.seconds, 4), "path": doc.path, "symbol": doc.symbol,
        "year": doc.year if doc.year is not None else "", "cached": result.cached,
    }
    mentions = [{**_with_box(flat_row(m)), **_mention_extras(m.label, m.canonical_id)} for m in result.mentions]
    links = [_link_row(l, doc) for l in result.links]
    sentences = [flat_row(s) for s in result.sentences]
    blocks = []
    for b in doc.blocks:
        x0, top, x1, bottom = b.bbox if b.bbox else (None, None, None, None)
        blocks.append({"doc_id": b.doc_id, "block_id": b.block_id, "page": b.page, "kind": b.kind,
                       "char_start": b.char_start, "char_end": b.char_end, "x0": x0, "top": top, "x1": x1,
                       "bottom": bottom, "source": b.source, "text": b.text})
    structures = {name: [_with_box(asdict(r)) for r in result.structures.get(name, ())] for name in STRUCTURE_TABLES}
    return {"documents": [drow], "mentions": mentions, "links": links, "sentences": sentences, "blocks": blocks,
            **structures}


def part_path(out_dir: Path, key: str) -> Path:
    """Where the per-document part of an input lives inside a run folder."""
    return out_dir / PARTS_DIR / f"{key}.json"


def write_part(out_dir: Path, key: str, result: DocResult, *,
               rows: dict[str, list[dict[str, Any]]] | None = None) -> None:
    """Persist one document's rows (``rows``, when the caller already made them) and text atomically (the unit
    of resume)."""
    doc = result.document
    text_bytes = write_doc_text(out_dir, doc.doc_id, doc.text) if doc.status == "ok" else None
    write_rows_part(out_dir, key, rows if rows is not None else result_rows(result), text_bytes=text_bytes)


def write_rows_part(out_dir: Path, key: str, rows: dict[str, list[dict[str, Any]]], *,
                    text_bytes: int | None = None) -> None:
    """Persist one document's table rows atomically as its part (its text, of ``text_bytes`` bytes, is written
    beside it by the caller; resume checks its size, so a text the disk lost is redone)."""
    payload = {"version": PART_VERSION, "tables": rows, "text_bytes": text_bytes}
    write_text_atomic(part_path(out_dir, key), json.dumps(payload, ensure_ascii=False), durable=False)


def read_part(out_dir: Path, key: str) -> dict[str, list[dict[str, Any]]] | None:
    """The stored rows of a finished document, or None when absent, stale or unreadable."""
    path = part_path(out_dir, key)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(payload, dict) or payload.get("version") != PART_VERSION:
        log.warning("ignoring part %s: not a nexus part (version %s expected)", path, PART_VERSION)
        return None
    tables = payload.get("tables")
    doc_rows = tables.get("documents") if isinstance(tables, dict) else None
    if not isinstance(doc_rows, list) or not doc_rows or not isinstance(doc_rows[0], dict) or "doc_id" not in doc_rows[0]:
        return None
    if doc_rows[0].get("status") == "ok" and not _text_intact(out_dir / TEXT_DIR / f"{doc_rows[0]['doc_id']}.txt",
                                                             payload.get("text_bytes")):
        return None
    return tables


def _text_intact(path: Path, size: object) -> bool:
    """Whether a part's text file is there with the size the part recorded (any size for older parts)."""
    try:
        found = path.stat().st_size
    except OSError:
        return False
    return not isinstance(size, int) or found == size


def frame(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    """A DataFrame with exactly the given columns first (missing ones empty), extras after."""
    import pandas as pd

    df = pd.DataFrame(list(rows))
    for col in columns:
        if col not in df.columns:
            df[col] = pd.Series(dtype="object")
    extras = [c for c in df.columns if c not in columns]
    return df[list(columns) + extras]


def combine(parts: Sequence[dict[str, list[dict[str, Any]]]]) -> dict[str, pd.DataFrame]:
    """Concatenate per-document rows into one DataFrame per table (a run streams its tables instead:
    pipeline.output.stream)."""
    return {name: frame((row for p in parts for row in p.get(name, ())), cols) for name, cols in TABLES.items()}


def read_table(out_dir: Path, name: str) -> pd.DataFrame | None:
    """One table of a run folder, from its Parquet file (else its CSV, as text); None when it has neither."""
    import pandas as pd

    pq, csv = out_dir / f"{name}.parquet", out_dir / f"{name}.csv"
    try:
        if pq.exists():
            return pd.read_parquet(pq)
        if csv.exists():
            return pd.read_csv(csv, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise StoreError(f"cannot read table {name} of run folder {out_dir}: {exc}") from exc
    return None


def read_tables(out_dir: Path) -> dict[str, pd.DataFrame]:
    """Every table of a finished run folder (empty when the folder has none of it)."""
    out: dict[str, pd.DataFrame] = {}
    for name, cols in TABLES.items():
        found = read_table(out_dir, name)
        out[name] = found if found is not None else frame([], cols)
    return out
