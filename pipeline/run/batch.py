"""Many documents: input expansion, resume from per-document parts and the cache, outputs (the executors: pipeline.run.executors)."""
from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import RESULT_NEUTRAL_SETTINGS, Settings
from pipeline.errors import ConfigError, PipelineError, StoreError
from pipeline.ids import DOC_ID_HEX, hash_id
from pipeline.ingest.inputs import InputFile, display_name
from pipeline.run.cache import StageCache, file_digest, files_digest, open_cache, stage_keys, usable_folder
from pipeline.run.snapshot import find_snapshot, outputs_current, restore_snapshot, run_key, save_snapshot
from pipeline.run.outcome import DEGRADED_NOTE, failed_result
from pipeline.output.db_core import index_restored_run
from pipeline.output.store import (STRUCTURE_TABLES, TABLES, frame, read_part, read_tables, result_rows,
                                   write_doc_text, write_part)
from pipeline.output.stream import PUBLISH, STAGE, TableStream
from pipeline.run.tables import OrderedTables
from pipeline.output.files import MANIFEST, PARTS_DIR, begin_outputs, commit_outputs, remove_stale_temporaries
from pipeline.run.executors import ProgressFn, results
from pipeline.run.task import Task

if TYPE_CHECKING:
    import pandas as pd

log = logging.getLogger(__name__)

INPUTS_WORK_DIR = ".inputs"
CACHE_DIR_NAME = "cache"
"""The default cache folder's name, beside the database (pipeline.run.cache)."""
CACHED_RESULT = "result"
"""The documents table's ``cached`` value of a document whose rows came whole from the cache."""
FINGERPRINT_HEX = 8

@dataclass(frozen=True, slots=True)
class RunSummary:
    """What a run did, for the one-screen summary and for scripts."""

    out_dir: Path
    run_id: str
    documents: int
    ok: int
    failed: int
    skipped: int
    resumed: int
    pages: int
    seconds: float
    outputs: tuple[Path, ...] = ()
    db: Path | None = None
    failures: tuple[tuple[str, str, str], ...] = field(default=())  # (source, status, error)
    structures: dict[str, int] = field(default_factory=dict)
    cache: Path | None = None
    """The cache folder the run read and wrote (None without a cache)."""
    cached: dict[str, int] = field(default_factory=dict)
    """Documents whose work came from the cache, by the latest stage read: result (nothing redone), tag (only
    linked again) or extract (tagged and linked again)."""
    reused: bool = False
    """The run folder's tables and graphs were not rebuilt: linked from the cache's snapshot of the same run, or
    already current (pipeline.run.snapshot)."""
    """Rows of each structured table found (facts, results, activities, recommendations, agenda, tables)."""

    @property
    def pages_per_s(self) -> float:
        """Pages processed per second of wall time."""
        return self.pages / self.seconds if self.seconds > 0 else 0.0


def code_fingerprint() -> str:
    """A hash of the package's code and data files, so parts written by another version are not reused."""
    return files_digest()[:FINGERPRINT_HEX]


def settings_fingerprint(settings: Settings) -> str:
    """A hash of the code and of every setting that can change a document's result (all but RESULT_NEUTRAL_SETTINGS).

    A new field of Settings counts by default, so parts written under other settings or code are never reused.
    """
    parts = [f"{f.name}={getattr(settings, f.name)!r}" for f in fields(Settings)
             if f.name not in RESULT_NEUTRAL_SETTINGS]
    return hash_id(code_fingerprint(), *parts)[:FINGERPRINT_HEX]


def out_folder(given: str | Path) -> Path:
    """The run folder a user named, refused when the name is empty (``--out ''`` would write into the current folder)."""
    if not str(given).strip():
        raise ConfigError("--out is empty: name the run folder, e.g. --out outputs/run1")
    return Path(given)


def prepare_out_dir(out_dir: Path) -> None:
    """Create the run folder (and check it can be written), with a one-line error naming the folder and the cause."""
    if out_dir.exists() and not out_dir.is_dir():
        raise StoreError(f"run folder {out_dir} is a file, not a folder: choose another --out")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        probe = out_dir / f".nexus-write-check.{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise StoreError(f"cannot write into run folder {out_dir}: {exc.strerror or exc}") from exc


