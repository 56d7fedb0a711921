"""The ``nexus`` command line: parses options, calls the library, turns errors into one clear line."""
from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from pipeline.config import DEFAULT_DB, Settings, load_settings, parse_overrides
from pipeline.errors import InputError, PipelineError, one_line
from pipeline.terminal import TABLE_VIEW_COLUMNS, OutputFormat, click_class, console, print_frame, print_sparse

PROG = "nexus"
app = typer.Typer(add_completion=False, no_args_is_help=True, help="nexus: mine policy reports for migration–SDG links.")
query_app = typer.Typer(no_args_is_help=True, help="Query the linkage tables (a run folder or the DuckDB index).")
app.add_typer(query_app, name="query")
err = Console(stderr=True)
STATE = {"debug": False}
CPU_SUFFIX = "_cpu"
"""A bench stage timed in CPU seconds (process time) besides its wall time."""
EXIT_OK = 0
EXIT_FAILED_DOCS = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130
USAGE_ERRORS: tuple[type[Exception], ...] = (click_class("ClickException"),)
"""Usage mistakes, as the click that typer runs on raises them."""
ABORTS: tuple[type[BaseException], ...] = (typer.Abort,)


RUN_HELP = "A run folder, or a run of the database (its id or folder name); default: each document's latest result."


@app.callback()
def _root(debug: bool = typer.Option(False, "--debug", help="Show tracebacks and debug logs."),
          verbose: bool = typer.Option(False, "--verbose", "-v", help="Show info logs.")) -> None:
    STATE["debug"] = debug
    level = logging.DEBUG if debug else logging.INFO if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


def _passwords(passwords: list[str], passwords_file: Optional[Path]) -> list[str]:
    out = list(passwords)
    if passwords_file is not None:
        try:
            out += [ln.strip() for ln in passwords_file.read_text(encoding="utf-8").splitlines() if ln.strip()]
        except OSError as exc:
            raise InputError(f"--passwords-file {passwords_file}: {exc.strerror}") from exc
    return out


