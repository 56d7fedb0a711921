"""Per-passage language detection and its use by classify and nexus classify."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pipeline import classify as C
from pipeline.classify.io import classify_csv, classify_one
from pipeline.errors import ConfigError

SHORT = [
    ("Migrant workers need safe and secure working environments.", "en"),
    ("Les travailleurs migrants ont besoin d'un milieu de travail sûr.", "fr"),
    ("Los trabajadores migrantes necesitan entornos de trabajo seguros.", "es"),
    ("Reduce the cost of remittances.", "en"),
    ("Réduire le coût des envois de fonds.", "fr"),
    ("Reducir el costo de las remesas.", "es"),
    ("La pauvreté recule dans les zones rurales.", "fr"),
    ("La pobreza disminuye en las zonas rurales.", "es"),
]


@pytest.mark.parametrize(("text", "language"), SHORT)
def test_detects_short_passages(text: str, language: str) -> None:
    assert C.detect_language(text) == language


def test_too_little_text_gets_the_default() -> None:
    assert C.detect_languages(["", "12 3", "ok"]) == [C.DEFAULT_LANGUAGE] * 3
    assert C.detect_language("", default="fr") == "fr"


def test_classify_detects_each_passage_and_override_wins() -> None:
    texts = [t for t, _ in SHORT[:3]]
    assert [p.language for p in C.classify(texts)] == ["en", "fr", "es"]
    assert [p.language for p in C.classify(texts, language="fr")] == ["fr"] * 3
    with pytest.raises(ConfigError, match="language 'de'"):
        C.classify(texts, language="de")


def test_french_remittances_passage_is_sdg10_without_a_language_flag() -> None:
    """The issue's example: a French remittances passage used to get SDG 4 unless --language fr was given."""
    pred = C.classify_text("Le coût des envois de fonds des travailleurs migrants vers leurs familles reste élevé.")
    assert pred.language == "fr" and 10 in pred.goal_numbers, pred
    assert "10.c" in dict(pred.targets)


def test_classify_one_reports_language_and_reasons() -> None:
    language, rows = classify_one("Reducir el costo de las remesas de los trabajadores migrantes.")
    assert language == "es"
    kinds = [r.kind for r in rows]
    assert kinds[0] == "goal" and "target" in kinds
    assert all(r.reason for r in rows if r.kind == "target")


def test_csv_rows_get_their_own_language(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    pd.DataFrame({"text": [t for t, _ in SHORT[:3]]}).to_csv(src, index=False)
    out = tmp_path / "o.csv"
    n, _ = classify_csv(src, text_column="text", out=out)
    df = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert n == 3 and df["language"].tolist() == ["en", "fr", "es"]
    assert {"sdgs", "targets", "target_scores", "target_reasons"} <= set(df.columns)
    classify_csv(src, text_column="text", out=out, language="en")
    assert pd.read_csv(out, dtype=str)["language"].tolist() == ["en"] * 3
