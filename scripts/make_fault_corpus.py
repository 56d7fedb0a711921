#!/usr/bin/env python3
"""Write a corpus of hostile inputs for nexus's fault tests: damaged, disguised, encrypted, deep, odd-encoded files.

usage: python scripts/make_fault_corpus.py --out DIR

Every file is generated here (nothing is copied in), deterministically. ``DIR/EXPECTED.tsv`` lists each input with
the status nexus must give it (``ok``, ``failed`` or ``skipped``, or ``any`` where either ok or failed is right)
and a word its one-line reason must contain (for an ``ok`` input: a word its notes must contain). The fault test (tests/e2e/test_fault_corpus.py) runs the whole batch
over DIR and checks every row.
"""
from __future__ import annotations

import argparse
import io
import os
import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from pipeline.ingest.inputs import display_name

SEED = 20261201
FIXED_ZIP_DATE = (2024, 1, 1, 0, 0, 0)
BODY = ("Remittances sent by migrant workers to Morocco and Senegal reduce poverty, and lowering their cost to "
        "below 3 per cent is SDG target 10.c. The Ministry of Labour worked with IOM on fair recruitment. ")
DEEP_HTML_LEVELS = 400
"""Deeper than libxml2's default limit of 255 nested elements."""
REPEATED_PAGES = 4
"""Pages of a PDF that repeat one dense paragraph (a naive running-header detector drops it)."""
BOILERPLATE = ("This evaluation was commissioned by the International Organization for Migration and funded by the "
               "European Union. The opinions expressed in it are those of the evaluators and do not necessarily "
               "reflect the views of IOM, its Member States or the donor, and the designations employed do not imply "
               "any opinion on the legal status of any country, territory, city or area or of its authorities.")
"""A dense paragraph that opens the body of every page, in the top tenth of the page."""
DISCLAIMER = ("Disclaimer: the boundaries and names shown and the designations used on the maps in this report do "
              "not imply official endorsement or acceptance by the United Nations. Figures for 2022 are provisional "
              "and were revised by the national statistics office after the field mission of the evaluation team.")
"""A dense paragraph drawn in the footer band of every page, above the page number."""
RUNNING_HEADER = "Fault corpus report: boilerplate"
PAGE_TOP_MARGIN = 30.0
"""Points: the body starts inside the top tenth of an A4 page (84 pt), as in tightly set reports."""
PAGE_BOTTOM_MARGIN = 110.0
"""Points: room below the body for the footer disclaimer and the page number."""
FOOTER_DISCLAIMER_Y = 30.0
FOOTER_NUMBER_Y = 16.0
"""Points from the page's bottom edge (the page number) and from its top edge (the running header)."""
GLYPH_CODE_MAPPINGS = ("private-use", "control", "none")
"""How a broken font maps its glyphs in the text layer: to U+E0xx, to C0 controls, to no character at all."""
BROKEN_FONT_PAGE = 3
"""The page (1-based) set in the font whose text layer is unreadable."""
GLYPH_CODE_PAGES = 4
_BFCHAR_RE = re.compile(rb"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]{4})>")
"""One code → Unicode entry of a one-byte ToUnicode CMap (reportlab writes them as bfchar lines)."""
CONTROL_CODES = 31
"""Printable characters are folded onto U+0001–U+001F."""

Expected = tuple[str, str, str]
"""(file name, expected status, a word the reason must contain or "")."""


def _pdf_bytes(pages: list[str], *, title: str = "Fault corpus report") -> bytes:
    """A small text PDF with one paragraph per page (reportlab)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="nexus fault corpus", invariant=1)
    style = getSampleStyleSheet()["BodyText"]
    story: list = []
    for k, text in enumerate(pages):
        if k:
            story.append(PageBreak())
        story.append(Paragraph(text, style))
    doc.build(story)
    return buffer.getvalue()


def _zip_bytes(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A deterministic zip archive of the given members."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_DATE)
            info.compress_type = compression
            archive.writestr(info, data)
    return buffer.getvalue()


def _docx_bytes(body_xml: str) -> bytes:
    """A minimal DOCX whose document part holds the given body XML."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{w}"><w:body>{body_xml}</w:body></w:document>')
    content_types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                     'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                     '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                     'officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    return _zip_bytes({"[Content_Types].xml": content_types.encode(), "_rels/.rels": rels.encode(),
                       "word/document.xml": document.encode()})


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _encrypted_pdf(data: bytes) -> bytes:
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, encryption=pikepdf.Encryption(owner="owner", user="secret", R=6), static_id=True)
    return out.getvalue()


def _page_tree_loop(data: bytes) -> bytes:
    """A PDF whose page tree lists one of its page-tree nodes inside itself (a loop), as broken writers do."""
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = pdf.Root.Pages
        pages.Kids.append(pages)  # the root node of the page tree is its own kid
        pdf.save(out, static_id=True)
    return out.getvalue()


