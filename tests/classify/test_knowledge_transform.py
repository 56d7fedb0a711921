"""The knowledge part's TF-IDF model is scikit-learn's TfidfVectorizer, bit for bit, without importing it at run time."""
from __future__ import annotations

import subprocess
import sys
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from pipeline.classify.knowledge import GOALS, goal_document, knowledge, target_document
from pipeline.classify.text import analyze
from pipeline.classify.text import ENGLISH_STOP_WORDS as OWN_STOP_WORDS
from pipeline.classify.tfidf import TfidfModel

WORDS = ("migration", "migrants", "remittances", "the", "costs", "of", "10.7", "trafficking", "persons", "décent",
         "travail", "trabajo", "migrantes", "safe", "orderly", "regular", "xyzzy", "and", "children", "women")


@cache
def _sklearn(language: str) -> TfidfVectorizer:
    kb = knowledge(language)
    docs = [goal_document(g, language=language) for g in GOALS]
    docs += [target_document(c, language=language) for c in kb.target_codes]
    return TfidfVectorizer(analyzer=analyze, sublinear_tf=True).fit(docs)


def _same(language: str, texts: list[str]) -> None:
    kb, ref = knowledge(language), _sklearn(language)
    expected = ref.transform(texts)
    expected.sort_indices()
    got = kb.transform(texts)
    assert got.shape == expected.shape
    assert np.array_equal(got.indptr, expected.indptr)
    assert np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.data, expected.data)
    assert np.array_equal((got @ kb.target_matrix_t).toarray(), (expected @ kb.target_matrix.T).toarray())


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_fit_gives_scikit_learns_vocabulary_idf_and_matrices(language: str) -> None:
    kb, ref = knowledge(language), _sklearn(language)
    assert kb.vectorizer.vocabulary_ == ref.vocabulary_
    assert np.array_equal(kb.vectorizer.idf_, ref.idf_)
    assert list(kb.vectorizer.get_feature_names_out()) == list(ref.get_feature_names_out())
    docs = [target_document(c, language=language) for c in kb.target_codes]
    assert np.array_equal(kb.target_matrix.toarray(), ref.transform(docs).toarray())


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_transform_matches_scikit_learn_on_edge_cases(language: str) -> None:
    _same(language, ["", "a", "the the the", "xyzzy", "Migrants' remittances: reduce costs to 3 per cent (10.c).",
                     "Travail décent pour les travailleurs migrants", "trabajo decente y migración segura"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join), min_size=1, max_size=8),
       st.sampled_from(["en", "fr", "es"]))
def test_transform_matches_scikit_learn(texts: list[str], language: str) -> None:
    _same(language, texts)


def test_fit_keeps_every_feature_and_smooths_idf() -> None:
    model = TfidfModel.fit(["a b", "b c", "b"], analyzer=str.split)
    assert model.vocabulary_ == {"a": 0, "b": 1, "c": 2}
    assert np.allclose(model.idf_, np.log(4 / np.array([2.0, 4.0, 2.0])) + 1)
    row = model.transform(["b b zzz"]).toarray()[0]
    assert row[1] == pytest.approx(1.0) and row[0] == row[2] == 0.0


def test_stop_words_are_scikit_learns() -> None:
    assert frozenset(ENGLISH_STOP_WORDS) == OWN_STOP_WORDS


def test_tagging_and_linking_do_not_import_scikit_learn() -> None:
    code = ("import sys, pipeline.run.process, pipeline.link; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
