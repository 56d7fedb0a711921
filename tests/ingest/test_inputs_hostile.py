"""Inputs that used to vanish without a row: unreadable folders, dangling links, link loops, empty inputs."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.errors import InputError
from pipeline.ingest import inputs as inputs_module
from pipeline.ingest.inputs import display_name, expand_inputs


def _refused(found: list[inputs_module.InputFile]) -> dict[str, tuple[str, str]]:
    return {f.source: (f.status, f.refused) for f in found if f.refused}


def test_dangling_links_and_link_loops_get_a_failed_row(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    (folder / "sub").mkdir(parents=True)
    (folder / "ok.txt").write_text("Remittances to Chad.")
    os.symlink(tmp_path / "missing.pdf", folder / "gone.pdf")
    os.symlink("self.pdf", folder / "self.pdf")
    os.symlink(folder, folder / "sub" / "back")
    found = expand_inputs([folder], work_dir=tmp_path / "work")
    refused = _refused(found)
    assert refused[f"{folder}/gone.pdf"][0] == "failed"
    assert "dangling symbolic link" in refused[f"{folder}/gone.pdf"][1]
    assert "symbolic link loop" in refused[f"{folder}/self.pdf"][1]
    assert "symbolic link loop" in refused[f"{folder}/sub/back"][1]
    assert [f.source for f in found if not f.refused] == [f"{folder}/ok.txt"]


def test_a_dangling_link_named_directly_gets_a_row(tmp_path: Path) -> None:
    os.symlink(tmp_path / "nothing.pdf", tmp_path / "link.pdf")
    (found,) = expand_inputs([str(tmp_path / "link.pdf")], work_dir=tmp_path / "work")
    assert found.status == "failed" and "dangling symbolic link" in found.refused


def test_an_unreadable_folder_gets_a_failed_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "reports"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text("Migration data.")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # root reads any folder, so the denial is simulated
        if Path(str(path)).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = expand_inputs([folder], work_dir=tmp_path / "work")
    assert _refused(found) == {f"{folder}/locked": ("failed", "unreadable folder: Permission denied")}


def test_an_empty_folder_is_an_error_not_a_silent_success(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no documents to read in .*empty \(it is empty\)"):
        expand_inputs([tmp_path / "empty"], work_dir=tmp_path / "work")


def test_a_folder_of_unsupported_files_names_their_formats(tmp_path: Path) -> None:
    folder = tmp_path / "sheets"
    folder.mkdir()
    for name in ("a.png", "b.png", "c.csv"):
        (folder / name).write_bytes(b"x")
    with pytest.raises(InputError, match=r"3 files of other formats: \.png, \.csv"):
        expand_inputs([folder], work_dir=tmp_path / "work")


def test_an_empty_zip_gets_a_row(tmp_path: Path) -> None:
    import zipfile

    archive = tmp_path / "empty.zip"
    with zipfile.ZipFile(archive, "w"):
        pass
    (found,) = expand_inputs([archive], work_dir=tmp_path / "work")
    assert found.refused == inputs_module.EMPTY_ARCHIVE


def test_names_that_are_not_utf8_are_kept_and_shown_escaped(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/r\xe9port.txt"
    with open(raw, "wb") as fh:
        fh.write(b"Remittances and diaspora.")
    (found,) = expand_inputs([tmp_path], work_dir=tmp_path / "work")
    assert found.source.endswith("r\\xe9port.txt")
    found.source.encode("utf-8")  # writable into any table
    assert found.path.read_bytes() == b"Remittances and diaspora."
    assert display_name("plain.pdf") == "plain.pdf"


def test_report_formats_nexus_does_not_read_still_get_a_row(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("old.doc", "sheet.xlsx", "photo.png"):
        (folder / name).write_bytes(b"x")
    found = expand_inputs([folder], work_dir=tmp_path / "work")
    assert [f.path.name for f in found] == ["old.doc", "sheet.xlsx"]  # sniffing then says why each is skipped
