"""The component registry: nothing registered at import, one registration function, one list of names."""
from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from importlib import metadata

import spacy
from spacy.util import registry as spacy_registry

from pipeline.nlp import registry
from pipeline.nlp.components import merge_spans
from pipeline.nlp.names import FACTORIES, FINDER_FUNCTIONS, FINDER_PIPES, MERGE_PIPE, TOKENIZER, factory_name
from pipeline.nlp.tokenizer import NexusTokenizer
from pipeline.types import Span
from tests.paths import ROOT

DIST = "nexus-pipeline"
REGISTRY_TARGET = "pipeline.nlp.registry:{name}"
TOKENIZER_TARGET = "pipeline.nlp.tokenizer:create_tokenizer"
FAKE_FINDER = "nexus_test.fake_finder.v1"

# Run in a fresh interpreter: what importing nexus registers, then what register_components() registers, then
# whether a second call changes anything. Printed as one JSON object.
REGISTRATION_PROBE = """
import json, catalogue
from spacy.language import Language
from spacy.tokens import Doc
import pipeline.tag, pipeline.nlp.build, pipeline.nlp.registry as registry
from pipeline.nlp.names import FACTORIES, FINDER_FUNCTIONS, TOKENIZER
from pipeline.nlp.doc import EXTENSIONS

def state():
    names = {keys[-1] for keys in catalogue.REGISTRY}
    return {"factories": [f for f in FACTORIES if Language.has_factory(f)],
            "functions": sorted(n for n in names if n in {TOKENIZER, *FINDER_FUNCTIONS.values()}),
            "extensions": [e for e in EXTENSIONS if Doc.has_extension(e)],
            "registry_size": len(catalogue.REGISTRY), "factory_meta": sorted(Language._factory_meta)}

at_import = state()
registry.register_components()
first = state()
registry.register_components()
second = state()
print(json.dumps({"at_import": at_import, "first": first, "second": second}))
"""


def _probe() -> dict:
    result = subprocess.run([sys.executable, "-c", REGISTRATION_PROBE], capture_output=True, text=True, check=True,
                            cwd=ROOT)
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_registration_happens_only_in_register_components_and_once() -> None:
    probe = _probe()
    assert probe["at_import"]["factories"] == []
    assert probe["at_import"]["functions"] == []
    assert probe["at_import"]["extensions"] == []
    first = probe["first"]
    assert first["factories"] == list(FACTORIES)
    assert first["functions"] == sorted({TOKENIZER, *FINDER_FUNCTIONS.values()})
    assert first["extensions"] == ["nexus_spans", "nexus_view", "nexus_language"]
    assert probe["second"] == first


def test_pyproject_entry_points_are_the_registry_names() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    factories = project["entry-points"]["spacy_factories"]
    assert list(factories) == list(FACTORIES)
    assert factories == {name: REGISTRY_TARGET.format(name=name) for name in FACTORIES}
    assert project["entry-points"]["spacy_tokenizers"] == {TOKENIZER: TOKENIZER_TARGET}


def test_installed_entry_points_match_pyproject() -> None:
    installed = {ep.name: ep.value for ep in metadata.entry_points(group="spacy_factories") if ep.dist
                 and ep.dist.metadata["Name"] == DIST}
    assert installed == {name: REGISTRY_TARGET.format(name=name) for name in FACTORIES}, \
        "installed metadata is stale: run 'pip install -e .' again"


def test_every_name_has_one_function() -> None:
    assert list(registry.FACTORY_FUNCTIONS) == list(FACTORIES)
    assert set(registry.FINDERS) == set(FINDER_FUNCTIONS.values())
    assert list(FINDER_FUNCTIONS) == list(FINDER_PIPES)
    assert FINDER_FUNCTIONS[factory_name("sdg_refs")] == "nexus.sdg_refs.v1"
    assert MERGE_PIPE == "nexus_merge_v1" and TOKENIZER == "nexus.tokenizer.v1"


def test_entry_point_lookup_registers_and_returns_the_factory() -> None:
    assert getattr(registry, "nexus_countries_v1") is registry.make_countries
    assert spacy.language.Language.has_factory("nexus_countries_v1")
    try:
        getattr(registry, "nexus_nothing_v1")
    except AttributeError as exc:
        assert "nexus_nothing_v1" in str(exc)
    else:
        raise AssertionError("an unknown name must raise AttributeError")


def test_tokenizer_keeps_text_exact() -> None:
    text = "Republic of\n  Moldo- va, l’OIM (IOM)  end \t"
    doc = NexusTokenizer(spacy.blank("xx").vocab)(text)
    assert doc.text == text


def _fake_find(text: str, *, language: str = "en") -> list[Span]:
    """A tiny finder: every 'Goal 8' is SDG:8 (language recorded in the id to check it is passed)."""
    start = text.find("Goal 8")
    return [Span("SDG_GOAL", start, start + 6, f"SDG:8/{language}")] if start >= 0 else []


def test_finder_component_runs_the_registered_finder_its_config_names() -> None:
    registry.register_components()
    spacy_registry.misc.register(FAKE_FINDER, func=lambda: _fake_find)
    nlp = spacy.blank("xx", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.add_pipe("nexus_sdg_refs_v1", config={"finder": {"@misc": FAKE_FINDER}})
    assert nlp.get_pipe_config("nexus_sdg_refs_v1")["finder"] == {"@misc": FAKE_FINDER}
    doc = nlp.make_doc("We aim at Goal 8 here.")
    doc._.nexus_language = "fr"
    doc = nlp.get_pipe("nexus_sdg_refs_v1")(doc)
    assert doc._.nexus_spans == [Span("SDG_GOAL", 10, 16, "SDG:8/fr")]
    group = doc.spans["nexus"]
    assert [(s.text, s.label_, s.kb_id_) for s in group] == [("Goal 8", "SDG_GOAL", "SDG:8/fr")]


def test_default_finder_config_names_the_finder_by_registry_name() -> None:
    registry.register_components()
    nlp = spacy.blank("xx", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    for pipe in FINDER_PIPES:
        nlp.add_pipe(pipe)
        assert nlp.get_pipe_config(pipe)["finder"] == {"@misc": FINDER_FUNCTIONS[pipe]}
        assert nlp.get_pipe(pipe).finder is registry.FINDERS[FINDER_FUNCTIONS[pipe]]


def test_merge_dedups_and_keeps_longest_within_a_label() -> None:
    spans = [Span("COUNTRY", 0, 6, "GIN"), Span("COUNTRY", 0, 16, "PNG"), Span("GOV_BODY", 0, 30, "x"),
             Span("COUNTRY", 0, 16, "PNG"), Span("ORG", 20, 23, "IOM")]
    assert merge_spans(spans) == [Span("COUNTRY", 0, 16, "PNG"), Span("GOV_BODY", 0, 30, "x"),
                                  Span("ORG", 20, 23, "IOM")]
