"""Extraction ahead of the workers: the spooled documents are the extract stage itself, taken once, never half."""
from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import psutil
import pytest

from pipeline.config import Settings
from pipeline.ids import DOC_ID_HEX
from pipeline.run import prefetch
from pipeline.run.batch import run
from pipeline.run.extraction import extract_document
from pipeline.run.prefetch import SPOOL_STAGE, start_prefetch, take
from pipeline.run.cache import StageCache, file_digest
from pipeline.run.task import Task
from tests.paths import ROOT

SAMPLES = ROOT / "corpora" / "sample"
NAMES = ("egm_migration_sdg_meeting_report.pdf", "gcm_review_brief.html", "layout_landscape.pdf")


@pytest.fixture()
def tasks() -> list[Task]:
    return [Task(key=f"k{i}", path=SAMPLES / name, source=name) for i, name in enumerate(NAMES)]


def _wait(p: prefetch.Prefetch, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while p.process.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_spooled_documents_are_their_extract_stage_and_are_taken_once(tasks: list[Task]) -> None:
    settings = Settings(workers=2)
    p = start_prefetch(tasks, settings=settings)
    if p is None:
        pytest.skip("this machine has one core or no fork")
    try:
        _wait(p)
        assert p.stop() == len(tasks)
        for task in tasks:
            doc = take(p.folder, task.key)
            expected = extract_document(task.path, doc_id=file_digest(task.path)[:DOC_ID_HEX], source=task.source,
                                        settings=settings)
            assert doc == expected
            assert take(p.folder, task.key) is None  # taken once
    finally:
        p.close()
    assert not p.folder.exists()


def test_no_prefetch_where_it_cannot_help(tasks: list[Task]) -> None:
    assert start_prefetch(tasks, settings=Settings(workers=1)) is None
    assert start_prefetch(tasks[:1], settings=Settings(workers=2)) is None
    assert take(None, "k0") is None


def test_a_stopped_prefetcher_leaves_no_partial_document(tmp_path: Path, tasks: list[Task]) -> None:
    spool = StageCache(tmp_path)
    spool.put(SPOOL_STAGE, "whole", "not a document")
    partial = spool._path(SPOOL_STAGE, "cut")
    partial.parent.mkdir(parents=True, exist_ok=True)
    partial.write_bytes(b"\x80\x05truncated")  # what a killed writer could leave without its rename
    assert take(tmp_path, "whole") is None and take(tmp_path, "cut") is None
    p = start_prefetch(tasks, settings=Settings(workers=2))
    if p is None:
        pytest.skip("this machine has one core or no fork")
    p.stop()  # at once: most likely mid-document
    for path in (p.folder / SPOOL_STAGE).rglob("*.pkl") if (p.folder / SPOOL_STAGE).exists() else ():
        assert take(p.folder, path.stem) is not None  # every spooled file is a whole document
    p.close()


def test_a_process_run_with_prefetch_equals_a_serial_run(tmp_path: Path) -> None:
    inputs = [SAMPLES / name for name in NAMES]
    base = Settings(db=None, use_cache=False, infer_links=False)
    serial = run(inputs, out_dir=tmp_path / "serial", settings=replace(base, executor="serial"))
    isolated = run(inputs, out_dir=tmp_path / "process", settings=replace(base, executor="process", workers=2))
    assert serial.ok == isolated.ok == len(inputs)
    for table in ("mentions.csv", "links.csv", "sentences.csv", "blocks.csv"):
        assert (tmp_path / "serial" / table).read_bytes() == (tmp_path / "process" / table).read_bytes()


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_the_prefetcher_dies_with_its_run_and_its_spool_is_swept() -> None:
    script = (
        "import os, time\n"
        "from pathlib import Path\n"
        "from pipeline.config import Settings\n"
        "from pipeline.run.prefetch import start_prefetch\n"
        "from pipeline.run.task import Task\n"
        f"tasks = [Task(key=f'k{{i}}', path=Path({str(SAMPLES / NAMES[0])!r}), source='x') for i in range(60)]\n"
        "p = start_prefetch(tasks, settings=Settings(workers=2))\n"
        "print(p.process.pid if p else 0, p.folder if p else '', flush=True)\n"
        "time.sleep(0.3)\n"
        "os._exit(0)\n")  # killed mid-warm-up: stop() never runs
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    pid, *folder = out.stdout.split()
    if pid == "0":
        pytest.skip("this machine has one core or no fork")
    deadline = time.monotonic() + 30
    while not _gone(int(pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _gone(int(pid))
    spool = Path(folder[0])
    spooled = len(list((spool / SPOOL_STAGE).rglob("*.pkl"))) if (spool / SPOOL_STAGE).exists() else 0
    assert spooled < 30  # it stopped with its run, not after the whole batch
    prefetch.remove_stale_spools(spool.parent)
    assert not spool.exists()
