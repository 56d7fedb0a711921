"""Deterministic hash ids, so that a rerun upserts instead of duplicating (sqlite-utils' ``hash_id``)."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

DOC_ID_HEX = 16
CHILD_ID_HEX = 16
READ_CHUNK = 1 << 20
SLUG_RE = re.compile(r"[^a-z0-9]+")


def doc_id_for_bytes(data: bytes) -> str:
    """The id of a document: the first 16 hex digits of the sha256 of its bytes."""
    return hashlib.sha256(data).hexdigest()[:DOC_ID_HEX]


def doc_id_for_file(path: Path) -> str:
    """The id of a document file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(READ_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()[:DOC_ID_HEX]


def hash_id(*parts: object) -> str:
    """A stable id from a natural key (its parts joined with a unit separator)."""
    key = "\x1f".join(str(p) for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:CHILD_ID_HEX]


def slugify(text: str) -> str:
    """Lowercase ASCII words joined by hyphens ("Planning Institute of Jamaica" → "planning-institute-of-jamaica")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return SLUG_RE.sub("-", ascii_text.lower()).strip("-")
