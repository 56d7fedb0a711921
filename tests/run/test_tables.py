"""Rows of documents that finish out of order reach the tables in input order."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.output.stream import TableStream
from pipeline.run.tables import OrderedTables


def _rows(doc_id: str) -> dict[str, list[dict]]:
    return {"documents": [{"doc_id": doc_id, "status": "ok"}],
            "links": [{"doc_id": doc_id, "source_id": "remittances", "target_id": "SDG:10.c"}]}


def test_documents_are_written_in_input_order(tmp_path: Path) -> None:
    with TableStream(tmp_path, parquet=None, tables=("documents", "links")) as stream:
        tables = OrderedTables(stream, ["a", "b", "c", "d"])
        tables.add("c", _rows("c"))
        tables.add("b", _rows("b"))
        assert stream.count("documents") == 0 and set(tables.pending) == {"b", "c"}  # waiting for "a"
        tables.add("a", _rows("a"))
        assert stream.count("documents") == 3 and not tables.pending
        tables.finish()  # "d" never came
        stream.commit()
    assert pd.read_csv(tmp_path / "documents.csv")["doc_id"].tolist() == ["a", "b", "c"]
    assert [r["doc_id"] for r in tables.links] == ["a", "b", "c"]


def test_finish_writes_what_waits_behind_a_missing_document(tmp_path: Path) -> None:
    with TableStream(tmp_path, parquet=None, tables=("documents",)) as stream:
        tables = OrderedTables(stream, ["a", "b", "c"])
        tables.add("c", _rows("c"))
        tables.finish()
        stream.commit()
    assert pd.read_csv(tmp_path / "documents.csv")["doc_id"].tolist() == ["c"]
