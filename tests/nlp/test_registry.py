"""The component registry: idempotent registration, the finder wrapper, merging and the doc outputs."""
from __future__ import annotations

import sys
import types

import pytest
import spacy
from spacy.language import Language

from pipeline.errors import ModelError
from pipeline.nlp.registry import (TOKENIZER_NAME, FinderComponent, NexusTokenizer, merge_spans,
                                   register_components, resolve_finder)
from pipeline.types import Span

FACTORIES = ("nexus_countries_v1", "nexus_gov_bodies_v1", "nexus_orgs_v1", "nexus_acronyms_v1", "nexus_merge_v1",
             "nexus_sdg_refs_v1", "nexus_money_v1", "nexus_dates_v1", "nexus_outputs_v1", "nexus_themes_v1")


def _fake_find(text: str, *, language: str = "en") -> list[Span]:
    """A tiny finder: every 'Goal 8' is SDG:8 (language recorded in the id to check it is passed)."""
    start = text.find("Goal 8")
    return [Span("SDG_GOAL", start, start + 6, f"SDG:8/{language}")] if start >= 0 else []


@pytest.fixture()
def fake_finder_module() -> str:
    module = types.ModuleType("nexus_fake_finder")
    module.find = _fake_find
    sys.modules["nexus_fake_finder"] = module
    yield "nexus_fake_finder:find"
    del sys.modules["nexus_fake_finder"]


def test_registration_is_idempotent() -> None:
    register_components()
    register_components()
    for name in FACTORIES:
        assert Language.has_factory(name)


def test_tokenizer_keeps_text_exact() -> None:
    text = "Republic of\n  Moldo- va, l’OIM (IOM)  end \t"
    doc = NexusTokenizer(spacy.blank("xx").vocab)(text)
    assert doc.text == text


def test_finder_wrapper_emits_spans_and_span_group(fake_finder_module: str) -> None:
    nlp = spacy.blank("xx", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    nlp.add_pipe("nexus_sdg_refs_v1", config={"finder": fake_finder_module})
    doc = nlp.make_doc("We aim at Goal 8 here.")
    doc._.nexus_language = "fr"
    doc = nlp.get_pipe("nexus_sdg_refs_v1")(doc)
    assert doc._.nexus_spans == [Span("SDG_GOAL", 10, 16, "SDG:8/fr")]
    group = doc.spans["nexus"]
    assert [(s.text, s.label_, s.kb_id_) for s in group] == [("Goal 8", "SDG_GOAL", "SDG:8/fr")]


def test_finder_that_cannot_be_imported_names_itself() -> None:
    with pytest.raises(ModelError, match="no_such_module"):
        resolve_finder("no_such_module:find")
    component = FinderComponent(name="x", finder="no_such_module.find")
    with pytest.raises(ModelError):
        component(spacy.blank("xx")("text"))


def test_merge_dedups_and_keeps_longest_within_a_label() -> None:
    spans = [Span("COUNTRY", 0, 6, "GIN"), Span("COUNTRY", 0, 16, "PNG"), Span("GOV_BODY", 0, 30, "x"),
             Span("COUNTRY", 0, 16, "PNG"), Span("ORG", 20, 23, "IOM")]
    assert merge_spans(spans) == [Span("COUNTRY", 0, 16, "PNG"), Span("GOV_BODY", 0, 30, "x"),
                                  Span("ORG", 20, 23, "IOM")]
