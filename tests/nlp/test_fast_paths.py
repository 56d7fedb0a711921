"""The fast paths of the tagger agree with what they replace: spaCy's PhraseMatcher, plain finditer, nlp(text)."""
from __future__ import annotations

import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from tests.nlp.nexus_tag_fixtures import FIXTURES

from pipeline.nlp.build import create_pipeline
from pipeline.nlp.finders import money
from pipeline.nlp.fold import fold, fold_document
from pipeline.nlp.entities import gov_words, org_words
from pipeline.nlp.entities.chunks import starts_word
from pipeline.nlp.entities.placement import SENTENCE_BREAK_RE, _break_before
from pipeline.nlp.search import PhraseIndex, anchored_finditer, literal_words, token_matches
from pipeline.nlp.view import VIEW_SPLIT_RE, build_view
from pipeline.tag import tag_text

SAMPLE = (
    "The Italian Ministry of Foreign Affairs and the Global Migration Group (GMG) met in the Republic of\n"
    "Moldova and Côte d’Ivoire; GMG, IOM and UNHCR's office in Niger (not Nigeria) reported on SDG 10.7 and\n"
    "target 10.c. Output 1.2 cost USD 1.5 million (EUR 1,2 million) from 1 February 2014 to March 2015.\n"
    "Mr. Jordan visited Jordan. Papua New Guinea and Guinea-Bissau signed; Internation- al Organization for\n"
    "Migration staff helped returnees with reintegration and remittances. snake_case and soft\xadhyphen too."
)
PHRASES = [("republic", "of", "moldova"), ("moldova",), ("guinea",), ("papua", "new", "guinea"), ("new", "guinea"),
           ("of",), ("of", "moldova"), ("the", "republic")]
WORDS = ["the", "republic", "of", "moldova", "papua", "new", "guinea", "of", "x"]


def _spacy_matches(words: list[str], phrases: list[tuple[str, ...]]) -> list[tuple[int, int]]:
    vocab = spacy.blank("xx").vocab
    matcher = PhraseMatcher(vocab, attr="ORTH")
    for phrase in phrases:
        matcher.add("P", [Doc(vocab, words=list(phrase))])
    return [(s, e) for _, s, e in matcher(Doc(vocab, words=words))]


def test_phrase_index_matches_like_spacy_phrase_matcher() -> None:
    words = build_view(SAMPLE).words + tuple(WORDS)
    assert PhraseIndex(PHRASES).matches(words) == _spacy_matches(list(words), PHRASES)
    assert len(PhraseIndex([*PHRASES, PHRASES[0], ()])) == len(PHRASES)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=30),
       st.lists(st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, max_size=4).map(tuple), min_size=1, max_size=6))
def test_phrase_index_agrees_with_spacy_on_random_words(words: list[str], phrases: list[tuple[str, ...]]) -> None:
    assert PhraseIndex(phrases).matches(words) == _spacy_matches(words, phrases)


@pytest.mark.parametrize("pattern, anchor, text", [
    (r"(?<![\w-])(?:Immediate\s+)?(?:Output|Outcome)\s*\d", r"Immediate|Output|Outcome",
     "Output 1, Immediate  Output 2, pre-Output 3, Immediate Outcome, Output Output 4 Outcome5"),
    (r"(?<!\w)(?:ab|b)c+", r"ab|b", "abccc bc xbc abab abcabc"),
])
def test_anchored_finditer_equals_finditer(pattern: str, anchor: str, text: str) -> None:
    rx = re.compile(pattern)
    got = [m.span() for m in anchored_finditer(rx, re.compile(anchor), text)]
    assert got == [m.span() for m in rx.finditer(text)] and got


def test_fold_document_is_fold_and_remembers_the_last_text() -> None:
    text = SAMPLE * 2
    assert fold_document(text) == fold(text)
    assert fold_document(text) is fold_document(text)
    assert fold_document("Straße") == fold("Straße")


