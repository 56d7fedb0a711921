"""A content-addressed cache of results shared by every run folder: an unchanged file is never processed twice.

Entries are keyed by the file's bytes (sha256) and by a fingerprint of each stage's code, data and settings:

- ``extract``: the assembled Document (the extractors, the document modules and every setting but the tagger's
  and the linker's);
- ``tag``: the sentences and mentions (plus the tagger's code, gazetteers and model);
- ``result``: the document's finished table rows and text (plus the linker, classifier and structure code, and
  every setting).

So a change to the tagger re-tags from the cached extraction, a change to the linker re-links from the cached
mentions, and an unchanged archive rerun into a new folder reads every document's rows. Failed documents are
never cached (they are retried). Entries are written to a temporary file and renamed; a damaged or foreign entry
is ignored. The cache holds pickles written by nexus: keep it on storage only you write to.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import tempfile
from dataclasses import fields
from functools import cache
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.config import RESULT_NEUTRAL_SETTINGS, Settings
from pipeline.output.files import file_sha256
from pipeline.run.memo import shared_memo

log = logging.getLogger(__name__)

CACHE_VERSION = 1
STAGES: tuple[str, ...] = ("extract", "tag", "result")
"""The cached stages, in pipeline order."""
PACKAGE = Path(__file__).resolve().parents[1]
FINGERPRINT_SUFFIXES = (".py", ".json", ".tsv", ".txt", ".joblib")
STAGE_CODE: dict[str, tuple[str, ...]] = {
    "extract": ("extract", "ingest", "document", "clean.py", "types.py", "ids.py", "errors.py", "config.py",
                "run/cache.py", "run/extraction.py", "run/outcome.py"),
    "tag": ("nlp", "tag.py", "vocab.py", "resources"),
    "result": ("link", "classify", "structure", "run/process.py", "output/store.py"),
}
"""The package paths whose files make up each stage's code fingerprint (a stage also takes the earlier ones')."""
DOWNSTREAM_SETTINGS: dict[str, frozenset[str]] = {
    "extract": frozenset({"model", "infer_links", "infer_threshold"}),
    "tag": frozenset({"infer_links", "infer_threshold"}),
    "result": frozenset(),
}
"""Settings a stage's output does not depend on (those of later stages)."""
HASH_HEX = 40
RESULT_LIBRARIES = ("spacy", "pypdfium2", "pdfplumber", "trafilatura", "python-docx", "lxml", "scikit-learn",
                    "numpy", "pytesseract")
"""Libraries whose version is part of every key."""


file_digest = file_sha256
"""The sha256 of a file's bytes (the cache's name for the run folder's hash)."""


def _sha1(data: bytes) -> str:
    """The sha1 of some bytes, in hex."""
    return hashlib.sha1(data).hexdigest()


@cache
def package_file_digests() -> dict[str, str]:
    """The sha1 of each code and data file of the package, by its path relative to the package (once per process;
    an unchanged file's from the memo, :mod:`pipeline.run.memo`)."""
    found = sorted(p for p in PACKAGE.rglob("*")
                   if p.suffix in FINGERPRINT_SUFFIXES and "__pycache__" not in p.parts and p.is_file())
    memo = shared_memo()
    out = {p.relative_to(PACKAGE).as_posix(): memo.file_hash(p, _sha1) for p in found}
    memo.save()
    return out


@cache
def files_digest(names: tuple[str, ...] = ()) -> str:
    """The hash of the code and data files under some package paths (default: the whole package) and of nexus's
    version."""
    digest = hashlib.sha1(__version__.encode())
    for rel, sha in package_file_digests().items():
        if not names or any(rel == name or rel.startswith(f"{name}/") for name in names):
            digest.update(f"{rel}:{sha}".encode())
    return digest.hexdigest()


def _code_digest(stage: str) -> str:
    """The hash of one stage's own code and data files."""
    return files_digest(STAGE_CODE[stage])


@cache
def _folder_digest(folder: Path, mtime_ns: int) -> str:
    """The hash of every file of a saved tagger (keyed by the folder's latest change, so it is read once)."""
    digest = hashlib.sha1()
    for part in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(part.relative_to(folder).as_posix().encode())
        digest.update(part.read_bytes())
    return digest.hexdigest()


