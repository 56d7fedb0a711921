"""Call-out boxes and tables that interrupt running text are read after it, never spliced into a sentence.

A box interrupts the text when the line read before it is a full line of running text that stops
mid-sentence, or the line after it in its column starts in lower case (unless the box's own text stops
mid-sentence: the lines under it then finish the box). It then moves to after the end of the interrupted text: the first paragraph,
from the box on, whose last line ends a sentence (or before the next heading), which may lie in the next
column. A box between finished paragraphs stays where it is.
"""
from __future__ import annotations

from collections.abc import Sequence

from pipeline.extract.layout.cues import Cues, ends_mid_sentence, ends_sentence
from pipeline.extract.layout.lines import Unit
from pipeline.extract.layout.paragraphs import group_paragraphs

FULL_LINE_SHARE = 0.75
"""A line before a box runs on into it only when it is at least this share as wide as its column's widest line
(a short line ends a paragraph, a caption or a heading, whatever its last character)."""


def _interrupts(leaves: list[list[int]], li: int, pos: int, units: Sequence[Unit], cues: Cues) -> bool:
    """Whether the solid at leaves[li][pos] sits inside a sentence."""
    after = next((i for i in leaves[li][pos + 1 :] if not cues.solid[i]), None)
    if after is not None and cues.continues(after) and not _runs_on_below(units[leaves[li][pos]]):
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
    return _full(before, home, cues)


def _runs_on_below(box: Unit) -> bool:
    """Whether a box's own text stops mid-sentence: the lines under it then continue the box, not the page."""
    if box.kind != "callout" or not box.lines:
        return False
    return ends_mid_sentence(max(box.lines, key=lambda ln: (ln.bbox[1], ln.bbox[0])).text)


def _full(i: int, leaf: Sequence[int], cues: Cues) -> bool:
    """Whether line i runs (nearly) the width of its column: running text, not a caption, title or label."""
    boxes = cues.boxes
    widest = max(boxes[k][2] - boxes[k][0] for k in leaf if not cues.solid[k])
    return boxes[i][2] - boxes[i][0] >= FULL_LINE_SHARE * widest


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
            ((li, pos) for li, leaf in enumerate(leaves) for pos, i in enumerate(leaf)
             if cues.solid[i] and i not in moved and _interrupts(leaves, li, pos, units, cues)),
            None,
        )
        if found is None:
            break
        li, pos = found
        box = leaves[li].pop(pos)
        moved.add(box)
        tk, tp = _text_end(leaves, li, pos, units, cues)
        head, tail = leaves[tk][: tp + 1], leaves[tk][tp + 1 :]
        leaves[tk : tk + 1] = [part for part in (head, [box], tail) if part]
    return [leaf for leaf in leaves if leaf]
