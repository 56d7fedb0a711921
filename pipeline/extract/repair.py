"""Open PDFs the tolerant way: passwords in turn, and a qpdf (pikepdf) rewrite when pdfium gives up or loses content."""
from __future__ import annotations

import io
import logging
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.errors import DamagedError, EncryptedError, ExtractionError, InputError
from pipeline.extract.page_tree import mend_page_tree, page_tree_problem

log = logging.getLogger(__name__)

NOTE_PASSWORD = "encrypted: opened with password"
NOTE_REPAIRED = "damaged: {what}, repaired"
NOTE_RECOVERED_MORE = "damaged: {what}, repaired (the rewritten copy gave {gain} more characters)"
NOTE_PAGE_TREE = "damaged: page tree {what}, each page read once"

REWRITE_GAIN_CHARS = 20
"""The rewritten copy replaces pdfium's own reading only when it yields at least this many more characters..."""
REWRITE_GAIN_RATIO = 1.05
"""...and at least this many times as many."""
MAX_REASON_CHARS = 120
# The trailer's /Encrypt key, or the encryption dictionary itself (standard or public-key security handler).
_ENCRYPTION_MARK = re.compile(rb"/Encrypt\b|/Filter\s*/(?:Standard|Adobe\.PubSec)\b")
ENCRYPTION_LOST = "encrypted file whose trailer is lost, so it cannot be decrypted"

# qpdf's warnings when it drops repeated pages or a loop from the page tree while reconstructing a damaged file.
_TREE_REPEATS = re.compile(r"appears more than once in the pages tree", re.I)
_TREE_LOOP = re.compile(r"loop detected", re.I)
TREE_REPEATS_PHRASE = "lists pages more than once"
TREE_LOOP_PHRASE = "loops back on itself"
# qpdf warnings that mean the file structure itself was broken and had to be reconstructed.
_STRUCTURAL_DAMAGE = re.compile(r"file is damaged|reconstruct|xref not found|can't find startxref|trailer", re.I)
_DAMAGE_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"startxref|xref|cross-reference", re.I), "broken cross-reference table"),
    (re.compile(r"trailer", re.I), "no trailer dictionary"),
    (re.compile(r"EOF|end of file|premature", re.I), "truncated file"),
    (re.compile(r"inflate|decod|stream", re.I), "undecodable stream"),
)


