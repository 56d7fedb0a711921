"""The artefact's frozen vectorisers: scikit-learn's matrices bit for bit, older artefacts still read, and loading
the shipped model imports no scikit-learn (issue 15: model load ≤ 3 s)."""
from __future__ import annotations

import dataclasses
import logging
import pickle
import subprocess
import sys
from pathlib import Path

import joblib
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import classify as C
from pipeline.classify.model import SKLEARN_VECTORIZER_FORMAT, char_vectorizer, frozen_model, word_vectorizer
from pipeline.classify.tfidf import TfidfModel
from pipeline.classify.wordforms import analyze_tagged
from tests.paths import ROOT

EDGE_TEXTS = ["", "  ", "a", "x\n\ny  z\t\tw", "Ça   coûte\u00a0cher", "日本語 テキスト", "123 456",
              "Migrants' remittances: reduce costs to 3 per cent (10.c).", "Travail décent pour les travailleurs migrants",
              "trabajo decente y migración segura", "the the the the"]
PASSAGES = ["Reducing the cost of sending remittances would leave more money for families.",
            "Le coût des envois de fonds des travailleurs migrants reste élevé dans de nombreux couloirs.",
            "La trata de personas afecta sobre todo a las mujeres y niñas migrantes.",
            "Victims of trafficking in persons were identified and referred to shelters.",
            "Maternal mortality remains high where few births are attended by skilled health personnel."]
WORDS = ("migration", "migrants", "remittances", "the", "costs", "décent", "travail", "trabajo", "migrantes", "xyzzy",
         "a", "ü", "children", "  ", "\n", "safe", "orderly", "l'eau", "niñas", "10.7")


def _same_rows(vec: object, frozen: TfidfModel, docs: list[object]) -> None:
    expected, got = vec.transform(docs), frozen.transform(docs)  # type: ignore[attr-defined]
    assert got.dtype == expected.dtype and got.shape == expected.shape
    assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
    assert got.data.tobytes() == expected.data.tobytes()


@pytest.fixture(scope="module")
def fitted() -> dict[str, object]:
    """A character n-gram (float32), a word and a language-aware word vectoriser fitted on passages."""
    docs = PASSAGES + EDGE_TEXTS
    tagged = [("fr" if i % 2 else "en", t) for i, t in enumerate(docs)]
    return {"char": char_vectorizer().fit(docs * 2), "word": word_vectorizer().fit(docs),
            "tagged": word_vectorizer(by_language=True).fit(tagged)}


@pytest.mark.parametrize("kind", ["char", "word", "tagged"])
def test_frozen_vectorizer_gives_scikit_learns_rows(kind: str, fitted: dict[str, object]) -> None:
    vec = fitted[kind]
    frozen = TfidfModel.from_vectorizer(vec)
    assert frozen is not None
    frozen = pickle.loads(pickle.dumps(frozen))
    texts = PASSAGES + EDGE_TEXTS
    docs: list[object] = [("fr", t) for t in texts] if kind == "tagged" else list(texts)
    _same_rows(vec, frozen, docs)
    _same_rows(vec, frozen, docs[:1])
    assert frozen.transform([]).shape == (0, len(frozen.idf_))  # scikit-learn refuses an empty batch
    assert list(frozen.get_feature_names_out()) == list(vec.get_feature_names_out())  # type: ignore[attr-defined]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.sampled_from(WORDS), max_size=25).map(" ".join), min_size=1, max_size=6))
def test_frozen_char_part_matches_scikit_learn(texts: list[str]) -> None:
    vec = char_vectorizer().fit(PASSAGES * 2)
    frozen = TfidfModel.from_vectorizer(vec)
    assert frozen is not None
    _same_rows(vec, frozen, texts)


def test_unsupported_settings_keep_the_vectorizer() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(analyzer="word", sublinear_tf=True).fit(PASSAGES)
    assert TfidfModel.from_vectorizer(vec) is None
    assert TfidfModel.from_vectorizer(TfidfVectorizer(analyzer=analyze_tagged).fit([("en", "migrant workers")])) is None


@pytest.fixture(scope="module")
def knowledge_model() -> C.SdgModel:
    return C.train_knowledge_model()


def test_artefact_of_the_previous_format_is_read_and_converted(tmp_path: Path, knowledge_model: C.SdgModel,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    """A format-2 artefact (scikit-learn vectorisers, written before issue 15) still loads, with the same scores."""
    old = dataclasses.replace(knowledge_model, info={**knowledge_model.info, "format": SKLEARN_VECTORIZER_FORMAT})
    path = tmp_path / "old.joblib"
    joblib.dump(old, path, compress=3)
    with caplog.at_level(logging.INFO, logger="pipeline.classify"):
        model = C.read_model(path)
    assert model is not None and "converted on load" in caplog.text
    assert model.info["format"] == C.MODEL_FORMAT and model.info["converted_from_format"] == SKLEARN_VECTORIZER_FORMAT
    assert isinstance(model.supervised.vectorizer, TfidfModel)
    assert model.goal_proba(PASSAGES)[0].tobytes() == knowledge_model.goal_proba(PASSAGES)[0].tobytes()


def test_saved_artefact_holds_frozen_vectorizers(tmp_path: Path, knowledge_model: C.SdgModel) -> None:
    path = C.save_model(knowledge_model, path=tmp_path / "m.joblib")
    loaded = C.read_model(path)
    assert loaded is not None and isinstance(loaded.supervised.vectorizer, TfidfModel)
    assert loaded.info == knowledge_model.info
    assert frozen_model(loaded).supervised.vectorizer is loaded.supervised.vectorizer
    assert loaded.goal_proba(PASSAGES, language="fr")[0].tobytes() == \
        knowledge_model.goal_proba(PASSAGES, language="fr")[0].tobytes()


def test_shipped_artefact_is_frozen() -> None:
    model = C.read_model(C.MODEL_FILE)
    assert model is not None
    assert isinstance(model.supervised.vectorizer, TfidfModel)
    assert model.char is not None and isinstance(model.char.vectorizer, TfidfModel)
    assert model.char.vectorizer.dtype == np.float32


def test_classifying_with_the_shipped_model_imports_no_scikit_learn() -> None:
    code = ("import sys, pipeline.classify as C; "
            "C.classify(['Reducing the cost of sending remittances.', 'Le coût des envois de fonds reste élevé.']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sklearn'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", out.stderr
