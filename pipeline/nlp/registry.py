"""The one place that registers nexus's spaCy factories, tokenizer and Doc extensions.

Importing this module registers everything (so ``spacy.load("models/nexus_tagger")`` works after
``import pipeline.nlp.registry``); :func:`register_components` is idempotent and is also called explicitly by the
build and load functions. Every component appends exact char-offset :class:`pipeline.types.Span` records to
``doc._.nexus_spans`` and, where they align to tokens, spaCy spans with ``kb_id`` = canonical id to
``doc.spans["nexus"]`` (visible in displacy with ``style="span", options={"spans_key": "nexus"}``).
"""
from __future__ import annotations

import importlib
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry as spacy_registry
from spacy.vocab import Vocab

from pipeline.errors import ModelError
from pipeline.nlp.normalize import Occupancy
from pipeline.types import Span

log = logging.getLogger(__name__)

SPANS_KEY = "nexus"
SPANS_EXT = "nexus_spans"
VIEW_EXT = "nexus_view"
LANGUAGE_EXT = "nexus_language"
DEFAULT_LANGUAGE = "en"
TOKENIZER_NAME = "nexus.tokenizer.v1"
TEXT_KEY = ("nexus", "text")
NO_GROUP_KEY = ("nexus", "no_span_group")

# Finder modules written elsewhere: factory name -> dotted "module:function" of a pure finder.
FINDER_FACTORIES: dict[str, str] = {
    "nexus_sdg_refs_v1": "pipeline.nlp.finders.sdg_refs:find",
    "nexus_money_v1": "pipeline.nlp.finders.money:find",
    "nexus_dates_v1": "pipeline.nlp.finders.dates:find",
    "nexus_outputs_v1": "pipeline.nlp.finders.outputs:find",
    "nexus_themes_v1": "pipeline.nlp.finders.themes:find",
}
FinderFn = Callable[..., list[Span]]

# A word, a punctuation char, or a whitespace run; a single space after a token becomes its trailing space.
_TOKEN_RE = re.compile(r"[^\W_]+ ?|[^\w\s] ?|_ ?|\s+")

_registered = False


# ----------------------------------------------------------------------------- doc helpers
def doc_spans(doc: Doc) -> list[Span]:
    """The list of nexus spans of a doc (created empty on first use)."""
    spans = doc._.get(SPANS_EXT)
    if spans is None:
        spans = []
        doc._.set(SPANS_EXT, spans)
    return spans


def doc_language(doc: Doc) -> str:
    """The language code set on a doc by tag_text, or the default."""
    return doc._.get(LANGUAGE_EXT) or DEFAULT_LANGUAGE


def text_doc(nlp: Language, text: str) -> Doc:
    """A token-less Doc that carries a text for the components (tag_text's fast path: no tokenization, no spans).

    The nexus components read the text and their own folded view, never spaCy tokens, so a document tagged only
    for its Span records does not need to be tokenised; doc.spans['nexus'] is not built for such a doc.
    """
    doc = Doc(nlp.vocab, words=[])
    doc.user_data[TEXT_KEY] = text
    skip_span_group(doc)
    return doc


def skip_span_group(doc: Doc) -> None:
    """Tell the components not to build doc.spans['nexus'] for this doc (tag_text needs only the Span records)."""
    doc.user_data[NO_GROUP_KEY] = True


def emit(doc: Doc, spans: Iterable[Span]) -> None:
    """Append spans to doc._.nexus_spans and, where they align (expanded to tokens), to doc.spans['nexus']."""
    store = doc_spans(doc)
    if doc.user_data.get(NO_GROUP_KEY):
        store.extend(spans)
        return
    group = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else None
    new_group = []
    for span in spans:
        store.append(span)
        tok_span = doc.char_span(span.start, span.end, label=span.label, kb_id=span.canonical_id,
                                 alignment_mode="expand")
        if tok_span is not None:
            new_group.append(tok_span)
    if group is None:
        doc.spans[SPANS_KEY] = new_group
    else:
        group.extend(new_group)


def reset_span_group(doc: Doc, spans: Iterable[Span]) -> None:
    """Replace doc._.nexus_spans and doc.spans['nexus'] by the given spans."""
    spans = list(spans)
    doc._.set(SPANS_EXT, [])
    doc.spans[SPANS_KEY] = []
    emit(doc, spans)


