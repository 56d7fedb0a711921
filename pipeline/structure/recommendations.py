"""Recommendations of an evaluation and their management response (the IOM management response matrix and its
variants, en/fr): number, recommendation, addressed to, response, key actions, responsible units, deadlines.

The matrix is read as a stream of labelled pieces: a label ("Evaluation recommendation 3:", "Recommendation to:",
"Management response ...:", "Key actions") opens a field and the text up to the next label fills it, whether the
matrix came out as a ruled table, as loose table rows or as paragraphs. Under the key-actions header, table rows
are read column by column (the header's words name each column).
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from pipeline.ids import hash_id
from pipeline.structure.lines import Cell, Line, span_box, squash
from pipeline.structure.normalise import deadline
from pipeline.structure.records import Recommendation
from pipeline.types import Document

FIELD_SEPARATOR = " | "
"""Joins a recommendation's key actions (and their units, timeframes, comments), one per action."""
REC_LABEL = "recommendation"
LABELS: tuple[tuple[str, str], ...] = (
    (REC_LABEL, r"evaluation\s++recomm[ae]ndation(?:\s*+#)?\s*+(?P<number>\d{1,3}[a-z]?)(?:\s*+:)?\s*+"
                r"(?:\(time\s*+0\)(?:\s*+:)?\s*+)?"),
    ("addressed_to", r"recommendation\s++to\s*+:\s*+|responsible\s++unit\(s\)\s*+:\s*+\(time\s*+0\)\s*+:?\s*+"),
    ("priority", r"priority\s++level\s*+\(1\s++to\s++3\)\s*+:?\s*+"),
    ("response_raw", r"management\s++response\s*+(?:\(accept\s*+/\s*+partially\s++accept\s*+/\s*+reject(?:ed)?\)\s*+:?\s*+|"
                     r"[-–—]\s*+)"),
    ("actions", r"key\s++actions?\b(?:\s*+:)?\s*+(?=[A-Z0-9|]|$)"),
    ("status", r"(?:final\s++)?implementation\s++monitoring\s++status[^:]*:\s*+(?:\(time\s*+\d\)\s*+)?|"
               r"comments\s++on\s++implementation\s++status\s*+:\s*+(?:\(time\s*+\d\)\s*+)?"),
)
"""Field labels of the matrix templates (matched case-insensitively where a cell or paragraph has them)."""
LABEL_RE = re.compile("|".join(f"(?P<{name}{k}>{pattern})" for k, (name, pattern) in enumerate(LABELS)),
                      re.IGNORECASE)
LABEL_HINTS = ("recomm", "priority", "response", "key action", "monitoring", "implementation status")
"""Words one of which every field label holds (lower case): a cell without any holds no label."""
REC_START_RE = re.compile(r"evaluation\s+recomm[ae]ndation", re.IGNORECASE)
"""Where a matrix can start: a document without it has no recommendations to read."""
TIME_MARK_RE = re.compile(r"\(\s*time\s*\d\s*\)\s*:?\s*", re.IGNORECASE)
"""The template's stage markers ("(Time 1)"), which are no content."""
HEADER_WORDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("timeframe", re.compile(r"\btime|\bframe\b|\bdeadline|\bd[ée]lai|\b[ée]ch[ée]ance|\bcalendrier", re.IGNORECASE)),
    ("responsible", re.compile(r"\bresponsib|\bunit\(s\)|\bindividual\b|\bresponsable", re.IGNORECASE)),
    ("comments", re.compile(r"\bcomments?\b|\baction\s+taken|\bcommentaires?\b", re.IGNORECASE)),
    ("status", re.compile(r"^status\b|\bstatut\b", re.IGNORECASE)),
    ("action", re.compile(r"\bkey\s+actions?\b|\bactions?\s+cl[ée]s?\b", re.IGNORECASE)),
)
"""Words of the key-actions header naming each column (the first that matches a column's header wins)."""
HEADER_MAX_CHARS = 40
"""A header cell is short; a longer cell under the header starts the action rows."""
ACTION_NUMBER_RE = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[•▪●\-–])\s")
SENTENCE_END_RE = re.compile(r"[.;!?)]\s*$")
ACCEPT_VERDICTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("partially accepted", re.compile(r"partial(?:ly|ment)?\s+accept", re.IGNORECASE)),
    ("not accepted", re.compile(r"\breject|not\s+accept|non\s+accept|rejet", re.IGNORECASE)),
    ("accepted", re.compile(r"\baccept", re.IGNORECASE)),
)
"""The controlled values of ``response`` and the words that give each (the first that matches wins)."""
TEMPLATE_HINTS = re.compile(r"do not complete this column|complete the column when|choose from:", re.IGNORECASE)
"""Instructions of the template printed in empty cells: no content."""
DASH_RE = re.compile(r"\s*+[–—]\s++")
DASH_JOIN = " – "
UNIT_HEAD_RE = re.compile(r"(?:[ÉE]quipes?|Teams?|Units?|Unit[ée]s?|Bureaux?|Offices?|Sections?|Divisions?|"
                          r"Departments?|D[ée]partements?|Departamentos?|Unidad(?:es)?|Services?|Servicios?)\b")
