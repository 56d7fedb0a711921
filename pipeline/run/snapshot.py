"""Whole runs in the cache: a rerun of unchanged inputs into a new run folder links the finished folder back.

The per-document cache (:mod:`pipeline.run.cache`) spares a rerun every extraction, tagging and linking, but the
run still rebuilt its tables, graphs and database index from 150 documents' rows (four seconds of a 22-second
archive run). A *snapshot* is that finished output, kept in the cache under a key made of the run's inputs in
order (name, shown path, result key) and of the code and settings that shape the outputs. When a new run folder
is asked for with the same key, its files are hard-linked from the snapshot (copied across file systems), its
manifest is written for the new folder, and the database only records the run: every document's rows there are
already the same (pipeline.output.db_core.index_restored_run).

A snapshot is the folder exactly as a cached rerun would write it: its documents table says ``cached = result``
and ``seconds = 0`` (nothing was processed), every other file is the run's own. Only runs whose every document
finished ``ok`` with a result key are kept (a failure is retried, never restored), and never with ``--excel``
(the workbook holds the documents sheet). A snapshot whose files were changed in place (size or modification time
differ from the record) is ignored.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.output.files import MANIFEST, TEXT_DIR, atomic_path, file_sha256, write_manifest
from pipeline.run.cache import files_digest, library_versions

log = logging.getLogger(__name__)

SNAPSHOT_STAGE = "run"
"""The cache's folder of whole-run snapshots (beside the per-document stages)."""
SNAPSHOT_VERSION = 1
RECORD = "snapshot.json"
"""A snapshot's record: its files (size, modification time, sha256) and the run's summary figures."""
OUTPUT_CODE: tuple[str, ...] = ("output", "run/batch.py", "run/snapshot.py", "run/tables.py", "structure", "config.py")
"""Package paths whose code shapes a run folder's files from the documents' rows."""
OUTPUT_LIBRARIES = ("pandas", "pyarrow", "networkx")
"""Libraries that write a run folder's files (a new release may write them otherwise)."""
RESTORED_DOCUMENT_VALUES: dict[str, object] = {"cached": "result", "seconds": 0.0}
"""What a rerun from the cache says of every document (pipeline.run.batch._from_cache)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A finished run's outputs found in the cache: its folder and its record."""

    folder: Path
    record: dict[str, Any]


def run_key(entries: Sequence[tuple[str, str, str]], *, parquet: bool) -> str:
    """The key of a whole run: its inputs in order as (name, shown path, result key), the output code, the writing
    libraries' versions and which tables are written."""
    digest = hashlib.sha1(f"{SNAPSHOT_VERSION}:{__version__}:{parquet}:{library_versions(OUTPUT_LIBRARIES)}".encode())
    digest.update(files_digest(OUTPUT_CODE).encode())
    for source, path, result_key in entries:
        digest.update(f"\x1e{source}\x1f{path}\x1f{result_key}".encode("utf-8", errors="surrogatepass"))
    return digest.hexdigest()


def _folder(root: Path, key: str) -> Path:
    return root / SNAPSHOT_STAGE / key[:2] / key


def _link(src: Path, dst: Path) -> None:
    """Hard-link ``src`` at ``dst`` (replacing it in one rename); a copy where links cannot be made."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.parent / f".{dst.name}.{os.getpid()}.link.tmp"
    tmp.unlink(missing_ok=True)
    try:
        os.link(src, tmp)
    except OSError:
        shutil.copy2(src, tmp)
    os.replace(tmp, dst)


def _stat(path: Path) -> dict[str, int]:
    st = path.stat()
    return {"bytes": st.st_size, "mtime_ns": st.st_mtime_ns}


def save_snapshot(root: Path, key: str, out_dir: Path, *, outputs: Sequence[Path], documents: Sequence[dict[str, Any]],
                  parquet: bool, summary: dict[str, Any]) -> None:
    """Keep a finished run folder's outputs in the cache under ``key`` (a failure is logged, never raised)."""
    from pipeline.output.stream import write_rows

    target = _folder(root, key)
    if (target / RECORD).exists():
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=f".{key}.", suffix=".tmp", dir=target.parent))
        try:
            restored = [{**row, **RESTORED_DOCUMENT_VALUES} for row in documents]
            own = {p.relative_to(work).as_posix()
                   for p in write_rows(work, {"documents": restored}, parquet=parquet)}
            files: dict[str, dict[str, Any]] = {rel: {**_stat(work / rel), "sha256": file_sha256(work / rel)}
                                                for rel in own}
            manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))["files"]
            texts = [f"{TEXT_DIR}/{doc_id}.txt" for doc_id in summary["doc_ids"]]
            for rel in [p.relative_to(out_dir).as_posix() for p in outputs if p.name != MANIFEST] + texts:
                if rel in own:
                    continue
                _link(out_dir / rel, work / rel)
                sha = manifest[rel]["sha256"] if rel in manifest else file_sha256(work / rel)
                files[rel] = {**_stat(work / rel), "sha256": sha}
            record = {"version": SNAPSHOT_VERSION, "key": key, "files": files, "summary": summary}
            with atomic_path(work / RECORD) as tmp:
                tmp.write_text(json.dumps(record), encoding="utf-8")
            os.replace(work, target)
        finally:
            if work.exists():
                shutil.rmtree(work, ignore_errors=True)
    except (OSError, KeyError, ValueError) as exc:  # the cache never fails a run
        log.warning("cannot keep run snapshot %s in the cache: %s", target, exc)


def find_snapshot(root: Path, key: str) -> Snapshot | None:
    """The snapshot stored under ``key``, or None when absent, foreign or changed since it was kept."""
    folder = _folder(root, key)
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("ignoring run snapshot %s: %s", folder, exc)
        return None
    if not isinstance(record, dict) or record.get("version") != SNAPSHOT_VERSION or record.get("key") != key:
        return None
    for rel, meta in record.get("files", {}).items():
        try:
            now = _stat(folder / rel)
        except OSError:
            now = {}
        if now != {"bytes": meta.get("bytes"), "mtime_ns": meta.get("mtime_ns")}:
            log.warning("ignoring run snapshot %s: %s was changed or removed since it was kept", folder, rel)
            return None
    return Snapshot(folder=folder, record=record)


def restore_snapshot(snapshot: Snapshot, out_dir: Path, *, run_id: str, run_key: str) -> list[Path]:
    """Link a snapshot's files into a run folder and write its manifest; the output paths (manifest last)."""
    files = snapshot.record["files"]
    for rel in files:
        _link(snapshot.folder / rel, out_dir / rel)
    outputs = [out_dir / rel for rel in files if not rel.startswith(f"{TEXT_DIR}/")]
    manifest = {rel: {"sha256": meta["sha256"], "bytes": meta["bytes"]} for rel, meta in files.items()
                if not rel.startswith(f"{TEXT_DIR}/")}
    outputs.append(write_manifest(out_dir, manifest, run_id=run_id, run_key=run_key))
    return outputs


def outputs_current(out_dir: Path, key: str, doc_ids: Sequence[str]) -> bool:
    """Whether a run folder already holds the complete outputs of run ``key``: its manifest says so and every file
    it lists, and every document's text, is there with its size."""
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        if manifest.get("state") != "complete" or manifest.get("run_key") != key:
            return False
        for rel, meta in manifest["files"].items():
            if (out_dir / rel).stat().st_size != meta["bytes"]:
                return False
        return all((out_dir / TEXT_DIR / f"{doc_id}.txt").is_file() for doc_id in doc_ids)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