def doc_text(doc: Doc) -> str:
    """The doc's text, computed once (spaCy rebuilds Doc.text from the tokens on every access)."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def get_view(doc: Doc) -> Any:
    """The cached folded MatchView of a doc's text (see pipeline.nlp.normalize)."""
    view = doc._.get(VIEW_EXT)
    if view is None:
        from pipeline.nlp.normalize import build_view

        view = build_view(doc_text(doc))
        doc._.set(VIEW_EXT, view)
    return view


# ----------------------------------------------------------------------------- tokenizer
class NexusTokenizer:
    """A fast regex tokenizer: words, single punctuation chars and whitespace runs (about 10x spaCy's speed)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        """Tokenise a text into a Doc whose text is exactly the input."""
        pieces = _TOKEN_RE.findall(text)
        words = [p[:-1] if p[-1] == " " and not p.isspace() else p for p in pieces]
        spaces = [p[-1] == " " and not p.isspace() for p in pieces]
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TEXT_KEY] = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        """Tokenise a stream of texts."""
        for text in texts:
            yield self(text)

    def to_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> None:
        """Nothing to save: the tokenizer has no data."""

    def from_disk(self, path: Path, *, exclude: Iterable[str] = ()) -> NexusTokenizer:
        """Nothing to load: the tokenizer has no data."""
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """Nothing to save: the tokenizer has no data."""
        return b""

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> NexusTokenizer:
        """Nothing to load: the tokenizer has no data."""
        return self


def create_tokenizer() -> Callable[[Language], NexusTokenizer]:
    """Registered tokenizer factory ``nexus.tokenizer.v1``."""

    def make(nlp: Language) -> NexusTokenizer:
        return NexusTokenizer(nlp.vocab)

    return make


# ----------------------------------------------------------------------------- finder wrapper and merge
def resolve_finder(dotted: str) -> FinderFn:
    """Import a finder given as 'package.module:function' (or 'package.module.function')."""
    module_name, _, attr = dotted.partition(":") if ":" in dotted else dotted.rpartition(".")
    try:
        module = importlib.import_module(module_name)
        func = getattr(module, attr)
    except (ImportError, AttributeError) as exc:
        raise ModelError(f"finder {dotted!r} cannot be imported ({exc}); expected 'package.module:function'") from exc
    if not callable(func):
        raise ModelError(f"finder {dotted!r} is not callable; expected a function find(text, *, language)")
    return func


class FinderComponent:
    """Wraps a pure finder ``find(text, *, language) -> list[Span]`` as a pipeline component (imported lazily)."""

    def __init__(self, name: str, finder: str) -> None:
        self.name = name
        self.finder = finder
        self._func: FinderFn | None = None

    def __call__(self, doc: Doc) -> Doc:
        """Run the finder over the doc text and emit its spans."""
        if self._func is None:
            self._func = resolve_finder(self.finder)
        emit(doc, self._func(doc_text(doc), language=doc_language(doc)))
        return doc


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Deduplicate identical (label, start, end); inside one label the longest of overlapping spans wins."""
    by_label: dict[str, list[Span]] = {}
    for span in spans:
        if span.end > span.start:
            by_label.setdefault(span.label, []).append(span)
    out: list[Span] = []
    for items in by_label.values():
        items.sort(key=lambda s: (-(s.end - s.start), s.start))
        taken = Occupancy(max(s.end for s in items))
        for span in items:
            if taken.overlaps(span.start, span.end):
                continue
            taken.take(span.start, span.end)
            out.append(span)
    out.sort(key=lambda s: (s.start, s.end, s.label))
    return out


class MergeComponent:
    """Final component: deduplicates doc._.nexus_spans and rebuilds doc.spans['nexus'] to match."""

    def __call__(self, doc: Doc) -> Doc:
        """Merge the spans collected by earlier components."""
        reset_span_group(doc, merge_spans(doc_spans(doc)))
        return doc


# ----------------------------------------------------------------------------- factories
def make_countries(nlp: Language, name: str) -> Any:
    """Factory ``nexus_countries_v1``: the COUNTRY tagger (gazetteer from pipeline/resources by default)."""
    from pipeline.nlp.entities.countries import CountryTagger

    return CountryTagger(nlp.vocab, name=name)


