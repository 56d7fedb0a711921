"""Blocks → Sentences, keeping offsets, pages and the section (the governing heading)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.ids import hash_id
from pipeline.types import Block, Document, Sentence

SENTENCE_END_RE = re.compile(r"[.!?;](?:[\"'”’)\]]*)\s+(?=[\"'“‘(\[¿¡]?[A-ZÀ-ÖØ-Þ0-9•▪])|[.!?](?:[\"'”’)\]]*)\s*$")
ABBREVIATIONS = frozenset("""
e.g i.e etc al vs cf no nos art arts para paras p pp fig figs vol ed eds mr mrs ms dr prof st jr sr inc ltd co corp
dept approx est min max sec ch op cit ibid viz rev gen gov jan feb mar apr jun jul aug sep sept oct nov dec
u.s u.k u.n a.m p.m av sra sr dra ud uds mme mlle m ms no núm
""".split())
ABBREV_TAIL_RE = re.compile(r"(?:^|[\s(])([A-Za-zÀ-ÿ.]{1,6})\.$")
INITIAL_RE = re.compile(r"(?:^|\s)[A-Z]\.$")
LIST_MARKER_RE = re.compile(r"^(?:\d{1,3}|[ivxlc]{1,5}|[a-z])\.$", re.IGNORECASE)
LIST_MARKER_MAX_CHARS = 7
"""Longer than any LIST_MARKER_RE match ('xxxxx.' is 6)."""
NON_SPACE_RE = re.compile(r"\S")
MAX_SENTENCE_CHARS = 2000
FALSE_BREAK_WINDOW = 16
"""Characters before a candidate sentence break that decide whether it is a false one (abbreviation, initial)."""
SENTENCE_KINDS_BY_LINE = frozenset({"table"})
SECTION_KINDS = frozenset({"heading"})
SECTION_MAX_CHARS = 200
"""A sentence's ``section`` is its governing heading, cut to this many characters."""


def _is_false_break(before: str) -> bool:
    """True when the text before a candidate break ends with an abbreviation, initial or list marker."""
    tail = before.rstrip("\"'”’)] ")
    if LIST_MARKER_RE.match(tail.strip()) or INITIAL_RE.search(tail):
        return True
    match = ABBREV_TAIL_RE.search(tail)
    return bool(match) and match.group(1).lower().rstrip(".") in ABBREVIATIONS


def _false_break_at(text: str, start: int, end: int) -> bool:
    """``_is_false_break(text[start:end])`` for a candidate break whose sentence runs from ``start`` to ``end``,
    reading only the last FALSE_BREAK_WINDOW characters (a sentence held open by many false breaks is otherwise
    sliced and searched once per break, which is quadratic in its length).

    Exact: ``text[end - 1]`` is the break's punctuation, so nothing is stripped off the end; an abbreviation or an
    initial ends at most 8 characters before the break; a list marker is the whole sentence so far once stripped
    (at most LIST_MARKER_MAX_CHARS), so everything before those last characters must be whitespace.
    """
    if end - start <= FALSE_BREAK_WINDOW:
        return _is_false_break(text[start:end])
    if (text[start].isspace() and NON_SPACE_RE.search(text, start, end - LIST_MARKER_MAX_CHARS) is None
            and LIST_MARKER_RE.match(text[start:end].strip())):
        return True
    tail = text[end - FALSE_BREAK_WINDOW:end]
    if INITIAL_RE.search(tail):
        return True
    match = ABBREV_TAIL_RE.search(tail)
    return bool(match) and match.group(1).lower().rstrip(".") in ABBREVIATIONS


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield (start, end) offsets of the sentences of a paragraph, trimmed of surrounding spaces."""
    start = 0
    for match in SENTENCE_END_RE.finditer(text):
        end = match.start() + 1
        if match.end() < len(text) and _false_break_at(text, start, end):
            continue
        yield from _trimmed(text, start, end)
        start = match.end()
    if start < len(text):
        yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Trim whitespace off a span and cut overlong spans at spaces."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE_CHARS:
        cut = text.rfind(" ", start, start + MAX_SENTENCE_CHARS)
        cut = cut if cut > start else start + MAX_SENTENCE_CHARS
        yield start, cut
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    if end > start:
        yield start, end


def block_spans(block: Block) -> Iterator[tuple[int, int]]:
    """Sentence offsets (relative to the block) of one block: per line for tables, one for headings."""
    text = block.text
    if block.kind in SENTENCE_KINDS_BY_LINE:
        pos = 0
        for line in text.split("\n"):
            if line.strip():
                yield from _trimmed(text, pos, pos + len(line))
            pos += len(line) + 1
    elif block.kind in SECTION_KINDS:
        yield from _trimmed(text, 0, len(text))
    else:
        yield from split_sentences(text)


def segment(doc: Document) -> tuple[Sentence, ...]:
    """Split every block of a document into sentences; each carries the heading that governs it."""
    out: list[Sentence] = []
    section = ""
    for block in doc.blocks:
        if block.kind in SECTION_KINDS:
            section = " ".join(block.text.split())[:SECTION_MAX_CHARS]
        for rel_start, rel_end in block_spans(block):
            start, end = block.char_start + rel_start, block.char_start + rel_end
            out.append(Sentence(
                doc_id=doc.doc_id,
                sentence_id=hash_id(doc.doc_id, start, end),
                page=block.page,
                char_start=start,
                char_end=end,
                text=doc.text[start:end],
                block_id=block.block_id,
                block_kind=block.kind,
                section=section,
            ))
    return tuple(out)