"""Head nouns of a responsible unit's name."""
"""An action paragraph's responsible team follows its first spaced dash ("... – Équipes programmes ...")."""


@dataclass
class _Action:
    """One key action being read: its text and the other columns."""

    cells: dict[str, list[str]] = field(default_factory=dict)

    def add(self, role: str, text: str) -> None:
        """Append text to a column of the action."""
        if text and not TEMPLATE_HINTS.search(text):
            self.cells.setdefault(role, []).append(text)

    def get(self, role: str) -> str:
        """A column's text (its pieces joined)."""
        return squash(" ".join(self.cells.get(role, ())))


@dataclass
class _Draft:
    """A recommendation being read."""

    number: str
    page: int
    start: int
    end: int
    fields: dict[str, list[str]] = field(default_factory=dict)
    actions: list[_Action] = field(default_factory=list)

    def add(self, name: str, text: str, end: int) -> None:
        """Append text to a field."""
        text = TIME_MARK_RE.sub("", text).strip()
        if text and not TEMPLATE_HINTS.search(text):
            self.fields.setdefault(name, []).append(text)
        self.end = max(self.end, end)

    def get(self, name: str) -> str:
        """A field's text."""
        return squash(" ".join(self.fields.get(name, ())))


@dataclass(frozen=True, slots=True)
class _Piece:
    """A labelled (or unlabelled) piece of a cell."""

    label: str
    number: str
    text: str
    start: int
    end: int


def _pieces(cell: Cell) -> Iterator[_Piece]:
    """A cell's text cut at the field labels it holds (text before the first label has no label)."""
    text = cell.text
    lowered = text.lower()
    marks = list(LABEL_RE.finditer(text)) if any(hint in lowered for hint in LABEL_HINTS) else []
    if not marks:
        yield _Piece("", "", text, cell.start, cell.end)
        return
    if marks[0].start() > 0:
        yield _Piece("", "", text[:marks[0].start()], cell.start, cell.start + marks[0].start())
    for k, m in enumerate(marks):
        name = next(n for n, v in m.groupdict().items() if v is not None and not n.startswith("number"))
        label = re.sub(r"\d+$", "", name)
        stop = marks[k + 1].start() if k + 1 < len(marks) else len(text)
        number = m.group("number") or "" if label == REC_LABEL else ""
        yield _Piece(label, number, text[m.end():stop], cell.start + m.start(), cell.start + stop)


def _column_roles(header_lines: Sequence[Line]) -> dict[int, str]:
    """Column index → role (action, timeframe, responsible, comments, status) from the header rows' words."""
    words: dict[int, list[str]] = {}
    for line in header_lines:
        for k, cell in enumerate(line.cells):
            if cell.text:
                words.setdefault(k, []).append(cell.text)
    roles: dict[int, str] = {}
    for k, texts in sorted(words.items()):
        joined = " ".join(texts)
        for role, pattern in HEADER_WORDS:
            if pattern.search(joined) and role not in roles.values():
                roles[k] = role
                break
    if 0 not in roles:
        roles[0] = "action"
    return roles