@app.command()
def run(
    inputs: list[str] = typer.Argument(..., metavar="INPUT", help="Files, folders, globs or zip archives."),
    out: str = typer.Option(..., "--out", "-o", metavar="FOLDER", help="Run folder for the tables, texts and graphs."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="DuckDB database that indexes all runs."),
    no_db: bool = typer.Option(False, "--no-db", help="Do not index the run in the database."),
    workers: Optional[int] = typer.Option(None, "--workers", "-j", help="Worker processes (default: the cores)."),
    executor: str = typer.Option("process", "--executor", help="process (isolated workers), serial or dask."),
    scheduler: str = typer.Option("", "--scheduler", help="Dask scheduler address (with --executor dask)."),
    password: list[str] = typer.Option([], "--password", help="Password for encrypted PDFs (repeatable)."),
    passwords_file: Optional[Path] = typer.Option(None, "--passwords-file", help="File with one password per line."),
    timeout: float = typer.Option(300.0, "--timeout", help="Per-document time limit in seconds."),
    max_memory: int = typer.Option(2048, "--max-memory", help="Per-document memory limit in MB."),
    no_ocr: bool = typer.Option(False, "--no-ocr", help="Do not OCR pages without a text layer."),
    excel: bool = typer.Option(False, "--excel", help="Also write nexus.xlsx."),
    no_resume: bool = typer.Option(False, "--no-resume", help="Reprocess documents already done in this folder."),
    cache: Optional[Path] = typer.Option(None, "--cache", metavar="FOLDER",
                                         help="Cache shared by run folders (default: cache/ beside the database)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Neither read nor write the cache."),
    strict: bool = typer.Option(False, "--strict", help="Stop at the first failing document."),
    config: Optional[Path] = typer.Option(None, "--config", help="TOML settings file."),
    set_: list[str] = typer.Option([], "--set", help="Override a setting: key=value (repeatable)."),
) -> None:
    """Process reports into the contract tables, texts, graphs and the database."""
    from pipeline.run.batch import out_folder
    from pipeline.run.batch import run as run_batch

    overrides = {"executor": executor, "scheduler": scheduler, "timeout_s": timeout,
                 "max_memory_mb": max_memory, "ocr": not no_ocr, "excel": excel, "resume": not no_resume,
                 "strict": strict, "db": "none" if no_db else str(db), "use_cache": not no_cache,
                 "passwords": tuple(_passwords(password, passwords_file))}
    if cache is not None:
        overrides["cache"] = str(cache)
    if workers is not None:
        overrides["workers"] = workers
    overrides.update(parse_overrides(set_))
    settings = load_settings(config_file=config, overrides=overrides)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.fields[current]}"), console=err, transient=True) as bar:
        task = bar.add_task("nexus", total=None, current="")

        def progress(event: str, info: dict) -> None:
            if event == "start":
                bar.update(task, total=info["total"], completed=info["resumed"])
            elif event == "doc-start":
                bar.update(task, current=info["source"])
            elif event == "doc-done":
                bar.advance(task)
                if info["status"] != "ok":
                    bar.console.print(f"[yellow]{info['status']}[/]: {info['source']}: {info['error']}", soft_wrap=True)

        summary = run_batch(inputs, out_dir=out_folder(out), settings=settings, progress=progress)
    table = Table(show_header=False, box=None)
    table.add_row("documents", f"{summary.documents} ({summary.ok} ok, {summary.failed} failed, "
                               f"{summary.skipped} skipped, {summary.resumed} resumed)")
    table.add_row("pages", f"{summary.pages} in {summary.seconds:.1f} s ({summary.pages_per_s:.1f} pages/s)")
    table.add_row("tables", f"{out}/documents.csv, mentions.csv, links.csv (+ .parquet)")
    if summary.cache is not None:
        hits = ", ".join(f"{n} {stage}" for stage, n in summary.cached.items()) or "none"
        reused = "; tables and graphs reused, not rebuilt" if summary.reused else ""
        table.add_row("cache", f"{summary.cache} (from the cache: {hits}{reused})")
    if summary.structures:
        table.add_row("structures", ", ".join(f"{name}.csv ({n})" for name, n in summary.structures.items()))
    table.add_row("graph", f"{out}/graph.graphml, graph.json, graph.gexf")
    table.add_row("texts", f"{out}/text/<doc_id>.txt")
    if summary.db is not None:
        table.add_row("database", str(summary.db))
    console.print(table)
    for source, status, error in summary.failures:
        console.print(f"  {status}: {source}: {error}", soft_wrap=True, markup=False)
    if summary.failed or summary.skipped:
        raise typer.Exit(EXIT_FAILED_DOCS)


