"""Goal tiles: found once, from the sentences, and turned into the SDG_GOAL mentions of their numbers."""
from __future__ import annotations

import pytest

from pipeline.document.tiles import find_goal_tiles, tile_goal, tile_spans
from pipeline.types import Sentence, Span

SENTENCE_GAP = 100


def _sentences(*texts: str, page: int = 1) -> list[Sentence]:
    """One-line sentences SENTENCE_GAP chars apart, ids s0, s1, ..."""
    return [Sentence(doc_id="d", sentence_id=f"s{i}", page=page, char_start=SENTENCE_GAP * i,
                     char_end=SENTENCE_GAP * i + len(t), text=t, block_id=f"b{i}", block_kind="heading")
            for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    ("text", "goal"),
    [("10 REDUCED INEQUALITIES", "10"), ("DECENT WORK AND 8 ECONOMIC GROWTH", "8"), ("climate 13 action", "13"),
     ("13 CLIMATE ACTION NOW", None), ("7 Énergie propre et d’un coût abordable", "7"),
     ("7 ENERGIE PROPRE ET D'UN COUT ABORDABLE", "7"), ("Objetivo 6: Agua limpia y saneamiento", "6")],
)
def test_tile_goal_reads_the_short_name_in_any_case_accent_and_quote(text: str, goal: str | None) -> None:
    assert tile_goal(text) == goal


def test_a_tile_split_over_short_lines_is_one_tile_with_the_span_of_its_number() -> None:
    sentences = _sentences("Some text before the tile that is long enough to be running text, not a tile part.",
                           "2 HUNGER", "ZERO", "Indicator 2.1.1")
    tiles = find_goal_tiles(sentences)
    assert [(t.goal, t.sentence_id, t.number_start, t.number_end) for t in tiles] == [("2", "s2", 100, 101)]
    assert tile_spans(tiles) == [Span("SDG_GOAL", 100, 101, "SDG:2")]


def test_no_tile_across_pages() -> None:
    first, second = _sentences("2 HUNGER", page=1), _sentences("ZERO", page=2)
    second = [Sentence(**{**{f: getattr(s, f) for f in Sentence.__slots__}, "sentence_id": "p2", "char_start": 200,
                          "char_end": 204}) for s in second]
    assert find_goal_tiles([*first, *second]) == []
