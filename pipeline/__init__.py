"""nexus: mine policy reports for migration–SDG links.

The public API (imported lazily, so ``import pipeline`` stays cheap)::

    from pathlib import Path
    from pipeline import process_document, classify_text, query_links, matrix
    from pipeline.run.batch import run
    summary = run(["reports/"], out_dir=Path("outputs/run1"))

``run`` and ``classify`` are not attributes of ``pipeline`` itself: the subpackages ``pipeline.run`` and
``pipeline.classify`` hold those names (``from pipeline.run.batch import run``,
``from pipeline.classify import classify``).
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

from pipeline.errors import PipelineError
from pipeline.types import Block, DocResult, Document, Link, Mention, Page, Sentence, Span

__version__ = "0.1.0"

_LAZY: dict[str, str] = {
    "RunSummary": "pipeline.run.batch",
    "process_document": "pipeline.run.process",
    "classify_text": "pipeline.classify",
    "infer_targets": "pipeline.classify",
    "query_links": "pipeline.output.query",
    "matrix": "pipeline.output.query",
    "load_settings": "pipeline.config",
    "Settings": "pipeline.config",
    "tag_text": "pipeline.tag",
    "build_graph": "pipeline.output.graph",
}

__all__ = ["Block", "DocResult", "Document", "Link", "Mention", "Page", "PipelineError", "Sentence", "Span",
           "__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    """Import the public functions on first use."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
