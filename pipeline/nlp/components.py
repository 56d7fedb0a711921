"""The component classes every nexus pipe is built from: gazetteer taggers, finder wrappers and the final merge."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.errors import ModelError, PipelineError
from pipeline.nlp.doc import doc_language, doc_spans, doc_text, emit, reset_span_group
from pipeline.nlp.search import Occupancy
from pipeline.vocab import THEME_LABEL
from pipeline.resources.gazetteers import Gazetteer, gazetteer_rows, load_gazetteer, parse_gazetteer
from pipeline.types import Span

DATA_FILE = "gazetteer.json"
"""The file, inside a component's folder of a saved model, that holds the component's gazetteers."""

FinderFn = Callable[..., list[Span]]
"""A pure finder ``find(text, *, language) -> list[Span]`` (pipeline.nlp.finders)."""


class GazetteerComponent:
    """Base of the country, organisation and government-body taggers: typed gazetteers, saved inside the model.

    A subclass names the gazetteers it is built from in ``GAZETTEERS`` (the keyword arguments of its
    ``set_data``, which must store them in ``self._data``) and finds its spans in ``find(doc)``. Until
    ``set_data`` or ``from_disk`` installs gazetteers, the ones of pipeline/resources are used.
    """

    WHAT = "gazetteer"
    GAZETTEERS: tuple[str, ...] = ()

    def __init__(self, vocab: Vocab, *, name: str) -> None:
        self.vocab = vocab
        self.name = name
        self._data: dict[str, Gazetteer] | None = None

    def set_data(self, **gazetteers: Any) -> None:  # pragma: no cover - always overridden
        """Install the gazetteers (overridden)."""
        raise NotImplementedError

    def find(self, doc: Doc) -> list[Span]:  # pragma: no cover - always overridden
        """The spans of a doc (overridden)."""
        raise NotImplementedError

    def ensure_data(self) -> None:
        """Install the gazetteers of pipeline/resources unless others were installed."""
        if self._data is None:
            self.set_data(**{kind: load_gazetteer(kind) for kind in self.GAZETTEERS})

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the gazetteers inside the model folder (as the JSON rows of pipeline/resources)."""
        self.ensure_data()
        assert self._data is not None
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        rows = {kind: gazetteer_rows(records) for kind, records in self._data.items()}
        (path / DATA_FILE).write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> GazetteerComponent:
        """Load the gazetteers saved by :meth:`to_disk` back into typed records."""
        file = Path(path) / DATA_FILE
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{self.WHAT} {file} cannot be read: {exc}") from exc
        if not isinstance(data, dict) or set(data) != set(self.GAZETTEERS):
            found = sorted(data) if isinstance(data, dict) else type(data).__name__
            raise ModelError(f"{self.WHAT} {file} holds {found}; expected {', '.join(self.GAZETTEERS)}")
        try:
            records = {kind: parse_gazetteer(kind, data[kind], source=f"{file}:{kind}") for kind in self.GAZETTEERS}
        except PipelineError as exc:
            raise ModelError(f"{self.WHAT} {file} is malformed: {exc}") from exc
        self.set_data(**records)
        return self

    def __call__(self, doc: Doc) -> Doc:
        """Tag a doc: append this component's spans."""
        emit(doc, self.find(doc))
        return doc


class FinderComponent:
    """Wraps a pure finder ``find(text, *, language) -> list[Span]`` as a pipeline component."""

    def __init__(self, name: str, finder: FinderFn) -> None:
        self.name = name
        self.finder = finder

    def __call__(self, doc: Doc) -> Doc:
        """Run the finder over the doc text and emit its spans."""
        emit(doc, self.finder(doc_text(doc), language=doc_language(doc)))
        return doc


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Deduplicate identical (label, start, end); inside one label the longest of overlapping spans wins, except that
    themes overlap: "women migrant workers" is a gender_migration and a labour_migration mention."""
    by_label: dict[tuple[str, str], list[Span]] = {}
    for span in spans:
        if span.end > span.start:
            by_label.setdefault((span.label, span.canonical_id if span.label == THEME_LABEL else ""), []).append(span)
    out: list[Span] = []
    for items in by_label.values():
        items.sort(key=lambda s: (-(s.end - s.start), s.start))
        taken = Occupancy(max(s.end for s in items))
        for span in items:
            if taken.overlaps(span.start, span.end):
                continue
            taken.take(span.start, span.end)
            out.append(span)
    out.sort(key=lambda s: (s.start, s.end, s.label))
    return out


class MergeComponent:
    """Final component: deduplicates doc._.nexus_spans and rebuilds doc.spans['nexus'] to match."""

    def __call__(self, doc: Doc) -> Doc:
        """Merge the spans collected by earlier components."""
        reset_span_group(doc, merge_spans(doc_spans(doc)))
        return doc
