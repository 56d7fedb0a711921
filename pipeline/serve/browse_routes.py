"""The evidence browser's routes: the filtered links a page at a time, their download and the documents list."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from pipeline.serve import views
from pipeline.serve.downloads import DOWNLOAD_NAME, MEDIA_TYPES, download_format, file_response
from pipeline.serve.handlers import Handlers, positive_int
from pipeline.serve.link_data import PAGE_SIZE


class BrowseRoutes(Handlers):
    """The handlers of ``/``, ``/download.{fmt}`` and ``/documents``."""

    def browser(self, request: Request) -> Response:
        """The evidence browser: filtered links, a page at a time, with the filter form."""
        filters = self.filters(request)
        number = positive_int(request.query_params.get("page", "1"), name="page")
        page = self.store.links_page(filters, number=number, size=PAGE_SIZE)  # past the end: the last page
        rows = views.evidence_rows(self.store, page.rows, pdf_docs=self.pdf_docs())
        return self.render(request, "browser.html", {
            "filters": filters, "options": self.store.options(), "rows": rows, "page": page,
            "query": filters.query_string(), "first": (page.number - 1) * page.size + 1 if page.total else 0,
            "last": min(page.total, page.number * page.size),
            "prev_url": "/?" + filters.query_string(page=page.number - 1) if page.number > 1 else "",
            "next_url": "/?" + filters.query_string(page=page.number + 1) if page.number < page.pages else "",
        })

    def documents(self, request: Request) -> Response:
        """The served documents with their metadata and status."""
        docs = self.store.documents()
        rows = [{k: views.template_value(v) for k, v in r.items()} for r in docs.to_dict("records")]
        pdfs = self.pdf_docs()
        return self.render(request, "documents.html", {"rows": rows, "pdfs": pdfs})

    def download(self, request: Request) -> Response:
        """The filtered links as a CSV, Excel or Word file."""
        fmt = download_format(request.path_params["fmt"], MEDIA_TYPES)
        frame = views.download_frame(self.store.links(self.filters(request)))
        return file_response(frame, f"{DOWNLOAD_NAME}.{fmt}", fmt)
