"""The whole batch over the generated fault corpus (scripts/make_fault_corpus.py).

Every input has a row with a status and a one-line reason, no traceback is printed, nothing is written outside
--out and the database, no earlier output is lost, and no process is left behind.
"""
from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pandas as pd
import psutil
import pytest

from pipeline.output.files import check_outputs, file_sha256
from tests.paths import ROOT

SCRIPT = ROOT / "scripts" / "make_fault_corpus.py"
EXIT_SOME_FAILED = 1


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_fault_corpus", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tree(folder: Path) -> dict[str, str]:
    """Every file below a folder (links not followed) with its sha256, or its link target."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            out[str(path.relative_to(folder))] = "link"
        elif path.is_file():
            out[str(path.relative_to(folder))] = file_sha256(path)
    return out


def _nexus(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "run", *args], capture_output=True, text=True,
                          timeout=600, cwd=cwd)


@pytest.fixture(scope="module")
def fault_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    base = tmp_path_factory.mktemp("faults")
    corpus, cwd, db = base / "corpus", base / "cwd", base / "nexus.duckdb"
    cwd.mkdir()
    expected = _script().write_corpus(corpus)
    earlier = base / "earlier"
    first = _nexus(str(corpus / "good_report.pdf"), "--out", str(earlier), "--db", str(db), cwd=cwd)
    assert first.returncode == 0, first.stderr
    before = {"corpus": _tree(corpus), "earlier": _tree(earlier), "cwd": _tree(cwd),
              "base": sorted(p.name for p in base.iterdir())}
    children_before = {p.pid for p in psutil.Process().children(recursive=True)}
    proc = _nexus(str(corpus), "--out", str(base / "out"), "--db", str(db), "--workers", "2", "--timeout", "120",
                  cwd=cwd)
    leftovers = [p for p in psutil.Process().children(recursive=True) if p.pid not in children_before]
    return {"base": base, "corpus": corpus, "cwd": cwd, "db": db, "earlier": earlier, "expected": expected,
            "before": before, "proc": proc, "leftovers": leftovers, "out": base / "out"}


def test_every_input_has_a_row_with_its_status_and_reason(fault_run: dict) -> None:
    proc = fault_run["proc"]
    assert proc.returncode == EXIT_SOME_FAILED, proc.stderr[-3000:]
    docs = pd.read_csv(fault_run["out"] / "documents.csv", keep_default_na=False)
    corpus = str(fault_run["corpus"])
    for name, status, reason in fault_run["expected"]:
        rows = docs[docs["source"].map(lambda s: s == f"{corpus}/{name}" or s.startswith(f"{corpus}/{name}!"))]
        assert len(rows), f"{name}: no row in documents.csv"
        for row in rows.itertuples():
            if status != "any" and "!" not in row.source:
                assert row.status == status, f"{name}: {row.status} ({row.error}), expected {status}"
            if row.status != "ok":
                assert row.error and "\n" not in row.error, f"{name}: no one-line reason"
                assert "internal error" not in row.error, f"{name}: {row.error}"
                assert reason.lower() in row.error.lower(), f"{name}: {row.error!r} lacks {reason!r}"
            else:
                assert row.chars > 0, f"{name}: ok with no text"
                assert reason.lower() in row.notes.lower(), f"{name}: notes {row.notes!r} lack {reason!r}"
    assert set(docs["status"]) <= {"ok", "failed", "skipped"}


def test_no_traceback_and_one_line_messages(fault_run: dict) -> None:
    err = fault_run["proc"].stderr
    assert "Traceback" not in err, err[-3000:]


def test_nothing_written_outside_out_and_nothing_earlier_lost(fault_run: dict) -> None:
    before = fault_run["before"]
    assert _tree(fault_run["corpus"]) == before["corpus"], "the inputs were changed"
    assert _tree(fault_run["cwd"]) == before["cwd"], "files were written into the current folder"
    assert _tree(fault_run["earlier"]) == before["earlier"], "an earlier run folder was changed"
    assert sorted(p.name for p in fault_run["base"].iterdir()) == sorted([*before["base"], "out"])
    assert check_outputs(fault_run["out"]) == []
    import duckdb

    con = duckdb.connect(str(fault_run["db"]), read_only=True)
    try:
        ok = con.execute("SELECT count(*) FROM documents WHERE source LIKE '%good_report.pdf' AND status = 'ok'")
        assert ok.fetchone()[0] >= 1
    finally:
        con.close()


def test_no_process_is_left_behind(fault_run: dict) -> None:
    alive = [p for p in fault_run["leftovers"] if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert not alive, f"processes left running: {[p.cmdline() for p in alive]}"


def test_the_expectations_file_lists_every_input(fault_run: dict) -> None:
    with open(fault_run["corpus"] / "EXPECTED.tsv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert len(rows) == len(fault_run["expected"]) >= 25
