"""Items of a meeting agenda (programme of work): time, session title, moderator, speakers, and the institutions
(ORG / GOV_BODY ids) and countries of the people named — from an agenda table (ruled or aligned columns) or from
agenda lines that open with a time."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.ids import hash_id
from pipeline.structure.lines import Cell, Line, span_box, squash
from pipeline.structure.normalise import ACTOR_LABELS, MentionIndex
from pipeline.structure.records import AgendaItem
from pipeline.types import Document

TIME = r"\d{1,2}\s?[:.h]\s?\d{2}(?:\s?(?:a\.?m\.?|p\.?m\.?))?"
TIME_RE = re.compile(rf"^\s*(?P<time>{TIME}(?:\s*(?:[–—-]|to|à|a|al)\s*{TIME})?)\b\s*(?P<rest>.*)$", re.IGNORECASE)
"""An agenda item's time ("09:00–09:30", "9.30 a.m. - 10.00 a.m.", "14h00 – 15h30") at the start of a cell."""
ROLE_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("time", re.compile(r"^(?:time|heure|horaire|hora|horario)s?\b", re.IGNORECASE)),
    ("moderator", re.compile(r"moderat|chair|facilitat|mod[ée]rat|pr[ée]sid|moderador", re.IGNORECASE)),
    ("speakers", re.compile(r"speaker|panel|present|resource\s+person|intervenant|pan[ée]liste|orateur|ponente|"
                            r"orador|expositor", re.IGNORECASE)),
    ("session", re.compile(r"session|item|topic|title|s[ée]ance|sujet|th[èe]me|sesi[óo]n|tema|agenda|programme",
                           re.IGNORECASE)),
)
"""Header words of an agenda table's columns."""
LABEL_RE = re.compile(r"^\s*(?P<role>moderators?|chairs?|chaired by|facilitators?|mod[ée]rat(?:eur|rice)s?|"
                      r"pr[ée]sid(?:ent|ence)|moderador(?:a|es)?|speakers?|panel(?:l)?ists?|presenters?|"
                      r"intervenants?|pan[ée]listes?|ponentes?|oradores?)\s*:\s*(?P<text>.*)$", re.IGNORECASE)
"""A labelled line or cell inside an agenda item ("Moderator: ...", "Speakers: ...")."""
SECTION_RE = re.compile(r"\bagenda\b|programme\s+of\s+work|programme\b|\bprogram\b|ordre\s+du\s+jour|"
                        r"\bprograma\b|orden\s+del\s+d[íi]a", re.IGNORECASE)
MIN_ITEMS = 2
CLOCK_RE = re.compile(r"(\d{1,2})\s?[:.h]\s?(\d{2})")
MAX_HOUR, MAX_MINUTE = 24, 59
"""An agenda has at least this many timed items."""
SPEAKER_SEPARATOR = "; "
ENTRY_END_RE = re.compile(r"(?<=\))\s+(?=[A-ZÀ-Ý])")
"""Where one speaker's entry ends and the next begins inside a cell ("... (Austria) Carlos ...")."""


@dataclass
class _Item:
    """An agenda item being read."""

    time: str
    page: int
    start: int
    end: int
    parts: dict[str, list[Cell]] = field(default_factory=dict)

    def add(self, role: str, cell: Cell) -> None:
        """Append a cell's text to a role."""
        if cell.text:
            self.parts.setdefault(role, []).append(cell)
            self.end = max(self.end, cell.end)

    def text(self, role: str, joiner: str = " ") -> str:
        """A role's text."""
        return squash(joiner.join(c.text for c in self.parts.get(role, ())))

    def span(self, *roles: str) -> list[tuple[int, int]]:
        """The spans of the cells of some roles."""
        return [(c.start, c.end) for r in roles for c in self.parts.get(r, ())]


def _roles(header: Line) -> dict[int, str]:
    """Column index → role of an agenda table's header row (empty when the row is no header)."""
    roles: dict[int, str] = {}
    for k, cell in enumerate(header.cells):
        for role, pattern in ROLE_WORDS:
            if cell.text and pattern.search(cell.text) and role not in roles.values():
                roles[k] = role
                break
    return roles if "time" in roles.values() and len(roles) >= 2 else {}


