"""The plumbing every gazetteer-backed component shares: lazy data, saving inside the model, spaCy call."""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from pipeline.errors import ModelError
from pipeline.types import Span

DATA_FILE = "gazetteer.json"


class GazetteerComponent:
    """Base of the country, organisation and government-body taggers.

    Subclasses define ``WHAT`` (for messages), ``set_data(**gazetteers)`` (which stores the raw data in
    ``self._data``), ``_ensure_data()`` and ``find(doc)``.
    """

    WHAT = "gazetteer"
    _data: dict[str, Any]

    def set_data(self, **gazetteers: Any) -> None:  # pragma: no cover - always overridden
        """Install the gazetteers (overridden)."""
        raise NotImplementedError

    def _ensure_data(self) -> None:  # pragma: no cover - always overridden
        raise NotImplementedError

    def find(self, doc: Doc) -> list[Span]:  # pragma: no cover - always overridden
        """The spans of a doc (overridden)."""
        raise NotImplementedError

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the gazetteers inside the model folder."""
        self._ensure_data()
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / DATA_FILE).write_text(json.dumps(self._data, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> GazetteerComponent:
        """Load the gazetteers saved by :meth:`to_disk`."""
        file = Path(path) / DATA_FILE
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{self.WHAT} {file} cannot be read: {exc}") from exc
        self.set_data(**data)
        return self

    def __call__(self, doc: Doc) -> Doc:
        """Tag a doc: append this component's spans."""
        from pipeline.nlp.registry import emit

        emit(doc, self.find(doc))
        return doc
