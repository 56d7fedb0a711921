"""The CLI parses, calls the library and turns errors into one clear line and an exit status."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.paths import ROOT

SAMPLES = ROOT / "corpora" / "sample"


def nexus(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True, text=True, cwd=cwd)


def test_missing_input_is_one_line_and_exit_2(tmp_path: Path) -> None:
    res = nexus("run", str(tmp_path / "nope.pdf"), "--out", str(tmp_path / "o"), "--no-db")
    assert res.returncode == 2
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert lines == [f"nexus: error: no such file or folder: {tmp_path / 'nope.pdf'}"]
    assert "Traceback" not in res.stderr


def test_bad_setting_names_the_value_and_the_choices(tmp_path: Path) -> None:
    res = nexus("run", str(SAMPLES / "notes.md"), "--out", str(tmp_path / "o"), "--executor", "threads", "--no-db")
    assert res.returncode == 2
    assert "executor: unknown value 'threads' (valid: serial, process, dask)" in res.stderr


def test_failed_document_is_recorded_and_the_batch_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"<html><body>not a pdf</body></html>")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    res = nexus("run", str(bad), str(empty), str(SAMPLES / "notes.md"), "--out", str(tmp_path / "o"), "--no-db",
                "--executor", "serial")
    assert res.returncode == 1  # not every document succeeded
    docs = (tmp_path / "o" / "documents.csv").read_text(encoding="utf-8")
    assert "not a PDF: starts with <html>" in docs
    assert "empty file: 0 bytes" in docs
    assert ",ok," in docs
    assert "Traceback" not in res.stdout + res.stderr


def test_query_and_classify_commands(tmp_path: Path) -> None:
    out = tmp_path / "o"
    res = nexus("run", str(SAMPLES / "egm_migration_sdg_meeting_report.pdf"), "--out", str(out), "--no-db",
                "--executor", "serial")
    assert res.returncode == 0, res.stderr
    q = nexus("query", "links", "--run", str(out), "--sdg", "10.c", "--theme", "remittances", "--format", "json")
    rows = json.loads(q.stdout)
    assert rows and all(r["target_id"].startswith("SDG:10.c") and r["source_id"] == "remittances" for r in rows)
    assert all(r["evidence"] and int(r["page"]) >= 1 for r in rows)
    m = nexus("query", "matrix", "theme-target", "--run", str(out), "--format", "csv")
    assert m.returncode == 0 and m.stdout.startswith("theme,")
    c = nexus("classify", "Reduce to less than 3 per cent the transaction costs of migrant remittances")
    assert c.returncode == 0 and "SDG 10" in c.stdout
    csv_in = tmp_path / "p.csv"
    csv_in.write_text("id,text\n1,Reduce the transaction costs of migrant remittances\n2,Reduce marine pollution and end overfishing to conserve the oceans and coral reefs\n")
    c2 = nexus("classify", str(csv_in), "--text-column", "text", "--out", str(tmp_path / "p.out.csv"))
    assert c2.returncode == 0, c2.stderr
    import pandas as pd

    df = pd.read_csv(tmp_path / "p.out.csv", dtype=str, keep_default_na=False)
    assert "10" in df.loc[0, "sdgs"].split(";") and "14" in df.loc[1, "sdgs"].split(";")
    bad = nexus("classify", str(csv_in), "--text-column", "body")
    assert bad.returncode == 2 and "no column 'body'" in bad.stderr


@pytest.mark.parametrize("args", [("query", "links", "--sdg", "ten", "--run", "."), ])
def test_query_errors_are_one_line(args: tuple[str, ...], tmp_path: Path) -> None:
    res = nexus(*args, cwd=tmp_path)
    assert res.returncode == 2 and res.stderr.startswith("nexus: error:")


def test_zip_archive_input_refuses_escaping_entries(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(SAMPLES / "notes.md", "batch/notes.md")
        zf.writestr("../../evil.md", "# escaped\n\nThis must never be written outside the run folder.")
    out = tmp_path / "run" / "o"
    res = nexus("run", str(archive), "--out", str(out), "--no-db", "--executor", "serial")
    docs = (out / "documents.csv").read_text(encoding="utf-8")
    assert "reports.zip!batch/notes.md" in docs and ",ok," in docs
    assert "evil.md" in docs and res.returncode == 1
    assert not list(tmp_path.rglob("evil.md"))


def test_passwords_file_opens_encrypted_pdf(tmp_path: Path) -> None:
    from tests.e2e.conftest import AWKWARD, need

    pdf = need(AWKWARD / "encrypted_rc4_password_test.pdf")
    pw = tmp_path / "pw.txt"
    pw.write_text("wrong\ntest\n")
    ok = nexus("run", str(pdf), "--out", str(tmp_path / "a"), "--no-db", "--executor", "serial", "--passwords-file", str(pw))
    assert ok.returncode == 0, ok.stdout + ok.stderr
    locked = nexus("run", str(pdf), "--out", str(tmp_path / "b"), "--no-db", "--executor", "serial")
    assert locked.returncode == 1
    assert "encrypted: password required" in (tmp_path / "b" / "documents.csv").read_text(encoding="utf-8")
