"""Documents built from raw blocks for the structure extractors' tests, tagged with the real tagger."""
from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from pipeline.document.assemble import assemble
from pipeline.document.segment import segment
from pipeline.extract.base import Extracted
from pipeline.run.process import place_spans
from pipeline.tag import load_tagger, tag_text
from pipeline.config import Settings
from pipeline.types import Document, Mention, RawBlock, RawPage

Block = tuple[str, str] | tuple[str, str, tuple[tuple[str, ...], ...]]


def table(rows: Sequence[Sequence[str]]) -> tuple[str, str, tuple[tuple[str, ...], ...]]:
    """A raw table block of rows × cells (its text as the PDF extractor writes it)."""
    cells = tuple(tuple(r) for r in rows)
    return ("table", "\n".join(" | ".join(r) for r in cells), cells)


@pytest.fixture(scope="session")
def nlp():  # noqa: ANN201 - a spaCy Language
    """The project's tagger."""
    return load_tagger(Settings())


@pytest.fixture
def make_doc(nlp) -> Callable[..., tuple[Document, tuple[Mention, ...]]]:  # noqa: ANN001
    """Build a document from pages of (kind, text[, cells]) blocks and tag it: (document, mentions)."""
    def build(*pages: Sequence[Block]) -> tuple[Document, tuple[Mention, ...]]:
        raw = tuple(RawPage(number=i + 1, width=595, height=842, blocks=tuple(
            RawBlock(kind=b[0], text=b[1], cells=b[2] if len(b) > 2 else None) for b in blocks))
            for i, blocks in enumerate(pages))
        doc = assemble(Extracted(pages=raw), doc_id="d1", source="t.pdf", path="t.pdf")
        sentences = segment(doc)
        mentions = place_spans(doc, sentences, tag_text(doc.text, language="en", nlp=nlp))
        return doc, mentions
    return build
