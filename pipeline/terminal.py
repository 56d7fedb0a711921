"""How ``nexus query`` shows a table on a terminal: wrapped records of links, sparse rows of a cross-table, or
CSV / JSON on standard output, or a file (xlsx, docx, csv, json)."""
from __future__ import annotations

import sys
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

console = Console(stderr=False)
"""The console the CLI prints its results on (standard output)."""


class OutputFormat(str, Enum):
    """How ``nexus query`` prints a table."""

    TABLE = "table"
    CSV = "csv"
    JSON = "json"
    XLSX = "xlsx"
    DOCX = "docx"


def click_class(name: str) -> type[Exception]:
    """The exception class ``name`` (e.g. "UsageError") of the click that typer runs on: click itself for older
    typer releases, typer's own copy for newer ones (so the separate click package is never imported)."""
    for cls in typer.BadParameter.__mro__:
        if cls.__name__ == name:
            return cls
    raise LookupError(f"typer {typer.__version__} has no click exception {name!r}")


UsageError = click_class("UsageError")
"""A mistake in how a command was called (click prints the usage with it)."""

FILE_ONLY_FORMATS = (OutputFormat.XLSX, OutputFormat.DOCX)
"""Formats written only to a file (``--output``), never to the terminal."""
TABLE_VIEW_COLUMNS = ("title", "kind", "year", "page", "relation", "source_id", "target_id", "countries", "evidence")
"""What a link shows on a terminal, as a wrapped record (csv, json and the files hold every column)."""
RECORD_INDENT = 2


def print_frame(df, fmt: OutputFormat, output: Optional[Path] = None, *,  # noqa: ANN001 - pandas DataFrame
                 view: Sequence[str] = ()) -> None:
    """Print a table (csv, json, or a terminal table wrapped to the terminal's width, limited to the ``view``
    columns when given), or write it to ``output`` (xlsx, docx; also csv and json)."""
    if fmt in FILE_ONLY_FORMATS and output is None:
        raise UsageError(f"--format {fmt.value} writes a file: give --output PATH")
    if output is not None:
        from pipeline.output.sheets import write_frame

        write_frame(df, output, fmt=OutputFormat.CSV.value if fmt is OutputFormat.TABLE else fmt.value)
        console.print(f"{len(df)} rows → {output}")
        return
    if fmt is OutputFormat.CSV:
        sys.stdout.write(df.to_csv(index=False))
    elif fmt is OutputFormat.JSON:
        sys.stdout.write(df.to_json(orient="records", force_ascii=False, indent=1) + "\n")
    elif view:
        print_records(df)
    else:
        table = Table(*[str(c) for c in df.columns])
        for row in df.itertuples(index=False):
            table.add_row(*[str(v) for v in row])
        console.print(table)


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


def print_records(df) -> None:  # noqa: ANN001 - pandas DataFrame
    """Links as readable records, wrapped to the terminal: the document's title, where and what, the evidence."""
    from rich.markup import escape
    from rich.padding import Padding
    from rich.text import Text

    for row in df.to_dict("records"):
        title = _text(row.get("title")) or Path(_text(row.get("source"))).name
        where = " · ".join(v for v in (_text(row.get("kind")), _text(row.get("year")), f"p. {_text(row.get('page'))}")
                           if v)
        what = f"{_text(row.get('source_id'))} → {_text(row.get('target_id'))} ({_text(row.get('relation'))})"
        scope = _text(row.get("countries"))
        console.print(f"[bold]{escape(title)}[/bold]  [dim]{escape(where)}[/dim]")
        console.print(Padding(Text(what + (f"  countries: {scope}" if scope else "")), (0, 0, 0, RECORD_INDENT)))
        console.print(Padding(Text(_text(row.get("evidence")), style="italic"), (0, 0, 1, RECORD_INDENT)))
    console.print(f"{len(df)} links")


def print_sparse(grid) -> None:  # noqa: ANN001 - pandas DataFrame
    """A cross-table on a terminal: each row with its non-zero cells, "10.7 (3) · 17.18 (1)", wrapped."""
    from rich.padding import Padding
    from rich.text import Text

    from pipeline.output.query import sparse_rows

    rows = sparse_rows(grid)
    for row, cells in rows:
        console.print(Text(row, style="bold"))
        console.print(Padding(Text(" · ".join(f"{col.removeprefix('SDG:')} ({n})" for col, n in cells)),
                              (0, 0, 0, RECORD_INDENT)))
    console.print(f"{len(rows)} rows; documents counted (--format csv|json|xlsx for the whole table)")
