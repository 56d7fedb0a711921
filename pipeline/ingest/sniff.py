"""Tell a file's format from its first bytes, then from its suffix, with reasons a person understands."""
from __future__ import annotations

import logging
import re
import zipfile
from pathlib import Path

from pipeline.errors import ExtractionError, InputError, UnsupportedFormatError

log = logging.getLogger(__name__)

SUFFIX_FORMATS: dict[str, str] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".md": "markdown",
    ".zip": "zip",
}
"""Supported suffixes and the format each names."""

FORMATS: tuple[str, ...] = ("pdf", "docx", "html", "text", "markdown", "zip")
BINARY_FORMATS: frozenset[str] = frozenset({"pdf", "docx", "zip"})
TEXT_FORMATS: frozenset[str] = frozenset({"html", "text", "markdown"})

HEAD_BYTES = 8192
"""How much of the file is read to judge its format."""
PDF_HEADER_WINDOW = 1024
"""The PDF header may follow up to this much leading junk (PDF 32000-1, annex H)."""
PREVIEW_CHARS = 24
"""At most this many characters of a wrong file's start are shown in a message."""
PREVIEW_HEX_BYTES = 8

PDF_MAGIC = b"%PDF-"
ZIP_MAGICS: tuple[bytes, ...] = (b"PK\x03\x04", b"PK\x05\x06")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt
DOCX_MAIN_PART = "word/document.xml"
UTF8_BOM = b"\xef\xbb\xbf"
UTF16_NUL_SHARE = 0.9
"""Share of NUL bytes in the high-byte positions from which BOM-less bytes are read as UTF-16 text."""
DAMAGED_ZIP = "damaged-zip"
"""What _format_from_bytes calls a file that starts like a zip archive but cannot be opened as one."""
UTF16_BOMS: tuple[bytes, ...] = (b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_PRINTABLE_RUN = re.compile(r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]*")


def supported_suffixes() -> str:
    """The supported suffixes as a comma-separated list for messages."""
    return ", ".join(SUFFIX_FORMATS)


def sniff(path: Path) -> str:
    """Return the format of the file at `path`: "pdf", "docx", "html", "text", "markdown" or "zip"."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such file or folder: {path}")
    if not path.is_file():
        raise InputError(f"not a file: {path}")
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError("empty file: 0 bytes")
    with path.open("rb") as handle:
        head = handle.read(HEAD_BYTES)
    suffix = path.suffix.lower()
    claimed = SUFFIX_FORMATS.get(suffix)
    found = _format_from_bytes(path, head)
    if found == DAMAGED_ZIP:
        what = "DOCX" if claimed == "docx" else "zip archive"
        raise ExtractionError(f"damaged {what}: {_zip_problem(path)}")
    if found in BINARY_FORMATS:
        if claimed == "zip" and found == "docx":
            return "zip"  # an archive that happens to hold a Word part is still expanded as an archive
        if found == "zip" and claimed in ("pdf", "html", "text", "markdown"):
            raise ExtractionError(f"not a {_format_name(claimed)}: the file is a zip archive "
                                  f"(name it .zip to read what it holds)")
        if found == "zip" and claimed != "zip":  # .xlsx, .pptx, .odt, .epub: zips of formats nexus does not read
            raise UnsupportedFormatError(_unsupported(suffix))
        if claimed is not None and claimed != found:
            log.info("%s: suffix says %s but the bytes are %s; reading it as %s", path, claimed, found, found)
        return found
    if found == "ole":
        raise UnsupportedFormatError(
            f"unsupported format: {suffix or '(no suffix)'} is a legacy Office file (supported: {supported_suffixes()})"
        )
    if claimed in BINARY_FORMATS:
        raise ExtractionError(f"not a {claimed.upper()}: starts with {_preview(head)}")
    if claimed is None:
        if suffix == "" and found in TEXT_FORMATS:
            return found
        raise UnsupportedFormatError(_unsupported(suffix))
    if found == "binary":
        raise ExtractionError(f"not a text file: {path.name} starts with {_preview(head)}")
    if found == "html" or claimed == "html":
        return "html"
    return claimed


def _unsupported(suffix: str) -> str:
    """The message for a suffix nexus does not read."""
    return f"unsupported format: {suffix or '(no suffix)'} (supported: {supported_suffixes()})"


def _format_from_bytes(path: Path, head: bytes) -> str:
    """Classify the first bytes: a supported binary format, "ole", "html", "text" or "binary"."""
    if head.startswith(ZIP_MAGICS):  # first: a zip may store a PDF uncompressed near its start
        if _zip_problem(path):
            return DAMAGED_ZIP
        return "docx" if _is_docx(path) else "zip"
    if PDF_MAGIC in head[:PDF_HEADER_WINDOW]:
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "ole"
    text_head = head[len(UTF8_BOM):] if head.startswith(UTF8_BOM) else head
    if head.startswith(UTF16_BOMS):
        decoded = head.decode("utf-16", errors="ignore").encode("utf-8")
        return "html" if _HTML_START.match(decoded) else "text"
    if b"\x00" in text_head:
        return "text" if _utf16_without_bom(text_head) else "binary"
    if _HTML_START.match(text_head):
        return "html"
    return "text" if _looks_like_text(text_head) else "binary"


def _format_name(fmt: str) -> str:
    """How a format is named in messages ("PDF", "HTML file", "text file")."""
    return {"pdf": "PDF", "html": "HTML file"}.get(fmt, "text file")


def _zip_problem(path: Path) -> str:
    """Why a file that starts like a zip cannot be read as one ("" when it can)."""
    try:
        with zipfile.ZipFile(path) as archive:
            archive.namelist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        return " ".join(str(error).split()) or type(error).__name__
    return ""


def _utf16_without_bom(head: bytes) -> bool:
    """True when the bytes read as UTF-16 text without a byte-order mark (ASCII text with every other byte NUL)."""
    even, odd = head[0::2], head[1::2]
    for text_bytes, nul_bytes, encoding in ((even, odd, "utf-16-le"), (odd, even, "utf-16-be")):
        if nul_bytes and nul_bytes.count(0) >= UTF16_NUL_SHARE * len(nul_bytes) and text_bytes.count(0) == 0:
            cut = len(head) - len(head) % 2
            decoded = head[:cut].decode(encoding, errors="replace")
            return _looks_like_text(decoded.encode("utf-8"))
    return False


def _is_docx(path: Path) -> bool:
    """True when the zip at `path` holds a Word document part."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    return DOCX_MAIN_PART in names


def _looks_like_text(head: bytes) -> bool:
    """True when `head` decodes as UTF-8 (allowing a cut last character) or is mostly printable Latin-1."""
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as error:
        if error.start >= len(head) - 3:  # a multi-byte character cut by the read window
            return True
    decoded = head.decode("latin-1")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in decoded)
    return printable >= 0.95 * len(decoded)


def _preview(head: bytes) -> str:
    """The first printable characters of `head` (up to the first '>'), or its first bytes in hex."""
    text = head.lstrip(b" \t\r\n" + UTF8_BOM).decode("utf-8", errors="replace")
    run = _PRINTABLE_RUN.match(text)
    shown = " ".join(run.group(0).split()) if run else ""
    if not shown:
        return "bytes " + " ".join(f"{b:02x}" for b in head[:PREVIEW_HEX_BYTES])
    close = shown.find(">")
    if 0 <= close < PREVIEW_CHARS:
        return shown[: close + 1]
    return shown[:PREVIEW_CHARS] + ("…" if len(shown) > PREVIEW_CHARS else "")