def _clock(time: str) -> bool:
    """Whether every time of a slot is a time of day (hours to 24, minutes to 59): "30.20" is a number."""
    return all(int(h) <= MAX_HOUR and int(m) <= MAX_MINUTE for h, m in CLOCK_RE.findall(time))


def _speakers(text: str) -> list[str]:
    """The people of a speakers cell: one per line or entry, an entry ending with its country in brackets
    ("Ana Ruiz, UNODC (Austria) Carlos Méndez, ...")."""
    parts = [p.strip(" ;,") for chunk in text.split(SPEAKER_SEPARATOR) for p in ENTRY_END_RE.split(chunk)]
    return [p for p in parts if p]


def _role_of_label(word: str) -> str:
    """moderator or speakers for a cell label."""
    return "moderator" if ROLE_WORDS[1][1].search(word) else "speakers"


def _record(doc: Document, item: _Item, index: MentionIndex) -> AgendaItem:
    """The record of an agenda item."""
    people = item.span("moderator", "speakers")
    institutions = list(dict.fromkeys(m.canonical_id for a, b in people for m in index.inside(a, b, ACTOR_LABELS)))
    countries = list(dict.fromkeys(m.canonical_id for a, b in people for m in index.inside(a, b, ("COUNTRY",))))
    page, box = span_box(doc, item.start, item.end)
    return AgendaItem(doc_id=doc.doc_id, item_id=hash_id(doc.doc_id, "agenda", item.start), page=item.page or page,
                      time=item.time, session=item.text("session"), moderator=item.text("moderator"),
                      speakers=SPEAKER_SEPARATOR.join(_speakers(item.text("speakers", SPEAKER_SEPARATOR))),
                      institutions=";".join(institutions),
                      countries=";".join(countries), char_start=item.start, char_end=item.end, bbox=box)


def find_agenda(doc: Document, lines: Sequence[Line], index: MentionIndex) -> list[AgendaItem]:
    """The items of a document's agenda (tables with a time column, or lines opening with a time under an
    agenda heading)."""
    items: list[_Item] = []
    roles: dict[int, str] = {}
    block = ""
    in_section = False
    current: _Item | None = None
    label_role = ""
    for line in lines:
        if line.kind == "heading":
            in_section = bool(SECTION_RE.search(line.text))
            current = None if not in_section else current
            continue
        if line.kind == "table" and line.block_id != block:
            block, roles = line.block_id, _roles(line)  # a table's header is its first row
            if roles:
                continue
        first = next((c for c in line.cells if c.text), None)
        if first is None:
            continue
        timed = TIME_RE.match(first.text)
        if timed and (roles or in_section) and _clock(timed.group("time")):
            current = _Item(squash(timed.group("time")), line.page, first.start, first.end)
            items.append(current)
            label_role = ""
            rest = Cell(timed.group("rest"), first.start + timed.start("rest"), first.end)
            unnamed = 0  # without a header: the first text after the time is the session, the rest speakers
            for k, cell in enumerate(line.cells):
                cell = rest if cell is first else cell
                if not cell.text:
                    continue
                role = roles.get(k, "") if roles else ("session" if unnamed == 0 else "speakers")
                unnamed += 1
                _add(current, "session" if role in ("time", "") else role, cell)
            continue
        if current is None or (line.kind != "table" and not in_section):
            continue
        if line.kind == "table" and roles:
            for k, cell in enumerate(line.cells):
                if roles.get(k) not in (None, "time"):
                    _add(current, roles[k], cell)
            continue
        for cell in line.filled:
            m = LABEL_RE.match(cell.text)
            if m:
                label_role = _role_of_label(m.group("role"))
                current.add(label_role, Cell(m.group("text"), cell.start + m.start("text"), cell.end))
            else:
                current.add(label_role or "speakers", cell)
    if len(items) < MIN_ITEMS:
        return []
    return [_record(doc, item, index) for item in items]


def _add(item: _Item, role: str, cell: Cell) -> None:
    """Add a cell to an item, honouring a label inside it ("Moderator: ...")."""
    m = LABEL_RE.match(cell.text)
    if m:
        item.add(_role_of_label(m.group("role")), Cell(m.group("text"), cell.start + m.start("text"), cell.end))
    else:
        item.add(role, cell)
