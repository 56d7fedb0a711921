"""The Doc extensions the nexus components share and the helpers that read and write them (a leaf module).

Every component appends exact char-offset :class:`pipeline.types.Span` records to ``doc._.nexus_spans`` and,
where they align to tokens, spaCy spans with ``kb_id`` = canonical id to ``doc.spans["nexus"]`` (visible in
displacy with ``style="span", options={"spans_key": "nexus"}``). The extensions are registered by
:func:`pipeline.nlp.registry.register_components`.
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.nlp.view import MatchView, build_view
from pipeline.types import Span
from pipeline.vocab import DEFAULT_LANGUAGE

SPANS_KEY = "nexus"
"""The key of the spaCy span group the components fill (``doc.spans["nexus"]``)."""
SPANS_EXT = "nexus_spans"
VIEW_EXT = "nexus_view"
LANGUAGE_EXT = "nexus_language"
EXTENSIONS: tuple[str, ...] = (SPANS_EXT, VIEW_EXT, LANGUAGE_EXT)
"""The Doc extensions of nexus (all default to None)."""
TEXT_KEY = ("nexus", "text")
NO_GROUP_KEY = ("nexus", "no_span_group")


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


def set_language(doc: Doc, language: str) -> None:
    """Tell the components which language a doc is in (en, fr, es)."""
    doc._.set(LANGUAGE_EXT, language)


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


def get_view(doc: Doc) -> MatchView:
    """The folded MatchView of a doc's text (pipeline.nlp.view), built once per doc."""
    view = doc._.get(VIEW_EXT)
    if view is None:
        view = build_view(doc_text(doc))
        doc._.set(VIEW_EXT, view)
    return view
