"""Key–value facts of a project data / information table ("Project Data Table", "Project information"): one fact
per pair, its key normalised (``budget``, ``donor``, ``project_period`` …, resources/fact_keys.json) and its value
normalised with the taggers' mentions (money ``USD 822771``, periods in ISO 8601, countries as ISO3, organisations
and bodies as their ids, SDG items as ``SDG:10.7``)."""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.ids import hash_id
from pipeline.nlp.fold import fold
from pipeline.resources import resource_path
from pipeline.structure.lines import Cell, Line, span_box, squash
from pipeline.structure.normalise import MentionIndex
from pipeline.structure.records import Fact
from pipeline.types import Document

FACT_KEYS_FILE = "fact_keys.json"
KEY_MAX_CHARS = 60
KEY_MAX_WORDS = 7
"""A key cell is a short label; a longer first cell makes the row no key–value pair."""
MIN_PAIRS = 3
"""A table is a key–value table when at least this many of its rows are pairs with a known key ..."""
MIN_KNOWN_SHARE = 0.5
"""... and at least this share of its pairs have a key of fact_keys.json."""
INLINE_RE = re.compile(r"^(?P<key>[^\W\d][^:|]{1,58}?)\s*:\s+(?P<value>\S.*)$")
"""A "Key: value" line of its own (a project information block printed without a table)."""
INLINE_MAX_CHARS = 400
VALUE_LABELS: dict[str, tuple[str, ...]] = {
    "money": ("MONEY",), "period": ("DATE",), "countries": ("COUNTRY",), "actors": ("ORG", "GOV_BODY"),
    "sdg": ("SDG_GOAL", "SDG_TARGET", "SDG_INDICATOR"),
}
"""Which mentions normalise a value of each kind (``text`` values are kept as printed)."""


@dataclass(frozen=True, slots=True)
class FactKey:
    """A normalised key, how its value is normalised, and the pattern of its raw labels."""

    key: str
    value: str
    pattern: re.Pattern[str]


@cache
def fact_keys() -> tuple[FactKey, ...]:
    """The keys of resources/fact_keys.json in their order of precedence."""
    data = json.loads(resource_path(FACT_KEYS_FILE).read_text(encoding="utf-8"))
    return tuple(FactKey(k["key"], k["value"], re.compile(r"\b(?:" + "|".join(k["patterns"]) + r")\b"))
                 for k in data["keys"])


def normal_key(raw: str) -> FactKey | None:
    """The normalised key of a raw label ("Total budget (USD)" → budget), or None when it is no known key."""
    folded = fold(raw)
    return next((k for k in fact_keys() if k.pattern.search(folded)), None)


def _is_key(text: str) -> bool:
    """Whether a cell reads as a label: short, few words, not a sentence."""
    stripped = text.rstrip(" :")
    return 0 < len(stripped) <= KEY_MAX_CHARS and len(stripped.split()) <= KEY_MAX_WORDS and \
        not stripped.endswith((".", ";")) and not stripped[:1].isdigit()


def _pairs(rows: Sequence[Line]) -> list[tuple[Cell, list[Cell], Line]]:
    """The (key cell, value cells, row) of a table's rows that have a label and a value; a row whose key cell is
    empty continues the value above (a wrapped value)."""
    out: list[tuple[Cell, list[Cell], Line]] = []
    for row in rows:
        filled = row.filled
        if not filled:
            continue
        first = row.cells[0] if row.cells else None
        if first is not None and not first.text and out:
            out[-1][1].extend(filled)
            continue
        if len(filled) >= 2 and _is_key(filled[0].text):
            out.append((filled[0], list(filled[1:]), row))
    return out


def _normalised(kind: str, value: str, start: int, end: int, index: MentionIndex) -> str:
    """A value normalised by its kind with the mentions inside it (the value as printed when none is found)."""
    labels = VALUE_LABELS.get(kind)
    if labels:
        ids = index.ids(start, end, labels)
        if ids:
            return ids if kind != "money" else ids.split(";")[0]
    return value


def _fact(doc: Document, key_cell: Cell, values: Sequence[Cell], fact_key: FactKey, index: MentionIndex) -> Fact:
    """The fact of a key cell and its value cells."""
    value = squash(" ".join(c.text for c in values))
    start = min(c.start for c in (key_cell, *values))
    end = max(c.end for c in (key_cell, *values))
    v_start = min(c.start for c in values)
    page, box = span_box(doc, start, end)
    raw_key = key_cell.text.rstrip(" :")
    return Fact(doc_id=doc.doc_id, fact_id=hash_id(doc.doc_id, "fact", fact_key.key, start), page=page,
                key=fact_key.key, raw_key=raw_key, value=value,
                normalised_value=_normalised(fact_key.value, value, v_start, end, index),
                char_start=start, char_end=end, bbox=box)


def find_facts(doc: Document, lines: Sequence[Line], index: MentionIndex) -> list[Fact]:
    """The facts of a document's key–value tables and of its "Key: value" information lines."""
    out: list[Fact] = []
    tables: dict[str, list[Line]] = {}
    for line in lines:
        if line.kind == "table":
            tables.setdefault(line.block_id, []).append(line)
    for rows in tables.values():
        pairs = _pairs(rows)
        known = [(k, v, normal_key(k.text)) for k, v, _ in pairs]
        hits = [(k, v, fk) for k, v, fk in known if fk is not None]
        if len(hits) < MIN_PAIRS or len(hits) < MIN_KNOWN_SHARE * len(pairs):
            continue
        out.extend(_fact(doc, k, v, fk, index) for k, v, fk in hits)
    run: list[tuple[Cell, Cell, FactKey]] = []
    for line in lines:  # "Key: value" lines, when several known keys come one after another
        found = None
        if line.kind != "table" and len(line.cells) == 1 and len(line.cells[0].text) <= INLINE_MAX_CHARS:
            m = INLINE_RE.match(line.cells[0].text)
            fk = normal_key(m.group("key")) if m else None
            if m and fk is not None:
                cell = line.cells[0]
                found = (Cell(m.group("key"), cell.start, cell.start + m.end("key")),
                         Cell(m.group("value"), cell.start + m.start("value"), cell.end), fk)
        if found is not None:
            run.append(found)
            continue
        if len(run) >= MIN_PAIRS:
            out.extend(_fact(doc, k, [v], fk, index) for k, v, fk in run)
        run = []
    if len(run) >= MIN_PAIRS:
        out.extend(_fact(doc, k, [v], fk, index) for k, v, fk in run)
    return sorted(out, key=lambda f: f.char_start)
