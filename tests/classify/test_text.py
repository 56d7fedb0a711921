"""The classifier's text folding and term index, against their plain definitions."""
from __future__ import annotations

import re
import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipeline.classify.terms import Term, TermIndex
from pipeline.classify.text import fold


def _reference_fold(text: str) -> str:
    """fold's definition: possessive 's dropped, NFKD, combining marks stripped, case-folded."""
    text = re.sub(r"['’]s\b", "", text)
    if text.isascii():
        return text.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


@settings(max_examples=500)
@given(st.text())
@example("Migración de los refugiés, Straße, ﬁnance, İstanbul, e\u0301")
def test_fold_is_nfkd_without_marks_case_folded(text: str) -> None:
    assert fold(text) == _reference_fold(text)


@given(st.lists(st.sampled_from(["migra", "migrant", "migration", "remit", "remittance", "re", "x"]), max_size=12))
def test_wildcard_terms_match_every_token_they_prefix(toks: list[str]) -> None:
    terms = [Term("10.7", ("migra",), True, 1.0), Term("10.c", ("remittance",), True, 1.0),
             Term("8.8", ("migrant", "worker"), False, 2.0)]
    hits = TermIndex(terms).find(toks)
    expected = [(t.key, i) for i, tok in enumerate(toks) for t in terms[:2] if tok.startswith(t.words[0])]
    assert sorted((h.key, h.start) for h in hits) == sorted(expected)
