"""Outputs, outcomes and objectives of a results framework: each numbered result where the report states it
("Output 1.1: National labour migration policies are updated ...", "Objectif spécifique 2 : ..."), with the
indicators, baseline, target and achieved value of its row in a results-framework table when there is one."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.ids import hash_id
from pipeline.structure.lines import Cell, Line, span_box, squash
from pipeline.structure.records import Result
from pipeline.types import Document

RESULT_RE = re.compile(
    r"^\s*(?:(?:Immediate|Intermediate|Specific|Overall|Expected|Long-term|Short-term)\s+)?"
    r"(?P<head>Outputs?|Outcomes?|Objectives?|Produits?|Extrants?|R[ée]sultats?(?:\s+interm[ée]diaires?)?|"
    r"Objectifs?(?:\s+sp[ée]cifiques?|\s+g[ée]n[ée]ral)?|Productos?|Resultados?|Objetivos?(?:\s+espec[íi]ficos?)?)"
    r"\s*(?:n[°o]\.?\s*)?(?P<number>\d{1,2}(?:\.\d{1,2}){0,2})(?!\.?\d)\s*(?:[:–—-]|\.(?=\s))\s*"
    r"(?P<statement>\S.*)$",
    re.IGNORECASE)
"""A result stated where it is named: its head word, number and statement (at the start of a line or cell)."""
KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("OBJECTIVE", re.compile(r"^objecti|^objetiv", re.IGNORECASE)),
    ("OUTCOME", re.compile(r"^outcome|^r[ée]sultat|^resultado", re.IGNORECASE)),
    ("OUTPUT", re.compile(r"^output|^produ|^extrant", re.IGNORECASE)),
)
COLUMN_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("indicators", re.compile(r"indicat|indicad", re.IGNORECASE)),
    ("baseline", re.compile(r"baseline|base\s*line|r[ée]f[ée]rence|l[íi]nea\s+de\s+base|situation\s+de\s+d[ée]part",
                            re.IGNORECASE)),
    ("target", re.compile(r"^targets?\b|\btarget\b|cible|\bmeta\b|objetivo", re.IGNORECASE)),
    ("achieved", re.compile(r"achiev|actual|progress|status|result(?:s)?\s+to\s+date|atteint|r[ée]alis|logrado|"
                            r"alcanzado|avance", re.IGNORECASE)),
)
"""Header words of a results-framework table's columns (the first column holds the result)."""
SENTENCE_END_RE = re.compile(r"(?<=[a-z0-9)\]”\"])[.;](?=\s+[A-Z]|\s*$)")


@dataclass
class _Draft:
    """A result being gathered from the text and the results table."""

    kind: str
    number: str
    page: int
    start: int
    end: int
    statement: str
    columns: dict[str, list[str]] = field(default_factory=dict)


def result_kind(head: str) -> str:
    """OUTPUT, OUTCOME or OBJECTIVE for a result's head word."""
    return next((kind for kind, pattern in KINDS if pattern.search(head)), "OUTPUT")


def _statement(text: str) -> str:
    """A result's statement: its first sentence."""
    m = SENTENCE_END_RE.search(text)
    return squash(text[:m.start()] if m else text).rstrip(".;: ")


def _table_columns(header: Line) -> dict[int, str]:
    """Column index → role (indicators, baseline, target, achieved) of a results table's header row."""
    roles: dict[int, str] = {}
    for k, cell in enumerate(header.cells):
        if k == 0 or not cell.text:
            continue
        for role, pattern in COLUMN_WORDS:
            if pattern.search(cell.text) and role not in roles.values():
                roles[k] = role
                break
    return roles


def _results_tables(lines: Sequence[Line]) -> dict[tuple[str, str], tuple[dict[str, list[str]], Cell, Line]]:
    """(kind, number) → the columns of its row in a results-framework table, its result cell and row."""
    out: dict[tuple[str, str], tuple[dict[str, list[str]], Cell, Line]] = {}
    roles: dict[int, str] = {}
    block = ""
    current: tuple[str, str] | None = None
    for line in lines:
        if line.kind != "table":
            block, roles, current = "", {}, None
            continue
        if line.block_id != block:  # a results table's header is its first row
            block, current = line.block_id, None
            found = _table_columns(line)
            roles = found if len(found) >= 2 else {}
            continue
        if not roles:
            continue
        first = line.cells[0] if line.cells else None
        m = RESULT_RE.match(first.text) if first is not None and first.text else None
        if m:
            current = (result_kind(m.group("head")), m.group("number"))
            out[current] = ({}, first, line)
        elif first is not None and first.text:
            current = None  # a row of something else ends the result above
            continue
        elif current is None:
            continue
        columns = out[current][0]
        for k, cell in enumerate(line.cells):
            if k in roles and cell.text:
                columns.setdefault(roles[k], []).append(cell.text)
    return out


def find_results(doc: Document, lines: Sequence[Line]) -> list[Result]:
    """The numbered results a document states, with their results-framework figures, in order of first
    statement."""
    drafts: dict[tuple[str, str], _Draft] = {}
    table_rows = _results_tables(lines)
    for line in lines:
        for cell in line.cells[:1]:
            m = RESULT_RE.match(cell.text) if cell.text else None
            if m is None:
                continue
            key = (result_kind(m.group("head")), m.group("number"))
            if key in drafts:
                continue
            statement = _statement(m.group("statement"))
            drafts[key] = _Draft(key[0], key[1], line.page, cell.start, cell.start + m.end(), statement)
    for key, (columns, cell, line) in table_rows.items():
        draft = drafts.get(key)
        if draft is None:
            m = RESULT_RE.match(cell.text)
            drafts[key] = draft = _Draft(key[0], key[1], line.page, cell.start, cell.end,
                                         _statement(m.group("statement")) if m else "")
        draft.columns = columns
    out = []
    for d in sorted(drafts.values(), key=lambda d: d.start):
        page, box = span_box(doc, d.start, d.end)
        col = {role: squash(" ".join(v)) for role, v in d.columns.items()}
        out.append(Result(doc_id=doc.doc_id, result_id=hash_id(doc.doc_id, "result", d.kind, d.number),
                          page=d.page or page, kind=d.kind, number=d.number, statement=d.statement,
                          indicators=col.get("indicators", ""), baseline=col.get("baseline", ""),
                          target=col.get("target", ""), achieved=col.get("achieved", ""),
                          char_start=d.start, char_end=d.end, bbox=box))
    return out
