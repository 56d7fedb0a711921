"""Build, save and load the nexus tagging pipeline (a blank spaCy language with nexus components).

The language is spaCy's multi-language ``xx``: the corpus is English, French and Spanish, and no language-specific
tokenizer exceptions are needed because the pipeline uses its own fast regex tokenizer (``nexus.tokenizer.v1``,
about ten times faster than spaCy's rule tokenizer) and matches gazetteers on a folded, damage-tolerant view of the
text (pipeline.nlp.view), not on spaCy tokens. The saved model folder carries the gazetteers inside each
component's folder, and its config.cfg names components only by their registered names (pipeline.nlp.names).
A model saved under names this version does not register (e.g. before the finders were registered by name, when
config.cfg held "pipeline.nlp.sdg_refs:find") is a :class:`StaleModelError`; :func:`load_or_rebuild` rebuilds it.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language
from spacy.util import load_config

from pipeline.errors import ModelError, invalid_value
from pipeline.nlp.components import GazetteerComponent
from pipeline.nlp.names import ENTITY_PIPES, FACTORIES, FINDER_FUNCTIONS, FINDER_PIPES, MERGE_PIPE, TOKENIZER
from pipeline.nlp.registry import register_components
from pipeline.resources.gazetteers import (Country, GovBody, Organization, load_countries, load_gov_bodies,
                                           load_non_countries, load_organizations)

log = logging.getLogger(__name__)

LANG = "xx"
MAX_LENGTH = 50_000_000  # characters: a 200-page report is about 1 M; leave ample room
CONFIG_FILE = "config.cfg"


class StaleModelError(ModelError):
    """A saved tagging model whose config.cfg names components this version of nexus does not register."""


@dataclass(frozen=True)
class Gazetteers:
    """The typed gazetteers the entity components are built from (pipeline.resources.gazetteers records)."""

    countries: tuple[Country, ...] = ()
    non_countries: tuple[str, ...] = ()
    organizations: tuple[Organization, ...] = ()
    gov_bodies: tuple[GovBody, ...] = ()

    @classmethod
    def default(cls) -> Gazetteers:
        """The gazetteers of pipeline/resources."""
        return cls(countries=load_countries(), non_countries=load_non_countries(),
                   organizations=load_organizations(), gov_bodies=load_gov_bodies())


def create_pipeline(*, gazetteers: Gazetteers | None = None, finders: bool = True) -> Language:
    """A fresh in-memory tagging pipeline (gazetteers default to pipeline/resources; finders=False leaves them out)."""
    register_components()
    gaz = gazetteers or Gazetteers.default()
    nlp = spacy.blank(LANG, config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.max_length = MAX_LENGTH
    for name in (*ENTITY_PIPES, *(FINDER_PIPES if finders else ()), MERGE_PIPE):
        pipe = nlp.add_pipe(name)
        if isinstance(pipe, GazetteerComponent):
            pipe.set_data(**{kind: getattr(gaz, kind) for kind in pipe.GAZETTEERS})
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


def component_config(factory: str) -> dict[str, Any]:
    """The config section this version writes for a nexus factory (``[components.<factory>]`` of config.cfg)."""
    section: dict[str, Any] = {"factory": factory}
    if factory in FINDER_FUNCTIONS:
        section["finder"] = {"@misc": FINDER_FUNCTIONS[factory]}
    return section


def stale_names(config: dict[str, Any]) -> list[str]:
    """What a saved model's config names that this version does not register (empty: the model loads)."""
    problems: list[str] = []
    nlp_section = config.get("nlp", {})
    tokenizer = nlp_section.get("tokenizer", {}).get("@tokenizers")
    if tokenizer != TOKENIZER:
        problems.append(f"tokenizer {tokenizer!r} (expected {TOKENIZER!r})")
    components = config.get("components", {})
    for pipe in nlp_section.get("pipeline", []):
        section = dict(components.get(pipe, {}))
        factory = section.get("factory")
        if factory not in FACTORIES:
            problems.append(f"pipe {pipe!r}: {invalid_value('factory', factory, FACTORIES)}")
            continue
        expected = component_config(factory)
        for key in sorted(set(section) | set(expected)):
            if section.get(key) != expected.get(key):
                problems.append(f"{pipe}.{key} = {section.get(key)!r} (expected {expected.get(key)!r})")
    return problems


def saved_under_old_names(path: Path) -> bool:
    """Whether the model saved at path names components this version does not register (it cannot be loaded)."""
    try:
        return bool(stale_names(load_config(Path(path) / CONFIG_FILE, interpolate=False)))
    except (OSError, ValueError):
        return False


def load_model(path: Path) -> Language:
    """Load a saved tagging model (registers the nexus components first); StaleModelError if saved under old names."""
    register_components()
    path = Path(path)
    config_file = path / CONFIG_FILE
    if not config_file.exists():
        raise ModelError(f"no tagging model at {path} ({CONFIG_FILE} missing); build it with 'nexus build-model'")
    try:
        problems = stale_names(load_config(config_file, interpolate=False))
    except (OSError, ValueError) as exc:
        raise ModelError(f"tagging model at {path}: {CONFIG_FILE} cannot be read: {exc}") from exc
    if problems:
        raise StaleModelError(f"tagging model at {path} was saved under names this version does not register: "
                              f"{'; '.join(problems)}; rebuild it with 'nexus build-model --out {path}'")
    try:
        nlp = spacy.load(path)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"tagging model at {path} cannot be loaded: {exc}") from exc
    nlp.max_length = MAX_LENGTH
    return nlp


def load_or_rebuild(path: Path) -> Language:
    """The saved model at path, or, when it was saved under old names, the pipeline rebuilt in memory (one warning)."""
    try:
        return load_model(path)
    except StaleModelError as exc:
        log.warning("%s; using a tagger rebuilt in memory from pipeline/resources", exc)
        return create_pipeline()