def _is_header_line(line: Line) -> bool:
    """Whether a table row is (part of) the key-actions header: short cells naming columns."""
    filled = line.filled
    return bool(filled) and not ACTION_NUMBER_RE.match(filled[0].text) and \
        all(len(c.text) <= HEADER_MAX_CHARS for c in filled) and \
        any(p.search(c.text) for c in filled for _, p in HEADER_WORDS)


def _starts_action(text: str, current: _Action | None) -> bool:
    """Whether an action cell opens a new key action (a number or bullet, or a capital after a finished one)."""
    if current is None or ACTION_NUMBER_RE.match(text):
        return True
    done = current.get("action")
    return bool(done) and bool(SENTENCE_END_RE.search(done)) and text[:1].isupper()


def _verdict(raw: str) -> str:
    """The controlled response of a management-response cell, or '' when it states none."""
    return next((value for value, pattern in ACCEPT_VERDICTS if pattern.search(raw)), "")


def _finish(doc: Document, draft: _Draft) -> Recommendation:
    """The record of a recommendation read to its end."""
    actions = [a for a in draft.actions if a.get("action")]
    responsible = [a.get("responsible") or _dash_team(a.get("action")) for a in actions]
    frames = [a.get("timeframe") for a in actions]
    deadlines = list(dict.fromkeys(d for d in (deadline(f) for f in frames) if d))
    response_raw = draft.get("response_raw")
    page, box = span_box(doc, draft.start, min(draft.end, draft.start + len(draft.get(REC_LABEL)) + 40))
    return Recommendation(
        doc_id=doc.doc_id, recommendation_id=hash_id(doc.doc_id, "recommendation", draft.number, draft.start),
        page=draft.page or page, number=draft.number, recommendation=draft.get(REC_LABEL),
        addressed_to=draft.get("addressed_to"), response=_verdict(response_raw),
        actions=FIELD_SEPARATOR.join(a.get("action") for a in actions),
        responsible=FIELD_SEPARATOR.join(r for r in responsible if r) if any(responsible) else "",
        deadline=FIELD_SEPARATOR.join(deadlines), status=draft.get("status"),
        deadline_raw=FIELD_SEPARATOR.join(f for f in frames if f) if any(frames) else "",
        priority=draft.get("priority"), response_raw=response_raw,
        comments=FIELD_SEPARATOR.join(a.get("comments") for a in actions) if any(a.get("comments") for a in actions)
        else "",
        char_start=draft.start, char_end=draft.end, bbox=box)


def _dash_team(action: str) -> str:
    """The team an action paragraph names after a spaced dash (Haiti's template: "... – Équipes programmes ...",
    from the dash before a unit's head noun, else the only dash), or ''."""
    parts = DASH_RE.split(action)
    for k, part in enumerate(parts[1:], start=1):
        if UNIT_HEAD_RE.match(part.strip()):
            return DASH_JOIN.join(parts[k:]).rstrip(" .")
    return parts[1].rstrip(" .") if len(parts) == 2 else ""


