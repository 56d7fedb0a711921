"""One document through every stage: extract → assemble → detect → segment → tag → link."""
from __future__ import annotations

import bisect
import gc
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language

from pipeline.classify.inference import infer_targets_batch
from pipeline.config import Settings
from pipeline.document.assemble import page_at
from pipeline.document.provenance import locate
from pipeline.errors import ModelError, PipelineError
from pipeline.ids import DOC_ID_HEX, hash_id
from pipeline.ingest.inputs import display_name
from pipeline.link import InferFn, link
from pipeline.link.inferred import heading_indicators, prepare
from pipeline.nlp.finders.themes import find_generic
from pipeline.run.cache import file_digest, open_cache, stage_keys
from pipeline.run.extraction import extract_document
from pipeline.run.outcome import DEGRADED_NOTE, failed_result
from pipeline.structure import extract_structures
from pipeline.structure import preload as preload_structures
from pipeline.tag import load_tagger, tag_text
from pipeline.document.segment import segment
from pipeline.document.tiles import GoalTile, find_goal_tiles, tile_spans
from pipeline.types import DocResult, Document, Link, Mention, Sentence, Span
from pipeline.vocab import DEFAULT_LANGUAGE, GENERIC_LABEL, LANGUAGES

log = logging.getLogger(__name__)

WARM_UP_LANGUAGE = DEFAULT_LANGUAGE
WARM_UP_PASSAGE = "Reduce the transaction costs of migrant remittances."


def place_spans(doc: Document, sentences: Sequence[Sentence], spans: Sequence[Span], *,
                with_ids: bool = True) -> tuple[Mention, ...]:
    """Turn char spans into Mentions with page, sentence and section (ids hash the natural key; without
    ``with_ids``, for mentions that only the link stage reads, the id is left empty)."""
    starts = [s.char_start for s in sentences]
    out: list[Mention] = []
    seen: set[tuple[str, int, int, str]] = set()
    for sp in spans:
        key = (sp.label, sp.start, sp.end, sp.canonical_id)
        if key in seen or not (0 <= sp.start < sp.end <= len(doc.text)):
            continue
        seen.add(key)
        i = bisect.bisect_right(starts, sp.start) - 1
        sent = sentences[i] if i >= 0 and sp.start < sentences[i].char_end else None
        out.append(Mention(
            doc_id=doc.doc_id,
            mention_id=hash_id(doc.doc_id, sp.label, sp.start, sp.end, sp.canonical_id) if with_ids else "",
            label=sp.label,
            text=doc.text[sp.start:sp.end],
            canonical_id=sp.canonical_id,
            page=sent.page if sent else page_at(doc.pages, sp.start),
            char_start=sp.start,
            char_end=sp.end,
            sentence_id=sent.sentence_id if sent else "",
            section=sent.section if sent else "",
        ))
    return tuple(sorted(out, key=lambda m: (m.char_start, m.char_end, m.label)))


def with_boxes(result: DocResult) -> DocResult:
    """The result with every mention and link boxed on its page (from the document's char map; PDFs only)."""
    doc = result.document
    if not any(block.line_boxes for page in doc.pages for block in page.blocks):
        return result

    def boxed(record: Mention | Link) -> Mention | Link:
        found = locate(doc, record.char_start, record.char_end) if record.char_start >= 0 else None
        return replace(record, page=found[0], bbox=found[1]) if found else record

    return replace(result, mentions=tuple(boxed(m) for m in result.mentions),
                   links=tuple(boxed(link) for link in result.links))


def _infer_fn(language: str) -> InferFn:
    """Target inference for the passages of a document in ``language`` (one batched call per document)."""
    return lambda passages: infer_targets_batch(passages, language=language)


def warm_up(settings: Settings) -> Language:
    """Load the tagger and the inference model once (before timing, or before forking workers); return the tagger."""
    nlp = load_tagger(settings)
    preload_structures()
    if settings.infer_links:
        _infer_fn(WARM_UP_LANGUAGE)([WARM_UP_PASSAGE])
        heading_indicators([WARM_UP_PASSAGE], language=WARM_UP_LANGUAGE)
        for language in LANGUAGES:  # workers forked after the warm-up share these tables
            prepare(language)
    settle_heap()
    return nlp


GC_YOUNG_THRESHOLD = 50_000
"""Allocations between two collections of the youngest generation (CPython's default is 700): tagging a report
allocates millions of short-lived records, and every collection walks what survived the last one."""


