"""Call-out boxes and tables that interrupt running text are read after it, never spliced into a sentence.

A box interrupts the text when the line read before it is a full line of running text (not a heading, a
caption or a row of figures) that stops mid-sentence, or when the line after it in its column starts in
lower case (unless that line finishes the box's own sentence: it follows right under a box whose text
stops mid-sentence). The box then moves to after the end of the interrupted text: the first paragraph,
from the box on, whose last line ends a sentence (or the text before the next heading), which may lie in
the next column. A box between finished paragraphs stays where it is, unless it is a sidebar: a call-out that
opens a column of a band, with that column's text going on under it and the text read before it in the
column beside it; it is read after its column's text (and the paragraph that runs on from it). A box that
opens its column under a full-width title (an evaluation brief's summary) stays first.
"""
from __future__ import annotations

from collections.abc import Sequence

from pipeline.extract.layout.cues import FULL_LINE_SHARE, Cues, ends_mid_sentence, ends_sentence, full_line
from pipeline.extract.layout.lines import Unit, same_line
from pipeline.extract.layout.paragraphs import CAPTION_RE, group_paragraphs

BOX_RUN_ON_GAP = 4.0
"""A line at most this many points under a box whose text runs on is the rest of the box's text (a call-out
that interrupts the page's text stands further apart)."""


def _interrupts(leaves: list[list[int]], li: int, pos: int, units: Sequence[Unit], cues: Cues) -> bool:
    """Whether the solid at leaves[li][pos] sits inside a sentence."""
    after = next((i for i in leaves[li][pos + 1 :] if not cues.solid[i]), None)
    if after is not None and cues.continues(after):
        if _runs_on_below(units[leaves[li][pos]], units[after]):
            return False  # the box's own sentence goes on under it
        return True
    home = leaves[li]
    before = next((i for i in reversed(home[:pos]) if not cues.solid[i]), None)
    if before is None:
        for leaf in reversed(leaves[:li]):
            before = next((i for i in reversed(leaf) if not cues.solid[i]), None)
            if before is not None:
                home = leaf
                break
    if before is None or not cues.runs_on(before) or cues.heading(before):
        return False
    text = units[before].lines[0].text.rstrip()
    if not text or text[-1].isdigit() or CAPTION_RE.match(text):
        return False  # a figure, a table row or a caption, not a sentence in mid-flight
    return full_line(before, home, cues)


def _sidebar(leaves: list[list[int]], li: int, pos: int, units: Sequence[Unit], cues: Cues) -> bool:
    """Whether the call-out at leaves[li][pos] is a sidebar in a column of a band (see the module docstring)."""
    leaf, box = leaves[li], leaves[li][pos]
    if units[box].kind != "callout" or all(cues.solid[i] for i in leaf[pos + 1 :]):
        return False
    x0, top, x1, bottom = cues.boxes[box]
    if any(not cues.solid[i] for i in leaf[:pos]):
        return False  # text above it in its column: `_interrupts` decides
    before = next((i for lf in reversed(leaves[:li]) for i in reversed(lf) if not cues.solid[i]), None)
    if before is None or cues.boxes[before][3] <= top:
        return False  # nothing read before it, or it opens its column under what was read before
    return any(
        not cues.solid[i] and cues.boxes[i][1] < bottom and cues.boxes[i][3] > top
        and (cues.boxes[i][2] <= x0 or cues.boxes[i][0] >= x1)
        for k, lf in enumerate(leaves) if k != li for i in lf
    )


def _column_end(leaves: list[list[int]], li: int, units: Sequence[Unit], cues: Cues) -> tuple[int, int]:
    """(leaf, position) after which the text of column leaves[li] ends: its last line, or the end of the paragraph
    that runs on from it into the next column."""
    last = next((i for i in reversed(leaves[li]) if not cues.solid[i]), None)
    if last is None or li + 1 == len(leaves) or not cues.runs_on(last):
        return li, len(leaves[li]) - 1
    return _text_end(leaves, li, len(leaves[li]), units, cues)


def _runs_on_below(box: Unit, after: Unit) -> bool:
    """Whether the line `after` under a box finishes the box's own sentence (the drawing did not reach it): the
    box's last line is a full line that stops mid-sentence, and `after` follows right under the box."""
    if box.kind != "callout" or not box.lines:
        return False
    lowest = max(box.lines, key=lambda ln: ln.bbox[1])
    last = max((ln for ln in box.lines if same_line(ln.bbox, lowest.bbox)), key=lambda ln: ln.bbox[2])
    widest = max(ln.bbox[2] - ln.bbox[0] for ln in box.lines)
    return (
        ends_mid_sentence(last.text)
        and last.bbox[2] - last.bbox[0] >= FULL_LINE_SHARE * widest
        and 0 <= after.bbox[1] - box.bbox[3] <= BOX_RUN_ON_GAP
    )


def _text_end(leaves: list[list[int]], li: int, pos: int, units: Sequence[Unit], cues: Cues) -> tuple[int, int]:
    """(leaf, position) after which the text interrupted at leaves[li][pos] ends."""
    start = pos
    for k in range(li, len(leaves)):
        leaf = leaves[k]
        lines = [(p, i) for p, i in enumerate(leaf) if p >= start and not cues.solid[i]]
        start = 0
        if not lines:
            continue
        if k > li and cues.heading(lines[0][1]):
            return k - 1, len(leaves[k - 1]) - 1  # the next column opens with a heading: the text ended before
        texts = [units[i].lines[0] for _, i in lines]
        done = 0
        for para in group_paragraphs(texts):
            if cues.heading(lines[done][1]):
                return k, lines[done][0] - 1
            done += len(para)
            if ends_sentence(para[-1].text):
                return k, lines[done - 1][0]
    return len(leaves) - 1, len(leaves[-1]) - 1


def place_boxes(leaves: list[list[int]], units: Sequence[Unit], cues: Cues) -> list[list[int]]:
    """The leaves with every interrupting box or table moved to after the text it interrupts (own leaf)."""
    leaves = [list(leaf) for leaf in leaves]
    moved: set[int] = set()
    while True:
        found = next(
            ((li, pos, sidebar) for li, leaf in enumerate(leaves) for pos, i in enumerate(leaf)
             if cues.solid[i] and i not in moved
             and ((sidebar := _sidebar(leaves, li, pos, units, cues)) or _interrupts(leaves, li, pos, units, cues))),
            None,
        )
        if found is None:
            break
        li, pos, sidebar = found
        box = leaves[li].pop(pos)
        moved.add(box)
        tk, tp = _column_end(leaves, li, units, cues) if sidebar else _text_end(leaves, li, pos, units, cues)
        head, tail = leaves[tk][: tp + 1], leaves[tk][tp + 1 :]
        leaves[tk : tk + 1] = [part for part in (head, [box], tail) if part]
    return [leaf for leaf in leaves if leaf]