def _digest(path: Path) -> str:
    """The sha256 of a file, or '' when it cannot be read (its task then fails with the reason)."""
    try:
        return file_digest(path)
    except OSError:
        return ""


def _part_key(digest: str, source: str, fingerprint: str) -> str:
    """The key of an input's part: its bytes (or "unreadable"), its name and the settings fingerprint."""
    doc = digest[:DOC_ID_HEX] if digest else "unreadable"
    return f"{doc}-{hash_id(source)[:8]}-{fingerprint}"


def cache_folder(settings: Settings) -> Path | None:
    """The cache folder of a run: ``--cache DIR``, else ``cache/`` beside the database; None with ``--no-cache``
    or when there is neither."""
    if not settings.use_cache:
        return None
    if settings.cache is not None:
        return Path(settings.cache)
    return Path(settings.db).parent / CACHE_DIR_NAME if settings.db is not None else None


def _from_cache(out_dir: Path, hit: tuple[dict, str], *, source: str, path: Path) -> dict:
    """A document's cached rows, given this run's file name, with its text written into the run folder (no part:
    an interrupted run finds the document in the cache again)."""
    rows, text = hit
    docs = [{**rows["documents"][0], "source": source, "path": display_name(path), "cached": CACHED_RESULT,
             "seconds": 0.0}]  # nothing was processed in this run
    links = [{**row, "source": source} for row in rows.get("links", ())]
    rows = {**rows, "documents": docs, "links": links}
    try:
        write_doc_text(out_dir, docs[0]["doc_id"], text)
    except OSError as exc:
        raise StoreError(f"cannot write into run folder {out_dir}: {exc.strerror or exc}") from exc
    return rows


def run(inputs: Sequence[str | Path], *, out_dir: Path, settings: Settings | None = None,
        progress: ProgressFn | None = None) -> RunSummary:
    """Process every input into ``out_dir`` (contract tables, text, graph) and index the run in DuckDB."""
    from pipeline.ingest.inputs import expand_inputs

    settings = settings or Settings()
    started = time.perf_counter()
    out_dir = out_folder(out_dir)
    prepare_out_dir(out_dir)
    remove_stale_temporaries(out_dir)
    files = expand_inputs(inputs, work_dir=out_dir / INPUTS_WORK_DIR)
    folder = cache_folder(settings)
    folder = folder.resolve() if folder is not None and usable_folder(folder) else None  # workers anywhere find it
    settings = replace(settings, cache=folder)
    store = open_cache(settings)
    fingerprint = settings_fingerprint(settings)
    ordered: list[str] = []
    tasks: list[Task] = []
    result_keys: dict[str, str] = {}
    digests: dict[str, str] = {}
    for f in files:
        digest = _digest(f.path) if not f.refused else ""
        key = _part_key(digest, f.source, fingerprint)
        digests[key] = digest
        ordered.append(key)
        if store is not None and digest:
            result_keys[key] = stage_keys(settings, digest, suffix=f.path.suffix)["result"]
    whole = _run_key(files, ordered, result_keys, settings=settings) if store is not None else ""
    if whole:
        reused = _reuse_run(out_dir, whole, store=store, settings=settings, started=started)
        if reused is not None:
            return reused
    with TableStream(out_dir, parquet=_parquet_mode(settings)) as stream:
        tables = OrderedTables(stream, ordered)
        resumed = _gather(files, ordered, tables, tasks, out_dir=out_dir, store=store, result_keys=result_keys,
                          settings=settings)
        if progress:
            progress("start", {"total": len(files), "todo": len(tasks), "resumed": resumed})
        for key, result in results(tasks, settings=settings, progress=progress):
            rows = result_rows(result)
            try:
                write_part(out_dir, key, result, rows=rows)
            except OSError as exc:
                raise StoreError(f"cannot write into run folder {out_dir}: {exc.strerror or exc}") from exc
            if store is not None and result_keys.get(key) and result.document.status == "ok" and \
                    result.document.doc_id == digests[key][:DOC_ID_HEX] and \
                    not any(DEGRADED_NOTE in note for note in result.document.notes):  # the bytes the key was made of
                rows["documents"][0]["result_key"] = result_keys[key]
                store.put("result", result_keys[key], (rows, result.document.text))
            tables.add(key, rows)
            if settings.strict and result.document.status == "failed":
                raise PipelineError(f"{result.document.source}: {result.document.error} (stopped by --strict; "
                                    "rerun to resume)")
            if progress:
                doc = result.document
                progress("doc-done", {"source": doc.source, "status": doc.status, "error": doc.error,
                                      "pages": len(doc.pages)})
        return finish_run(out_dir, tables, settings=settings, started=started, resumed=resumed,
                          snapshot=(store, whole) if store is not None and whole else None)