def test_fast_view_split_keeps_the_tokens_of_the_full_pattern() -> None:
    text = "snake_case x__y; Moldova (IOM) l’OIM 3.5%"
    view = build_view(text)
    folded = fold(text)
    parts = VIEW_SPLIT_RE.split(folded)
    assert view.words == tuple(parts[1::2])
    assert [text[s:e] for s, e in zip(view.starts, view.ends)][:3] == ["snake", "case", "x"]


@pytest.mark.parametrize("text", ["NOKES 5 million and GBPUSD 2 and $3", "USD€£ KESUSDEUR, euros Dollar R 5", ""])
def test_currency_hits_are_every_needle_occurrence(text: str) -> None:
    exact, lower = money._needles()
    expected = {m.start() for m in money.RAND_HINT_RE.finditer(text)}
    for haystack, needles in ((text, exact), (text.lower(), lower)):
        for needle in needles:
            expected.update(i for i in range(len(haystack)) if haystack.startswith(needle, i))
    assert money._hit_positions(text) == expected


def test_spacy_pipeline_and_tag_text_give_the_same_spans() -> None:
    nlp = create_pipeline(gazetteers=FIXTURES)
    fast = tag_text(SAMPLE, nlp=nlp)
    doc = nlp(SAMPLE)
    assert doc._.nexus_spans == fast
    labels = {s.label for s in fast}
    assert {"COUNTRY", "ORG", "GOV_BODY", "SDG_TARGET", "MONEY", "DATE", "OUTPUT"} <= labels
    group = sorted((s.label_, s.kb_id_) for s in doc.spans["nexus"])
    assert group == sorted((s.label, s.canonical_id) for s in fast)


@pytest.mark.parametrize("pattern, words", [
    (r"(?:Minist[eè]res?|Office|Bureaux?)", {"Ministere", "Ministeres", "Ministère", "Ministères", "Office",
                                               "Bureau", "Bureaux"}),
    (r"Ab(?:c|de?)?", {"Ab", "Abc", "Abd", "Abde"}),
])
def test_literal_words_lists_every_string_a_pattern_matches(pattern: str, words: set[str]) -> None:
    assert literal_words(pattern) == words
    assert all(re.fullmatch(pattern, w) for w in words)


@pytest.mark.parametrize("pattern", [r"Ab+", r"(Ab)", r"[a-z]x", r"A.b", r"(?:Ab", r"Ab)"])
def test_literal_words_refuses_syntax_it_cannot_read(pattern: str) -> None:
    with pytest.raises(ValueError):
        literal_words(pattern)


HEAD_TEXT = st.lists(st.sampled_from([
    "Ministry", "Ministère", "ministères", "MINISTRY", "Ministry's", "Office", "Offices", "Agency", "Bureau",
    "Instituto", "Institut", "Services", "Servicio", "Fund", "Fondo", "Division", "of", "the", "Labour", " ", "  ",
    "\n", "-\n", "-", "_", "3", "’", "\xad", "é", "Minis", "try", "Insti-\ntute", "Comité", "Comite", "(", ",", "\u0301", "ﬁ", "ß", "²", "ª", "İ"]),
    max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(HEAD_TEXT)
def test_token_matches_are_the_head_matches_that_start_a_word(text: str) -> None:
    for pattern, words in ((gov_words.HEAD_RE, gov_words.HEAD_WORDS), (org_words.HEAD_RE, org_words.HEAD_WORDS)):
        expected = [m.span() for m in pattern.finditer(text) if starts_word(text, m.start())]
        got = [m.span() for m in token_matches(pattern, words, text, build_view(text)) if starts_word(text, m.start())]
        assert got == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["word ", "Word ", ". ", "; ", "! ", "\n", "x", ".A", "? b"]), max_size=400).map("".join),
       st.integers(min_value=0, max_value=4000))
def test_break_before_is_the_last_sentence_break_of_a_whole_scan(text: str, start: int) -> None:
    start = min(start, len(text))
    ends = [m.end() for m in SENTENCE_BREAK_RE.finditer(text) if m.end() <= start]
    assert _break_before(text, start) == (ends[-1] if ends else 0)