def _model_digest(settings: Settings) -> str:
    """The identity of the tagger a run uses: every file of its saved folder, or the built-in tagger's name (whose
    code and gazetteers are in the tag stage's code fingerprint)."""
    model = getattr(settings, "model", "") or ""
    folder = Path(model) if model else None
    if folder is None or not folder.is_dir():
        return f"default:{model}"
    latest = max((p.stat().st_mtime_ns for p in folder.rglob("*")), default=0)
    return _folder_digest(folder.resolve(), latest)


@cache
def library_versions(names: tuple[str, ...] = RESULT_LIBRARIES) -> str:
    """The versions of some libraries ("name=version;…"; the default: those whose behaviour shapes results, since a
    new release may extract or tag otherwise), from the memo while nothing was installed (:mod:`pipeline.run.memo`)."""
    memo = shared_memo()
    found = memo.versions(names, _installed_versions)
    memo.save()
    return found


def _installed_versions(names: tuple[str, ...]) -> str:
    """The versions of some libraries, read from the installed packages' metadata."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in names:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=none")
    return ";".join(found)


def stage_keys(settings: Settings, file_sha: str, *, suffix: str = "") -> dict[str, str]:
    """The cache key of each stage for a file (its sha256, and its suffix, which can choose its reader) under
    these settings."""
    keys: dict[str, str] = {}
    chain = hashlib.sha1(f"{CACHE_VERSION}:{file_sha}:{suffix.lower()}:{library_versions()}".encode())
    for stage in STAGES:
        chain.update(_code_digest(stage).encode())
        skipped = RESULT_NEUTRAL_SETTINGS | DOWNSTREAM_SETTINGS[stage]
        chosen = [f"{f.name}={getattr(settings, f.name)!r}" for f in fields(Settings) if f.name not in skipped]
        if stage == "tag":
            chain.update(_model_digest(settings).encode())
        stage_hash = chain.copy()
        stage_hash.update(json.dumps(chosen).encode())
        keys[stage] = stage_hash.hexdigest()[:HASH_HEX]
    return keys


class StageCache:
    """The cache folder: one pickle per (stage, key), written atomically."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, stage: str, key: str) -> Path:
        return self.root / stage / key[:2] / f"{key}.pkl"

    def get(self, stage: str, key: str) -> Any | None:
        """A cached value, or None when absent or unreadable (a damaged entry is logged and ignored)."""
        path = self._path(stage, key)
        try:
            with open(path, "rb") as fh:
                version, value = pickle.load(fh)
        except FileNotFoundError:
            return None
        except Exception as exc:  # noqa: BLE001 - a damaged or foreign entry is a miss, never a crash
            log.warning("ignoring cache entry %s: %s", path, exc)
            return None
        return value if version == CACHE_VERSION else None

    def has(self, stage: str, key: str) -> bool:
        """Whether an entry is stored (not whether it can be read)."""
        return self._path(stage, key).is_file()

    def remove(self, stage: str, key: str) -> None:
        """Remove an entry, if it is there."""
        self._path(stage, key).unlink(missing_ok=True)

    def put(self, stage: str, key: str, value: Any) -> None:
        """Store a value (a failure to write is logged: the cache is an optimisation, never a reason to fail)."""
        path = self._path(stage, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    pickle.dump((CACHE_VERSION, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except Exception as exc:  # noqa: BLE001 - the cache never fails a run (a full disk, an unpicklable value)
            log.warning("cannot write cache entry %s: %s", path, exc)


def open_cache(settings: Settings) -> StageCache | None:
    """The cache a run uses (``settings.cache``), or None when caching is off."""
    folder = getattr(settings, "cache", "") or ""
    return StageCache(Path(folder)) if folder else None


def usable_folder(folder: Path) -> bool:
    """Whether a cache folder can be created and written (probed once per run, so an unusable one is one warning,
    not one per document)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(prefix=".probe.", dir=folder)
        os.close(fd)
        os.unlink(probe)
        return True
    except OSError as exc:
        log.warning("cache %s is not usable (%s): running without a cache", folder, exc.strerror or exc)
        return False
