"""A memo of the code fingerprint's inputs kept in the user's cache, so that a rerun does not re-read them.

Every run fingerprints the package's code and data files (some 300 files read and hashed) and the versions of the
libraries that shape results (each looked up in the installed packages' metadata): together about a tenth of a
second, most of what a fully cached rerun costs after start-up. Like git's index, the memo keeps each file's hash
under its absolute path and its size, modification and change times, inode and device, and the library versions
under the modification times of the folders they are installed in; an entry whose stamp changed is computed again. A file modified within ``RACY_NS`` of its
hashing is never memoised, since a later change in the same clock tick would keep its stamp. The memo is an
optimisation: a missing, damaged or unwritable memo only means computing everything, as without it.
"""
from __future__ import annotations

import json
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

from pipeline.config import USER_CACHE_NAME, user_cache_dir

log = logging.getLogger(__name__)

MEMO_FILE = "fingerprints.json"
MEMO_VERSION = 1
RACY_NS = 2_000_000_000
"""A file modified this recently (ns) when it is hashed is hashed again next time."""
HashFn = Callable[[bytes], str]
VersionsFn = Callable[[tuple[str, ...]], str]


@cache
def shared_memo() -> StatMemo:
    """The memo of this process (read once: the package's files and the library versions both use it)."""
    return StatMemo()


def memo_path() -> Path:
    """Where the memo lives: ``<user cache>/nexus/fingerprints.json``."""
    return user_cache_dir() / USER_CACHE_NAME / MEMO_FILE


class StatMemo:
    """File hashes keyed by their stat stamp, and library versions keyed by their install folders' mtimes."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or memo_path()
        self.files: dict[str, list] = {}
        self.libraries: dict[str, list] = {}
        self._dirty = False
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") == MEMO_VERSION:
                self.files = dict(data.get("files", {}))
                self.libraries = dict(data.get("libraries", {}))
        except Exception:  # noqa: BLE001 - no memo yet, or a damaged one: everything is computed
            self.files, self.libraries = {}, {}

    def file_hash(self, path: Path, compute: HashFn) -> str:
        """The hash of a file (``compute(bytes)``), from the memo when its stamp is the memo's: its size, mtime,
        ctime (which no tool can set back), inode and device, under its absolute path."""
        st = path.stat()
        stamp = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
        key = str(path.resolve())
        entry = self.files.get(key)
        if isinstance(entry, list) and len(entry) == len(stamp) + 1 and entry[:-1] == stamp:
            return str(entry[-1])
        value = compute(path.read_bytes())
        if time.time_ns() - max(st.st_mtime_ns, st.st_ctime_ns) > RACY_NS:
            self.files[key] = [*stamp, value]
            self._dirty = True
        return value

    def versions(self, names: tuple[str, ...], compute: VersionsFn) -> str:
        """The versions string of some libraries, from the memo while the folders on sys.path are unchanged."""
        stamp = _install_stamp()
        key = ",".join(names)
        entry = self.libraries.get(key)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == stamp:
            return str(entry[1])
        value = compute(names)
        self.libraries[key] = [stamp, value]
        self._dirty = True
        return value

    def save(self) -> None:
        """Write the memo if it changed (to a temporary file, then renamed; a failure is only logged)."""
        if not self._dirty:
            return
        tmp = ""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".fingerprints.", suffix=".tmp", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"version": MEMO_VERSION, "files": self.files, "libraries": self.libraries}, fh)
            os.replace(tmp, self.path)
            self._dirty = False
        except (OSError, TypeError, ValueError) as exc:
            log.debug("cannot write the fingerprint memo %s: %s", self.path, exc)
            if tmp:
                Path(tmp).unlink(missing_ok=True)


def _install_stamp() -> str:
    """The modification times of the folders on sys.path (an install or upgrade changes its folder's)."""
    parts = []
    for entry in sys.path:
        try:
            parts.append(f"{entry}:{os.stat(entry or '.').st_mtime_ns}")
        except OSError:
            continue
    return ";".join(parts)


