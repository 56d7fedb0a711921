"""Language-aware word forms and the cross-lingual projection of English term hits."""
from __future__ import annotations

import numpy as np
import pytest

from pipeline import classify as C
from pipeline.classify.projection import PROJECTION_FEATURES, fit_projection, projection_features, source_pairs
from pipeline.classify.wordforms import analyze_in, light_stem, words_in


@pytest.mark.parametrize(("token", "language", "expected"), [
    ("economiques", "fr", "economiqu"), ("economique", "fr", "economiqu"), ("nationaux", "fr", "national"),
    ("durables", "fr", "durabl"), ("naciones", "es", "nacion"), ("economicas", "es", "economic"),
    ("economico", "es", "economic"), ("cities", "en", "city"),
])
def test_light_stems_fold_inflection(token: str, language: str, expected: str) -> None:
    assert light_stem(token, language) == expected


def test_short_words_keep_their_letters() -> None:
    assert light_stem("eaux", "fr") == "eaux" and light_stem("mer", "fr") == "mer"


def test_english_word_features_are_the_classifier_s() -> None:
    text = "Migrant workers' remittances reduce the costs of sending money to cities."
    assert analyze_in(text, "en") == C.analyze(text)


def test_french_stop_words_are_dropped() -> None:
    assert words_in("Les politiques de l'eau et des océans", "fr") == ["politiqu", "eau", "ocean"]


def _rows() -> list[C.BenchmarkRow]:
    en = [("Ocean acidification and overfishing harm coral reefs and fisheries.", 14),
          ("Safe drinking water and sanitation for all households.", 6),
          ("Primary school enrolment and quality education for children.", 4)] * 3
    fr = [("L'acidification des océans et la surpêche nuisent aux récifs coralliens et aux pêcheries.", 14),
          ("Eau potable et assainissement pour tous les ménages.", 6),
          ("Scolarisation primaire et éducation de qualité pour les enfants.", 4)] * 3
    rows = [C.BenchmarkRow(f"{t} ({i})", g, True, f"r{i}") for i, (t, g) in enumerate(en)]
    rows += [C.BenchmarkRow(f"{t} ({i})", g, True, f"r{i}", "fr") for i, (t, g) in enumerate(fr)]
    return rows + [C.BenchmarkRow("Une réunion sans original anglais.", 4, False, "alone", "fr")]


def test_projection_pairs_translations_with_their_english_original() -> None:
    rows = _rows()
    pairs = source_pairs(rows, language="fr")
    assert len(pairs) == 9 and all(rows[i].row_id == rows[j].row_id and rows[j].language == "en" for i, j in pairs)


def test_projection_predicts_the_english_term_hits() -> None:
    rows = _rows()
    kf = C.knowledge_features_by_language([r.text for r in rows], languages=[r.language for r in rows])
    projection = fit_projection(rows, kf, language="fr")
    assert projection is not None
    predicted = projection.goal_terms(["La surpêche menace les récifs coralliens des océans."])
    assert predicted.shape == (1, C.N_GOALS) and (predicted >= 0).all()
    assert int(np.argmax(predicted[0])) + 1 == 14
    assert projection.features(["texte"]).shape == (1, C.N_GOALS, len(PROJECTION_FEATURES))
    assert fit_projection(rows, kf, language="es") is None


def test_projection_features_are_hits_and_share_of_the_best_goal() -> None:
    feats = projection_features(np.array([[0.0, 2.0, 1.0], [0.0, 0.0, 0.0]]))
    assert feats.shape == (2, 3, 2)
    assert feats[0, :, 1].tolist() == [0.0, 1.0, 0.5] and not feats[1].any()


@pytest.mark.filterwarnings("ignore:The least populated class")
def test_a_model_with_projections_scores_french_passages() -> None:
    rows = _rows()
    for i, g in enumerate([14, 6, 4] * 3):
        rows += [C.BenchmarkRow(f"The meeting adopted its agenda ({i}).", g, False, f"n{i}"),
                 C.BenchmarkRow(f"La réunion a adopté son ordre du jour ({i}).", g, False, f"n{i}", "fr")]
    model = C.train_model(rows, inner_folds=2, variant=C.Variant(project_terms=True))
    assert set(model.projections) == {"fr"}
    out = model.scores(["Les récifs coralliens et la surpêche.", "Coral reefs."], languages=["fr", "en"])
    assert out.proba.shape == (2, C.N_GOALS) and np.isfinite(out.proba).all()
