"""Sentences → linkable units: whole sentences (joined across page and column breaks) and whole table rows.

A PDF cuts a sentence where a page, a column or a call-out ends ("... including trafficking and sexual and
other types of" | footnotes, a job number | "exploitation, on taking ..."), and a table's extractor gives one line
per visual line, so a cell of three lines is three "rows". Links are made on units: the sentence rebuilt from its
pieces, the table row rebuilt from its lines (each column's lines joined), with the table's column headers.
Running furniture (UN job numbers, barcodes, page numbers, rules) is never part of a unit.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from pipeline.types import Sentence

CELL_SEPARATOR = " | "
"""How pipeline.extract.tables joins the cells of a table line (and how a rebuilt row joins them)."""
CELL_MARK = "|"
"""The one character of every cell separator (a line's edge keeps only it: "| cell")."""
TABLE_KIND = "table"
HEADING_KIND = "heading"
FOOTNOTE_KIND = "footnote"
BODY_KINDS = frozenset({"text", "list", "callout"})
"""Block kinds whose sentences may continue on the next page or column."""
SKIPPED_KINDS = frozenset({HEADING_KIND, "header", "footer", "caption"})
"""Block kinds a continuation looks past (a running title or a figure caption between two halves)."""
MAX_PIECES = 4
"""A unit is rebuilt from at most this many pieces (a sentence cut twice, a table cell of four lines)."""
MAX_ROW_LINES = 12
"""A table row rebuilt from more lines than this is cut (a table whose rows cannot be told apart)."""
FURNITURE_RE = re.compile(
    r"^(?:\d{2}-\d{5}(?:\s*\(\w\))?(?:\s+\d{6})?"          # UN job number: 24-24338, 23-25978 (E) 100124
    r"|\*\d{6,8}\*"                                         # its barcode text: *2424338*
    r"|(?:page\s+)?\d{1,4}(?:\s*(?:/|of|de|sur)\s*\d{1,4})?"  # page numbers: 3, 3/10, page 3 of 10
    r"|_{3,}|-{3,}|\.{3,}"                                  # rules and leaders alone
    r")$", re.IGNORECASE)
"""A sentence that is running furniture of the page, whatever block it landed in."""
FURNITURE_MAX_CHARS = 40
"""Furniture lines are short."""
FOOTNOTE_RULE_RE = re.compile(r"^_{5,}\s*")
"""A footnote separator rule glued to the first footnote of a page ("__________________ 2 Target 5.2.")."""
TERMINAL_RE = re.compile(r"[.!?;:,)\]”\"»’'…]\s*(?:\d{1,3}(?:,\s*\d{1,3})*)?\s*$")
"""A piece that ends here (a sentence mark, a closing bracket or quote, or a comma that closes a UN
preambular paragraph; footnote numbers may follow)."""
COMMA_END_RE = re.compile(r",\s*(?:\d{1,3}(?:,\s*\d{1,3})*)?\s*$")
"""A piece that ends in a comma (footnote numbers may follow)."""
TAIL_CHARS = 40
"""End-anchored patterns look at this many last characters only."""
CONTINUES_RE = re.compile(r"^[a-zà-ÿ(]")
"""A piece that opens in lower case (or with a bracket) continues the sentence before it."""
ENUMERATOR_RE = re.compile(r"^(?:\(?[a-z]{1,4}\)|\(?\d{1,3}[.)]|[•▪◦●■□➢✔\-–—*])\s")
"""A list item's opening marker: (a), a), i), 1., 1), a bullet."""
HYPHEN_TAIL_RE = re.compile(r"\s-$")
"""A table line ending in " -" (the extractor's mark of a cell that goes on)."""
CELL_END_RE = re.compile(r"[.!?:;]\s*$")
OPEN_END_MARKS = ",(/"
OPEN_END_WORDS = frozenset(
    "and or of the to for in on with by a an its their is are was were be been has have had which that who also as "
    "de des du la le les et ou en pour par sur est sont qui y o el los las del con para por que es son fue".split())
LAST_WORD_RE = re.compile(r"[^\W\d_]+$")
LAST_WORD_WINDOW = 24
"""The end of a line where its last word is looked for (longer than any word of OPEN_END_WORDS)."""


def ends_open(text: str) -> bool:
    """Whether a line ends open (a comma, a bracket, a slash, a connective): the next line goes on with it."""
    s = text.rstrip()
    if not s:
        return False
    if s[-1] in OPEN_END_MARKS:
        return True
    m = LAST_WORD_RE.search(s, max(0, len(s) - LAST_WORD_WINDOW))
    if m is None or (m.start() > 0 and (s[m.start() - 1].isalnum() or s[m.start() - 1] == "_")):
        return False
    return m.group().lower() in OPEN_END_WORDS


OPEN_NAME_END_RE = re.compile(r"\b(?:the|of|de|la|le|du|del|des|los|las)\s+[A-Z][\w’'-]*\s*$")
"""A piece that stops on a capitalised word right after an article ("... of the National"): the name goes on
across the page break although the next page opens in capitals."""
PROSE_WORDS = 5
"""A cell line of at least this many words without a closing mark is prose that goes on below."""
HEADER_MAX_CELL = 60
"""A table's first row counts as its column headers when every cell is at most this long ..."""
HEADER_MIN_CELLS = 2
"""... and it has at least this many non-empty cells."""


_START, _END = itemgetter(0), itemgetter(1)
"""A piece's document start and end."""


@dataclass(frozen=True, slots=True)
class Unit:
    """A whole sentence or table row: its text, the sentences it is made of, and where each piece came from.

    ``pieces`` maps the unit back to the document: (document start, document end, start in ``text``), in unit
    order; every piece's text is verbatim document text.
    """

    text: str
    sentences: tuple[Sentence, ...]
    pieces: tuple[tuple[int, int, int], ...]
    kind: str
    headers: str = ""
    char_start: int = field(init=False, repr=False, compare=False)
    """The first document offset of the unit."""
    char_end: int = field(init=False, repr=False, compare=False)
    """The last document offset of the unit (exclusive)."""

    def __post_init__(self) -> None:
        pieces = self.pieces
        if pieces:
            object.__setattr__(self, "char_start", min(map(_START, pieces)))
            object.__setattr__(self, "char_end", max(map(_END, pieces)))
        else:
            object.__setattr__(self, "char_start", self.sentences[0].char_start)
            object.__setattr__(self, "char_end", self.sentences[0].char_end)

    @property
    def first(self) -> Sentence:
        """The sentence the unit starts with (its id, page and section stand for the unit's)."""
        return self.sentences[0]

    def position(self, offset: int) -> int | None:
        """The position in ``text`` of a document offset, or None when the offset is in no piece."""
        for start, end, at in self.pieces:
            if start <= offset < end or offset == end == start:
                return at + offset - start
        return None


def is_furniture(text: str) -> bool:
    """Whether a sentence is running furniture (a job number, barcode, page number or rule)."""
    return len(text) <= FURNITURE_MAX_CHARS and bool(FURNITURE_RE.match(text.strip()))


def _strip_rule(s: Sentence) -> tuple[str, int]:
    """A sentence's text without a glued footnote rule, and how many characters were cut off its start."""
    m = FOOTNOTE_RULE_RE.match(s.text)
    return (s.text[m.end():], m.end()) if m else (s.text, 0)


def is_footnote(s: Sentence) -> bool:
    """Whether a sentence is a footnote (its block is one, or it opens with the footnote rule)."""
    return s.block_kind == FOOTNOTE_KIND or bool(FOOTNOTE_RULE_RE.match(s.text))


def _ends(text: str, *, comma: bool = True) -> bool:
    """Whether a piece of text ends a sentence (or, with ``comma``, a preambular paragraph: a comma may end one,
    and a piece ending in a comma goes on only into a piece that opens in lower case)."""
    tail = text[-TAIL_CHARS:]
    if not comma and COMMA_END_RE.search(tail):
        return False
    return bool(TERMINAL_RE.search(tail))


def _sentence_unit(s: Sentence, kept: Sequence[Sentence], index: dict[str, int], consumed: set[str]) -> Unit:
    """The unit that starts with body sentence ``s``: while it is left open, the next lower-case body piece
    continues it (its id goes into ``consumed``)."""
    text, cut = _strip_rule(s)
    pieces = [(s.char_start + cut, s.char_end, 0)]
    parts = [s]
    while s.block_kind in BODY_KINDS and not _ends(text, comma=False) and len(parts) < MAX_PIECES:
        nxt = _continuation(parts[-1], kept, index)
        if nxt is None:
            break
        pieces.append((nxt.char_start, nxt.char_end, len(text) + 1))
        text = f"{text} {nxt.text}"
        parts.append(nxt)
        consumed.add(nxt.sentence_id)
    return Unit(text, tuple(parts), tuple(pieces), s.block_kind)


def _continuation(s: Sentence, kept: Sequence[Sentence], index: dict[str, int]) -> Sentence | None:
    """The body sentence that continues ``s``: the next one that is not a footnote or a heading, on the same
    or the next page, in another block, opening in lower case (or, on the next page, in capitals when ``s`` stops
    inside a name: "... the National" | "Plan to Combat Trafficking ...")."""
    for k in range(index[s.sentence_id] + 1, len(kept)):
        nxt = kept[k]
        if nxt.page > s.page + 1:
            return None
        if is_footnote(nxt) or nxt.block_kind in SKIPPED_KINDS:
            continue
        if nxt.block_kind not in BODY_KINDS or (nxt.block_id == s.block_id):
            return None  # within one paragraph the segmenter already decided
        if ENUMERATOR_RE.match(nxt.text):
            return None
        opens = CONTINUES_RE.match(nxt.text) or (nxt.page > s.page and OPEN_NAME_END_RE.search(s.text[-TAIL_CHARS:]))
        return nxt if opens else None
    return None


def _cells(text: str) -> list[str]:
    """The cells of a table line (an empty cell leaves a bare "|" at a line's edge)."""
    return text.split(CELL_MARK)


def _cell_spans(s: Sentence) -> list[tuple[int, int]]:
    """(document start, end) of each cell of a table line, trimmed of spaces."""
    out, pos = [], 0
    for cell in _cells(s.text):
        lead = len(cell) - len(cell.lstrip())
        start = s.char_start + pos + lead
        out.append((start, max(start, s.char_start + pos + len(cell.rstrip()))))
        pos += len(cell) + len(CELL_MARK)
    return out


def _goes_on(before: str, now: str) -> bool:
    """Whether a cell line ``now`` continues the cell text ``before`` of the same column: it opens in lower
    case, or ``before`` ends open (a hyphen, a comma, a connective) or is prose without a closing mark."""
    tail = before[-TAIL_CHARS:]
    if CONTINUES_RE.match(now) or HYPHEN_TAIL_RE.search(tail) or ends_open(tail):
        return True
    return len(before.split()) >= PROSE_WORDS and not CELL_END_RE.search(before)


def _same_row(last: Sequence[str], cells: Sequence[str], main: int) -> bool:
    """Whether a table line (``cells``) goes on the row whose columns so far end with ``last``.

    A cell opening in lower case under text says so; else the row's main column (its longest text) decides;
    a line with nothing in the main column goes on when its first cell is empty (a side column's list).
    """
    if any(now and before and CONTINUES_RE.match(now) for before, now in zip(last, cells)):
        return True
    if cells[main] and last[main]:
        return _goes_on(last[main], cells[main])
    return not cells[0] and any(cells)


def _row_groups(lines: Sequence[Sentence]) -> list[list[Sentence]]:
    """Consecutive table lines grouped into rows (see :func:`_same_row`); the first line, when it is the
    column headers, is a row of its own."""
    groups: list[list[Sentence]] = []
    last: list[str] = []  # the last text of each column in the current row
    size: list[int] = []  # how much text each column of the current row holds
    for line in lines:
        cells = [c.strip() for c in _cells(line.text)]
        header_row = len(groups) == 1 and len(groups[0]) == 1 and bool(_headers(groups[0]))
        fresh = not groups or len(cells) != len(last) or len(groups[-1]) >= MAX_ROW_LINES or header_row
        if not fresh and _same_row(last, cells, max(range(len(size)), key=size.__getitem__)):
            groups[-1].append(line)
            last = [now or before for before, now in zip(last, cells)]
            size = [n + len(now) for n, now in zip(size, cells)]
        else:
            groups.append([line])
            last = list(cells)
            size = [len(c) for c in cells]
    return groups


def _row_unit(group: Sequence[Sentence], headers: str) -> Unit:
    """A table row rebuilt from its lines: each column's cell lines joined, the columns joined by " | "."""
    width = len(_cells(group[0].text))
    columns: list[list[tuple[Sentence, int, int]]] = [[] for _ in range(width)]
    for line in group:
        for col, (start, end) in enumerate(_cell_spans(line)[:width]):
            if end > start:
                columns[col].append((line, start, end))
    text = ""
    pieces: list[tuple[int, int, int]] = []
    for col, spans in enumerate(columns):
        if col:
            text += CELL_SEPARATOR
        for k, (line, start, end) in enumerate(spans):
            piece = HYPHEN_TAIL_RE.sub("", line.text[start - line.char_start:end - line.char_start])
            if k:
                text += " "
            pieces.append((start, start + len(piece), len(text)))
            text += piece
    return Unit(text, tuple(group), tuple(pieces), TABLE_KIND, headers)


def _headers(group: Sequence[Sentence]) -> str:
    """The column headers of a table, when its first row is one (short cells, no sentence marks)."""
    if len(group) != 1:
        return ""
    cells = [c.strip() for c in _cells(group[0].text)]
    filled = [c for c in cells if c]
    if len(filled) < HEADER_MIN_CELLS or any(len(c) > HEADER_MAX_CELL or CELL_END_RE.search(c) for c in filled):
        return ""
    return CELL_SEPARATOR.join(cells)


def _table_units(lines: Sequence[Sentence]) -> list[Unit]:
    """The rows of one table block (its first row, when it is the headers, is quoted with every other row)."""
    groups = _row_groups(lines)
    headers = _headers(groups[0]) if groups else ""
    return [_row_unit(g, "" if (headers and i == 0) else headers) for i, g in enumerate(groups)]


def build_units(sentences: Sequence[Sentence], *, blocks: Collection[str] | None = None) -> tuple[Unit, ...]:
    """The units of a document's sentences, in reading order (furniture dropped); with ``blocks``, only the units
    that start in those blocks (a unit may still run on into the next block)."""
    kept = [s for s in sentences if not is_furniture(s.text)]
    index = {s.sentence_id: i for i, s in enumerate(kept)}
    units: list[Unit] = []
    consumed: set[str] = set()
    i = 0
    while i < len(kept):
        s = kept[i]
        if blocks is not None and s.block_id not in blocks:
            i += 1
            continue
        if s.block_kind == TABLE_KIND:
            j = i
            while j < len(kept) and kept[j].block_id == s.block_id:
                j += 1
            units.extend(_table_units(kept[i:j]))
            i = j
            continue
        if s.sentence_id not in consumed:
            units.append(_sentence_unit(s, kept, index, consumed))
        i += 1
    return tuple(sorted(units, key=_span_key))


def _span_key(u: Unit) -> tuple[int, int]:
    """A unit's sort key: where it starts, then where it ends."""
    return u.char_start, u.char_end


def unit_of_sentence(units: Iterable[Unit]) -> dict[str, Unit]:
    """Each sentence id → the unit it is part of."""
    return {s.sentence_id: u for u in units for s in u.sentences}


def sentence_starts(sentences: Sequence[Sentence]) -> list[int]:
    """Sorted start offsets of sentences (for bisecting an offset to its sentence)."""
    return [s.char_start for s in sentences]


def sentence_at(sentences: Sequence[Sentence], starts: Sequence[int], offset: int) -> Sentence | None:
    """The sentence holding a document offset, or None."""
    i = bisect.bisect_right(starts, offset) - 1
    return sentences[i] if i >= 0 and offset < sentences[i].char_end else None