@app.command()
def bench(
    folder: Path = typer.Argument(..., metavar="FOLDER", help="Folder of PDFs."),
    repeat: int = typer.Option(1, "--repeat", help="Rounds; the best of each is kept."),
    no_ocr: bool = typer.Option(False, "--no-ocr", help="Do not OCR pages without a text layer."),
    archive: bool = typer.Option(False, "--archive", help="Run FOLDER twice as a batch (a first and a cached pass)."),
    workers: int = typer.Option(1, "--workers", "-j", help="Worker processes (with --archive)."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the --archive figures as JSON."),
) -> None:
    """Time the whole pipeline and raw pypdfium2 text extraction over the same PDFs, in one process; with
    --archive, the whole batch runner over a folder twice (first pass, then every result from the cache)."""
    from pipeline.run.bench import bench as run_bench

    settings = load_settings(overrides={"ocr": not no_ocr})
    if archive:
        _bench_archive(folder, settings=replace(settings, workers=workers, executor="process"), json_out=json_out)
        return
    rep = run_bench(folder, settings=settings, repeat=repeat)
    console.print(f"files {rep.files}, pages {rep.pages} (model load {rep.model_load_seconds:.2f} s, not timed)")
    console.print(f"raw pypdfium2 text : {rep.raw_seconds:7.2f} s  {rep.raw_pages_per_s:8.1f} pages/s")
    console.print(f"nexus pipeline     : {rep.pipeline_seconds:7.2f} s  {rep.pipeline_pages_per_s:8.1f} pages/s")
    console.print(f"ratio pipeline/raw : {rep.ratio:7.2f}x  (goal ≤ 3x)")
    for stage, secs in rep.stage_seconds.items():
        label = f"{stage.removesuffix(CPU_SUFFIX)} (CPU)" if stage.endswith(CPU_SUFFIX) else stage
        console.print(f"  stage {label:<9}: {secs:7.2f} s  {rep.stage_pages_per_s(stage):8.1f} pages/s")
    console.print(f"peak RSS {rep.peak_rss_mb:.0f} MB; whole process so far {_process_seconds():.1f} s "
                  "(start-up, model load, raw and pipeline rounds)")
    for line in rep.failed:
        console.print(f"  failed: {line}")


def _process_seconds() -> float:
    """Seconds since this process started (its start-up and imports included)."""
    import time

    import psutil

    return time.time() - psutil.Process().create_time()


def _bench_archive(folder: Path, *, settings: Settings, json_out: Optional[Path]) -> None:
    """Print (and write as JSON) the two passes of an archive benchmark."""
    import tempfile

    from pipeline.run.bench import bench_archive, pass_summary, write_archive_json

    with tempfile.TemporaryDirectory(prefix="nexus-bench-") as work:
        reports = bench_archive(folder, settings=settings, work_dir=Path(work))
    for rep in reports:
        s = pass_summary(rep)
        console.print(f"{s['pass']:>6} pass: {s['documents']} documents ({s['ok']} ok), {s['pages']} pages in "
                      f"{s['seconds']} s: {s['pages_per_s']} pages/s, {s['documents_per_s']} documents/s; per document "
                      f"p50 {s['p50_doc_seconds']} s, p95 {s['p95_doc_seconds']} s, max {s['max_doc_seconds']} s; "
                      f"cache hits {s['cache_hit_rate']:.0%}; peak RSS parent {s['peak_rss_parent_mb']} MB, "
                      f"workers {s['peak_rss_workers_mb']} MB", soft_wrap=True)
    if json_out is not None:
        console.print(f"figures written to {write_archive_json(reports, json_out)}")


@app.command("build-model")
def build_model_cmd(out: Optional[Path] = typer.Option(
        None, "--out", help="Model folder (default: $NEXUS_MODEL_DIR/nexus_tagger, else ~/.cache/nexus/nexus_tagger).")
) -> None:
    """Build the spaCy tagging pipeline from the project's gazetteers and patterns and save it."""
    from pipeline.tag import install_tagger

    path = install_tagger(out)
    console.print(f"saved tagger to {path} (a plain spaCy pipeline: spacy.load works once nexus is installed)")


@app.command()
def classify(
    text_or_file: str = typer.Argument(..., metavar="TEXT_OR_CSV", help="A passage of text, or a CSV file with --text-column."),
    text_column: str = typer.Option("text", "--text-column", help="Column holding the passages."),
    out: Optional[Path] = typer.Option(None, "--out", help="CSV to write (rows with sdgs and targets columns)."),
    language: str = typer.Option("auto", "--language",
                                 help="en, fr or es; auto (the default) detects it per passage / per row."),
) -> None:
    """Classify a passage (or every row of a CSV) into SDGs, targets and indicators with scores and reasons."""
    from pipeline.classify.io import classify_csv, classify_one

    path = Path(text_or_file)
    if path.suffix.lower() == ".csv" and path.exists():
        target = out or path.with_name(path.stem + ".sdgs.csv")
        n, seconds = classify_csv(path, text_column=text_column, out=target, language=language)
        console.print(f"classified {n} rows in {seconds:.2f} s ({n / max(seconds, 1e-9):.0f} passages/s) → {target}")
        return
    detected, rows = classify_one(text_or_file, language=language)
    console.print(f"language {detected}" + (" (detected)" if language == "auto" else ""), markup=False)
    for row in rows:
        indent = "  " if row.kind == "indicator" else ""
        reason = f"  {row.reason}" if row.reason else ""
        console.print(f"{indent}{row.kind:<9} {row.code:<8} {row.score:.3f}{reason}", markup=False)


@query_app.command("links")
def query_links_cmd(
    sdg: Optional[str] = typer.Option(None, "--sdg", help="SDG goal, target or indicator, e.g. 10.7."),
    theme: Optional[str] = typer.Option(None, "--theme", help="Migration theme id, e.g. remittances."),
    country: Optional[str] = typer.Option(None, "--country", help="ISO3 code, e.g. MAR."),
    org: Optional[str] = typer.Option(None, "--org", help="Organisation id, e.g. IOM."),
    relation: Optional[str] = typer.Option(None, "--relation", help="explicit or inferred."),
    kind: Optional[str] = typer.Option(None, "--kind", help="Document kind, e.g. evaluation, resolution, vnr."),
    doc: Optional[str] = typer.Option(None, "--doc", help="One document: its doc id, file name or UN symbol."),
    year: Optional[int] = typer.Option(None, "--year", help="Documents of one year."),
    run_dir: Optional[Path] = typer.Option(None, "--run", help=RUN_HELP),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="DuckDB database."),
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="How to print or write the table."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (needed for xlsx, docx)."),
) -> None:
    """Print the evidence table of links (document, page, relation, evidence sentence)."""
    from pipeline.output.query import query_links

    df = query_links(sdg=sdg, theme=theme, country=country, org=org, relation=relation, kind=kind, doc=doc,
                     year=year, db=db, run_dir=run_dir)
    print_frame(df, fmt, output, view=TABLE_VIEW_COLUMNS)


