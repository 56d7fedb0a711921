"""open_pdf: passwords, qpdf repair of files pdfium refuses, clear errors for what cannot be opened."""
from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pikepdf
import pytest
from reportlab.pdfgen import canvas

from pipeline.errors import DamagedError, EncryptedError, ExtractionError, InputError
from pipeline.extract.repair import open_pdf

PAGE_TEXT = "Page {n} reports on migration and the SDGs."
PAGES = 3


def _pdf_bytes(pages: int = PAGES) -> bytes:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    for n in range(1, pages + 1):
        drawing.drawString(72, 700, PAGE_TEXT.format(n=n))
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


def _text(document) -> str:
    return "\n".join(document[i].get_textpage().get_text_bounded() for i in range(len(document)))


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_clean_pdf_opens_without_notes(tmp_path: Path) -> None:
    document, notes = open_pdf(_write(tmp_path, "ok.pdf", _pdf_bytes()))
    assert len(document) == PAGES
    assert notes == ()
    assert PAGE_TEXT.format(n=2) in _text(document)


@pytest.mark.parametrize(("fraction", "pages_with_text"), [(0.95, PAGES), (0.9, PAGES), (0.7, 1)])
def test_truncated_pdf_is_repaired_by_qpdf(tmp_path: Path, fraction: float, pages_with_text: int) -> None:
    data = _pdf_bytes()
    path = _write(tmp_path, "cut.pdf", data[: int(len(data) * fraction)])
    document, notes = open_pdf(path)
    assert len(document) == PAGES
    text = _text(document)
    assert [PAGE_TEXT.format(n=n) in text for n in range(1, PAGES + 1)].count(True) == pages_with_text
    assert notes == ("damaged: broken cross-reference table, repaired",)


def test_broken_trailer_is_repaired(tmp_path: Path) -> None:
    path = _write(tmp_path, "trailer.pdf", _pdf_bytes().replace(b"trailer", b"trailex"))
    document, notes = open_pdf(path)
    assert PAGE_TEXT.format(n=3) in _text(document)
    assert notes and "repaired" in notes[0]


def test_missing_root_is_damaged_beyond_repair(tmp_path: Path) -> None:
    data = re.sub(rb"/Root \d+ 0 R", b"/Root 99 0 R", _pdf_bytes())
    with pytest.raises(DamagedError, match=r"^damaged: .*Root"):
        open_pdf(_write(tmp_path, "noroot.pdf", data))


def test_garbage_is_damaged(tmp_path: Path) -> None:
    with pytest.raises(DamagedError, match=r"^damaged: "):
        open_pdf(_write(tmp_path, "junk.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4))


def test_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"^empty file: 0 bytes$"):
        open_pdf(_write(tmp_path, "empty.pdf", b""))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder: .*absent.pdf"):
        open_pdf(tmp_path / "absent.pdf")


def _encrypted(tmp_path: Path, *, user: str, owner: str = "owner-secret") -> Path:
    with pikepdf.open(io.BytesIO(_pdf_bytes())) as pdf:
        out = tmp_path / f"enc-{user or 'none'}.pdf"
        pdf.save(out, encryption=pikepdf.Encryption(user=user, owner=owner, R=6))
    return out


def test_encrypted_needs_password(tmp_path: Path) -> None:
    path = _encrypted(tmp_path, user="s3cret")
    with pytest.raises(EncryptedError, match=r"^encrypted: password required$"):
        open_pdf(path)
    with pytest.raises(EncryptedError, match=r"^encrypted: wrong password$"):
        open_pdf(path, passwords=["nope", "also-wrong"])


def test_encrypted_tries_passwords_in_turn(tmp_path: Path) -> None:
    document, notes = open_pdf(_encrypted(tmp_path, user="s3cret"), passwords=["nope", "s3cret"])
    assert notes == ("encrypted: opened with password",)
    assert PAGE_TEXT.format(n=1) in _text(document)


def test_owner_password_only_opens_without_password(tmp_path: Path) -> None:
    document, notes = open_pdf(_encrypted(tmp_path, user=""))
    assert notes == ()
    assert len(document) == PAGES


def test_truncated_encrypted_file_fails_instead_of_yielding_ciphertext(tmp_path: Path) -> None:
    """Cutting off the trailer loses /Encrypt; qpdf would then 'repair' into undecrypted garbage."""
    data = _encrypted(tmp_path, user="s3cret").read_bytes()
    path = _write(tmp_path, "enc-cut.pdf", data[: int(len(data) * 0.9)])
    for passwords in ((), ("s3cret",)):
        with pytest.raises(DamagedError, match="^damaged: encrypted file whose trailer is lost"):
            open_pdf(path, passwords=passwords)


def test_damaged_encrypted_file_with_intact_trailer_is_repaired_with_password(tmp_path: Path) -> None:
    data = _encrypted(tmp_path, user="s3cret").read_bytes()
    start = data.rindex(b"startxref")
    broken = data[:start] + b"startxref\n999999\n%%EOF\n"  # a startxref pointing nowhere
    path = _write(tmp_path, "enc-xref.pdf", broken)
    with pytest.raises(EncryptedError, match="password required"):
        open_pdf(path)
    document, notes = open_pdf(path, passwords=["nope", "s3cret"])
    assert "encrypted: opened with password" in notes
    assert PAGE_TEXT.format(n=1) in _text(document)


def test_damage_check_is_cheap_for_clean_files(tmp_path: Path) -> None:
    """The qpdf structure check must not slow normal PDFs noticeably (well under 50 ms for 200 pages)."""
    path = _write(tmp_path, "big.pdf", _pdf_bytes(pages=200))
    open_pdf(path)  # warm up
    start = time.perf_counter()
    document, notes = open_pdf(path)
    elapsed = time.perf_counter() - start
    assert notes == () and len(document) == 200
    assert elapsed < 0.05, f"open_pdf took {elapsed:.3f}s on a clean 200-page PDF"
