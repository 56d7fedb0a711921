"""The fingerprint memo: a file's hash and the library versions are reused only while their stamps hold."""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from pipeline.run import memo as memo_module
from pipeline.run.memo import RACY_NS, StatMemo


def _sha1(data: bytes) -> str:
    return hashlib.sha1(data).hexdigest()


def _age(path: Path, seconds: float = 10) -> None:
    """Set a file's mtime in the past (beyond the racy window)."""
    old = time.time() - seconds
    os.utime(path, (old, old))


def test_a_file_hash_is_memoised_under_its_stat_stamp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo_module, "RACY_NS", 0)  # setting an mtime back also sets the ctime to now
    f = tmp_path / "a.py"
    f.write_text("x = 1\n")
    _age(f)
    calls: list[bytes] = []

    def counting(data: bytes) -> str:
        calls.append(data)
        return _sha1(data)

    memo = StatMemo(tmp_path / "memo.json")
    assert memo.file_hash(f, counting) == _sha1(b"x = 1\n")
    memo.save()
    again = StatMemo(tmp_path / "memo.json")
    assert again.file_hash(f, counting) == _sha1(b"x = 1\n") and len(calls) == 1
    f.write_text("x = 2\n")  # same size, new mtime
    _age(f, 5)
    assert again.file_hash(f, counting) == _sha1(b"x = 2\n") and len(calls) == 2


def test_a_file_changed_just_now_is_not_memoised(tmp_path: Path) -> None:
    f = tmp_path / "b.py"
    f.write_text("y = 1\n")
    memo = StatMemo(tmp_path / "memo.json")
    memo.file_hash(f, _sha1)
    assert time.time_ns() - f.stat().st_mtime_ns < RACY_NS and str(f.resolve()) not in memo.files


def test_library_versions_are_computed_again_when_an_install_folder_changes(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.setattr(memo_module.sys, "path", [str(site)])
    seen: list[tuple[str, ...]] = []

    def versions(names: tuple[str, ...]) -> str:
        seen.append(names)
        return f"v{len(seen)}"

    memo = StatMemo(tmp_path / "memo.json")
    assert memo.versions(("numpy",), versions) == "v1" == memo.versions(("numpy",), versions)
    (site / "numpy-2.0.dist-info").mkdir()  # an install changes the folder's mtime
    os.utime(site, ns=(site.stat().st_atime_ns, site.stat().st_mtime_ns + 1_000_000_000))
    assert memo.versions(("numpy",), versions) == "v2"


@pytest.mark.parametrize("damage", ["{not json", '{"version": 1, "files": [1]}', '{"version": 1, "files": {"X": 5}}',
                                    '{"version": 1, "libraries": {"numpy": ["x"]}}', "[]"])
def test_a_damaged_memo_is_ignored(tmp_path: Path, damage: str) -> None:
    path = tmp_path / "memo.json"
    f = tmp_path / "c.py"
    f.write_text("z = 3\n")
    path.write_text(damage.replace("X", str(f.resolve())))
    memo = StatMemo(path)
    assert memo.file_hash(f, _sha1) == _sha1(b"z = 3\n")
    assert memo.versions(("numpy",), lambda names: "v") == "v"