def open_pdf(path: Path, *, passwords: Sequence[str] = ()) -> tuple[pdfium.PdfDocument, tuple[str, ...]]:
    """Open a PDF with pypdfium2, trying each password and a qpdf repair; return the document and notes."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"no such file or folder: {path}")
    if path.stat().st_size == 0:
        raise ExtractionError("empty file: 0 bytes")
    candidates: tuple[str | None, ...] = (None, *passwords)
    try:
        document, password = _open_with_pdfium(str(path), candidates, has_passwords=bool(passwords))
    except pdfium.PdfiumError as error:
        log.info("%s: pdfium could not open it (%s); trying a qpdf repair", path, error)
        return _open_repaired(path, candidates, pdfium_reason=str(error))
    notes = [NOTE_PASSWORD] if password else []
    damage, tree = _structural_damage(path, password)
    if tree:  # pdfium would read a page twice, or not at all: read the copy whose page tree lists each page once
        document.close()
        return _open_mended(path, password, damage=damage, notes=notes)
    if damage:
        document, damage_note = _prefer_richer(document, path, password, damage)
        notes.append(damage_note)
    return document, tuple(notes)


def _open_mended(
    path: Path, password: str | None, *, damage: Sequence[str], notes: Sequence[str]
) -> tuple[pdfium.PdfDocument, tuple[str, ...]]:
    """Open the qpdf copy of a file whose page tree repeats or loops, with a note on what was mended."""
    rewritten = _rewrite(path, (password,), pdfium_reason="")
    try:
        document = pdfium.PdfDocument(rewritten.data)
    except pdfium.PdfiumError as error:
        raise DamagedError(f"damaged: {_reason(str(error), path)}") from error
    mended = list(notes)
    if damage:
        mended.append(NOTE_REPAIRED.format(what=_describe(damage) or "damaged structure"))
    mended.append(NOTE_PAGE_TREE.format(what=rewritten.tree))
    return document, tuple(mended)


def _open_with_pdfium(
    source: str | bytes, candidates: Sequence[str | None], *, has_passwords: bool
) -> tuple[pdfium.PdfDocument, str | None]:
    """Open `source` with the first candidate password that works; raise EncryptedError when none does."""
    for password in candidates:
        try:
            return pdfium.PdfDocument(source, password=password), password
        except pdfium.PdfiumError as error:
            if not _is_password_error(error):
                raise
    raise EncryptedError("encrypted: wrong password" if has_passwords else "encrypted: password required")


def _is_password_error(error: pdfium.PdfiumError) -> bool:
    """True when pdfium failed to open a document for want of the right password."""
    if pdfium_c.FPDF_GetLastError() == pdfium_c.FPDF_ERR_PASSWORD:
        return True
    return "password" in str(error).lower()


def _open_repaired(
    path: Path, candidates: Sequence[str | None], *, pdfium_reason: str
) -> tuple[pdfium.PdfDocument, tuple[str, ...]]:
    """Rewrite the file with qpdf into memory and open the copy with pdfium."""
    rewritten = _rewrite(path, candidates, pdfium_reason=pdfium_reason)
    try:
        document = pdfium.PdfDocument(rewritten.data)
    except pdfium.PdfiumError as error:
        raise DamagedError(f"damaged: {_reason(str(error), path)}") from error
    what = _describe(rewritten.problems) or _describe([pdfium_reason]) or "unreadable structure"
    notes = [NOTE_PASSWORD] if rewritten.password else []
    notes.append(NOTE_REPAIRED.format(what=what))
    if rewritten.tree:
        notes.append(NOTE_PAGE_TREE.format(what=rewritten.tree))
    return document, tuple(notes)


class _Rewritten(NamedTuple):
    """qpdf's rebuilt copy of a file: its bytes, qpdf's warnings, the password that opened it, the page-tree fix."""

    data: bytes
    problems: list[str]
    password: str | None
    tree: str
    """What was wrong with the page tree ("loops back on itself"), "" when nothing."""


def _rewrite(path: Path, candidates: Sequence[str | None], *, pdfium_reason: str) -> _Rewritten:
    """Open `path` with pikepdf (qpdf's recovery) and save an unencrypted, rebuilt copy into memory.

    The copy's page tree lists every page once (repeated references and loops dropped); the page tree is read
    without qpdf's inheritance pass, which refuses a tree with a loop.
    """
    last_password_error: pikepdf.PasswordError | None = None
    for password in candidates:
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with pikepdf.open(path, password=password or "", inherit_page_attributes=False) as pdf:
                    problems = [str(w) for w in pdf.get_warnings()] + [str(w.message) for w in caught]
                    if not pdf.is_encrypted and _mentions_encryption(path):
                        raise DamagedError(f"damaged: {ENCRYPTION_LOST}")
                    tree = _tree_problem(mend_page_tree(pdf), problems + [str(w) for w in pdf.get_warnings()])
                    buffer = io.BytesIO()
                    pdf.save(buffer)
            return _Rewritten(buffer.getvalue(), problems, password, tree)
        except pikepdf.PasswordError as error:
            last_password_error = error
        except (pikepdf.PdfError, OSError, RuntimeError, ValueError) as error:
            reason = _reason(str(error), path) or _reason(pdfium_reason, path)
            raise DamagedError(f"damaged: {reason}") from error
    has_passwords = len(candidates) > 1
    message = "encrypted: wrong password" if has_passwords else "encrypted: password required"
    raise EncryptedError(message) from last_password_error


def _mentions_encryption(path: Path) -> bool:
    """True when the raw file holds an encryption dictionary (read only on the rare repair path)."""
    return _ENCRYPTION_MARK.search(path.read_bytes()) is not None


def _structural_damage(path: Path, password: str | None) -> tuple[list[str], str]:
    """qpdf's warnings about a broken file structure, and what is wrong with the page tree ("" if nothing).

    Cheap: qpdf reads the cross-reference data and the page-tree nodes, not the pages' content.
    """
    try:
        with pikepdf.open(path, password=password or "", inherit_page_attributes=False) as pdf:
            walked = page_tree_problem(pdf)
            problems = [str(w) for w in pdf.get_warnings()]
    except pikepdf.PasswordError:  # qpdf wants a password pdfium did without: nothing to learn here
        return [], ""
    except (pikepdf.PdfError, OSError, RuntimeError, ValueError) as error:
        return [str(error)], ""
    return [p for p in problems if _STRUCTURAL_DAMAGE.search(p)], _tree_problem(walked, problems)


def _tree_problem(walked: str, problems: Sequence[str]) -> str:
    """What is wrong with the page tree: as the walk found it, or as qpdf's reconstruction reported it
    (qpdf drops repeated pages itself when it rebuilds a damaged file, so the walk then finds nothing)."""
    if walked:
        return walked
    found = [phrase for pattern, phrase in ((_TREE_REPEATS, TREE_REPEATS_PHRASE), (_TREE_LOOP, TREE_LOOP_PHRASE))
             if any(pattern.search(problem) for problem in problems)]
    return " and ".join(found)


def _prefer_richer(
    document: pdfium.PdfDocument, path: Path, password: str | None, damage: list[str]
) -> tuple[pdfium.PdfDocument, str]:
    """Keep pdfium's own reading of a damaged file unless qpdf's rebuilt copy yields clearly more text."""
    what = _describe(damage) or "damaged structure"
    try:
        rewritten = pdfium.PdfDocument(_rewrite(path, (password,), pdfium_reason="").data)
    except (ExtractionError, pdfium.PdfiumError) as error:
        log.info("%s: qpdf could not rewrite the damaged file (%s); keeping pdfium's reading", path, error)
        return document, NOTE_REPAIRED.format(what=what)
    ours, theirs = _char_count(document), _char_count(rewritten)
    if theirs >= ours + REWRITE_GAIN_CHARS and theirs >= ours * REWRITE_GAIN_RATIO:
        log.info("%s: qpdf's rebuilt copy gives %d characters against pdfium's %d; using it", path, theirs, ours)
        document.close()
        return rewritten, NOTE_RECOVERED_MORE.format(what=what, gain=theirs - ours)
    rewritten.close()
    return document, NOTE_REPAIRED.format(what=what)


def _char_count(document: pdfium.PdfDocument) -> int:
    """Characters in the text layer of every page."""
    total = 0
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        total += textpage.count_chars()
        textpage.close()
        page.close()
    return total


def _describe(problems: Sequence[str]) -> str:
    """A short phrase for the first recognisable problem in qpdf's or pdfium's messages."""
    for problem in problems:
        for pattern, phrase in _DAMAGE_PHRASES:
            if pattern.search(problem):
                return phrase
    return ""


def _reason(message: str, path: Path) -> str:
    """A one-line reason from a library message, without the file path it repeats."""
    text = " ".join(message.replace(str(path), "").split()).lstrip(":; ")
    text = re.sub(r"^\(.*?\):\s*", "", text)
    return text[:MAX_REASON_CHARS] or "unreadable"
