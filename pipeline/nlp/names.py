"""The names nexus gives spaCy, written once: every factory, registered function and pipe of the tagger.

One scheme, one table: a component ``<thing>`` of version ``N`` is the factory (and pipe) ``nexus_<thing>_vN``
(spaCy forbids dots in factory names) and, when it is a registered function, ``nexus.<thing>.vN`` (spaCy's own
form, e.g. ``spacy.ngram_suggester.v1``). A saved model's ``config.cfg`` refers to components only by these
names, never by Python paths, so moving a module breaks no saved model; bumping a version is what does.
"""
from __future__ import annotations

NAMESPACE = "nexus"
VERSION = 1


def factory_name(thing: str, *, version: int = VERSION) -> str:
    """The factory (and pipe) name of a component: ``nexus_countries_v1``."""
    return f"{NAMESPACE}_{thing}_v{version}"


def function_name(thing: str, *, version: int = VERSION) -> str:
    """The registry name of a registered function: ``nexus.sdg_refs.v1``."""
    return f"{NAMESPACE}.{thing}.v{version}"


ENTITY_THINGS: tuple[str, ...] = ("countries", "gov_bodies", "orgs", "acronyms")
"""The entity taggers, in pipeline order (a later one reads the spans of the earlier ones)."""
FINDER_THINGS: tuple[str, ...] = ("sdg_refs", "money", "dates", "outputs", "themes")
"""The pure finders of pipeline.nlp.finders, each registered as a function and wrapped by its own factory."""
MERGE_THING = "merge"
TOKENIZER_THING = "tokenizer"

ENTITY_PIPES: tuple[str, ...] = tuple(factory_name(t) for t in ENTITY_THINGS)
FINDER_PIPES: tuple[str, ...] = tuple(factory_name(t) for t in FINDER_THINGS)
MERGE_PIPE = factory_name(MERGE_THING)
"""The final pipe that deduplicates the spans (tag_text merges the Span records itself and skips it)."""
FACTORIES: tuple[str, ...] = (*ENTITY_PIPES, *FINDER_PIPES, MERGE_PIPE)
"""Every nexus factory, in the order of the tagging pipeline (pipe names are the factory names)."""
FINDER_FUNCTIONS: dict[str, str] = {factory_name(t): function_name(t) for t in FINDER_THINGS}
"""Finder factory → the registered finder function (``@misc``) its config refers to."""
TOKENIZER = function_name(TOKENIZER_THING)
"""The registered tokenizer function (``@tokenizers``): ``nexus.tokenizer.v1``."""
