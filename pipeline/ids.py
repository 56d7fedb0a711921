"""Deterministic ids: hash ids, so that a rerun upserts instead of duplicating (sqlite-utils' ``hash_id``), and slugs."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from pipeline.clean import BREAK_HYPHEN_RE
from pipeline.nlp.fold import fold
from pipeline.vocab import ARTICLES

DOC_ID_HEX = 16
CHILD_ID_HEX = 16
READ_CHUNK = 1 << 20
SLUG_WORD_RE = re.compile(r"[a-z0-9]+")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
    key = "\x1f".join(map(str, parts))
    return hashlib.sha1(key.encode("utf-8", errors="surrogatepass")).hexdigest()[:CHILD_ID_HEX]


def slugify(text: str) -> str:
    """A stable id slug: folded ASCII words joined by '-', a leading article dropped, hyphen breaks rejoined.

    "Planning Institute of Jamaica" → "planning-institute-of-jamaica", "The Danish Refugee Council" →
    "danish-refugee-council", "Secretaría de Gobernación" → "secretaria-de-gobernacion".
    """
    words = SLUG_WORD_RE.findall(fold(BREAK_HYPHEN_RE.sub("", text)).replace("'", " "))
    while words and words[0] in ARTICLES:
        words = words[1:]
    return "-".join(words)


def is_slug(text: str) -> bool:
    """True for a lowercase hyphen slug such as ``danish-refugee-council``."""
    return bool(SLUG_RE.match(text))
