"""Run-folder tables written as documents finish: each table's CSV and Parquet file grows by row groups, so a
batch never holds an archive's rows, and every file is renamed into place only when the run commits.

Every table has a fixed schema (:data:`pipeline.output.store.TABLES` and the column kinds), so the files of a run
have the same columns and types whatever its documents hold: integers (``page``, ``year`` …) are integers, numbers
are doubles, the rest text. The CSV is what pandas' ``to_csv`` writes (csv's minimal quoting, ``\\n`` lines,
empty for missing). A run without ``--parquet`` can still stage Parquet files for the database index: they are
removed once the run is indexed.
"""
from __future__ import annotations

import contextlib
import csv
from functools import cache
import logging
import math
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import StoreError
from pipeline.output.files import TMP_SUFFIX, atomic_path
from pipeline.output.store import CONTRACT_TABLES, DOUBLE_COLUMNS, INTEGER_COLUMNS, TABLES

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

log = logging.getLogger(__name__)

ROW_GROUP_ROWS = 4_000
"""Rows a table buffers before they are written (a Parquet row group): the bound on a batch's table memory."""
PUBLISH, STAGE = "publish", "stage"
"""Parquet files kept in the run folder, or staged for the database only."""


@cache
def arrow_schema(columns: tuple[str, ...]) -> pa.Schema:
    """The Arrow schema of a table's columns: int64, float64 or string by the column's kind, with pandas' metadata
    for nullable integers and text (``pd.read_parquet`` gives Int64 and string columns, as the run had them)."""
    import pandas as pd
    import pyarrow as pa

    dtypes = {c: "Int64" if c in INTEGER_COLUMNS else "float64" if c in DOUBLE_COLUMNS else "string" for c in columns}
    empty = pd.DataFrame({c: pd.Series(dtype=dtype) for c, dtype in dtypes.items()})
    return pa.Schema.from_pandas(empty, preserve_index=False)


def _number(value: Any) -> float | None:
    """A value as a finite float, or None when it is missing or not a number (as ``pd.to_numeric(coerce)``)."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _integer(value: Any) -> int | None:
    """A value as an int (a whole float or a numeric string included), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    number = _number(value)
    return int(number) if number is not None and number.is_integer() else None


def _text(value: Any) -> str | None:
    """A value as text (None stays missing; a float NaN is missing as pandas has it)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, float) and math.isnan(value):
        return None
    return str(value)


def _csv_cell(value: Any, column: str) -> Any:
    """A value as pandas' to_csv writes it: a double column's whole numbers as ``1.0``, NaN as empty."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if column in DOUBLE_COLUMNS and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def _arrow_column(values: list[Any], column: str) -> pa.Array:
    """One column of a row group, typed by the column's kind."""
    import pyarrow as pa

    if column in INTEGER_COLUMNS:
        return pa.array([_integer(v) for v in values], pa.int64())
    if column in DOUBLE_COLUMNS:
        return pa.array([_number(v) for v in values], pa.float64())
    return pa.array([_text(v) for v in values], pa.string())


class _TableFile:
    """One table's CSV (and Parquet) files, open for appending."""

    def __init__(self, stack: contextlib.ExitStack, out_dir: Path, name: str, *, parquet: str | None) -> None:
        self.name, self.columns = name, TABLES[name]
        self.rows: list[dict[str, Any]] = []
        self.count = 0
        self.csv_path = out_dir / f"{name}.csv"
        handle = stack.enter_context(open(stack.enter_context(atomic_path(self.csv_path)), "w", encoding="utf-8",
                                          newline=""))
        self.csv = csv.writer(handle, lineterminator="\n")
        self.csv.writerow(self.columns)
        self.parquet_path: Path | None = None
        self.parquet: Any = None
        if parquet is not None:
            import pyarrow.parquet as pq

            if parquet == PUBLISH:
                self.parquet_path = out_dir / f"{name}.parquet"
                tmp = stack.enter_context(atomic_path(self.parquet_path))
            else:
                fd, staged = tempfile.mkstemp(prefix=f".{name}.parquet.{os.getpid()}.", suffix=TMP_SUFFIX,
                                              dir=out_dir)
                os.close(fd)
                tmp = self.parquet_path = Path(staged)
            self.parquet = pq.ParquetWriter(str(tmp), arrow_schema(self.columns))
            stack.callback(self.parquet.close)

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        """Buffer a document's rows, writing a row group when the buffer is full."""
        self.rows.extend(rows)
        if len(self.rows) >= ROW_GROUP_ROWS:
            self.flush()

    def flush(self) -> None:
        """Write the buffered rows."""
        rows, self.rows = self.rows, []
        if not rows:
            return
        extra = {k for row in rows for k in row} - set(self.columns)
        if extra:
            log.debug("table %s: columns %s are not part of it and are not written", self.name, sorted(extra))
        self.csv.writerows([_csv_cell(row.get(c), c) for c in self.columns] for row in rows)
        if self.parquet is not None:
            import pyarrow as pa

            arrays = [_arrow_column([row.get(c) for row in rows], c) for c in self.columns]
            self.parquet.write_table(pa.Table.from_arrays(arrays, schema=arrow_schema(self.columns)))
            pa.default_memory_pool().release_unused()  # Arrow's allocator would keep its pages: a run's memory
            # would then grow with the archive's tables although nothing is held
        self.count += len(rows)


