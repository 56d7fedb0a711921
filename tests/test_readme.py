"""The README's examples work: its Python blocks run on a tiny run, its shell commands exist with their options."""
from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer

from pipeline.cli import EXIT_OK, app, main
from tests.paths import ROOT

README = ROOT / "README.md"
MAKEFILE = ROOT / "Makefile"
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
BRIEF = """Remittances and the Sustainable Development Goals

Target 10.c of the Sustainable Development Goals calls for reducing the transaction costs of migrant
remittances to less than 3 per cent.

Morocco and IOM work together on labour migration.
"""
"""A report small enough to run in a second, with a remittances → SDG:10.c link the examples query."""


def blocks(language: str) -> list[str]:
    """The README's fenced code blocks of one language, in order."""
    return [body for lang, body in FENCE.findall(README.read_text(encoding="utf-8")) if lang == language]


def shell_commands(program: str) -> list[list[str]]:
    """The words of every ``program ...`` command line in the README's bash blocks (comments dropped)."""
    commands = []
    for block in blocks("bash"):
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words and words[0] == program:
                commands.append(words[1:])
    return commands


def _command_of(words: list[str]) -> tuple[list[str], Any]:
    """The (sub)command path a ``nexus`` command line names, and its click command."""
    command = typer.main.get_command(app)
    path: list[str] = []
    for word in words:
        subcommands = getattr(command, "commands", {})
        if word.startswith("-") or word not in subcommands:
            break
        command = subcommands[word]
        path.append(word)
    return path, command


@pytest.fixture
def tiny_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with ``reports/`` and ``outputs/run1`` indexed in ``outputs/nexus.duckdb``, as after
    ``nexus run reports/ --out outputs/run1`` (serial, so the tagger is loaded once, in this process)."""
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "brief.txt").write_text(BRIEF, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["run", "reports/", "--out", "outputs/run1", "--executor", "serial"]) == EXIT_OK
    return tmp_path


def test_readme_has_python_and_shell_examples() -> None:
    assert len(blocks("python")) >= 2 and len(shell_commands("nexus")) >= 10


def test_python_blocks_run(tiny_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each block runs on its own (as a reader pastes it) in the folder of a tiny run."""
    for number, block in enumerate(blocks("python"), start=1):
        capsys.readouterr()
        exec(compile(block, f"README.md python block {number}", "exec"), {"__name__": "__readme__"})  # noqa: S102
        printed = capsys.readouterr().out
        assert printed.strip(), f"block {number} shows nothing"
    assert (tiny_run / "outputs" / "run1" / "links.csv").exists()


def test_duckdb_example_counts_the_remittance_link(tiny_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    [block] = [b for b in blocks("python") if "duckdb.connect" in b]
    exec(compile(block, "README.md duckdb block", "exec"), {})  # noqa: S102
    assert "SDG:10.c" in capsys.readouterr().out


@pytest.mark.parametrize("words", shell_commands("nexus"), ids=" ".join)
def test_nexus_commands_exist_with_their_options(words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    path, command = _command_of(words)
    assert path, f"`nexus {' '.join(words)}` names no subcommand"
    assert main([*path, "--help"]) == EXIT_OK
    assert "Usage: nexus " + " ".join(path) in " ".join(capsys.readouterr().out.split())
    known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    used = {word.split("=", 1)[0] for word in words if word.startswith("-")}
    assert used <= known, f"`nexus {' '.join(words)}`: unknown options {sorted(used - known)}"


def test_make_targets_exist() -> None:
    targets = set(re.findall(r"^([\w-]+):", MAKEFILE.read_text(encoding="utf-8"), re.MULTILINE))
    used = {words[0] for words in shell_commands("make")}
    assert used and used <= targets, sorted(used - targets)