def boilerplate_pdf(pages: int = REPEATED_PAGES) -> bytes:
    """A PDF repeating a dense paragraph at the top of every page's body and a dense disclaimer in its footer band,
    with a short running header and page numbers (the only furniture)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    width, height = A4
    small = ParagraphStyle("disclaimer", parent=getSampleStyleSheet()["BodyText"], fontSize=8, leading=10)

    def furniture(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(doc.leftMargin, height - FOOTER_NUMBER_Y, RUNNING_HEADER)
        footer = Paragraph(DISCLAIMER, small)
        footer.wrap(doc.width, PAGE_BOTTOM_MARGIN)
        footer.drawOn(canvas, doc.leftMargin, FOOTER_DISCLAIMER_Y)
        canvas.drawCentredString(width / 2, FOOTER_NUMBER_Y, f"Page {doc.page} of {pages}")
        canvas.restoreState()

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title="Boilerplate report", author="nexus fault corpus",
                            invariant=1, topMargin=PAGE_TOP_MARGIN, bottomMargin=PAGE_BOTTOM_MARGIN)
    style = getSampleStyleSheet()["BodyText"]
    story: list = []
    for k in range(pages):
        if k:
            story.append(PageBreak())
        story.append(Paragraph(BOILERPLATE, style))
        story.append(Paragraph(f"Finding {k + 1} of the evaluation. " + BODY * 2, style))
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return buffer.getvalue()


def _code_map(mapping: str) -> Callable[[int], int]:
    """The Unicode value a broken font gives a printable character, for one of GLYPH_CODE_MAPPINGS."""
    if mapping == "private-use":
        return lambda code: 0xE000 + code
    if mapping == "control":
        return lambda code: code % CONTROL_CODES + 1
    if mapping == "none":
        return lambda code: 0
    raise ValueError(f"unknown glyph-code mapping {mapping!r} (options: {', '.join(GLYPH_CODE_MAPPINGS)})")


def glyph_code_pdf(mapping: str = "private-use", *, pages: int = GLYPH_CODE_PAGES) -> bytes:
    """A PDF whose page BROKEN_FONT_PAGE is set in an embedded TrueType font whose ToUnicode map sends every
    printable character to private-use codes, to control characters or to nothing: it looks right, reads wrong."""
    import pikepdf
    import reportlab
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    code_map = _code_map(mapping)
    font_file = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # shipped with reportlab
    pdfmetrics.registerFont(TTFont("FaultCorpusVera", str(font_file)))
    body = getSampleStyleSheet()["BodyText"]
    broken = ParagraphStyle("broken", parent=body, fontName="FaultCorpusVera", fontSize=12, leading=16)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title="Glyph codes report", author="nexus fault corpus", invariant=1)
    story: list = []
    for k in range(1, pages + 1):
        if k > 1:
            story.append(PageBreak())
        story.append(Paragraph(f"Chapter {k}. " + BODY * 3, broken if k == BROKEN_FONT_PAGE else body))
    doc.build(story)

    def remap(match: re.Match[bytes]) -> bytes:
        code, value = match.group(1), int(match.group(2), 16)
        if value <= ord(" "):
            return match.group(0)
        return b"<%s> <%04X>" % (code, code_map(value))

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(buffer.getvalue())) as pdf:
        for font in pdf.pages[BROKEN_FONT_PAGE - 1].Resources.Font.values():
            if "/ToUnicode" in font:  # only the embedded TrueType font has one (Helvetica is a standard font)
                font.ToUnicode.write(_BFCHAR_RE.sub(remap, font.ToUnicode.read_bytes()))
        pdf.save(out, static_id=True)
    return out.getvalue()


def repeated_pages_pdf(data: bytes, *, times: int = 3) -> bytes:
    """A PDF whose page tree lists its first page `times` times (the Kids array repeats one page object)."""
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        kids = pdf.Root.Pages.Kids
        for _ in range(times - 1):
            kids.append(kids[0])
        pdf.Root.Pages.Count = len(kids)
        pdf.save(out, static_id=True)
    return out.getvalue()


def distinct_pages_pdf(pages: int = 3) -> bytes:
    """A text PDF whose pages are told apart by their first words ("Page 1 says ...")."""
    return _pdf_bytes([f"Page {k} says: " + BODY * 2 for k in range(1, pages + 1)])


def write_corpus(out: Path) -> list[Expected]:
    """Write every hostile input into `out`; returns the expectations."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    good_pdf = _pdf_bytes([BODY * 3, BODY * 2])
    expected: list[Expected] = []

    def put(name: str | bytes, data: bytes, status: str, reason: str = "") -> None:
        raw = name if isinstance(name, bytes) else name.encode()
        with open(os.fsencode(out) + b"/" + raw, "wb") as fh:
            fh.write(data)
        expected.append((display_name(os.fsdecode(raw)), status, reason))

    writers: list[Callable[[], None]] = [
        lambda: put("good_report.pdf", good_pdf, "ok"),
        lambda: put("empty.pdf", b"", "failed", "empty"),
        lambda: put("truncated_half.pdf", good_pdf[: len(good_pdf) // 2], "any"),
        lambda: put("truncated_header_only.pdf", good_pdf[:40], "failed"),
        lambda: put("zip_named.pdf", _zip_bytes({"a.txt": BODY.encode()}), "failed", "zip archive"),
        lambda: put("html_named.pdf", b"<html><body><p>" + BODY.encode() + b"</p></body></html>", "failed", "PDF"),
        lambda: put("encrypted_no_password.pdf", _encrypted_pdf(good_pdf), "failed", "password"),
        lambda: put("page_tree_loop.pdf", _page_tree_loop(good_pdf), "ok", "page tree"),
        lambda: put("page_tree_repeats.pdf", repeated_pages_pdf(distinct_pages_pdf()), "ok", "page tree"),
        lambda: put("repeated_dense_text.pdf", _pdf_bytes([BODY * 4] * REPEATED_PAGES), "ok"),
        lambda: put("repeated_boilerplate.pdf", boilerplate_pdf(), "ok"),
        lambda: put("private_use_font.pdf", glyph_code_pdf("private-use"), "ok", "unreadable"),
        lambda: put("control_code_font.pdf", glyph_code_pdf("control"), "ok", "unreadable"),
        lambda: put("legacy_word.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "skipped", "legacy"),
        lambda: put("spreadsheet.xlsx", _zip_bytes({"xl/workbook.xml": b"<workbook/>"}), "skipped", "unsupported"),
        lambda: put("truncated.docx", _docx_bytes(_para(BODY) * 40)[:900], "failed", "damaged DOCX"),
        lambda: put("entity.docx", _docx_bytes(_para("Before the entity.") + "<w:p><w:r><w:t>x &custom; y</w:t>"
                                                "</w:r></w:p>" + _para("After the entity: " + BODY)), "any"),
        lambda: put("good.docx", _docx_bytes(_para(BODY) * 3), "ok"),
        lambda: put("truncated.zip", _zip_bytes({"a.txt": BODY.encode() * 50})[:-40], "failed", "damaged zip"),
        lambda: put("slip.zip", _zip_bytes({"../../escape.txt": BODY.encode(), "ok.txt": BODY.encode()}), "ok"),
        lambda: put("deep.html", b"<html><body>" + b"<div>" * DEEP_HTML_LEVELS + b"<p>" + BODY.encode()
                    + b"</p>" + b"</div>" * DEEP_HTML_LEVELS + b"<p>After the deep part: " + BODY.encode()
                    + b"</p></body></html>", "ok"),
        lambda: put("utf7.html", b'<html><head><meta charset="utf-7"></head><body><p>' + BODY.encode()
                    + b"</p></body></html>", "ok"),
        lambda: put("rot13.html", b'<html><head><meta charset="rot13"></head><body><p>' + BODY.encode()
                    + b"</p></body></html>", "ok"),
        lambda: put("zlib.html", b'<html><head><meta charset="zlib"></head><body><p>' + BODY.encode()
                    + b"</p></body></html>", "ok"),
        lambda: put("utf16_meta_ascii.html", b'<html><head><meta charset="utf-16"></head><body><p>'
                    + BODY.encode() + b"</p></body></html>", "ok"),
        lambda: put("utf16_no_bom.txt", BODY.encode("utf-16-le"), "ok"),
        lambda: put("binary_garbage.txt", bytes(rng.randrange(256) for _ in range(4096)), "failed", "text"),
        lambda: put(b"r\xe9sum\xe9_latin1_name.txt", BODY.encode(), "ok"),
        lambda: put("only_backslash.md", b"\\\n", "any"),
        lambda: put("control_chars.txt", ("\x00\x01\x02 " + BODY + "\x1b[31m").encode(), "any"),
        lambda: put("long_line.txt", (BODY * 2000).encode(), "ok"),
    ]
    for write in writers:
        write()
    os.symlink("does_not_exist.pdf", out / "dangling_link.pdf")
    expected.append(("dangling_link.pdf", "failed", "dangling"))
    os.symlink("loop_link.pdf", out / "loop_link.pdf")
    expected.append(("loop_link.pdf", "failed", "loop"))
    with open(out / "EXPECTED.tsv", "w", encoding="utf-8") as fh:
        fh.write("file\tstatus\treason\n")
        for name, status, reason in expected:
            fh.write(f"{name}\t{status}\t{reason}\n")
    return expected


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder to write the hostile inputs into")
    args = parser.parse_args(argv)
    expected = write_corpus(args.out)
    print(f"wrote {len(expected)} hostile inputs into {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
