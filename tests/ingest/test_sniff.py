"""sniff: magic bytes first, suffix second, one-line reasons for what cannot be read."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import ExtractionError, InputError, UnsupportedFormatError
from pipeline.ingest.sniff import sniff

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.pdf", PDF)
    return buffer.getvalue()


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("report.pdf", PDF, "pdf"),
        ("REPORT.PDF", PDF, "pdf"),
        ("junk-before-header.pdf", b"\r\n\x00junk" + PDF, "pdf"),
        ("misnamed.docx", PDF, "pdf"),  # the bytes win over the suffix
        ("no_suffix", PDF, "pdf"),
        ("letter.docx", _docx_bytes(), "docx"),
        ("letter.bin", _docx_bytes(), "docx"),
        ("bundle.zip", _zip_bytes(), "zip"),
        ("page.html", b"<!DOCTYPE html><html><body>hi</body></html>", "html"),
        ("page.htm", b"\xef\xbb\xbf  <html lang='fr'>", "html"),
        ("fragment.html", b"<p>just a fragment</p>", "html"),
        ("saved.txt", b"<!-- saved --><html><head></head></html>", "html"),
        ("notes.txt", "Migración y desarrollo — informe\n".encode(), "text"),
        ("notes_utf16.txt", "Migration report".encode("utf-16"), "text"),
        ("latin1.txt", "Migración".encode("latin-1"), "text"),
        ("README.md", b"# Title\n\nSome *markdown*.\n", "markdown"),
        ("README", b"plain words without a suffix\n", "text"),
    ],
)
def test_formats(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    assert sniff(_file(tmp_path, name, data)) == expected


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"^empty file: 0 bytes$"):
        sniff(_file(tmp_path, "empty.pdf", b""))


def test_html_saved_as_pdf_says_what_it_starts_with(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"^not a PDF: starts with <html>$") as caught:
        sniff(_file(tmp_path, "report.pdf", b"<html>\n<head><title>404</title></head></html>"))
    assert not isinstance(caught.value, UnsupportedFormatError)
    with pytest.raises(ExtractionError, match=r"^not a PDF: starts with <!DOCTYPE html>$"):
        sniff(_file(tmp_path, "r2.pdf", b"  <!DOCTYPE html>\n<html></html>"))


def test_binary_junk_saved_as_pdf_shows_hex(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"^not a PDF: starts with bytes 89 50 4e 47 0d 0a 1a 0a$"):
        sniff(_file(tmp_path, "scan.pdf", b"\x89PNG\r\n\x1a\n" + bytes(100)))


def test_long_text_preview_is_cut(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"^not a DOCX: starts with Lorem ipsum dolor sit am…$"):
        sniff(_file(tmp_path, "letter.docx", b"Lorem ipsum dolor sit amet, consectetur"))


@pytest.mark.parametrize(
    ("name", "data"),
    [("sheet.xyz", b"some words"), ("table.xlsx.bak", b"some words"), ("book.xlsx", _zip_bytes())],
)
def test_unsupported_suffix_lists_the_supported_ones(tmp_path: Path, name: str, data: bytes) -> None:
    suffix = Path(name).suffix
    expected = rf"^unsupported format: \{suffix} \(supported: \.pdf, \.docx, \.html, \.htm, \.txt, \.md, \.zip\)$"
    with pytest.raises(UnsupportedFormatError, match=expected):
        sniff(_file(tmp_path, name, data))


def test_legacy_word_file_is_unsupported(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError, match=r"^unsupported format: \.doc is a legacy Office file"):
        sniff(_file(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)))


def test_binary_with_text_suffix(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"^not a text file: data\.txt starts with bytes 00 01 02"):
        sniff(_file(tmp_path, "data.txt", bytes(range(64))))


def test_missing_and_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="^no such file or folder: .*absent.pdf$"):
        sniff(tmp_path / "absent.pdf")
    with pytest.raises(InputError, match="^not a file: "):
        sniff(tmp_path)


# --------------------------------------------------------------------------- hostile files (issue 11)

def _zip_bytes(members: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_utf16_text_without_a_bom_is_text(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes("Remittances to Chad rose in 2023.\n".encode("utf-16-le"))
    assert sniff(path) == "text"
    path.write_bytes("Remittances to Chad rose in 2023.\n".encode("utf-16-be"))
    assert sniff(path) == "text"


def test_a_zip_renamed_pdf_says_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(_zip_bytes({"a.txt": b"hello"}))
    with pytest.raises(ExtractionError, match=r"not a PDF: the file is a zip archive"):
        sniff(path)


def test_a_truncated_docx_is_a_damaged_docx_not_unsupported(tmp_path: Path) -> None:
    data = _zip_bytes({"word/document.xml": b"<w:document/>" * 200, "[Content_Types].xml": b"<Types/>"})
    path = tmp_path / "vnr.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ExtractionError, match=r"^damaged DOCX: ") as info:
        sniff(path)
    assert not isinstance(info.value, UnsupportedFormatError)


def test_a_truncated_zip_is_a_damaged_archive(tmp_path: Path) -> None:
    data = _zip_bytes({"a.txt": b"x" * 5000})
    path = tmp_path / "bundle.zip"
    path.write_bytes(data[:-30])
    with pytest.raises(ExtractionError, match=r"^damaged zip archive: "):
        sniff(path)