def _parquet_mode(settings: Settings) -> str | None:
    """Whether a run's Parquet files are kept, staged for the database or the workbook only, or not written."""
    if settings.parquet:
        return PUBLISH
    return STAGE if settings.db is not None or settings.excel else None


def _gather(files: Sequence[InputFile], ordered: Sequence[str], tables: OrderedTables, tasks: list[Task], *,
            out_dir: Path, store: StageCache | None, result_keys: dict[str, str], settings: Settings) -> int:
    """Add the rows already known (refused inputs, resumed parts, cached results) and list the documents to
    process in ``tasks``; the number resumed."""
    resumed = 0
    for f, key in zip(files, ordered):
        if f.refused:
            tables.add(key, result_rows(failed_result(f.path, source=f.source, error=f.refused, status=f.status)))
            continue
        stored = read_part(out_dir, key) if settings.resume else None
        if stored is not None and stored["documents"][0].get("status") == "failed":
            stored = None  # a failure (a limit, a crash, a damaged file) is retried: it may not fail again
        if stored is not None:
            tables.add(key, stored)
            resumed += 1
            continue
        hit = store.get("result", result_keys[key]) if store is not None and result_keys.get(key) else None
        if hit is not None:
            tables.add(key, _from_cache(out_dir, hit, source=f.source, path=f.path))
            continue
        tasks.append(Task(key=key, path=f.path, source=f.source))
    return resumed


def _run_key(files: Sequence[InputFile], ordered: Sequence[str], result_keys: dict[str, str], *,
             settings: Settings) -> str:
    """The whole run's key (pipeline.run.snapshot) when its outputs can be kept and reused, else ''."""
    if settings.excel or not files or any(f.refused or not result_keys.get(k) for f, k in zip(files, ordered)):
        return ""
    return run_key([(f.source, display_name(f.path), result_keys[k]) for f, k in zip(files, ordered)],
                   parquet=settings.parquet)


def _reuse_run(out_dir: Path, whole: str, *, store: StageCache, settings: Settings,
               started: float) -> RunSummary | None:
    """A run whose outputs are already known: the run folder is left as it is when it holds them, or linked from
    the cache's snapshot when the folder is new; the database records the run. None when neither applies."""
    snapshot = find_snapshot(store.root, whole)
    if snapshot is None:
        return None
    figures = snapshot.record["summary"]
    doc_ids = figures["doc_ids"]
    run_id = hash_id(out_dir.resolve(), *sorted(doc_ids))
    if settings.resume and outputs_current(out_dir, whole, doc_ids):
        resumed, outputs = len(doc_ids), [out_dir / rel for rel in figures["outputs"]]
    elif not (out_dir / MANIFEST).exists() and not (out_dir / PARTS_DIR).exists():
        resumed, outputs = 0, restore_snapshot(snapshot, out_dir, run_id=run_id, run_key=whole)
    else:
        return None
    if settings.db is not None and not index_restored_run(Path(settings.db), run_id=run_id, out_dir=out_dir.resolve(),
                                                          documents_csv=out_dir / "documents.csv"):
        from pipeline.output.db import index_run

        index_run(Path(settings.db), run_id=run_id, out_dir=out_dir.resolve(), tables=read_tables(out_dir))
    n = len(doc_ids)
    return RunSummary(
        out_dir=out_dir, run_id=run_id, documents=n, ok=n, failed=0, skipped=0, resumed=resumed,
        pages=int(figures["pages"]), seconds=time.perf_counter() - started, outputs=tuple(outputs),
        db=Path(settings.db) if settings.db is not None else None, structures=dict(figures["structures"]),
        cache=store.root, cached={CACHED_RESULT: n - resumed} if n > resumed else {}, reused=True)


