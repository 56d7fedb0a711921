"""Tables streamed as documents finish: the CSV pandas would write, typed Parquet, bounded buffers, nothing half
written, and the database indexed from the files exactly as from DataFrames."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import StoreError
from pipeline.output import stream as stream_module
from pipeline.output.db import index_run, index_run_files, query_db
from pipeline.output.store import TABLES, frame
from pipeline.output.stream import PUBLISH, STAGE, TableStream, write_rows

TEXT = st.one_of(st.none(), st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12))
MENTION = st.fixed_dictionaries({
    "doc_id": st.sampled_from(["d1", "d2"]), "mention_id": st.text(min_size=1, max_size=6), "label": TEXT,
    "text": TEXT, "page": st.one_of(st.none(), st.integers(0, 10**6)),
    "amount": st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**6, 10**6)),
})


def _mentions(n: int, doc_id: str = "d1") -> list[dict]:
    return [{"doc_id": doc_id, "mention_id": f"{doc_id}-{i}", "label": "COUNTRY", "text": "Chad, \"N'Djamena\"\nx",
             "canonical_id": "TCD", "page": 1 + i % 3, "char_start": i, "char_end": i + 4, "amount": i / 7}
            for i in range(n)]


@settings(max_examples=60, deadline=None)
@given(rows=st.lists(MENTION, max_size=8))
def test_the_csv_is_what_pandas_writes(tmp_path_factory: pytest.TempPathFactory, rows: list[dict]) -> None:
    folder = tmp_path_factory.mktemp("csv")
    write_rows(folder, {"mentions": rows}, parquet=False)
    expected = frame(rows, TABLES["mentions"]).astype({"amount": "float64"})
    if expected["page"].isna().any():  # pandas would write a float column ("3.0"); the stream keeps integers
        expected["page"] = expected["page"].astype("Int64")
    assert (folder / "mentions.csv").read_bytes().decode("utf-8") == expected.to_csv(index=False)


def test_parquet_has_the_tables_types_even_when_empty(tmp_path: Path) -> None:
    write_rows(tmp_path, {"mentions": _mentions(3), "facts": []})
    mentions = pd.read_parquet(tmp_path / "mentions.parquet")
    assert str(mentions["page"].dtype) == "Int64" and str(mentions["amount"].dtype) == "float64"
    assert str(mentions["text"].dtype) == "string"
    assert mentions["text"].iloc[0] == "Chad, \"N'Djamena\"\nx"
    facts = pq.read_schema(tmp_path / "facts.parquet")
    assert str(facts.field("page").type) == "int64" and len(pd.read_parquet(tmp_path / "facts.parquet")) == 0
    assert not (tmp_path / "facts.csv").exists()  # a non-contract table without rows has no CSV


def test_values_that_are_not_numbers_are_missing_in_parquet_and_kept_in_csv(tmp_path: Path) -> None:
    rows = [{"doc_id": "d1", "mention_id": "m", "page": "7", "amount": "n/a", "char_start": 2.0}]
    write_rows(tmp_path, {"mentions": rows})
    parsed = pd.read_parquet(tmp_path / "mentions.parquet").iloc[0]
    assert parsed["page"] == 7 and pd.isna(parsed["amount"]) and parsed["char_start"] == 2
    assert "n/a" in (tmp_path / "mentions.csv").read_text()


def test_rows_are_written_by_row_groups_while_documents_come(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stream_module, "ROW_GROUP_ROWS", 10)
    with TableStream(tmp_path, tables=("mentions",)) as tables:
        for k in range(7):
            tables.add({"mentions": _mentions(4, doc_id=f"d{k}")})
            assert len(tables._files["mentions"].rows) < 10  # never more than a row group waits in memory
        assert tables.count("mentions") == 28
        tables.commit()
    assert pq.ParquetFile(tmp_path / "mentions.parquet").num_row_groups >= 2
    assert len(pd.read_csv(tmp_path / "mentions.csv")) == 28


def test_an_error_keeps_the_earlier_tables_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    write_rows(tmp_path, {"mentions": _mentions(2)})
    before = (tmp_path / "mentions.csv").read_bytes()
    with pytest.raises(RuntimeError), TableStream(tmp_path, tables=("mentions",)) as tables:
        tables.add({"mentions": _mentions(5)})
        raise RuntimeError("the batch stopped")
    assert (tmp_path / "mentions.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mentions.csv", "mentions.parquet"]


def test_staged_parquet_is_only_for_the_database(tmp_path: Path) -> None:
    with TableStream(tmp_path, parquet=STAGE, tables=("documents", "mentions")) as tables:
        tables.add({"mentions": _mentions(2)})
        written = tables.commit()
        staged = tables.staged()
        assert all(p.exists() for p in staged.values())
        tables.remove_staged()
    assert sorted(p.name for p in written) == ["documents.csv", "mentions.csv"]
    assert not any(p.exists() for p in staged.values())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["documents.csv", "mentions.csv"]


def test_an_unwritable_folder_is_one_store_error(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(StoreError, match="cannot write tables into"), TableStream(blocked / "run", parquet=PUBLISH):
        pass


def _run_rows() -> dict[str, list[dict]]:
    docs = [{"doc_id": d, "source": f"{d}.pdf", "title": "T", "kind": "other", "pages": 2, "language": "en",
             "chars": 10, "status": status, "error": "" if status == "ok" else "timed out", "year": ""}
            for d, status in (("d1", "ok"), ("d2", "failed"), ("d3", "ok"))]
    return {"documents": docs, "mentions": _mentions(3, "d1") + _mentions(2, "d3"), "links": [], "sentences": []}


def test_the_database_indexed_from_files_equals_the_one_indexed_from_frames(tmp_path: Path) -> None:
    rows = _run_rows()
    write_rows(tmp_path / "run", rows)
    files = {name: tmp_path / "run" / f"{name}.parquet" for name in rows}
    index_run_files(tmp_path / "a.duckdb", run_id="R", out_dir=tmp_path / "run", files=files)
    index_run(tmp_path / "b.duckdb", run_id="R", out_dir=tmp_path / "run",
              tables={name: frame(r, TABLES[name]) for name, r in rows.items()})
    for table in ("documents", "mentions", "run_documents", "runs"):
        a, b = (query_db(tmp_path / db, f"SELECT * FROM {table}") for db in ("a.duckdb", "b.duckdb"))
        volatile = [c for c in ("indexed_at",) if c in a.columns]
        pd.testing.assert_frame_equal(a.drop(columns=volatile), b.drop(columns=volatile))
    assert query_db(tmp_path / "a.duckdb", "SELECT mention_id FROM mentions")["mention_id"].tolist() == \
        [m["mention_id"] for m in rows["mentions"]]  # in the run's order