def find_recommendations(doc: Document, lines: Sequence[Line]) -> list[Recommendation]:
    """The recommendations of a management response matrix (or of any text using its labels), in order."""
    out: list[Recommendation] = []
    first = REC_START_RE.search(doc.text)
    if first is None:
        return out
    lines = [line for line in lines if line.end > first.start()]
    draft: _Draft | None = None
    name = ""
    header: list[Line] = []
    roles: dict[int, str] = {}
    action: _Action | None = None
    column_field: dict[int, str] = {}
    for line in lines:
        if draft is not None and name == "actions" and line.kind == "table" and len(line.filled) >= 1 \
                and not LABEL_RE.search(line.cells[0].text if line.cells else "") and \
                (len(line.cells) > 1):
            if not roles and _is_header_line(line) or (header and _is_header_line(line) and action is None):
                header.append(line)
                continue
            if header and not roles:
                roles = _column_roles(header)
            if roles:
                first = next((c.text for k, c in enumerate(line.cells) if roles.get(k) == "action" and c.text), "")
                if first and _starts_action(first, action):
                    action = _Action()
                    draft.actions.append(action)
                if action is not None:
                    for k, cell in enumerate(line.cells):
                        action.add(roles.get(k, ""), cell.text)
                    draft.end = max(draft.end, line.end)
                continue
        first = next((c for c in line.cells if c.text), None)
        if first is not None and LABEL_RE.match(first.text):
            column_field = {}  # a line that opens with a label starts a new band of fields
        for column, cell in enumerate(line.cells):
            if not cell.text:
                continue
            if line.kind == "table" and len(line.cells) > 1 and column in column_field and \
                    not LABEL_RE.search(cell.text):
                name = column_field[column]  # a cell under a labelled cell continues that cell's field
            for piece in _pieces(cell):
                if piece.label == REC_LABEL:
                    if draft is not None:
                        out.append(_finish(doc, draft))
                    draft = _Draft(piece.number, line.page, piece.start, piece.end)
                    name, header, roles, action = REC_LABEL, [], {}, None
                    column_field[column] = REC_LABEL
                    draft.add(REC_LABEL, piece.text, piece.end)
                elif draft is None:
                    continue
                elif piece.label:
                    name = piece.label
                    column_field[column] = name
                    if name == "actions":
                        header = [line] if line.kind == "table" and len(line.cells) > 1 else []
                        roles, action = {}, None
                    else:
                        draft.add(name, piece.text, piece.end)
                elif name == "actions":
                    if ACTION_NUMBER_RE.match(piece.text) or action is None:
                        action = _Action()
                        draft.actions.append(action)
                    action.add("action", piece.text)
                    draft.end = max(draft.end, piece.end)
                else:
                    draft.add(name, piece.text, piece.end)
            if name == "actions" and header and header[-1] is line:
                break  # the header row's other cells name columns
    if draft is not None:
        out.append(_finish(doc, draft))
    return out


LIST_HEADING_RE = re.compile(r"^\W*(?:\d+(?:\.\d+)*\.?\s*)?(?:key\s+|main\s+|principales\s+)?"
                             r"(?:recommendations?|recommandations?|recomendaciones?)\b", re.IGNORECASE)
"""The heading of a list of recommendations ("Key recommendations", "5. Recommandations")."""
LIST_HEADING_MAX_CHARS = 80
LIST_ITEM_RE = re.compile(r"^\s*(?:recomm[ae]ndation\s*#?\s*(?P<label>\d{1,3})\s*[:.–-]\s*|"
                          r"\(?(?P<number>\d{1,2}|[a-z])[.)]\s+|[•▪●◦■\-–—*]\s*)(?=\S)", re.IGNORECASE)
"""An item of a recommendations list: "Recommendation 3:", "3.", "(c)", a bullet."""
MIN_ITEM_WORDS = 4


def find_recommendation_list(doc: Document, lines: Sequence[Line]) -> list[Recommendation]:
    """The items of a document's recommendations lists (under a "Recommendations" heading), numbered as printed
    (or in order); a list states no management response."""
    out: list[Recommendation] = []
    under = False
    count = 0
    for line in lines:
        if line.kind == "heading":
            under = len(line.text) <= LIST_HEADING_MAX_CHARS and bool(LIST_HEADING_RE.match(line.text))
            count = 0
            continue
        if not under or line.kind == "table" or not line.cells:
            continue
        cell = line.cells[0]
        item = LIST_ITEM_RE.match(cell.text)
        if item is None and line.kind != "list":
            continue
        body = squash(cell.text[item.end():] if item else cell.text)
        if len(body.split()) < MIN_ITEM_WORDS:
            continue
        count += 1
        number = (item.group("label") or item.group("number") if item else None) or str(count)
        start = cell.start + (item.end() if item else 0)
        page, box = span_box(doc, cell.start, cell.end)
        out.append(Recommendation(
            doc_id=doc.doc_id, recommendation_id=hash_id(doc.doc_id, "recommendation", number, cell.start),
            page=line.page or page, number=number, recommendation=body, addressed_to="", response="", actions="",
            responsible="", deadline="", status="", deadline_raw="", priority="", response_raw="", comments="",
            char_start=start, char_end=cell.end, bbox=box))
    return out
