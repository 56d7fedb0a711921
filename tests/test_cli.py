"""The CLI parses, calls the library and turns errors into one clear line and an exit status.

The tests call :func:`pipeline.cli.main` in-process; one test runs the installed ``nexus`` entry point.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pytest

from pipeline.cli import EXIT_ERROR, EXIT_FAILED_DOCS, EXIT_OK, main
from tests.paths import ROOT
from tests.paths import AWKWARD, SAMPLES, need

EGM_PDF = SAMPLES / "egm_migration_sdg_meeting_report.pdf"


class Result(NamedTuple):
    """What one call of the command line did."""

    code: int
    out: str
    err: str


def nexus(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    """Run ``nexus ARGS`` in-process and return its exit status, stdout and stderr."""
    capsys.readouterr()  # drop anything printed before
    code = main(list(args))
    out, err = capsys.readouterr()
    return Result(code, out, err)


def error_lines(res: Result) -> list[str]:
    """The non-blank lines on stderr."""
    return [ln for ln in res.err.splitlines() if ln.strip()]


@pytest.fixture(scope="module")
def egm_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One run folder over the EGM sample report, shared by the query tests."""
    out = tmp_path_factory.mktemp("egm") / "run"
    assert main(["run", str(EGM_PDF), "--out", str(out), "--no-db", "--executor", "serial"]) == EXIT_OK
    return out


def test_missing_input_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    res = nexus(capsys, "run", str(tmp_path / "nope.pdf"), "--out", str(tmp_path / "o"), "--no-db")
    assert res.code == EXIT_ERROR
    assert error_lines(res) == [f"nexus: error: no such file or folder: {tmp_path / 'nope.pdf'}"]


