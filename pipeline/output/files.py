"""Files of a run folder written safely: a temporary path renamed into place, and the manifest written last.

A killed writer never leaves a half-written file; :func:`remove_stale_temporaries` clears what it left, and the
manifest (``begin_outputs`` → ``commit_outputs``) tells a reader whether the folder's outputs form one complete set.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

log = logging.getLogger(__name__)

PARTS_DIR = ".parts"
"""The run folder's per-document parts (pipeline.output.store)."""
TEXT_DIR = "text"
"""The run folder's extracted texts, one file per document."""

TMP_SUFFIX = ".tmp"
"""Suffix of the temporary files that atomic_path writes beside their target."""
MANIFEST = "manifest.json"
"""The run folder's manifest, written last: which files make up the current set of outputs, with their hashes."""
MANIFEST_VERSION = 1
HASH_CHUNK = 1 << 20


NEW_FILE_MODE = 0o666
"""Mode that a plain ``open()`` asks for; the umask then takes its bits away (mkstemp alone gives 0600)."""


def file_mode() -> int:
    """The mode an output file gets: NEW_FILE_MODE less the process's current umask."""
    mask = os.umask(0)
    os.umask(mask)
    return NEW_FILE_MODE & ~mask


def _fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (a rename) to disk; a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_path(path: Path, *, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it replaces ``path`` in one rename, fsynced first with
    ``durable``.

    The temporary name carries the writer's pid (``.NAME.PID.XXXX.tmp``), so :func:`remove_stale_temporaries`
    can tell the leftovers of a killed process from the files of a live one. Without ``durable`` the file is never
    half-written by a crash of the writer either, but it reaches the disk when the kernel writes it back (or at the
    run's commit, :func:`commit_outputs`): what a batch writes per document (texts, parts), where an fsync each
    (8 ms here) costs more than a cached document's whole processing.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TMP_SUFFIX, dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, file_mode())
        if durable:
            with open(tmp_path, "rb+") as fh:
                os.fsync(fh.fileno())
        os.replace(tmp_path, path)
        if durable:
            _fsync_dir(path.parent)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files that killed writers left in a folder (and its text/ and .parts/); returns them."""
    removed: list[Path] = []
    for sub in (folder, folder / TEXT_DIR, folder / PARTS_DIR):
        if not sub.is_dir():
            continue
        for tmp in sub.glob(f".*{TMP_SUFFIX}"):
            fields = tmp.name.split(".")
            pid = next((int(f) for f in fields[2:-1] if f.isdigit()), None)
            if pid is not None and pid != os.getpid() and pid_alive(pid):
                continue
            try:
                tmp.unlink()
                removed.append(tmp)
            except OSError as exc:
                log.warning("cannot remove stale temporary file %s: %s", tmp, exc)
    if removed:
        log.info("removed %d temporary file(s) left by an interrupted run in %s", len(removed), folder)
    return removed


def file_sha256(path: Path) -> str:
    """The sha256 of a file's bytes (read in chunks)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(HASH_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def begin_outputs(out_dir: Path, *, run_id: str) -> None:
    """Mark the run folder's outputs as being rewritten (manifest state ``writing``) before any table is replaced.

    A reader that finds ``"state": "writing"`` knows the folder may mix two sets of outputs (the writer was killed);
    a rerun completes it.
    """
    payload = {"version": MANIFEST_VERSION, "run_id": run_id, "state": "writing", "files": {}}
    write_text_atomic(out_dir / MANIFEST, json.dumps(payload, indent=1))


def commit_outputs(out_dir: Path, paths: Iterable[Path], *, run_id: str, run_key: str = "") -> Path:
    """Write the manifest last: state ``complete`` and the sha256 and size of every output file of this run.

    Everything the run wrote without an fsync of its own (per-document texts and parts) is flushed first, with one
    ``sync`` for the whole run, so a complete manifest never outlives the files it stands for."""
    if hasattr(os, "sync"):
        os.sync()
    files = {}
    for path in sorted(set(paths)):
        rel = path.relative_to(out_dir).as_posix()
        files[rel] = {"sha256": file_sha256(path), "bytes": path.stat().st_size}
    return write_manifest(out_dir, files, run_id=run_id, run_key=run_key)


def write_manifest(out_dir: Path, files: dict[str, dict[str, object]], *, run_id: str, run_key: str = "") -> Path:
    """Write a complete manifest for the given files (relative name → sha256 and bytes); ``run_key`` names the
    inputs and code the outputs were made from (pipeline.run.snapshot), empty when they cannot be reused."""
    payload: dict[str, object] = {"version": MANIFEST_VERSION, "run_id": run_id, "state": "complete",
                                  "files": dict(sorted(files.items()))}
    if run_key:
        payload["run_key"] = run_key
    target = out_dir / MANIFEST
    write_text_atomic(target, json.dumps(payload, indent=1))
    return target


def check_outputs(out_dir: Path) -> list[str]:
    """Problems of a run folder's outputs against its manifest (empty when the set is complete and unchanged)."""
    try:
        payload = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"no readable {MANIFEST} in {out_dir}: {exc}"]
    if not isinstance(payload, dict) or payload.get("state") != "complete":
        return [f"{out_dir} was being written when its writer stopped (manifest state {payload.get('state')!r})"
                if isinstance(payload, dict) else f"{MANIFEST} in {out_dir} is not an object"]
    problems = []
    for rel, meta in payload.get("files", {}).items():
        path = out_dir / rel
        if not path.exists():
            problems.append(f"{rel} is missing")
        elif file_sha256(path) != meta.get("sha256"):
            problems.append(f"{rel} differs from the manifest")
    return problems


def write_text_atomic(path: Path, text: str, *, durable: bool = True) -> None:
    """Write a UTF-8 text file atomically (see :func:`atomic_path` for ``durable``)."""
    with atomic_path(path, durable=durable) as tmp:
        tmp.write_text(text, encoding="utf-8")
