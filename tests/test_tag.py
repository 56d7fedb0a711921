"""tag_text over whole texts: deduplication, overlapping labels, language checks and the default tagger."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import ConfigError
from pipeline.tag import load_tagger, tag_text
from tests.paths import REAL



@pytest.fixture(scope="module")
def nlp():  # noqa: ANN201 - spaCy Language
    return load_tagger()


def test_spans_are_exact_offsets_and_sorted(nlp) -> None:  # noqa: ANN001
    text = "Mr. Jordan met the Ministry of Health of Jamaica and IOM in Jordan."
    spans = tag_text(text, nlp=nlp)
    assert spans == sorted(spans, key=lambda s: (s.start, s.end, s.label))
    got = {(s.label, text[s.start:s.end], s.canonical_id) for s in spans}
    assert ("COUNTRY", "Jamaica", "JAM") in got and ("COUNTRY", "Jordan", "JOR") in got
    assert ("ORG", "IOM", "IOM") in got
    assert any(label == "GOV_BODY" and cid.startswith("JAM:") for label, _, cid in got)
    assert len([s for s in spans if s.label == "COUNTRY" and text[s.start:s.end] == "Jordan"]) == 1


def test_no_duplicate_label_offsets(nlp) -> None:  # noqa: ANN001
    spans = tag_text("UNHCR and UNHCR's office in Niger and Nigeria.", nlp=nlp)
    keys = [(s.label, s.start, s.end) for s in spans]
    assert len(keys) == len(set(keys))


def test_empty_text(nlp) -> None:  # noqa: ANN001
    assert tag_text("  \n ", nlp=nlp) == []


def test_unknown_language_is_a_config_error(nlp) -> None:  # noqa: ANN001
    with pytest.raises(ConfigError, match="'de'"):
        tag_text("Italy", language="de", nlp=nlp)


def test_load_tagger_is_cached() -> None:
    assert load_tagger() is load_tagger()


def test_long_text_is_accepted(nlp) -> None:  # noqa: ANN001
    text = "Italy and Albania. " * 60_000  # ~1.1 M chars, a 200-page report
    assert sum(s.label == "COUNTRY" for s in tag_text(text, nlp=nlp)) == 120_000


def test_real_report_countries() -> None:
    if not REAL.exists():
        pytest.skip("shared corpora folder absent")
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(str(REAL / "iom_arco_evaluation_brief_2022.pdf"))
    text = "\n".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))
    ids = {s.canonical_id for s in tag_text(text) if s.label == "COUNTRY"}
    assert {"ITA", "ALB", "MLT", "VAT"} <= ids


def test_saved_model_older_than_its_gazetteers_is_stale(tmp_path: Path) -> None:
    import os

    from pipeline.tag import model_is_stale

    model, resources = tmp_path / "model", tmp_path / "resources"
    model.mkdir()
    resources.mkdir()
    (model / "config.cfg").write_text("[nlp]\n", encoding="utf-8")
    gazetteer = resources / "organizations.json"
    gazetteer.write_text("[]", encoding="utf-8")
    os.utime(model / "config.cfg", (1_000_000, 1_000_000))
    os.utime(gazetteer, (2_000_000, 2_000_000))
    assert model_is_stale(model, resources_dir=resources)
    os.utime(model / "config.cfg", (3_000_000, 3_000_000))
    assert not model_is_stale(model, resources_dir=resources)