@pytest.mark.parametrize(("args", "message"), [
    (("--executor", "threads"), "nexus: error: executor 'threads' is not one of serial, process, dask"),
    (("--executor", "seriall"), "executor 'seriall' is not one of serial, process, dask; did you mean 'serial'?"),
    (("--set", "worker=2"), "setting 'worker' is not one of "),
    (("--set", "worker=2"), "; did you mean 'workers'?"),
])
def test_bad_setting_names_the_value_and_the_choices(args: tuple[str, ...], message: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    res = nexus(capsys, "run", str(SAMPLES / "notes.md"), "--out", str(tmp_path / "o"), "--no-db", *args)
    assert res.code == EXIT_ERROR
    assert len(error_lines(res)) == 1 and message in res.err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize(("args", "error"), [
    (("foo",), "Error: No such command 'foo'."),
    (("run",), "Error: Missing argument 'INPUT'."),
    (("run", "x.pdf", "--out", "o", "--bogus"), "Error: No such option: --bogus"),
    (("run", "x.pdf", "--out", "o", "--workers", "many"), "Error: Invalid value for '--workers'"),
    (("query", "links", "--format", "xml"), "Error: Invalid value for '--format'"),
    (("query", "matrix", "--run"), "Error: Option '--run' requires an argument."),
])
def test_usage_mistakes_print_the_usage_and_exit_2(args: tuple[str, ...], error: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    res = nexus(capsys, *args)
    assert res.code == EXIT_ERROR
    assert res.err.startswith("Usage: nexus ")
    assert error in res.err
    assert "internal error" not in res.err and "Traceback" not in res.err


def test_help_exits_0_and_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    res = nexus(capsys, "--help")
    assert res.code == EXIT_OK
    for command in ("run", "bench", "build-model", "classify", "graph", "query"):
        assert f" {command} " in res.out


def test_unexpected_exception_is_one_internal_error_line(monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    import pipeline.output.query

    def broken(**_: object) -> None:
        raise ValueError("a bug\nover two lines")

    monkeypatch.setattr(pipeline.output.query, "query_links", broken)
    res = nexus(capsys, "query", "links", "--run", ".")
    assert res.code == EXIT_ERROR
    assert error_lines(res) == ["nexus: internal error: ValueError: a bug over two lines (rerun with --debug)"]
    with pytest.raises(ValueError, match="a bug"):
        main(["--debug", "query", "links", "--run", "."])


def test_debug_shows_the_pipeline_error_itself() -> None:
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match="sdg 'ten'"):
        main(["--debug", "query", "links", "--sdg", "ten", "--run", "."])
    assert main(["query", "links", "--sdg", "ten", "--run", "."]) == EXIT_ERROR  # --debug does not stick


def test_failed_document_is_recorded_and_the_batch_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"<html><body>not a pdf</body></html>")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    res = nexus(capsys, "run", str(bad), str(empty), str(SAMPLES / "notes.md"), "--out", str(tmp_path / "o"),
                "--no-db", "--executor", "serial")
    assert res.code == EXIT_FAILED_DOCS  # not every document succeeded
    docs = (tmp_path / "o" / "documents.csv").read_text(encoding="utf-8")
    assert "not a PDF: starts with <html>" in docs
    assert "empty file: 0 bytes" in docs
    assert ",ok," in docs
    assert "Traceback" not in res.out + res.err


def test_query_and_matrix_commands(egm_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    q = nexus(capsys, "query", "links", "--run", str(egm_run), "--sdg", "10.c", "--theme", "remittances",
              "--format", "json")
    assert q.code == EXIT_OK, q.err
    rows = json.loads(q.out)
    assert rows and all(r["target_id"].startswith("SDG:10.c") and r["source_id"] == "remittances" for r in rows)
    assert all(r["evidence"] and int(r["page"]) >= 1 for r in rows)
    m = nexus(capsys, "query", "matrix", "theme-target", "--run", str(egm_run), "--format", "csv")
    assert m.code == EXIT_OK and m.out.startswith("theme,")
    bad = nexus(capsys, "query", "matrix", "theme-goal", "--run", str(egm_run))
    assert bad.code == EXIT_ERROR
    assert error_lines(bad) == ["nexus: error: matrix kind 'theme-goal' is not one of country-target, theme-target, "
                                "org-target, country-theme; did you mean 'theme-target'?"]


@pytest.mark.parametrize(("flag", "good", "bad", "suggestion"), [
    ("--sdg", "10.c", "10.z", "did you mean '10.c', '10.b' or '10.a'?"),
    ("--sdg", "SDG:10", "ten", ""),
    ("--theme", "remittances", "remitances", "did you mean 'remittances'?"),
    ("--country", "KGZ", "Mexico", "did you mean 'MEX'?"),  # KGZ: a country in a link's scope (its sentence)
    ("--relation", "inferred", "infered", "did you mean 'inferred'?"),
])
def test_query_values_are_checked(flag: str, good: str, bad: str, suggestion: str, egm_run: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A valid filter value gives rows; a bad one one line naming it (and the closest values), exit 2."""
    ok = nexus(capsys, "query", "links", "--run", str(egm_run), flag, good, "--format", "json")
    assert ok.code == EXIT_OK and not ok.err, ok.err
    assert json.loads(ok.out), f"{flag} {good} should match links of the EGM run"
    wrong = nexus(capsys, "query", "links", "--run", str(egm_run), flag, bad, "--format", "json")
    assert wrong.code == EXIT_ERROR and not wrong.out
    [line] = error_lines(wrong)
    assert line.startswith(f"nexus: error: {flag.removeprefix('--')} {bad!r} is not one of ")
    assert line.endswith(suggestion)
    if not suggestion:
        assert "did you mean" not in line


def test_classify_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    c = nexus(capsys, "classify", "Reduce to less than 3 per cent the transaction costs of migrant remittances")
    assert c.code == EXIT_OK and "SDG 10" in c.out
    csv_in = tmp_path / "p.csv"
    csv_in.write_text("id,text\n1,Reduce the transaction costs of migrant remittances\n"
                      "2,Reduce marine pollution and end overfishing to conserve the oceans and coral reefs\n")
    c2 = nexus(capsys, "classify", str(csv_in), "--text-column", "text", "--out", str(tmp_path / "p.out.csv"))
    assert c2.code == EXIT_OK, c2.err
    df = pd.read_csv(tmp_path / "p.out.csv", dtype=str, keep_default_na=False)
    assert "10" in df.loc[0, "sdgs"].split(";") and "14" in df.loc[1, "sdgs"].split(";")
    bad = nexus(capsys, "classify", str(csv_in), "--text-column", "body")
    assert bad.code == EXIT_ERROR and "no column 'body'" in bad.err and len(error_lines(bad)) == 1


def test_zip_archive_input_refuses_escaping_entries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(SAMPLES / "notes.md", "batch/notes.md")
        zf.writestr("../../evil.md", "# escaped\n\nThis must never be written outside the run folder.")
    out = tmp_path / "run" / "o"
    res = nexus(capsys, "run", str(archive), "--out", str(out), "--no-db", "--executor", "serial")
    docs = (out / "documents.csv").read_text(encoding="utf-8")
    assert "reports.zip!batch/notes.md" in docs and ",ok," in docs
    assert "evil.md" in docs and res.code == EXIT_FAILED_DOCS
    assert not list(tmp_path.rglob("evil.md"))


def test_passwords_file_opens_encrypted_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = need(AWKWARD / "encrypted_rc4_password_test.pdf")
    pw = tmp_path / "pw.txt"
    pw.write_text("wrong\ntest\n")
    ok = nexus(capsys, "run", str(pdf), "--out", str(tmp_path / "a"), "--no-db", "--executor", "serial",
               "--passwords-file", str(pw))
    assert ok.code == EXIT_OK, ok.out + ok.err
    locked = nexus(capsys, "run", str(pdf), "--out", str(tmp_path / "b"), "--no-db", "--executor", "serial")
    assert locked.code == EXIT_FAILED_DOCS
    assert "encrypted: password required" in (tmp_path / "b" / "documents.csv").read_text(encoding="utf-8")
    missing = nexus(capsys, "run", str(pdf), "--out", str(tmp_path / "c"), "--passwords-file", str(tmp_path / "no"))
    assert missing.code == EXIT_ERROR
    assert error_lines(missing) == [f"nexus: error: --passwords-file {tmp_path / 'no'}: No such file or directory"]


def test_installed_entry_points_exit_with_mains_status(tmp_path: Path) -> None:
    """The ``nexus`` script and ``python -m pipeline`` hand main's status and one error line to the shell."""
    script = Path(sys.executable).with_name("nexus")
    found = str(script) if script.exists() else shutil.which("nexus")
    assert found, "the nexus entry point is not installed (pip install -e .)"
    for command in ([found], [sys.executable, "-m", "pipeline"]):
        res = subprocess.run([*command, "query", "links", "--sdg", "ten", "--run", str(tmp_path)],
                             capture_output=True, text=True, cwd=tmp_path, check=False)
        assert res.returncode == EXIT_ERROR
        [line] = res.stderr.splitlines()
        assert line.startswith("nexus: error: sdg 'ten' is not one of the ") and "SDG framework" in line


# --------------------------------------------------------------------------- hostile usage (issue 11)

@pytest.mark.parametrize(("args", "message"), [
    (["--out", ""], "--out is empty"),
    (["--out", "README.md"], "is a file, not a folder"),
    (["--out", "/proc/nexus-cannot-write-here"], "cannot write into run folder"),
    (["--timeout", "nan"], "finite number of seconds"),
    (["--executor", "dask", "--scheduler", "tcp://127.0.0.1:9"], "cannot reach the Dask scheduler"),
])
def test_bad_run_folders_and_limits_are_one_line_errors(args: list[str], message: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    doc = tmp_path / "note.txt"
    doc.write_text("Remittances to Chad.")
    full = ["run", str(doc), "--no-db", *(args if "--out" in args else ["--out", str(tmp_path / "out"), *args])]
    started = time.monotonic()
    assert main(full) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1 and "Traceback" not in err
    assert time.monotonic() - started < 20


def test_query_filters_files_and_readable_records(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from tests.output.test_query_documents import _two_documents

    run = tmp_path / "run"
    run.mkdir()
    for name, df in _two_documents().items():
        df.to_csv(run / f"{name}.csv", index=False)
    res = nexus(capsys, "query", "links", "--run", str(run), "--kind", "resolution")
    assert res.code == 0 and "Morocco cuts remittance costs" in res.out and res.out.rstrip().endswith("2 links")
    res = nexus(capsys, "query", "links", "--run", str(run), "--kind", "evaluaton")
    assert res.code == 2 and error_lines(res) == [
        "nexus: error: kind 'evaluaton' is not one of progress_report, meeting_report, resolution, evaluation, vnr, "
        "law, management_response, other; did you mean 'evaluation' or 'resolution'?"]
    res = nexus(capsys, "query", "links", "--run", str(run), "--format", "xlsx")
    assert res.code == 2 and "--output" in res.err
    out = tmp_path / "links.docx"
    res = nexus(capsys, "query", "links", "--run", str(run), "--year", "2022", "--format", "docx", "-o", str(out))
    assert res.code == 0 and out.is_file() and "2 rows" in res.out
    res = nexus(capsys, "query", "matrix", "country-target", "--run", str(run), "--doc", "A/RES/79/1", "--format", "csv")
    assert res.code == 0 and res.out.splitlines()[0].startswith("country,")


def test_run_with_excel_writes_the_author_workbook(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import openpyxl

    out = tmp_path / "run"
    res = nexus(capsys, "run", str(EGM_PDF), "--out", str(out), "--no-db", "--executor", "serial", "--excel")
    assert res.code == 0
    book = openpyxl.load_workbook(out / "nexus.xlsx")
    assert book.sheetnames == ["Evidence", "Matrix", "Documents", "Recommendations", "Agenda", "Tables"] and \
        book["Evidence"].max_row > 1
    assert book["Agenda"].max_row > 2  # the meeting report's programme of work, one row per item
    assert "nexus.xlsx" in json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]


def test_query_matrix_on_a_terminal_lists_each_row_with_its_cells(capsys: pytest.CaptureFixture[str],
                                                                 tmp_path: Path) -> None:
    from tests.output.test_query_documents import _two_documents

    run = tmp_path / "run"
    run.mkdir()
    for name, df in _two_documents().items():
        df.to_csv(run / f"{name}.csv", index=False)
    res = nexus(capsys, "query", "matrix", "country-target", "--run", str(run))
    assert res.code == 0 and "10.c (2)" in res.out and "2 rows; documents counted" in res.out