@query_app.command("matrix")
def query_matrix_cmd(
    kind: str = typer.Argument("theme-target", metavar="KIND", help="country-target, theme-target, org-target or country-theme."),
    doc_kind: Optional[str] = typer.Option(None, "--kind", help="Document kind, e.g. evaluation, resolution, vnr."),
    doc: Optional[str] = typer.Option(None, "--doc", help="One document: its doc id, file name or UN symbol."),
    year: Optional[int] = typer.Option(None, "--year", help="Documents of one year."),
    run_dir: Optional[Path] = typer.Option(None, "--run", help=RUN_HELP),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="DuckDB database."),
    fmt: OutputFormat = typer.Option(OutputFormat.TABLE, "--format", help="How to print or write the table."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (needed for xlsx, docx)."),
) -> None:
    """Print a cross-table (documents counted) of countries or themes against SDG targets."""
    from pipeline.output.query import matrix

    grid = matrix(kind, db=db, run_dir=run_dir, doc_kind=doc_kind, doc=doc, year=year)
    if fmt is OutputFormat.TABLE and output is None:
        print_sparse(grid)
        return
    print_frame(grid.reset_index(), fmt, output)


@app.command()
def graph(
    out: Path = typer.Option(..., "--out", help="Folder for the merged graph files."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="DuckDB database with all runs."),
    co_occurrence: bool = typer.Option(False, "--co-occurrence",
                                       help="Add the co-occurrence layer (document → mention, actor–country)."),
) -> None:
    """Build the graph merged across every run in the database and write GraphML, GEXF and JSON."""
    from pipeline.output.graph import build_graph, write_graph
    from pipeline.output.query import load_tables

    g = build_graph(load_tables(db=db), co_occurrence=co_occurrence)
    out.mkdir(parents=True, exist_ok=True)
    for path in write_graph(g, out):
        console.print(str(path))
    console.print(f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges")


@app.command()
def report(
    run_dir: Optional[Path] = typer.Argument(None, metavar="RUN", help="A run folder (default: the database)."),
    out: Path = typer.Option(..., "--out", "-o", help="The HTML file to write."),
    db: Path = typer.Option(DEFAULT_DB, "--db", help="DuckDB database (without RUN)."),
) -> None:
    """Write one self-contained HTML report (plots and the evidence table) to send to a co-author."""
    from pipeline.output.query import load_tables
    from pipeline.output.report import write_report

    tables = load_tables(db=db, run_dir=run_dir)
    heading = f"nexus report: {run_dir.name}" if run_dir is not None else "nexus report"
    console.print(str(write_report(tables, out, heading=heading)))


LOCAL_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@app.command()
def serve(
    db: Path = typer.Option(DEFAULT_DB, "--db", help="DuckDB database to serve (opened read-only)."),
    run_dir: Optional[str] = typer.Option(None, "--run", help="Serve only one indexed run (its id or folder name)."),
    host: str = typer.Option(LOCAL_HOST, "--host", help="Address to listen on (default: this machine only)."),
    port: int = typer.Option(DEFAULT_PORT, "--port", help="Port to listen on."),
) -> None:
    """Serve a read-only web app over the database: evidence browser, page views, gap map, graph, downloads."""
    import uvicorn

    from pipeline.serve.app import create_app, reachable_from_others

    web = create_app(db=db, run_dir=Path(run_dir) if run_dir is not None else None, host=host)
    if reachable_from_others(host):
        err.print(f"warning: serving on {host}:{port}: the app is reachable from other machines", markup=False)
    console.print(f"nexus serve: http://{host}:{port}/ (database {db}, read-only; Ctrl-C stops)", markup=False)
    uvicorn.run(web, host=host, port=port, log_level="warning")


def _usage_context(args: Sequence[str]) -> object | None:
    """A context of the deepest (sub)command named in ``args``, for the usage line of an error that lacks one."""
    command = typer.main.get_command(app)
    ctx = None
    name = PROG
    for token in (PROG, *args):
        if token.startswith("-"):  # the groups' own options are flags (--debug, --verbose)
            continue
        if ctx is not None:
            sub = command.get_command(ctx, token) if hasattr(command, "get_command") else None
            if sub is None:
                break
            command, name = sub, token
        ctx = command.make_context(name, [], parent=ctx, resilient_parsing=True)
    return ctx


def _show_usage_error(exc: Exception, args: Sequence[str]) -> int:
    """Print click's usage message and error for a usage mistake; return exit status 2 (click's own is 1 or 2)."""
    if hasattr(exc, "ctx") and exc.ctx is None:
        exc.ctx = _usage_context(args)
    show = getattr(exc, "show", None)
    if callable(show):
        show()
    else:
        print(f"Error: {one_line(str(exc))}", file=sys.stderr)
    return EXIT_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``) and return the exit status.

    0: every document ok; 1: some documents failed or were skipped; 2: a usage mistake or any other error
    (one line on stderr; an unexpected exception says "internal error" and suggests ``--debug``).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    STATE["debug"] = False
    try:
        code = app(args, prog_name=PROG, standalone_mode=False)
    except PipelineError as exc:
        if STATE["debug"]:
            raise
        print(f"{PROG}: error: {one_line(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except USAGE_ERRORS as exc:
        return _show_usage_error(exc, args)
    except (*ABORTS, KeyboardInterrupt):
        code = EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the one place that turns any bug into one line
        if STATE["debug"]:
            raise
        print(f"{PROG}: internal error: {type(exc).__name__}: {one_line(str(exc))} (rerun with --debug)",
              file=sys.stderr)
        return EXIT_ERROR
    if code == EXIT_INTERRUPTED:  # typer's click answers Ctrl-C with this code instead of raising Abort
        print(f"{PROG}: interrupted; finished documents are kept: rerun the same command to resume", file=sys.stderr)
    return code if isinstance(code, int) else EXIT_OK
