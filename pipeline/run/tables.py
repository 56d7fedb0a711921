"""A run's documents' rows written to its tables in input order, whatever order the documents finish in."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pipeline.output.stream import TableStream

Rows = dict[str, list[dict[str, Any]]]


class OrderedTables:
    """Feeds a :class:`TableStream` in the run's input order: a document that finishes early waits (in memory) only
    until those before it have finished. The documents' and links' rows are kept for the run's summary and graph."""

    def __init__(self, stream: TableStream, order: Sequence[str]) -> None:
        self.stream = stream
        self.order = list(order)
        self.position = 0
        self.pending: dict[str, Rows] = {}
        self.documents: list[dict[str, Any]] = []
        self.links: list[dict[str, Any]] = []

    def add(self, key: str, rows: Rows) -> None:
        """A document's rows; written at once when every document before it is."""
        self.pending[key] = rows
        while self.position < len(self.order) and self.order[self.position] in self.pending:
            self._write(self.pending.pop(self.order[self.position]))
            self.position += 1

    def finish(self) -> None:
        """Write what still waits, in input order (a document that never came is left out)."""
        for key in self.order[self.position:]:
            if key in self.pending:
                self._write(self.pending.pop(key))
        self.position = len(self.order)

    def _write(self, rows: Rows) -> None:
        self.stream.add(rows)
        self.documents.extend(rows.get("documents", ()))
        self.links.extend(rows.get("links", ()))
