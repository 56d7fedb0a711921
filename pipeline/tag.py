"""Tag a whole document text with the nexus spaCy pipeline: COUNTRY, ORG, GOV_BODY and the finder labels."""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from pipeline.config import USER_CACHE_NAME, Settings, user_cache_dir
from pipeline.errors import ConfigError, ModelError, invalid_value
from pipeline.nlp.build import build_model, create_pipeline, load_model, load_or_rebuild, saved_under_old_names
from pipeline.nlp.components import merge_spans
from pipeline.nlp.doc import doc_spans, set_language, text_doc
from pipeline.nlp.names import MERGE_PIPE
from pipeline.resources import RESOURCES_DIR
from pipeline.resources.gazetteers import GAZETTEER_FILES
from pipeline.types import Span
from pipeline.vocab import DEFAULT_LANGUAGE, LANGUAGES

log = logging.getLogger(__name__)

MODEL_DIR_ENV = "NEXUS_MODEL_DIR"
"""Environment variable naming the folder that holds nexus's built models (the tagger in ``<it>/nexus_tagger``)."""
TAGGER_DIR_NAME = "nexus_tagger"
CACHE_DIR_NAME = USER_CACHE_NAME
"""Without NEXUS_MODEL_DIR, models live in ``<user cache>/nexus`` (``$XDG_CACHE_HOME`` or ``~/.cache``)."""
TAGGER_CACHE_SIZE = 4


def default_model_dir() -> Path:
    """Where the tagger lives when ``Settings.model`` is unset: ``$NEXUS_MODEL_DIR/nexus_tagger``, else the user cache.

    ``nexus build-model`` writes here by default, and :func:`load_tagger` builds the tagger here on first use.
    """
    root = os.environ.get(MODEL_DIR_ENV)
    base = Path(root).expanduser() if root else user_cache_dir() / CACHE_DIR_NAME
    return base / TAGGER_DIR_NAME


GAZETTEER_HASH_FILE = "gazetteers.sha256"
"""Written into a model folder by :func:`install_tagger`: the hash of the gazetteer files it was built from."""

MODEL_LAYOUT = "2"
"""What a saved model folder holds besides spaCy's files; 2: the GOV_BODY tagger's place index (places.json). A
model of another layout counts as stale, so the default model is rebuilt once after an upgrade."""


def gazetteer_hash(*, resources_dir: Path = RESOURCES_DIR) -> str:
    """The sha256 of the gazetteer files a saved model carries copies of (their names and bytes) and of the layout."""
    digest = hashlib.sha256(f"layout {MODEL_LAYOUT}\n".encode())
    for name in GAZETTEER_FILES:
        path = resources_dir / name
        if path.exists():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def model_is_stale(model_dir: Path, *, resources_dir: Path = RESOURCES_DIR) -> bool:
    """Whether a saved model was built from other gazetteers than today's (by content; by time for older models).

    A model built by :func:`install_tagger` records the hash of its gazetteers, so a model built from another
    checkout's data is stale even when it is newer than today's files."""
    model_dir = Path(model_dir)
    try:
        recorded = (model_dir / GAZETTEER_HASH_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        recorded = ""
    if recorded:
        return recorded != gazetteer_hash(resources_dir=resources_dir)
    try:
        built = (model_dir / "config.cfg").stat().st_mtime
        sources = [resources_dir / name for name in GAZETTEER_FILES if (resources_dir / name).exists()]
        return any(source.stat().st_mtime > built for source in sources)
    except OSError:
        return False


def install_tagger(model_dir: Path | None = None) -> Path:
    """Build the tagger from the resources and put it at ``model_dir`` (default :func:`default_model_dir`).

    It is built beside the folder and moved into place, so a reader never sees half a model and two processes
    building at once both end with a whole one.
    """
    model_dir = Path(model_dir) if model_dir is not None else default_model_dir()
    try:
        model_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"model folder {model_dir} cannot be created: {exc}") from exc
    if model_dir.is_dir() and any(model_dir.iterdir()) and not (model_dir / "config.cfg").is_file():
        raise ModelError(f"model folder {model_dir} holds other files and no model (config.cfg); "
                         "choose an empty or new folder")
    suffix = f"{os.getpid()}-{time.monotonic_ns()}"
    fresh = model_dir.with_name(f".{model_dir.name}.{suffix}.new")
    old = model_dir.with_name(f".{model_dir.name}.{suffix}.old")
    build_model(fresh)
    (fresh / GAZETTEER_HASH_FILE).write_text(gazetteer_hash() + "\n", encoding="utf-8")
    try:
        os.replace(model_dir, old)
    except FileNotFoundError:  # no model yet (or another process is replacing it right now)
        pass
    try:
        os.replace(fresh, model_dir)
    except OSError:  # another process installed its build first; theirs is as good
        shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    return model_dir


@lru_cache(maxsize=TAGGER_CACHE_SIZE)
def _saved_tagger(model_dir: Path) -> Language:
    """The model a setting names; a stale one is still used, with a warning."""
    if (model_dir / "config.cfg").exists() and model_is_stale(model_dir):
        log.warning("tagging model %s is older than the gazetteers in %s; rebuild it with "
                    "'nexus build-model --out %s'", model_dir, RESOURCES_DIR, model_dir)
    return load_or_rebuild(model_dir)  # one saved under old component names is rebuilt in memory, with a warning


@lru_cache(maxsize=TAGGER_CACHE_SIZE)
def _default_tagger(model_dir: Path) -> Language:
    """The default model, built (or rebuilt when its gazetteers or its component names changed) on first use."""
    saved = (model_dir / "config.cfg").exists()
    old_names = saved and saved_under_old_names(model_dir)
    if saved and not old_names and not model_is_stale(model_dir):
        return load_model(model_dir)
    reason = "it was saved under old component names" if old_names else "its gazetteers changed" if saved \
        else "first use"
    log.warning("building the tagger into %s (%s; set %s to choose the folder)", model_dir, reason, MODEL_DIR_ENV)
    try:
        install_tagger(model_dir)
    except (ModelError, OSError) as exc:
        log.warning("cannot save the tagger (%s); using it from memory, set %s to a writable folder",
                    exc, MODEL_DIR_ENV)
        return create_pipeline()
    return load_model(model_dir)


def load_tagger(settings: Settings) -> Language:
    """The tagger of a run (cached per process): the model at ``settings.model``, else :func:`default_model_dir`."""
    if settings.model is not None:
        return _saved_tagger(Path(settings.model).expanduser().resolve())
    return _default_tagger(default_model_dir().resolve())


def tag_text(text: str, *, nlp: Language, language: str = DEFAULT_LANGUAGE) -> list[Span]:
    """Tagged spans of a whole document text with the tagger ``nlp`` (see :func:`load_tagger`), deduplicated."""
    if language not in LANGUAGES:
        raise ConfigError(invalid_value("tagging language", language, LANGUAGES))
    if not text.strip():
        return []
    doc = text_doc(nlp, text)
    set_language(doc, language)
    for name, proc in nlp.pipeline:
        if name != MERGE_PIPE:
            doc = proc(doc)
    return merge_spans(doc_spans(doc))
