"""The Starlette app of ``nexus serve``: read-only pages over the database (see :func:`create_app`).

Routes: ``/`` evidence browser, ``/link/{key}`` and ``/page/{doc_id}/{page}`` page views (``/image/...png`` their
image), ``/country/{iso3}`` and ``/countries``, ``/gaps``, ``/graph`` and ``/api/graph``, ``/documents`` and
``/download.{csv,xlsx,docx}``. Filter values come from the query string and are checked (a bad one: HTTP 400
naming the valid options); documents are looked up by id only, never by a path from the request.
"""
from __future__ import annotations

import functools
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from pipeline.errors import ConfigError, InputError, PipelineError, one_line
from pipeline.output.sheets import write_frame
from pipeline.serve import views
from pipeline.serve.data import PAGE_SIZE, Store
from pipeline.serve.filters import Filters, country_code, parse_filters
from pipeline.serve.pages import PageRenderer, page_count, parse_box
from pipeline.vocab import SDG_PREFIX

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
DOWNLOAD_NAME = "nexus_evidence"
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
GAP_ROWS = ("themes", "gcm")
Handler = Callable[[Request], Response]
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'",
}
"""Headers on every page: no inline script runs even if some text slipped through unescaped."""


def _environment() -> jinja2.Environment:
    """The Jinja2 environment of the templates: autoescape on for every template."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["theme_label"] = views.theme_label
    env.filters["sdg_label"] = views.sdg_label
    env.filters["country_name"] = views.country_name
    env.filters["code"] = lambda item: str(item).removeprefix(SDG_PREFIX)
    return env


class App:
    """The request handlers, sharing one store, one template set and one page renderer."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.templates = Jinja2Templates(env=_environment())
        self.renderer = PageRenderer()

    # -- helpers -------------------------------------------------------------------------------------------------

    def render(self, request: Request, name: str, context: dict[str, object], *, status: int = 200) -> Response:
        """A template's page with the shared context (served run, active nav entry)."""
        base = {"served_run": self.store.run_id, "db_name": self.store.db.name, "nav": name.removesuffix(".html")}
        response = self.templates.TemplateResponse(request, name, {**base, **context}, status_code=status)
        response.headers.update(SECURITY_HEADERS)
        return response

    def filters(self, request: Request) -> Filters:
        """The checked filters of a request's query string."""
        return parse_filters(request.query_params, self.store.known())

    def pdf_docs(self) -> set[str]:
        """The ids of the documents whose input is a PDF (by the recorded path's suffix)."""
        docs = self.store.documents()
        return {str(d) for d, s in zip(docs["doc_id"], docs["source"]) if str(s).lower().endswith(".pdf")}

    # -- pages ---------------------------------------------------------------------------------------------------

    def browser(self, request: Request) -> Response:
        """The evidence browser: filtered links, a page at a time, with the filter form."""
        filters = self.filters(request)
        number = _positive_int(request.query_params.get("page", "1"), name="page")
        page = self.store.links_page(filters, number=number, size=PAGE_SIZE)
        if number > page.pages:
            page = self.store.links_page(filters, number=page.pages, size=PAGE_SIZE)
        rows = views.evidence_rows(self.store, page.rows, pdf_docs=self.pdf_docs())
        return self.render(request, "browser.html", {
            "filters": filters, "options": self.store.options(), "rows": rows, "page": page,
            "query": filters.query_string(), "first": (page.number - 1) * page.size + 1 if page.total else 0,
            "last": min(page.total, page.number * page.size),
            "prev_url": "/?" + filters.query_string(page=page.number - 1) if page.number > 1 else "",
            "next_url": "/?" + filters.query_string(page=page.number + 1) if page.number < page.pages else "",
        })

    def link(self, request: Request) -> Response:
        """The page view of one link: its page with its evidence box."""
        row = self.store.link(request.path_params["key"])
        if row is None or row["page"] is None or str(row["page"]) in ("", "<NA>", "nan"):
            raise HTTPException(404, "no link with this key has a page to show")
        box = None
        if all(str(row[c]) not in ("", "nan", "None", "<NA>") for c in ("x0", "y0", "x1", "y1")):
            box = ",".join(f"{float(row[c]):.2f}" for c in ("x0", "y0", "x1", "y1"))
        return self._page_view(request, str(row["doc_id"]), int(row["page"]), box=box, links=row.to_frame().T)

    def page(self, request: Request) -> Response:
        """The page view of a document's page, with the box of the query string (if any)."""
        doc_id, number = request.path_params["doc_id"], request.path_params["page"]
        box = request.query_params.get("box") or None
        return self._page_view(request, doc_id, number, box=box, links=None)

    def _page_view(self, request: Request, doc_id: str, number: int, *, box: str | None, links: object) -> Response:
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

    def _document(self, doc_id: str, number: int) -> object:
        """A served PDF document that has the page, or HTTP 404."""
        document = self.store.document_file(doc_id)
        if document is None:
            raise HTTPException(404, f"no PDF document with id {doc_id!r} in the database")
        try:
            pages = page_count(document.path)
        except InputError as exc:
            raise HTTPException(404, str(exc)) from exc
        if not 1 <= number <= pages:
            raise HTTPException(404, f"{document.title!r} has {pages} pages, not a page {number}")
        return type(document)(doc_id=document.doc_id, title=document.title, pages=pages, path=document.path)

    def image(self, request: Request) -> Response:
        """The PNG of a page with the box of the query string drawn on it."""
        doc_id, number = request.path_params["doc_id"], request.path_params["page"]
        document = self._document(doc_id, number)
        data = self.renderer.png(document.path, number, _box(request.query_params.get("box")))
        return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    def country(self, request: Request) -> Response:
        """A country's profile: themes × SDG targets of the links whose scope holds it."""
        try:
            iso3 = country_code(request.path_params["iso3"])
        except ConfigError as exc:
            raise HTTPException(404, str(exc)) from exc
        filters = self.filters(request).with_(country=None)
        grid = views.country_grid(self.store, filters, iso3)
        total = self.store.links_page(filters.with_(country=iso3), number=1, size=1).total
        return self.render(request, "country.html", {
            "iso3": iso3, "name": views.country_name(iso3), "grid": grid, "total": total,
            "browse": "/?" + filters.query_string(country=iso3)})

    def countries(self, request: Request) -> Response:
        """The countries in the scope of some link, each with its number of links."""
        filters = self.filters(request)
        frame = self.store.scope_target_counts(filters.with_(country=None), column="countries")
        counts = frame.groupby("item")["n"].sum().sort_values(ascending=False) if len(frame) else frame
        rows = [(str(c), views.country_name(str(c)), int(n)) for c, n in counts.items()] if len(frame) else []
        return self.render(request, "countries.html", {"rows": rows, "query": filters.query_string()})

    def gaps(self, request: Request) -> Response:
        """The evidence-gap map: themes or GCM objectives × SDG targets, documents with evidence per cell."""
        rows = request.query_params.get("rows", "themes")
        if rows not in GAP_ROWS:
            raise ConfigError(f"rows {rows!r} is not one of {', '.join(GAP_ROWS)}")
        filters = self.filters(request)
        grid = views.gap_grid(self.store, filters, rows="gcm" if rows == "gcm" else "themes")
        return self.render(request, "gaps.html", {"grid": grid, "rows_kind": rows, "query": filters.query_string()})

    def graph(self, request: Request) -> Response:
        """The interactive graph page (its data comes from /api/graph with the same query string)."""
        filters = self.filters(request)
        return self.render(request, "graph.html", {"filters": filters, "query": filters.query_string()})

    def graph_json(self, request: Request) -> Response:
        """The graph's cytoscape elements as JSON."""
        return JSONResponse(views.graph_elements(self.store, self.filters(request)))

    def documents(self, request: Request) -> Response:
        """The served documents with their metadata and status."""
        docs = self.store.documents()
        rows = [{k: views._value(v) for k, v in r.items()} for r in docs.to_dict("records")]
        pdfs = self.pdf_docs()
        return self.render(request, "documents.html", {"rows": rows, "pdfs": pdfs})

    def download(self, request: Request) -> Response:
        """The filtered links as a CSV, Excel or Word file."""
        fmt = request.path_params["fmt"]
        if fmt not in MEDIA_TYPES:
            raise HTTPException(404, f"no download as {fmt!r}; valid: {', '.join(MEDIA_TYPES)}")
        frame = views.download_frame(self.store.links(self.filters(request)))
        with tempfile.TemporaryDirectory(prefix="nexus_serve_") as tmp:
            path = write_frame(frame, Path(tmp) / f"{DOWNLOAD_NAME}.{fmt}", fmt=fmt)
            data = path.read_bytes()
        return Response(data, media_type=MEDIA_TYPES[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{DOWNLOAD_NAME}.{fmt}"'})

    # -- errors --------------------------------------------------------------------------------------------------

    def bad_request(self, request: Request, exc: Exception) -> Response:
        """A bad filter value: HTTP 400 with the validator's message."""
        return self.render(request, "error.html", {"status": 400, "message": one_line(str(exc))}, status=400)

    def http_error(self, request: Request, exc: Exception) -> Response:
        """A 404 (or other HTTP error) page."""
        status = getattr(exc, "status_code", 500)
        return self.render(request, "error.html", {"status": status, "message": getattr(exc, "detail", "")},
                           status=status)

    def server_error(self, request: Request, exc: Exception) -> Response:
        """Another nexus error (the database could not be read): HTTP 500 with its one line."""
        log.error("%s %s: %s", request.method, request.url.path, exc)
        return self.render(request, "error.html", {"status": 500, "message": one_line(str(exc))}, status=500)


def _positive_int(value: str, *, name: str) -> int:
    """A whole number ≥ 1 from the query string."""
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} {value!r} is not a whole number") from None
    if number < 1:
        raise ConfigError(f"{name} {number} is not 1 or more")
    return number


def _box(text: str | None) -> object:
    """A box of the query string, or None; a malformed one is HTTP 400."""
    try:
        return parse_box(text)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


BOX_TOLERANCE = 0.5
"""Points two boxes may differ by and still be the same link's box."""


def _same_box(row: object, box: object) -> bool:
    """Whether a link's box is the given box."""
    try:
        values = [float(getattr(row, c)) for c in ("x0", "y0", "x1", "y1")]
    except (TypeError, ValueError):
        return False
    return all(abs(a - b) <= BOX_TOLERANCE for a, b in zip(values, (box.x0, box.y0, box.x1, box.y1)))


def _in_session(store: Store, handler: Handler) -> Handler:
    """A handler whose reads share one read-only connection, closed when it returns."""
    @functools.wraps(handler)
    def wrapped(request: Request) -> Response:
        with store.session():
            return handler(request)
    return wrapped


def create_app(*, db: Path, run_dir: Path | None = None) -> Starlette:
    """The web app over a nexus database, limited to one indexed run when ``run_dir`` names one (id or folder)."""
    store = Store(Path(db), run=str(run_dir) if run_dir is not None else None)
    app = App(store)
    pages = [
        ("/", app.browser), ("/link/{key}", app.link), ("/page/{doc_id}/{page:int}", app.page),
        ("/image/{doc_id}/{page:int}.png", app.image), ("/country/{iso3}", app.country),
        ("/countries", app.countries), ("/gaps", app.gaps), ("/graph", app.graph), ("/api/graph", app.graph_json),
        ("/documents", app.documents), ("/download.{fmt}", app.download),
    ]
    routes = [Route(path, _in_session(store, handler)) for path, handler in pages]
    routes.append(Mount("/static", StaticFiles(directory=str(STATIC)), name="static"))
    handlers = {ConfigError: app.bad_request, HTTPException: app.http_error, PipelineError: app.server_error}
    log.info("serving %s%s", store.db, f" (run {store.run_id})" if store.run_id else "")
    return Starlette(routes=routes, exception_handlers=handlers)
