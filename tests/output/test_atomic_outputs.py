"""Run-folder writes: atomic, fsynced, readable under the umask, stale temporaries removed, a manifest written last."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from pipeline.output.store import part_path, read_part
from pipeline.output.files import MANIFEST, atomic_path, begin_outputs, check_outputs, commit_outputs, remove_stale_temporaries, write_text_atomic


@pytest.fixture
def umask_022() -> object:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_output_files_respect_the_umask(tmp_path: Path, umask_022: object) -> None:
    target = tmp_path / "documents.csv"
    write_text_atomic(target, "doc_id\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    os.umask(0o077)
    write_text_atomic(target, "doc_id\n")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "links.csv"
    write_text_atomic(target, "old")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("killed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["links.csv"]


def test_temporaries_of_dead_writers_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    dead_pid = 2 ** 22 + 12345  # above the default pid_max of 4,194,304: no such process
    dead = tmp_path / f".documents.csv.{dead_pid}.abc123.tmp"
    live = tmp_path / f".mentions.csv.{os.getppid()}.def456.tmp"
    (tmp_path / "text").mkdir()
    dead_text = tmp_path / "text" / f".x.txt.{dead_pid}.q.tmp"
    for p in (dead, live, dead_text):
        p.write_text("partial")
    removed = remove_stale_temporaries(tmp_path)
    assert sorted(removed) == sorted([dead, dead_text])
    assert live.exists() and not dead.exists()


def test_the_manifest_tells_a_complete_set_from_an_interrupted_one(tmp_path: Path) -> None:
    docs, links = tmp_path / "documents.csv", tmp_path / "links.csv"
    docs.write_text("a")
    links.write_text("b")
    begin_outputs(tmp_path, run_id="r1")
    assert "being written" in check_outputs(tmp_path)[0]
    commit_outputs(tmp_path, [docs, links], run_id="r1")
    assert check_outputs(tmp_path) == []
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert manifest["state"] == "complete" and set(manifest["files"]) == {"documents.csv", "links.csv"}
    links.write_text("changed")
    assert check_outputs(tmp_path) == ["links.csv differs from the manifest"]


@pytest.mark.parametrize("payload", ["[1, 2]", '"text"', "42", '{"version": 1, "tables": [1]}',
                                     '{"version": 1, "tables": {"documents": [3]}}', "null"])
def test_a_part_that_is_not_a_nexus_part_is_ignored(tmp_path: Path, payload: str) -> None:
    path = part_path(tmp_path, "k")
    path.parent.mkdir(parents=True)
    path.write_text(payload)
    assert read_part(tmp_path, "k") is None


def test_per_document_files_skip_fsync_and_the_commit_syncs_once(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    from pipeline.output import store

    calls: list[str] = []
    monkeypatch.setattr(os, "fsync", lambda fd: calls.append("fsync"))
    monkeypatch.setattr(os, "sync", lambda: calls.append("sync"))
    store.write_doc_text(tmp_path, "abc", "some text")
    store.write_rows_part(tmp_path, "k", {"documents": [{"doc_id": "abc", "status": "ok"}]}, text_bytes=9)
    assert calls == []
    commit_outputs(tmp_path, [], run_id="r")
    assert calls[0] == "sync"


def test_resume_redoes_a_part_whose_text_lost_bytes(tmp_path: Path) -> None:
    from pipeline.output import store

    size = store.write_doc_text(tmp_path, "abc", "some text")
    store.write_rows_part(tmp_path, "k", {"documents": [{"doc_id": "abc", "status": "ok"}]}, text_bytes=size)
    assert store.read_part(tmp_path, "k") is not None
    (tmp_path / store.TEXT_DIR / "abc.txt").write_text("some", encoding="utf-8")  # a power cut kept part of it
    assert store.read_part(tmp_path, "k") is None
