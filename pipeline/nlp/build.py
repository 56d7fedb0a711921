"""Build, save and load the nexus tagging pipeline (a blank spaCy language with nexus components).

The language is spaCy's multi-language ``xx``: the corpus is English, French and Spanish, and no language-specific
tokenizer exceptions are needed because the pipeline uses its own fast regex tokenizer (``nexus.tokenizer.v1``,
about ten times faster than spaCy's rule tokenizer) and matches gazetteers on a folded, damage-tolerant view of the
text (pipeline.nlp.normalize), not on spaCy tokens. The saved model folder carries the gazetteers inside each
component's folder, so ``spacy.load`` needs no other files once ``pipeline.nlp.registry`` is imported.
"""
from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from pipeline.errors import ModelError
from pipeline.nlp.registry import FINDER_FACTORIES, TOKENIZER_NAME, default_resource, register_components

log = logging.getLogger(__name__)

LANG = "xx"
MAX_LENGTH = 50_000_000  # characters: a 200-page report is about 1 M; leave ample room
ENTITY_PIPES = ("nexus_countries_v1", "nexus_gov_bodies_v1", "nexus_orgs_v1", "nexus_acronyms_v1")
MERGE_PIPE = "nexus_merge_v1"


@dataclass(frozen=True)
class Gazetteers:
    """The data the entity components are built from (plain dict records, as in pipeline/resources)."""

    countries: list[dict[str, Any]] = field(default_factory=list)
    non_countries: list[str] = field(default_factory=list)
    organizations: list[dict[str, Any]] = field(default_factory=list)
    gov_bodies: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def default(cls) -> Gazetteers:
        """The gazetteers of pipeline/resources."""
        return cls(countries=default_resource("countries"), non_countries=default_resource("non_countries"),
                   organizations=default_resource("organizations"), gov_bodies=default_resource("gov_bodies"))


def available_finders() -> list[str]:
    """Finder factories whose modules exist (others are left out of the pipeline with a warning)."""
    names = []
    for name, dotted in FINDER_FACTORIES.items():
        module = dotted.partition(":")[0]
        if importlib.util.find_spec(module) is None:
            log.warning("finder module %s not found; pipeline built without %s", module, name)
            continue
        names.append(name)
    return names


def create_pipeline(*, gazetteers: Gazetteers | None = None, finders: bool = True) -> Language:
    """A fresh in-memory tagging pipeline (gazetteers default to pipeline/resources)."""
    register_components()
    gaz = gazetteers or Gazetteers.default()
    nlp = spacy.blank(LANG, config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    nlp.max_length = MAX_LENGTH
    countries = nlp.add_pipe("nexus_countries_v1")
    countries.set_data(countries=gaz.countries, non_countries=gaz.non_countries)
    gov = nlp.add_pipe("nexus_gov_bodies_v1")
    gov.set_data(gov_bodies=gaz.gov_bodies, countries=gaz.countries, organizations=gaz.organizations)
    orgs = nlp.add_pipe("nexus_orgs_v1")
    orgs.set_data(organizations=gaz.organizations, countries=gaz.countries)
    nlp.add_pipe("nexus_acronyms_v1")
    if finders:
        for name in available_finders():
            nlp.add_pipe(name)
    nlp.add_pipe(MERGE_PIPE)
    return nlp


def build_model(out_dir: Path) -> Path:
    """Build the pipeline from pipeline/resources and save it to out_dir (e.g. models/nexus_tagger)."""
    out_dir = Path(out_dir)
    nlp = create_pipeline()
    try:
        nlp.to_disk(out_dir)
    except OSError as exc:
        raise ModelError(f"model folder {out_dir} cannot be written: {exc}") from exc
    log.info("saved tagging model to %s (pipes: %s)", out_dir, ", ".join(nlp.pipe_names))
    return out_dir


def load_model(path: Path) -> Language:
    """Load a saved tagging model (registers the nexus components first)."""
    register_components()
    path = Path(path)
    if not (path / "config.cfg").exists():
        raise ModelError(f"no tagging model at {path} (config.cfg missing); build it with 'nexus build-model'")
    try:
        nlp = spacy.load(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"tagging model at {path} cannot be loaded: {exc}") from exc
    nlp.max_length = MAX_LENGTH
    return nlp
