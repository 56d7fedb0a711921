"""Every read of the web app from the DuckDB database, in one :class:`Store`: short-lived read-only connections,
parameterised SQL only.

A :class:`Store` opens the database read-only for each call (so other readers and later writers are not kept out
for long) and may be limited to the documents of one indexed run (``nexus serve --run``). Its reads are gathered
by concern: connections and run scope (:mod:`~pipeline.serve.database`), links (:mod:`~pipeline.serve.link_data`),
their cross-table counts (:mod:`~pipeline.serve.count_data`), filter values (:mod:`~pipeline.serve.filter_values`),
documents and their files (:mod:`~pipeline.serve.document_data`) and structured tables
(:mod:`~pipeline.serve.structure_data`).
"""
from __future__ import annotations

from pipeline.serve.count_data import CountReads
from pipeline.serve.document_data import DocumentReads
from pipeline.serve.filter_values import FilterValues
from pipeline.serve.link_data import LinkReads
from pipeline.serve.structure_data import StructureReads


class Store(CountReads, LinkReads, FilterValues, DocumentReads, StructureReads):
    """Read-only access to a nexus database, optionally limited to one indexed run."""
