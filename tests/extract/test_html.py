"""HTML extraction."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from pipeline.errors import ExtractionError
from pipeline.extract.html import decode_html, extract_html
from tests.paths import SAMPLES

BOILERPLATE_WORDS = ("All briefs", "Data portal", "Privacy policy", "Related briefs", "All rights reserved")


def _page(body: str, *, head: str = "<title>T</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


def test_sample_main_content_structure() -> None:
    extracted = extract_html(SAMPLES / "gcm_review_brief.html")
    assert extracted.title == "Reviewing the Global Compact for Migration: what the SDG indicators tell us"
    blocks = extracted.pages[0].blocks
    assert len(extracted.pages) == 1
    assert blocks[0].kind == "heading" and blocks[0].text == extracted.title
    assert [b.kind for b in blocks].count("list") == 4
    assert [b.text for b in blocks if b.kind == "heading"][1:] == [
        "Progress on target 10.7", "Remaining gaps", "Selected indicators",
    ]
    table = next(b for b in blocks if b.kind == "table")
    assert table.cells is not None
    assert table.cells[0] == ("Indicator", "Latest value", "Source")
    assert table.cells[2] == ("10.c.1 Average cost of remittances", "6.2%", "World Bank, 2023")
    # the table sits between its heading and the closing paragraph
    kinds = [b.kind for b in blocks]
    assert kinds.index("table") == len(kinds) - 2 and kinds[-1] == "text"
    text = "\n".join(b.text for b in blocks)
    assert not any(word in text for word in BOILERPLATE_WORDS)
    assert "Côte d'Ivoire" in text and "Türkiye" in text


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (_page('<meta charset="windows-1252"><p>Côte d’Ivoire</p>').encode("cp1252"), "cp1252"),
        (_page("<p>Türkiye</p>", head='<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">')
         .encode("latin-1"), "iso8859-1"),
        (codecs.BOM_UTF8 + _page("<p>Türkiye</p>").encode("utf-8"), "utf-8-sig"),
        (_page("<p>Türkiye</p>").encode("utf-8"), "utf-8"),
        (_page("<p>Côte d’Ivoire</p>").encode("cp1252"), "cp1252"),  # undeclared, not UTF-8
        (_page('<meta charset="no-such-charset"><p>Türkiye</p>').encode("utf-8"), "utf-8"),
    ],
)
def test_charset_detection(data: bytes, encoding: str) -> None:
    text, found, _ = decode_html(data)
    assert found == encoding
    assert "Türkiye" in text or "Côte d’Ivoire" in text


def test_declared_charset_is_used_by_the_extractor(tmp_path: Path) -> None:
    body = (
        "<nav><a href='/'>Home</a></nav><article><h1>Remesas en México</h1>"
        + "<p>Las remesas recibidas por México alcanzaron 63.300 millones de dólares en 2023, según el banco "
        "central, y el costo promedio de envío fue de 4,1 por ciento, por encima de la meta 10.c.</p>" * 3
        + "</article><footer>Aviso legal</footer>"
    )
    path = tmp_path / "es.html"
    path.write_bytes(_page(body, head='<meta charset="iso-8859-1"><title>Remesas</title>').encode("latin-1"))
    extracted = extract_html(path)
    text = "\n".join(b.text for b in extracted.pages[0].blocks)
    assert "México" in text and "dólares" in text
    assert "Aviso legal" not in text and "Home" not in text
    assert extracted.title == "Remesas en México"
    assert "encoding: iso8859-1" in extracted.notes


def test_tiny_page_falls_back_to_the_dom_walker(tmp_path: Path) -> None:
    path = tmp_path / "tiny.html"
    path.write_text(
        _page("<header>Site</header><main><h2>SDG 10</h2><ul><li>Target 10.7</li></ul></main><footer>F</footer>"),
        encoding="utf-8",
    )
    blocks = extract_html(path).pages[0].blocks
    assert [(b.kind, b.text) for b in blocks] == [("heading", "SDG 10"), ("list", "Target 10.7")]


@pytest.mark.parametrize("payload", [b"", b"   \n  "])
def test_empty_file_is_refused(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(payload)
    with pytest.raises(ExtractionError, match="empty"):
        extract_html(path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="cannot read HTML file"):
        extract_html(tmp_path / "absent.html")


def test_dom_walker_keeps_inline_markup_in_one_block(tmp_path: Path) -> None:
    path = tmp_path / "inline.html"
    path.write_text(
        _page("<nav>Menu</nav><div>Target <b>10.7</b> and<br>10.c<p>Second <a href='#'>block</a>.</p></div>"),
        encoding="utf-8",
    )
    blocks = extract_html(path).pages[0].blocks
    assert [(b.kind, b.text) for b in blocks] == [("text", "Target 10.7 and 10.c"), ("text", "Second block.")]


# --------------------------------------------------------------------------- hostile pages (issue 11)

BODY = "Remittances sent by migrant workers to Morocco reduce poverty; SDG target 10.c asks to lower their cost."


@pytest.mark.parametrize(("charset", "reason"), [
    ("utf-7", "not a text encoding"), ("rot13", "not a text encoding"), ("zlib", "not a text encoding"),
    ("base64", "not a text encoding"), ("utf-16", "the bytes are not utf-16"), ("utf-32", "the bytes are not"),
])
def test_hostile_declared_charsets_are_not_honoured(charset: str, reason: str) -> None:
    data = _page(f"<p>{BODY}</p>", head=f'<meta charset="{charset}">').encode("utf-8")
    text, encoding, note = decode_html(data)
    assert BODY in text and encoding == "utf-8"
    assert note.startswith(f"encoding: declared charset {charset!r} ignored") and reason in note


def test_html_nested_deeper_than_libxml2s_limit_keeps_all_its_text(tmp_path: Path) -> None:
    depth = 400
    page = ("<html><body>" + "<div>" * depth + f"<p>Deep: {BODY}</p>" + "</div>" * depth
            + f"<p>After: {BODY}</p></body></html>")
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    text = " ".join(b.text for p in extract_html(path).pages for b in p.blocks)
    assert f"Deep: {BODY}" in text and f"After: {BODY}" in text
