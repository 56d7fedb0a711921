"""The page-view routes: a PDF page with the evidence on it and its box, by link or by document and page, and the
page's image."""
from __future__ import annotations

from dataclasses import replace

import pandas as pd
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from pipeline.errors import ConfigError, InputError
from pipeline.serve import views
from pipeline.serve.document_data import DocumentFile
from pipeline.serve.handlers import Handlers
from pipeline.serve.pages import Box, parse_box

BOX_TOLERANCE = 0.5
"""Points two boxes may differ by and still be the same link's box."""
BOX_COLUMNS = ("x0", "y0", "x1", "y1")
BOX_DIGITS = 2
"""Decimals of a link's box coordinates in the ``box`` of its page view."""
IMAGE_CACHE = "private, max-age=3600"
"""The Cache-Control of a page's image."""


def _box(text: str | None) -> Box | None:
    """A box of the query string, or None; a malformed one is HTTP 400."""
    try:
        return parse_box(text)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def _same_box(row: tuple, box: Box) -> bool:
    """Whether a link's box (a row of itertuples) is the given box."""
    try:
        values = [float(getattr(row, c)) for c in BOX_COLUMNS]
    except (TypeError, ValueError):
        return False
    return all(abs(a - b) <= BOX_TOLERANCE for a, b in zip(values, (box.x0, box.y0, box.x1, box.y1)))


class PageRoutes(Handlers):
    """The handlers of ``/link/{key}``, ``/page/{doc_id}/{page}`` and ``/image/{doc_id}/{page}.png``."""

    def link(self, request: Request) -> Response:
        """The page view of one link: its page with its evidence box."""
        row = self.store.link(request.path_params["key"])
        if row is None or pd.isna(row["page"]):
            raise HTTPException(404, "no link with this key has a page to show")
        box = None
        if not any(pd.isna(row[c]) for c in BOX_COLUMNS):
            box = ",".join(f"{float(row[c]):.{BOX_DIGITS}f}" for c in BOX_COLUMNS)
        return self._page_view(request, str(row["doc_id"]), int(row["page"]), box=box, links=row.to_frame().T)

    def page(self, request: Request) -> Response:
        """The page view of a document's page, with the box of the query string (if any)."""
        doc_id, number = request.path_params["doc_id"], request.path_params["page"]
        box = request.query_params.get("box") or None
        return self._page_view(request, doc_id, number, box=box, links=None)

    def _page_view(self, request: Request, doc_id: str, number: int, *, box: str | None,
                   links: pd.DataFrame | None) -> Response:
        """The HTML page view: the rendered page, its box and the evidence shown."""
        document = self._document(doc_id, number)
        parsed = _box(box)
        if links is None:
            links = self.store.links_on_page(doc_id, number)
            if parsed is not None and len(links):
                links = links[[_same_box(r, parsed) for r in links.itertuples(index=False)]]
        rows = views.evidence_rows(self.store, links, pdf_docs={doc_id}) if len(links) else []
        image = f"/image/{doc_id}/{number}.png" + (f"?box={box}" if parsed is not None else "")
        pixels = parsed.pixels(scale=self.renderer.scale) if parsed is not None else None
        return self.render(request, "page.html", {
            "document": document, "number": number, "image": image, "rows": rows, "box": parsed, "pixels": pixels,
            "prev_url": f"/page/{doc_id}/{number - 1}" if number > 1 else "",
            "next_url": f"/page/{doc_id}/{number + 1}" if number < document.pages else "",
        })

    def _document(self, doc_id: str, number: int) -> DocumentFile:
        """A served PDF document that has the page (its page count read from the file, cached), or HTTP 404."""
        document = self.store.document_file(doc_id)
        if document is None:
            raise HTTPException(404, self.store.missing_file(doc_id))
        try:
            pages = self.renderer.page_count(document.path)
        except InputError as exc:
            raise HTTPException(404, str(exc)) from exc
        if not 1 <= number <= pages:
            raise HTTPException(404, f"{document.title!r} has {pages} pages, not a page {number}")
        return replace(document, pages=pages)

    def image(self, request: Request) -> Response:
        """The PNG of a page with the box of the query string drawn on it."""
        doc_id, number = request.path_params["doc_id"], request.path_params["page"]
        document = self._document(doc_id, number)
        data = self.renderer.png(document.path, number, _box(request.query_params.get("box")))
        return Response(data, media_type="image/png", headers={"Cache-Control": IMAGE_CACHE})
