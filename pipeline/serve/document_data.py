"""The web app's reads of the served documents and the finding of their input PDF files (looked up by a
document's id only, never by a path from a request)."""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipeline.output.query import cell_text
from pipeline.serve.database import Database

RUN_FOLDER_DEPTH = 2
"""A relative input path is also tried from a run's recorded folder and this many of its parents."""
PDF_SUFFIX = ".pdf"

FileKey = tuple[str, tuple[str, ...]]
"""A recorded input path and the folders of its document's runs."""


@dataclass(frozen=True, slots=True)
class DocumentFile:
    """A document of the database whose input file can be shown: its id, title, page count and PDF file."""

    doc_id: str
    title: str
    pages: int
    path: Path


class InputFiles:
    """The documents' input files found beside one database: recorded path and run folders → the file (or None),
    each looked up once."""

    def __init__(self, db_folder: Path) -> None:
        self.db_folder = db_folder
        self._found: dict[FileKey, Path | None] = {}
        self._lock = threading.Lock()

    def find(self, recorded: str, run_dirs: tuple[str, ...] = ()) -> Path | None:
        """The PDF file a recorded input path names: a relative path is tried from the working folder, beside
        the database and from the folders of its runs (and their parents); looked up once."""
        key = (recorded, run_dirs)
        with self._lock:
            if key in self._found:
                return self._found[key]
        found = None
        path = Path(recorded)
        if recorded and path.suffix.lower() == PDF_SUFFIX:
            candidates = [path] if path.is_absolute() else [Path.cwd() / path, self.db_folder / path]
            if not path.is_absolute():
                for folder in map(Path, run_dirs):
                    base = folder if folder.is_absolute() else self.db_folder / folder
                    candidates += [b / path for b in (base, *base.parents[:RUN_FOLDER_DEPTH])]
            found = next((c for c in candidates if c.is_file()), None)
        with self._lock:
            self._found[key] = found
        return found


def run_folders(value: object) -> tuple[str, ...]:
    """The run folders of a document (a DuckDB list, or nothing)."""
    if value is None or isinstance(value, float):
        return ()
    return tuple(str(v) for v in value if v)


class DocumentReads(Database):
    """The reads of the served documents and their input files."""

    def __init__(self, db: Path, *, run: str | None = None) -> None:
        super().__init__(db, run=run)
        self._files = InputFiles(self.db.parent)

    def documents(self) -> pd.DataFrame:
        """The served documents with their metadata, status and number of links."""
        dscope, params = self._scope_on("d.doc_id")
        return self.frame(
            "SELECT d.doc_id, d.source, d.title, d.kind, d.symbol, d.year, d.pages, d.status, d.latest_status, "
            "d.error, (SELECT count(*) FROM links l WHERE l.doc_id = d.doc_id) AS n_links FROM documents d WHERE "
            + dscope + " ORDER BY d.source", params)

    def _document_rows(self, doc_id: str | None = None) -> pd.DataFrame:
        """The served documents (or one) with their recorded input path and the folders of their runs."""
        dscope, params = self._scope_on("d.doc_id")
        one = " AND d.doc_id = ?" if doc_id is not None else ""
        return self.frame(
            "SELECT d.doc_id, d.title, d.pages, coalesce(nullif(d.path, ''), d.source) AS recorded, "
            "(SELECT list(DISTINCT r.out_dir ORDER BY r.out_dir) FROM run_documents rd JOIN runs r "
            "ON r.run_id = rd.run_id WHERE rd.doc_id = d.doc_id) AS run_dirs FROM documents d WHERE " + dscope
            + one, [*params, *([doc_id] if doc_id is not None else [])])

    def document_file(self, doc_id: str) -> DocumentFile | None:
        """A served document whose input file is a readable PDF (looked up by its id only), or None."""
        rows = self._document_rows(doc_id)
        if rows.empty:
            return None
        row = rows.iloc[0]
        path = self._files.find(cell_text(row["recorded"]), run_folders(row["run_dirs"]))
        if path is None:
            return None
        pages = int(row["pages"]) if not pd.isna(row["pages"]) else 0
        return DocumentFile(doc_id=str(row["doc_id"]), title=cell_text(row["title"]) or path.name, pages=pages,
                            path=path)

    def missing_file(self, doc_id: str) -> str:
        """Why a document has no page to show: unknown, not a PDF, or its file not found where it was looked for
        (only what the database records is named: never a folder of the server)."""
        rows = self._document_rows(doc_id)
        if rows.empty:
            return f"no document with id {doc_id!r} in the database"
        recorded, run_dirs = cell_text(rows.iloc[0]["recorded"]), run_folders(rows.iloc[0]["run_dirs"])
        if Path(recorded).suffix.lower() != PDF_SUFFIX:
            return f"document {doc_id!r} is not a PDF (its input is {recorded!r}): it has no pages to show"
        where = ("its recorded path" if Path(recorded).is_absolute() else
                 "the server's working folder, the database's folder"
                 + "".join(f", {d!r} and its parents" for d in run_dirs))
        return f"the file {recorded!r} of document {doc_id!r} is not found (looked in {where})"

    def viewable(self) -> set[str]:
        """The ids of the served documents whose PDF file is found (as :meth:`document_file` finds it)."""
        rows = self._document_rows()
        return {str(r.doc_id) for r in rows.itertuples(index=False)
                if self._files.find(cell_text(r.recorded), run_folders(r.run_dirs)) is not None}