def settle_heap() -> None:
    """Move what the warm-up loaded (the tagger, gazetteers, framework tables) out of the collector's sight and
    collect young objects less often: both spare each document's stages from re-walking a heap that never dies,
    and the collector of a forked worker no longer writes to, and so copies, the parent's pages."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, older, oldest)


@dataclass(frozen=True, slots=True)
class Tagged:
    """What the tag stage gives the link stage: sentences, mentions (and the bare migration words), goal tiles."""

    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    generic: tuple[Mention, ...]
    tiles: tuple[GoalTile, ...]
    timings: dict[str, float] = field(default_factory=dict)


def tag_document(doc: Document, *, nlp: Language) -> Tagged:
    """Segment and tag an assembled document with the tagger ``nlp``."""
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    sentences = segment(doc)
    timings["segment"] = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    lang = doc.language if doc.language in LANGUAGES else DEFAULT_LANGUAGE
    spans = tag_text(doc.text, language=lang, nlp=nlp)
    tiles = find_goal_tiles(sentences)
    spans = [*spans, *tile_spans(tiles)]  # goal tiles are found only here (place_spans drops exact duplicates)
    mentions = place_spans(doc, sentences, spans)
    generic = place_spans(doc, sentences, find_generic(doc.text, language=lang), with_ids=False)
    timings["tag"] = time.perf_counter() - t0
    timings["tag_cpu"] = time.process_time() - c0
    return Tagged(tuple(sentences), mentions, generic, tuple(tiles), timings)


def link_document(doc: Document, tagged: Tagged, *, settings: Settings) -> DocResult:
    """Link a tagged document and find its structured tables."""
    timings = dict(tagged.timings)
    lang = doc.language if doc.language in LANGUAGES else DEFAULT_LANGUAGE
    t0, c0 = time.perf_counter(), time.process_time()
    infer = _infer_fn(lang) if settings.infer_links else None
    links = link(tagged.sentences, (*tagged.mentions, *tagged.generic), infer=infer, tiles=tagged.tiles,
                 language=lang, min_inferred_weight=settings.infer_threshold, kind=doc.kind, title=doc.title)
    timings["link"] = time.perf_counter() - t0
    timings["link_cpu"] = time.process_time() - c0
    t0 = time.perf_counter()
    structures = extract_structures(doc, tagged.mentions)
    timings["structure"] = time.perf_counter() - t0
    mentions = tuple(m for m in tagged.mentions if m.label != GENERIC_LABEL)
    return DocResult(document=doc, sentences=tagged.sentences, mentions=mentions, links=links, timings=timings,
                     structures=structures)


def analyse(doc: Document, *, settings: Settings, nlp: Language) -> DocResult:
    """Segment, tag (with the tagger ``nlp``) and link an assembled document."""
    return link_document(doc, tag_document(doc, nlp=nlp), settings=settings)


def process_document(path: Path, *, source: str | None = None, settings: Settings | None = None,
                     nlp: Language | None = None, extracted: Document | None = None) -> DocResult:
    """Run one file through the whole pipeline; a PipelineError becomes a failed DocResult, never a crash.

    ``nlp`` is the tagger to use; without one, the tagger of ``settings`` (:func:`pipeline.tag.load_tagger`, cached).
    ``extracted`` is the file's extract stage when the run has it already (:mod:`pipeline.run.prefetch`); it is
    used only when its document id is the file's.
    """
    settings = settings or Settings()
    path = Path(path)
    source = source or path.name
    started = time.perf_counter()
    try:
        sha = file_digest(path)
    except OSError as exc:
        return failed_result(path, source=source, error=f"cannot read file: {exc.strerror or exc}")
    doc_id = sha[:DOC_ID_HEX]
    store = open_cache(settings)
    keys = stage_keys(settings, sha, suffix=path.suffix) if store is not None else {}
    cached = ""
    try:
        t0 = time.perf_counter()
        doc = store.get("extract", keys["extract"]) if store is not None else None
        if doc is not None:
            doc, cached = replace(doc, source=source, path=display_name(path)), "extract"
        else:
            doc = extracted if extracted is not None and extracted.doc_id == doc_id else \
                extract_document(path, doc_id=doc_id, source=source, settings=settings)
            if store is not None and not any(DEGRADED_NOTE in note for note in doc.notes):
                store.put("extract", keys["extract"], doc)  # an extraction that lacked OCR is not kept
        t_extract = time.perf_counter() - t0
        tagged = store.get("tag", keys["tag"]) if store is not None else None
        if tagged is not None:
            cached = "tag"
        else:
            tagged = tag_document(doc, nlp=nlp if nlp is not None else load_tagger(settings))
            if store is not None:
                store.put("tag", keys["tag"], tagged)
        result = link_document(doc, tagged, settings=settings)
    except ModelError:
        raise  # a setting naming no usable tagger is the run's error, not the document's
    except PipelineError as exc:
        if settings.strict:
            raise
        return failed_result(path, source=source, error=exc, doc_id=doc_id, seconds=time.perf_counter() - started)
    timings = {"extract": t_extract, **result.timings}
    return replace(with_boxes(result), seconds=time.perf_counter() - started, timings=timings, cached=cached)
