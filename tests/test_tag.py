"""tag_text over whole texts (deduplication, overlapping labels, language checks) and where the tagger comes from."""
from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language

from pipeline import tag
from pipeline.config import Settings
from pipeline.errors import ConfigError, ModelError
from pipeline.nlp.build import build_model
from pipeline.tag import default_model_dir, load_tagger, model_is_stale, tag_text
from tests.paths import REAL

PROBE_NAME = "probe_tagger"
"""The meta name written into a saved model so a test can tell which model was loaded."""
OLD_MTIME = 1_000_000


@pytest.fixture(scope="module")
def saved_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tagger saved to a temporary folder, its meta name set to PROBE_NAME."""
    path = build_model(tmp_path_factory.mktemp("tagger") / "nexus_tagger")
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    (path / "meta.json").write_text(json.dumps({**meta, "name": PROBE_NAME}), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def nlp(saved_model: Path) -> Language:
    return load_tagger(Settings(model=saved_model))


@pytest.fixture()
def model_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """NEXUS_MODEL_DIR pointed at an empty temporary folder; the default-tagger cache is emptied around the test."""
    monkeypatch.setenv(tag.MODEL_DIR_ENV, str(tmp_path / "models"))
    tag._default_tagger.cache_clear()
    yield tmp_path / "models"
    tag._default_tagger.cache_clear()


def test_spans_are_exact_offsets_and_sorted(nlp: Language) -> None:
    text = "Mr. Jordan met the Ministry of Health of Jamaica and IOM in Jordan."
    spans = tag_text(text, nlp=nlp)
    assert spans == sorted(spans, key=lambda s: (s.start, s.end, s.label))
    got = {(s.label, text[s.start:s.end], s.canonical_id) for s in spans}
    assert ("COUNTRY", "Jamaica", "JAM") in got and ("COUNTRY", "Jordan", "JOR") in got
    assert ("ORG", "IOM", "IOM") in got
    assert any(label == "GOV_BODY" and cid.startswith("JAM:") for label, _, cid in got)
    assert len([s for s in spans if s.label == "COUNTRY" and text[s.start:s.end] == "Jordan"]) == 1


def test_no_duplicate_label_offsets(nlp: Language) -> None:
    spans = tag_text("UNHCR and UNHCR's office in Niger and Nigeria.", nlp=nlp)
    keys = [(s.label, s.start, s.end) for s in spans]
    assert len(keys) == len(set(keys))


def test_empty_text(nlp: Language) -> None:
    assert tag_text("  \n ", nlp=nlp) == []


def test_unknown_language_is_a_config_error(nlp: Language) -> None:
    with pytest.raises(ConfigError, match="'de'"):
        tag_text("Italy", language="de", nlp=nlp)


def test_tag_text_needs_an_explicit_tagger() -> None:
    """No hidden default model: the caller passes the tagger it loaded from its settings."""
    with pytest.raises(TypeError, match="nlp"):
        tag_text("Italy")  # type: ignore[call-arg]


def test_settings_model_is_the_tagger_used(saved_model: Path, nlp: Language, model_root: Path) -> None:
    assert nlp.meta["name"] == PROBE_NAME
    assert load_tagger(Settings(model=saved_model)) is nlp  # loaded once per process
    default = load_tagger(Settings())
    assert default.meta["name"] != PROBE_NAME
    assert default is not nlp


def test_missing_settings_model_is_an_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no_such_model"
    with pytest.raises(ModelError, match="no_such_model"):
        load_tagger(Settings(model=missing))


def test_default_tagger_is_built_on_first_use_with_one_line(model_root: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="pipeline.tag"):
        first = load_tagger(Settings())
    built = [r for r in caplog.records if r.name == "pipeline.tag"]
    assert len(built) == 1 and "first use" in built[0].getMessage()
    assert (model_root / tag.TAGGER_DIR_NAME / "config.cfg").is_file()
    assert tag_text("IOM in Italy", nlp=first)
    assert not [p for p in model_root.iterdir() if p.name.startswith(".")]  # no temporary folder left

    tag._default_tagger.cache_clear()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="pipeline.tag"):
        load_tagger(Settings())
    assert not [r for r in caplog.records if r.name == "pipeline.tag"]  # loaded, not rebuilt


def test_stale_default_tagger_is_rebuilt(model_root: Path, caplog: pytest.LogCaptureFixture) -> None:
    recorded = tag.install_tagger() / tag.GAZETTEER_HASH_FILE
    recorded.write_text("0" * 64 + "\n")  # built from other gazetteers than today's
    with caplog.at_level(logging.WARNING, logger="pipeline.tag"):
        load_tagger(Settings())
    assert "gazetteers changed" in caplog.text
    assert recorded.read_text().strip() == tag.gazetteer_hash()


def test_a_model_without_a_recorded_hash_is_judged_by_time(model_root: Path) -> None:
    model = tag.install_tagger()
    (model / tag.GAZETTEER_HASH_FILE).unlink()
    os.utime(model / "config.cfg", (OLD_MTIME, OLD_MTIME))
    assert tag.model_is_stale(model)


def test_default_model_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(tag.MODEL_DIR_ENV, str(tmp_path / "mine"))
    assert default_model_dir() == tmp_path / "mine" / tag.TAGGER_DIR_NAME
    monkeypatch.delenv(tag.MODEL_DIR_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert default_model_dir() == tmp_path / "cache" / tag.CACHE_DIR_NAME / tag.TAGGER_DIR_NAME
    assert Path(tag.__file__).parent not in default_model_dir().parents  # never inside the package


def test_long_text_is_accepted(nlp: Language) -> None:
    text = "Italy and Albania. " * 60_000  # ~1.1 M chars, a 200-page report
    assert sum(s.label == "COUNTRY" for s in tag_text(text, nlp=nlp)) == 120_000


def test_real_report_countries(nlp: Language) -> None:
    if not REAL.exists():
        pytest.skip("shared corpora folder absent")
    pdfium = pytest.importorskip("pypdfium2")
    pdf = pdfium.PdfDocument(str(REAL / "iom_arco_evaluation_brief_2022.pdf"))
    text = "\n".join(pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf)))
    ids = {s.canonical_id for s in tag_text(text, nlp=nlp) if s.label == "COUNTRY"}
    assert {"ITA", "ALB", "MLT", "VAT"} <= ids


def test_saved_model_older_than_its_gazetteers_is_stale(tmp_path: Path) -> None:
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


def test_stale_settings_model_is_used_with_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = build_model(tmp_path / "old_tagger")
    os.utime(path / "config.cfg", (OLD_MTIME, OLD_MTIME))
    with caplog.at_level(logging.WARNING, logger="pipeline.tag"):
        nlp = load_tagger(Settings(model=path))
    assert "older than the gazetteers" in caplog.text and "nexus build-model --out" in caplog.text
    assert tag_text("IOM in Italy", nlp=nlp)


def test_install_never_replaces_a_folder_that_is_not_a_model(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(ModelError, match="holds other files"):
        tag.install_tagger(tmp_path)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_a_model_built_from_other_gazetteers_is_stale_even_when_newer(tmp_path: Path) -> None:
    from pipeline.tag import GAZETTEER_HASH_FILE, gazetteer_hash, model_is_stale

    model = tmp_path / "nexus_tagger"
    model.mkdir()
    (model / "config.cfg").write_text("[nlp]\n")
    (model / GAZETTEER_HASH_FILE).write_text(gazetteer_hash() + "\n")
    assert not model_is_stale(model)
    (model / GAZETTEER_HASH_FILE).write_text("0" * 64 + "\n")  # built from another checkout's data, just now
    assert model_is_stale(model)
