"""Tag a whole document text with the nexus spaCy pipeline: COUNTRY, ORG, GOV_BODY and the finder labels."""
from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from pipeline.errors import ConfigError
from pipeline.resources import RESOURCES_DIR
from pipeline.types import Span

log = logging.getLogger(__name__)

DEFAULT_MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "nexus_tagger"
LANGUAGES = ("en", "fr", "es")
GAZETTEER_FILES = ("countries.json", "non_countries.json", "organizations.json", "gov_bodies.json")
"""The gazetteers a saved model carries copies of (the finders read their resources directly)."""
MERGE_PIPE = "nexus_merge_v1"  # tag_text merges the Span records itself and builds no spaCy span group


@lru_cache(maxsize=4)
def _cached_tagger(path: Path | None) -> Language:
    from pipeline.nlp.build import create_pipeline, load_model

    if path is not None:
        return load_model(path)
    if (DEFAULT_MODEL_DIR / "config.cfg").exists():
        if not model_is_stale(DEFAULT_MODEL_DIR):
            return load_model(DEFAULT_MODEL_DIR)
        log.warning("model at %s is older than the gazetteers in %s; building the tagger in memory "
                    "(rebuild it with 'nexus build-model')", DEFAULT_MODEL_DIR, RESOURCES_DIR)
        return create_pipeline()
    log.info("no built model at %s; building the tagger in memory", DEFAULT_MODEL_DIR)
    return create_pipeline()


def model_is_stale(model_dir: Path, *, resources_dir: Path = RESOURCES_DIR) -> bool:
    """Whether a saved model predates one of the gazetteer files it was built from (its copies would be stale)."""
    try:
        built = (Path(model_dir) / "config.cfg").stat().st_mtime
        sources = [resources_dir / name for name in GAZETTEER_FILES if (resources_dir / name).exists()]
        return any(source.stat().st_mtime > built for source in sources)
    except OSError:
        return False


def load_tagger(path: Path | None = None) -> Language:
    """The tagger: the model at `path`, else models/nexus_tagger if built, else one built in memory (cached)."""
    return _cached_tagger(Path(path) if path is not None else None)


def tag_text(text: str, *, language: str = "en", nlp: Language | None = None) -> list[Span]:
    """Tagged spans of a whole document text, deduplicated (overlaps of different labels kept)."""
    from pipeline.nlp.registry import LANGUAGE_EXT, SPANS_EXT, merge_spans, text_doc

    if language not in LANGUAGES:
        raise ConfigError(f"language {language!r} is not supported for tagging; valid: {', '.join(LANGUAGES)}")
    nlp = nlp or load_tagger()
    if not text.strip():
        return []
    doc = text_doc(nlp, text)
    doc._.set(LANGUAGE_EXT, language)
    for name, proc in nlp.pipeline:
        if name != MERGE_PIPE:
            doc = proc(doc)
    return merge_spans(doc._.get(SPANS_EXT) or [])
