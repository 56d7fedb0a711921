"""The one place that registers nexus with spaCy: Doc extensions, the tokenizer, the finders and the factories.

Nothing is registered at import: :func:`register_components` does it, and the build and load functions of
pipeline.nlp.build call it (as spaCy's own ``Language`` calls its ``register_factories``). A plain
``spacy.load("path/to/nexus_tagger")`` works too: spaCy looks up every ``spacy_factories`` entry point when it
creates a Language, and nexus's entry points (pyproject.toml) name this module's attributes ``nexus_countries_v1``,
... whose lookup (:func:`__getattr__`) runs :func:`register_components`. The names are those of pipeline.nlp.names.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry as spacy_registry

from pipeline.nlp.components import FinderComponent, FinderFn, MergeComponent
from pipeline.nlp.doc import EXTENSIONS
from pipeline.nlp.entities.acronyms import AcronymPropagator
from pipeline.nlp.entities.countries import CountryTagger
from pipeline.nlp.entities.gov_bodies import GovBodyTagger
from pipeline.nlp.entities.orgs import OrgTagger
from pipeline.nlp.finders import dates, money, outputs, sdg_refs, themes
from pipeline.nlp.names import FACTORIES, FINDER_FUNCTIONS, TOKENIZER, factory_name
from pipeline.nlp.tokenizer import create_tokenizer

FINDERS: dict[str, FinderFn] = {
    FINDER_FUNCTIONS[factory_name("sdg_refs")]: sdg_refs.find,
    FINDER_FUNCTIONS[factory_name("money")]: money.find,
    FINDER_FUNCTIONS[factory_name("dates")]: dates.find,
    FINDER_FUNCTIONS[factory_name("outputs")]: outputs.find,
    FINDER_FUNCTIONS[factory_name("themes")]: themes.find,
}
"""Registered finder name (``nexus.sdg_refs.v1``) → the pure finder it stands for."""

_state = {"registered": False}


def make_countries(nlp: Language, name: str) -> CountryTagger:
    """Factory ``nexus_countries_v1``: the COUNTRY tagger (gazetteers of pipeline/resources unless set)."""
    return CountryTagger(nlp.vocab, name=name)


def make_gov_bodies(nlp: Language, name: str) -> GovBodyTagger:
    """Factory ``nexus_gov_bodies_v1``: the GOV_BODY tagger."""
    return GovBodyTagger(nlp.vocab, name=name)


def make_orgs(nlp: Language, name: str) -> OrgTagger:
    """Factory ``nexus_orgs_v1``: the ORG tagger."""
    return OrgTagger(nlp.vocab, name=name)


def make_acronyms(nlp: Language, name: str) -> AcronymPropagator:
    """Factory ``nexus_acronyms_v1``: tags every use of acronyms the document defines for a tagged entity."""
    return AcronymPropagator(name=name)


def make_finder(nlp: Language, name: str, finder: Callable) -> FinderComponent:
    """Factory of the finder components (``nexus_sdg_refs_v1`` ...): ``finder`` is a registered finder function."""
    return FinderComponent(name=name, finder=finder)


def make_merge(nlp: Language, name: str) -> MergeComponent:
    """Factory ``nexus_merge_v1``: deduplication of the collected spans."""
    return MergeComponent()


FACTORY_FUNCTIONS: dict[str, Callable[..., Any]] = {
    factory_name("countries"): make_countries,
    factory_name("gov_bodies"): make_gov_bodies,
    factory_name("orgs"): make_orgs,
    factory_name("acronyms"): make_acronyms,
    **{factory: make_finder for factory in FINDER_FUNCTIONS},
    factory_name("merge"): make_merge,
}
"""Factory name → factory function, for every name of pipeline.nlp.names.FACTORIES."""


def _finder_function(find: FinderFn) -> Callable[[], FinderFn]:
    """The registered function (``@misc``) that a finder component's config resolves to its finder."""

    def registered_finder() -> FinderFn:
        """The finder this registry name stands for."""
        return find

    return registered_finder


def register_components() -> None:
    """Register the Doc extensions, the tokenizer, the finders and every nexus factory (a second call does nothing)."""
    if _state["registered"]:
        return
    for ext in EXTENSIONS:
        if not Doc.has_extension(ext):
            Doc.set_extension(ext, default=None)
    spacy_registry.tokenizers.register(TOKENIZER, func=create_tokenizer)
    for function, find in FINDERS.items():
        spacy_registry.misc.register(function, func=_finder_function(find))
    for name in FACTORIES:
        if Language.has_factory(name):
            continue
        if name in FINDER_FUNCTIONS:
            Language.factory(name, default_config={"finder": {"@misc": FINDER_FUNCTIONS[name]}},
                             func=FACTORY_FUNCTIONS[name])
        else:
            Language.factory(name, func=FACTORY_FUNCTIONS[name])
    _state["registered"] = True


def __getattr__(name: str) -> Callable[..., Any]:
    """The factory function of a nexus factory name, once everything is registered (spaCy's entry-point lookup)."""
    if name in FACTORY_FUNCTIONS:
        register_components()
        return FACTORY_FUNCTIONS[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