def finish_run(out_dir: Path, tables: OrderedTables, *, settings: Settings, started: float,
               resumed: int = 0, snapshot: tuple[StageCache, str] | None = None) -> RunSummary:
    """Commit the run's tables (streamed while its documents finished) and write its graphs and database index."""
    from pipeline.output.db import index_run_files
    from pipeline.output.graph import build_graph, write_graph

    tables.finish()
    stream = tables.stream
    docs = frame(tables.documents, TABLES["documents"])
    run_id = hash_id(out_dir.resolve(), *sorted(docs["doc_id"].astype(str)))
    begin_outputs(out_dir, run_id=run_id)
    outputs = stream.commit()
    if settings.excel:
        outputs.append(_workbook(out_dir, stream))
    graph = build_graph({"documents": docs, "links": frame(tables.links, TABLES["links"])})
    outputs += write_graph(graph, out_dir)
    status = docs["status"].astype(str) if len(docs) else docs["status"]
    keep = snapshot is not None and len(docs) > 0 and bool((status == "ok").all()) and \
        bool((docs["result_key"].fillna("").astype(str) != "").all())  # every result was cached (none degraded)
    outputs.append(commit_outputs(out_dir, outputs, run_id=run_id, run_key=snapshot[1] if keep and snapshot else ""))
    failures = tuple((str(r.source), str(r.status), str(r.error)) for r in docs.itertuples() if r.status != "ok")
    ok_pages = int(docs.loc[status == "ok", "pages"].sum()) if len(docs) else 0
    structures = {name: stream.count(name) for name in STRUCTURE_TABLES if stream.count(name)}
    if keep and snapshot is not None:
        figures = {"doc_ids": sorted(docs["doc_id"].astype(str)), "pages": ok_pages, "structures": structures,
                   "outputs": [p.relative_to(out_dir).as_posix() for p in outputs]}
        save_snapshot(snapshot[0].root, snapshot[1], out_dir, outputs=outputs, documents=tables.documents,
                      parquet=settings.parquet, summary=figures)
    if settings.db is not None:
        index_run_files(Path(settings.db), run_id=run_id, out_dir=out_dir.resolve(), files=stream.staged())
    stream.remove_staged()
    return RunSummary(
        out_dir=out_dir, run_id=run_id, documents=len(docs), ok=int((status == "ok").sum()),
        failed=int((status == "failed").sum()), skipped=int((status == "skipped").sum()), resumed=resumed,
        pages=ok_pages, seconds=time.perf_counter() - started, outputs=tuple(outputs),
        db=Path(settings.db) if settings.db is not None else None, failures=failures,
        structures=structures, cache=Path(settings.cache) if settings.cache is not None else None, cached=_cache_counts(docs),
    )


def _workbook(out_dir: Path, stream: TableStream) -> Path:
    """The author workbook, from the run's Parquet files (published or staged)."""
    import pandas as pd

    from pipeline.output.sheets import WORKBOOK_NAME, write_workbook

    tables = {name: pd.read_parquet(path) for name, path in stream.staged().items()}
    return write_workbook(tables, out_dir / WORKBOOK_NAME)


def _cache_counts(docs: pd.DataFrame) -> dict[str, int]:
    """How many documents came from the cache at each stage (latest first)."""
    if "cached" not in docs.columns:
        return {}
    counts = docs["cached"].fillna("").astype(str).value_counts()
    return {stage: int(counts[stage]) for stage in (CACHED_RESULT, "tag", "extract") if counts.get(stage, 0)}
