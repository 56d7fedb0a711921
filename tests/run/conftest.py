"""Inputs shared by the cache tests: two short reports in a folder."""
from __future__ import annotations

from pathlib import Path

import pytest

TEXTS = {
    "moldova.txt": "The Republic of Moldova adopted a labour migration strategy under SDG target 10.7. Remittances "
                   "sent by migrants reached USD 1.2 billion in 2014.",
    "jamaica.txt": "Jamaica's Planning Institute reports on diaspora engagement and SDG 10.c, the cost of remittances.",
}


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder holding TEXTS as .txt files."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder
