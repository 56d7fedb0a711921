"""expand_inputs: files, folders, globs and zip archives, with zip-slip, link and bomb entries refused."""
from __future__ import annotations

import io
import os
import stat
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import InputError
from pipeline.ingest.inputs import InputFile, expand_inputs, safe_member_path


def _touch(path: Path, data: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _zip(path: Path, entries: dict[str, bytes], *, links: dict[str, str] | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return path


@pytest.fixture()
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "in"
    _touch(root / "reports" / "b.pdf")
    _touch(root / "reports" / "a.docx")
    _touch(root / "reports" / "2021" / "c.pdf")
    _touch(root / "reports" / ".hidden.pdf")
    _touch(root / "reports" / ".git" / "x.pdf")
    _touch(root / "reports" / "~$a.docx")
    _touch(root / "notes.txt")
    monkeypatch.chdir(root)
    return root


def test_single_file_keeps_the_name_as_given(tree: Path, tmp_path: Path) -> None:
    assert expand_inputs(["notes.txt"], work_dir=tmp_path / "work") == [InputFile(Path("notes.txt"), "notes.txt")]


def test_folder_is_recursive_sorted_and_skips_hidden_and_temp(tree: Path, tmp_path: Path) -> None:
    found = expand_inputs([Path("reports")], work_dir=tmp_path / "work")
    assert [f.source for f in found] == ["reports/2021/c.pdf", "reports/a.docx", "reports/b.pdf"]
    assert all(f.path.is_file() and not f.refused for f in found)


def test_glob_with_double_star(tree: Path, tmp_path: Path) -> None:
    found = expand_inputs(["reports/**/*.pdf"], work_dir=tmp_path / "work")
    assert [f.source for f in found] == ["reports/2021/c.pdf", "reports/b.pdf"]


def test_same_file_twice_is_listed_once(tree: Path, tmp_path: Path) -> None:
    found = expand_inputs(["reports/b.pdf", "reports", "./reports/b.pdf"], work_dir=tmp_path / "work")
    assert [f.source for f in found] == ["reports/b.pdf", "reports/2021/c.pdf", "reports/a.docx"]


def test_missing_input_names_the_path(tree: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^no such file or folder: reports/nope\.pdf$"):
        expand_inputs(["notes.txt", "reports/nope.pdf"], work_dir=tmp_path / "work")
    with pytest.raises(InputError, match=r"^no file matches the pattern: \*\*/\*\.xlsx$"):
        expand_inputs(["**/*.xlsx"], work_dir=tmp_path / "work")


def test_zip_is_extracted_with_bang_sources(tree: Path, tmp_path: Path) -> None:
    _zip(tree / "archive.zip", {"reports/a.pdf": b"%PDF-1.4 a", "b.txt": b"hello", "__MACOSX/._a.pdf": b"junk"})
    work = tmp_path / "work"
    found = expand_inputs(["archive.zip"], work_dir=work)
    assert [(f.source, f.refused) for f in found] == [("archive.zip!b.txt", ""), ("archive.zip!reports/a.pdf", "")]
    assert found[1].path.read_bytes() == b"%PDF-1.4 a"
    assert all(f.path.resolve().is_relative_to(work.resolve()) for f in found)


def test_docx_is_not_expanded_as_an_archive(tree: Path, tmp_path: Path) -> None:
    _zip(tree / "doc.docx", {"word/document.xml": b"<w/>", "[Content_Types].xml": b"<t/>"})
    assert [f.source for f in expand_inputs(["doc.docx"], work_dir=tmp_path / "w")] == ["doc.docx"]


def test_zip_inside_a_folder_and_inside_a_zip(tree: Path, tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("deep.pdf", b"%PDF-1.4 deep")
    _zip(tree / "bundle" / "outer.zip", {"inner.zip": inner.getvalue(), "top.pdf": b"%PDF-1.4 top"})
    found = expand_inputs(["bundle"], work_dir=tmp_path / "work")
    assert [f.source for f in found] == ["bundle/outer.zip!inner.zip!deep.pdf", "bundle/outer.zip!top.pdf"]
    assert found[0].path.read_bytes() == b"%PDF-1.4 deep"
    too_deep = expand_inputs(["bundle"], work_dir=tmp_path / "work2", max_zip_depth=1)
    assert [(f.source, f.refused) for f in too_deep] == [
        ("bundle/outer.zip!inner.zip", "archive nested too deep: not expanded"),
        ("bundle/outer.zip!top.pdf", ""),
    ]


def test_unsafe_entries_are_refused_with_reasons(tree: Path, tmp_path: Path) -> None:
    _zip(
        tree / "evil.zip",
        {"../../escape.pdf": b"a", "/etc/abs.pdf": b"b", "C:\\win.pdf": b"c", "ok/../../up.pdf": b"d", "fine.pdf": b"e"},
        links={"link.pdf": "/etc/passwd"},
    )
    work = tmp_path / "work"
    found = {f.source: f for f in expand_inputs(["evil.zip"], work_dir=work)}
    assert found["evil.zip!fine.pdf"].refused == ""
    assert found["evil.zip!link.pdf"].refused == "unsafe entry: symbolic link"
    assert found["evil.zip!../../escape.pdf"].refused.startswith("unsafe name: climbs out")
    assert found["evil.zip!/etc/abs.pdf"].refused == "unsafe name: absolute path"
    assert found["evil.zip!C:\\win.pdf"].refused == "unsafe name: absolute path"
    assert found["evil.zip!ok/../../up.pdf"].refused.startswith("unsafe name: climbs out")
    assert not (tmp_path / "escape.pdf").exists() and not (tmp_path / "up.pdf").exists()
    written = [p for p in tmp_path.rglob("*") if p.is_file() or p.is_symlink()]
    assert all(p.resolve().is_relative_to(work.resolve()) or p.is_relative_to(tree) for p in written)


def test_duplicate_and_clashing_entries_are_refused(tree: Path, tmp_path: Path) -> None:
    path = tree / "dup.zip"
    with zipfile.ZipFile(path, "w") as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        archive.writestr("a.pdf", b"first")
        archive.writestr("a.pdf", b"second")
        archive.writestr("./a.pdf", b"third")
        archive.writestr("b", b"a file")
        archive.writestr("b/c.pdf", b"under a file")
    found = expand_inputs(["dup.zip"], work_dir=tmp_path / "work")
    refusals = [(f.source, f.refused.split(":")[0]) for f in found]
    assert refusals == [
        ("dup.zip!./a.pdf", ""),
        ("dup.zip!a.pdf", "duplicate entry"),
        ("dup.zip!a.pdf", "duplicate entry"),
        ("dup.zip!b", ""),
        ("dup.zip!b/c.pdf", "cannot extract zip entry"),
    ]
    assert found[0].path.read_bytes() == b"third"


def test_zip_bomb_limits(tree: Path, tmp_path: Path) -> None:
    _zip(tree / "bomb.zip", {"a.pdf": b"\0" * 5000, "b.pdf": b"\0" * 5000, "c.pdf": b"\0" * 100})
    found = expand_inputs(["bomb.zip"], work_dir=tmp_path / "work", max_zip_bytes=6000)
    assert [(f.source, bool(f.refused)) for f in found] == [
        ("bomb.zip!a.pdf", False),
        ("bomb.zip!b.pdf", True),
        ("bomb.zip!c.pdf", False),
    ]
    assert "too much: over 6000 bytes" in found[1].refused
    assert not (found[1].path.parent / "b.pdf").exists()
    counted = expand_inputs(["bomb.zip"], work_dir=tmp_path / "work2", max_zip_entries=2)
    assert counted == [
        InputFile(Path("bomb.zip"), "bomb.zip", "zip archive has too many entries: 3 (limit 2 per archive)")
    ]


def test_lying_declared_size_is_caught_while_copying(tree: Path, tmp_path: Path) -> None:
    path = _zip(tree / "liar.zip", {"big.pdf": b"\0" * 50_000})
    data = bytearray(path.read_bytes())
    # Declare 10 bytes uncompressed in both headers; the real stream still inflates to 50 000.
    for header, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.index(header)
        data[at + offset : at + offset + 4] = (10).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    found = expand_inputs(["liar.zip"], work_dir=tmp_path / "work", max_zip_bytes=20_000)
    assert len(found) == 1 and found[0].refused  # too much, or a size mismatch the zip reader reports
    assert not any(p.stat().st_size > 20_000 for p in (tmp_path / "work").rglob("*") if p.is_file())


def test_corrupt_zip_is_refused_not_raised(tree: Path, tmp_path: Path) -> None:
    path = _zip(tree / "bad.zip", {"a.pdf": b"%PDF-1.4 " + os.urandom(2000)})
    data = bytearray(path.read_bytes())
    data[40:200] = os.urandom(160)  # wreck the deflated data of the only entry
    path.write_bytes(bytes(data))
    found = expand_inputs(["bad.zip"], work_dir=tmp_path / "work")
    assert len(found) == 1 and found[0].refused


def test_re_expanding_into_the_same_work_dir_is_clean(tree: Path, tmp_path: Path) -> None:
    _zip(tree / "archive.zip", {"a.pdf": b"1"})
    first = expand_inputs(["archive.zip"], work_dir=tmp_path / "work")
    second = expand_inputs(["archive.zip"], work_dir=tmp_path / "work")
    assert first == second and second[0].path.read_bytes() == b"1"


_NAME_PARTS = st.sampled_from(["..", ".", "", "a", "b.pdf", "/", "\\", "C:", "~$x", ".h", "é", "\x00", " ", "..."])
_ENTRY_NAMES = st.lists(_NAME_PARTS, min_size=1, max_size=8).map("/".join) | st.text(min_size=1, max_size=40)


@given(name=_ENTRY_NAMES)
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_safe_member_path_never_escapes(tmp_path: Path, name: str) -> None:
    root = tmp_path / "root"
    target = safe_member_path(root, name)
    if isinstance(target, Path):
        assert target.resolve().is_relative_to(root.resolve())
        assert target != root
    else:
        assert target.startswith("unsafe name: ")


@given(names=st.lists(_ENTRY_NAMES, min_size=1, max_size=6))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_no_generated_archive_writes_outside_the_work_dir(tmp_path_factory: pytest.TempPathFactory, names: list[str]) -> None:
    base = tmp_path_factory.mktemp("slip")
    archive = base / "in" / "gen.zip"
    archive.parent.mkdir()
    with zipfile.ZipFile(archive, "w") as out, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are part of what is generated
        for index, name in enumerate(names):
            try:
                out.writestr(zipfile.ZipInfo(name), f"entry {index}")
            except (ValueError, UnicodeError):
                continue
    work = base / "work"
    found = expand_inputs([archive], work_dir=work)
    for item in found:
        assert item.refused or item.path.resolve().is_relative_to(work.resolve())
    outside = [p for p in base.rglob("*") if p.is_file() and not p.is_relative_to(work) and p != archive]
    assert outside == []