def make_gov_bodies(nlp: Language, name: str) -> Any:
    """Factory ``nexus_gov_bodies_v1``: the GOV_BODY tagger."""
    from pipeline.nlp.entities.gov_bodies import GovBodyTagger

    return GovBodyTagger(nlp.vocab, name=name)


def make_orgs(nlp: Language, name: str) -> Any:
    """Factory ``nexus_orgs_v1``: the ORG tagger."""
    from pipeline.nlp.entities.orgs import OrgTagger

    return OrgTagger(nlp.vocab, name=name)


def make_acronyms(nlp: Language, name: str) -> Any:
    """Factory ``nexus_acronyms_v1``: tags every use of acronyms the document defines for a tagged entity."""
    from pipeline.nlp.entities.acronyms import AcronymPropagator

    return AcronymPropagator(name=name)


def make_finder(nlp: Language, name: str, finder: str) -> FinderComponent:
    """Factory for the finder-wrapping components (``nexus_sdg_refs_v1`` and the like)."""
    return FinderComponent(name=name, finder=finder)


def make_merge(nlp: Language, name: str) -> MergeComponent:
    """Factory ``nexus_merge_v1``: deduplication of the collected spans."""
    return MergeComponent()


def register_components() -> None:
    """Register Doc extensions, the nexus tokenizer and every nexus factory (idempotent)."""
    global _registered
    if _registered:
        return
    for ext in (SPANS_EXT, VIEW_EXT, LANGUAGE_EXT):
        if not Doc.has_extension(ext):
            Doc.set_extension(ext, default=None)
    spacy_registry.tokenizers.register(TOKENIZER_NAME, func=create_tokenizer)
    simple = {
        "nexus_countries_v1": make_countries,
        "nexus_gov_bodies_v1": make_gov_bodies,
        "nexus_orgs_v1": make_orgs,
        "nexus_acronyms_v1": make_acronyms,
        "nexus_merge_v1": make_merge,
    }
    for name, func in simple.items():
        if not Language.has_factory(name):
            Language.factory(name, func=func)
    for name, dotted in FINDER_FACTORIES.items():
        if not Language.has_factory(name):
            Language.factory(name, default_config={"finder": dotted}, func=make_finder)
    _registered = True



# ----------------------------------------------------------------------------- default gazetteers
RESOURCE_LOADERS: dict[str, tuple[str, str]] = {
    "countries": ("load_countries", "countries.json"),
    "non_countries": ("load_non_countries", "non_countries.json"),
    "organizations": ("load_organizations", "organizations.json"),
    "gov_bodies": ("load_gov_bodies", "gov_bodies.json"),
}


def as_record(item: Any) -> Any:
    """A gazetteer entry as plain dicts/lists/strings (loaders may return dataclasses or mappings)."""
    import dataclasses

    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        return {f.name: as_record(getattr(item, f.name)) for f in dataclasses.fields(item)}
    if isinstance(item, dict):
        return {k: as_record(v) for k, v in item.items()}
    if isinstance(item, (list, tuple, set, frozenset)):
        return [as_record(v) for v in item]
    return item


def default_resource(kind: str) -> list[Any]:
    """A gazetteer from pipeline/resources (via pipeline.resources.loaders when present, else its JSON file)."""
    import json

    if kind not in RESOURCE_LOADERS:
        raise ModelError(f"unknown gazetteer {kind!r}; valid: {', '.join(sorted(RESOURCE_LOADERS))}")
    loader_name, file_name = RESOURCE_LOADERS[kind]
    try:
        loaders = importlib.import_module("pipeline.resources.loaders")
        loader = getattr(loaders, loader_name)
    except (ImportError, AttributeError):
        loader = None
    if loader is not None:
        data = loader()
        if isinstance(data, dict):
            data = list(data.values())
        return [as_record(x) for x in data]
    path = Path(importlib.import_module("pipeline.resources").__file__).parent / file_name
    if not path.exists():
        log.warning("gazetteer %s not found at %s; tagging without it", kind, path)
        return []
    try:
        return as_record(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError) as exc:
        raise ModelError(f"gazetteer {path} cannot be read: {exc}") from exc


register_components()
