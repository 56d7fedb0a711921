"""Per-file expectations for the awkward corpus: damaged, encrypted and scanned PDFs open (or fail) clearly."""
from __future__ import annotations

from dataclasses import dataclass

import pypdfium2 as pdfium
import pytest

from pipeline.errors import EncryptedError, ExtractionError
from pipeline.extract.ocr import ocr_page, tesseract_available
from pipeline.extract.repair import open_pdf
from pipeline.ingest.sniff import sniff
from tests.paths import AWKWARD

pytestmark = pytest.mark.skipif(not AWKWARD.is_dir(), reason="shared awkward corpus is absent")
OCR_DPI = 200
DAMAGED_NOTE = "damaged: broken cross-reference table, repaired"
PASSWORD_NOTE = "encrypted: opened with password"


@dataclass(frozen=True)
class Expect:
    """What open_pdf must give for one file."""

    pages: int
    contains: str = ""  # text-layer text that must be present ("" = no text layer at all)
    notes: tuple[str, ...] = ()
    password: str = ""


EXPECTED: dict[str, Expect] = {
    "bad_startxref_helloworld.pdf": Expect(1, "Hello, world!", (DAMAGED_NOTE,)),
    "no_startxref_truncated_like.pdf": Expect(1, "Potato", (DAMAGED_NOTE,)),
    "damaged_content_stream.pdf": Expect(1, "Potato"),
    # poppler stops after the header line; the last line of the printout must be there too
    "corrupted_zlib_stream.pdf": Expect(1, "Namespaces are one honking great idea"),
    "malformed_scan_issue932.pdf": Expect(1, "2021"),
    "encrypted_rc4_password_test.pdf": Expect(4, "Backup4all", (PASSWORD_NOTE,), password="test"),
    "encrypted_aes256_password.pdf": Expect(1, "The Crazy Ones", (PASSWORD_NOTE,), password="password"),
    "scanned_image_only_fr.pdf": Expect(1),
    "scanned_jbig2_no_text.pdf": Expect(1),
    "scanned_with_ocr_layer.pdf": Expect(6, "SIEGE OF VICKSBURG"),
    "federal_register_3col.pdf": Expect(15, "FEDERAL REGISTER"),
    "nics_dense_table.pdf": Expect(1, "Handgun"),
    "tracemonkey_2col_paper.pdf": Expect(14, "Trace-based Just-in-Time"),
}


def _page_texts(document: pdfium.PdfDocument) -> list[str]:
    return [document[i].get_textpage().get_text_bounded() for i in range(len(document))]


def test_manifest_is_covered() -> None:
    listed = {line.split("\t")[0] for line in (AWKWARD / "MANIFEST.tsv").read_text().splitlines()[1:] if line}
    assert listed == set(EXPECTED) | {"empty_zero_bytes.pdf"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_opens_with_expected_text_and_notes(name: str) -> None:
    expect = EXPECTED[name]
    passwords = ("wrong-first", expect.password) if expect.password else ()
    document, notes = open_pdf(AWKWARD / name, passwords=passwords)
    texts = _page_texts(document)
    assert len(texts) == expect.pages
    assert notes == expect.notes
    if expect.contains:
        assert expect.contains in "\n".join(texts)
    else:
        assert all(not t.strip() for t in texts), "a scan without a text layer must not grow one"
    assert sniff(AWKWARD / name) == "pdf"


@pytest.mark.parametrize("name", ["encrypted_rc4_password_test.pdf", "encrypted_aes256_password.pdf"])
def test_encrypted_fail_clearly_without_the_password(name: str) -> None:
    with pytest.raises(EncryptedError, match=r"^encrypted: password required$"):
        open_pdf(AWKWARD / name)
    with pytest.raises(EncryptedError, match=r"^encrypted: wrong password$"):
        open_pdf(AWKWARD / name, passwords=["not-it"])


def test_empty_file_fails_with_its_reason() -> None:
    for check in (open_pdf, sniff):
        with pytest.raises(ExtractionError, match=r"^empty file: 0 bytes$"):
            check(AWKWARD / "empty_zero_bytes.pdf")


def test_ocr_layer_is_on_every_page() -> None:
    """Pages with an OCR text layer have text of their own, so the extractor never OCRs them again."""
    document, _ = open_pdf(AWKWARD / "scanned_with_ocr_layer.pdf")
    assert all(len(t.split()) > 50 for t in _page_texts(document))


@pytest.mark.skipif(not tesseract_available(), reason="Tesseract is not installed (make demo)")
def test_scan_opened_by_open_pdf_ocrs() -> None:
    """The opener's document feeds OCR directly (the JBIG2 scan is covered in tests/extract/test_ocr.py)."""
    french, _ = open_pdf(AWKWARD / "scanned_image_only_fr.pdf")
    page = ocr_page(french[0], 1, dpi=OCR_DPI)
    assert page.ocr and "Où puis-je m'en procurer" in " ".join(b.text for b in page.blocks)