@contextlib.contextmanager
def _writing(out_dir: Path) -> Iterator[None]:
    """Turn a failure to write a table (a full disk, a folder that went away) into one StoreError naming it."""
    try:
        yield
    except OSError as exc:
        raise StoreError(f"cannot write tables into {out_dir}: {exc.strerror or exc}") from exc


class TableStream:
    """Every table of a run, written as documents' rows are added; :meth:`commit` renames the files into place.

    Leaving the ``with`` block without a commit (an error) removes the temporary files and keeps the folder's
    earlier tables.
    """

    def __init__(self, out_dir: Path, *, parquet: str | None = PUBLISH, tables: Sequence[str] = tuple(TABLES)) -> None:
        self.out_dir = out_dir
        self.parquet_mode = parquet
        self.names = tuple(tables)
        self._stack = contextlib.ExitStack()
        self._files: dict[str, _TableFile] = {}
        self.committed = False

    def __enter__(self) -> TableStream:
        try:
            with _writing(self.out_dir):
                for name in self.names:
                    self._files[name] = _TableFile(self._stack, self.out_dir, name, parquet=self.parquet_mode)
        except BaseException:
            self._stack.close()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if not self.committed:
            self._stack.__exit__(*exc) if exc[0] is not None else self._stack.close()
            self.remove_staged()

    def add(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        """Append one document's rows (table name → rows) to every table."""
        with _writing(self.out_dir):
            for name, table in self._files.items():
                found = rows.get(name)
                if found:
                    table.add(found)

    def count(self, name: str) -> int:
        """How many rows a table holds so far."""
        table = self._files[name]
        return table.count + len(table.rows)

    def commit(self) -> list[Path]:
        """Write what is buffered, rename every file into place, and return the published files (a non-contract
        table without rows has no CSV: an earlier run's is removed)."""
        with _writing(self.out_dir):
            for table in self._files.values():
                table.flush()
            self.committed = True
            self._stack.close()
        written: list[Path] = []
        for table in self._files.values():
            if table.name in CONTRACT_TABLES or table.count:
                written.append(table.csv_path)
            else:
                table.csv_path.unlink(missing_ok=True)
            if self.parquet_mode == PUBLISH and table.parquet_path is not None:
                written.append(table.parquet_path)
        return written

    def staged(self) -> dict[str, Path]:
        """The Parquet file of each table (published or staged), for the database index."""
        return {name: t.parquet_path for name, t in self._files.items() if t.parquet_path is not None}

    def remove_staged(self) -> None:
        """Delete the Parquet files staged for the database only."""
        if self.parquet_mode != STAGE:
            return
        for path in self.staged().values():
            path.unlink(missing_ok=True)


def write_rows(out_dir: Path, rows: dict[str, list[dict[str, Any]]], *, parquet: bool = True) -> list[Path]:
    """Write some tables (name → rows) into a folder at once, as a run writes them; the files written."""
    with TableStream(out_dir, parquet=PUBLISH if parquet else None, tables=tuple(rows)) as stream:
        stream.add(rows)
        return stream.commit()


def frame_rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame's rows as dicts, missing values (NaN, NA) as None."""
    return df.astype(object).where(df.notna(), None).to_dict("records")


def write_tables(out_dir: Path, tables: dict[str, pd.DataFrame], *, parquet: bool = True) -> list[Path]:
    """Write tables given as DataFrames (a merged or re-read run) as :func:`write_rows` does."""
    return write_rows(out_dir, {name: frame_rows(df) for name, df in tables.items()}, parquet=parquet)
