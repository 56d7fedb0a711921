"""Knowledge.transform is scikit-learn's TF-IDF transform, bit for bit, without its per-call overhead."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.classify.knowledge import knowledge

WORDS = ("migration", "migrants", "remittances", "the", "costs", "of", "10.7", "trafficking", "persons", "décent",
         "travail", "trabajo", "migrantes", "safe", "orderly", "regular", "xyzzy", "and", "children", "women")


def _same(language: str, texts: list[str]) -> None:
    kb = knowledge(language)
    expected = kb.vectorizer.transform(texts)
    expected.sort_indices()
    got = kb.transform(texts)
    assert got.shape == expected.shape
    assert np.array_equal(got.indptr, expected.indptr)
    assert np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.data, expected.data)
    assert np.array_equal((got @ kb.target_matrix_t).toarray(), (expected @ kb.target_matrix.T).toarray())
    assert np.array_equal((got @ kb.goal_matrix_t).toarray(), (expected @ kb.goal_matrix.T).toarray())


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_transform_matches_the_vectorizer_on_edge_cases(language: str) -> None:
    _same(language, ["", "a", "the the the", "xyzzy", "Migrants' remittances: reduce costs to 3 per cent (10.c).",
                     "Travail décent pour les travailleurs migrants", "trabajo decente y migración segura"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join), min_size=1, max_size=8),
       st.sampled_from(["en", "fr", "es"]))
def test_transform_matches_the_vectorizer(texts: list[str], language: str) -> None:
    _same(language, texts)
