"""Evidence text with its theme and SDG words marked: the text is escaped first, then the ranges are wrapped.

The ranges come from the mentions inside the evidence (document offsets mapped into the evidence text through
its ``evidence_spans``), the SDG code of the link and the terms its reason quotes; every piece of text between
and inside the marks goes through :func:`markupsafe.escape`, so a report's ``<script>`` stays text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd
from markupsafe import Markup, escape

from pipeline.output.query import list_items
from pipeline.vocab import SDG_PREFIX

THEME_CLASS = "theme"
SDG_CLASS = "sdg"
PIECE_SEPARATOR = 1
"""Characters between two pieces of an evidence text (its pieces are joined with one space)."""
SEARCH_SLACK = 8
"""How far from its expected place a mention's text is looked for in the evidence."""
QUOTED = re.compile(r"\"([^\"]{3,80})\"")
"""A term a link's reason quotes ('term "bilateral labour agreements" of target 10.7')."""
MIN_TERM = 3

Span = tuple[int, int, str]


def label_class(label: str) -> str:
    """The CSS class of a mention label's mark."""
    return THEME_CLASS if label == "MIGRATION_THEME" else SDG_CLASS


def evidence_pieces(evidence_spans: object) -> list[tuple[int, int]]:
    """The (start, end) document offsets of an evidence's pieces (its ``evidence_spans``: "12-80;95-140")."""
    out = []
    for piece in list_items(evidence_spans):
        start, _, end = piece.partition("-")
        if start.isdigit() and end.isdigit():
            out.append((int(start), int(end)))
    return out


def mention_spans(evidence: str, evidence_spans: object, mentions: pd.DataFrame) -> list[Span]:
    """The ranges of the evidence text that hold the given mentions (of its document), each checked against the
    mention's own text."""
    found: list[Span] = []
    at = 0
    for start, end in evidence_pieces(evidence_spans):
        inside = mentions[(mentions["char_start"] >= start) & (mentions["char_end"] <= end)]
        for m in inside.itertuples(index=False):
            text = str(m.text)
            expected = at + int(m.char_start) - start
            lo = max(0, expected - SEARCH_SLACK)
            pos = evidence.find(text, lo, expected + len(text) + SEARCH_SLACK)
            if pos >= 0 and text:
                found.append((pos, pos + len(text), label_class(str(m.label))))
        at += end - start + PIECE_SEPARATOR
    return found


def term_spans(evidence: str, terms: Iterable[str], css: str) -> list[Span]:
    """Every case-insensitive, whole-word occurrence of some terms in the evidence."""
    found: list[Span] = []
    for term in terms:
        term = term.strip()
        if len(term) < MIN_TERM:
            continue
        for m in re.finditer(r"(?<![\w.])" + re.escape(term) + r"(?![\w])", evidence, flags=re.IGNORECASE):
            found.append((m.start(), m.end(), css))
    return found


def link_terms(target_id: str, reason: object) -> tuple[list[str], list[str]]:
    """The words of a link worth marking beyond its mentions: its SDG code, and the terms its reason quotes."""
    code = str(target_id).removeprefix(SDG_PREFIX)
    sdg = [code] if "." in code else []
    quoted = QUOTED.findall(reason) if isinstance(reason, str) else []
    return sdg, quoted


def marked(text: str, spans: Sequence[Span]) -> Markup:
    """The text escaped, with each range wrapped in ``<mark class=...>`` (overlapping ranges: the first kept)."""
    out: list[str] = []
    pos = 0
    for start, end, css in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if start < pos or start >= end or end > len(text):
            continue
        out.append(str(escape(text[pos:start])))
        out.append(f'<mark class="{escape(css)}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))


def highlight_row(row: pd.Series | object, mentions: pd.DataFrame) -> Markup:
    """A link's evidence as HTML, its theme and SDG words marked."""
    evidence = str(getattr(row, "evidence", "") or "")
    doc_mentions = mentions[mentions["doc_id"] == getattr(row, "doc_id", None)] if len(mentions) else mentions
    spans = mention_spans(evidence, getattr(row, "evidence_spans", ""), doc_mentions) if len(doc_mentions) else []
    sdg, quoted = link_terms(str(getattr(row, "target_id", "")), getattr(row, "reason", ""))
    spans += term_spans(evidence, sdg, SDG_CLASS) + term_spans(evidence, quoted, SDG_CLASS)
    return marked(evidence, spans)
