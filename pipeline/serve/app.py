"""The Starlette app of ``nexus serve``: read-only pages over the database (see :func:`create_app`).

Routes: ``/`` evidence browser, ``/link/{key}`` and ``/page/{doc_id}/{page}`` page views (``/image/...png`` their
image), ``/country/{iso3}`` and ``/countries``, ``/gaps``, ``/graph`` and ``/api/graph``, ``/documents`` and
``/download.{csv,xlsx,docx}``, ``/structures`` (the structured tables) with
``/structures/{table}`` and ``/structures/{table}/download.{csv,xlsx}``. Filter values come from the query string and are checked (a bad one: HTTP 400
naming the valid options); documents are looked up by id only, never by a path from the request.
"""
from __future__ import annotations

import functools
import logging
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import jinja2
import pandas as pd
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipeline.errors import ConfigError, InputError, PipelineError, one_line
from pipeline.output.query import country_iso3
from pipeline.output.sheets import write_frame
from pipeline.serve import views
from pipeline.serve.data import PAGE_SIZE, DatabaseBusy, DocumentFile, Store
from pipeline.output.store import STRUCTURE_TABLES
from pipeline.serve.filters import Filters, StructureFilters, parse_filters, parse_structure_filters
from pipeline.serve.pages import Box, PageRenderer, parse_box
from pipeline.serve.structures import CHOICES, SPECS, TABLES_PER_PAGE, TableSpec
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
STRUCTURE_FORMATS = ("csv", "xlsx")
"""The formats a structured table downloads as."""
GAP_ROWS = ("themes", "gcm")
Handler = Callable[[Request], Response]
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'",
}
"""Headers on every response (pages, downloads, JSON, images): no inline script runs even if some text slipped
through unescaped, no content sniffing."""
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
"""Host headers always accepted (this machine); any other must be the configured ``--host`` (DNS rebinding)."""
ALL_INTERFACES = ("0.0.0.0", "::", "")
"""Hosts that listen on every interface: the app is then reachable under any name, so no Host header is refused."""
BUSY_RETRY_SECONDS = 2
"""The Retry-After of a 503 while another process writes the database."""


def reachable_from_others(host: str) -> bool:
    """Whether serving on ``host`` lets other machines reach the app (not a loopback name or address)."""
    return host.strip().lower() not in LOCAL_HOSTS and not host.startswith("127.")


def allowed_hosts(host: str | None) -> list[str]:
    """The Host headers the app answers: this machine's names and the host it serves on (every one when it
    listens on all interfaces)."""
    if host is not None and host.strip() in ALL_INTERFACES:
        return ["*"]
    return list(dict.fromkeys([*LOCAL_HOSTS, *([host.strip()] if host else [])]))


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every HTTP response that does not set them itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.decode("latin-1").lower() for k, _ in headers}
                headers += [(k.lower().encode("latin-1"), v.encode("latin-1"))
                            for k, v in SECURITY_HEADERS.items() if k.lower() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


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
        return self.templates.TemplateResponse(request, name, {**base, **context}, status_code=status)

    def filters(self, request: Request) -> Filters:
        """The checked filters of a request's query string."""
        return parse_filters(request.query_params, self.store.known())

    def pdf_docs(self) -> set[str]:
        """The ids of the documents whose PDF file is found (as their page views find it)."""
        return self.store.viewable()

    # -- pages ---------------------------------------------------------------------------------------------------

    def browser(self, request: Request) -> Response:
        """The evidence browser: filtered links, a page at a time, with the filter form."""
        filters = self.filters(request)
        number = _positive_int(request.query_params.get("page", "1"), name="page")
        page = self.store.links_page(filters, number=number, size=PAGE_SIZE)  # past the end: the last page
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
        if row is None or pd.isna(row["page"]):
            raise HTTPException(404, "no link with this key has a page to show")
        box = None
        if not any(pd.isna(row[c]) for c in BOX_COLUMNS):
            box = ",".join(f"{float(row[c]):.2f}" for c in BOX_COLUMNS)
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
        return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})

    def country(self, request: Request) -> Response:
        """A country's profile: themes × SDG targets of the links whose scope holds it."""
        try:
            iso3 = country_iso3(request.path_params["iso3"], by_name=True)
        except ConfigError as exc:
            raise HTTPException(404, str(exc)) from exc
        filters = self.filters(request).with_(country=None)
        grid = views.country_grid(self.store, filters, iso3)
        total = self.store.count(filters.with_(country=iso3))
        return self.render(request, "country.html", {
            "iso3": iso3, "name": views.country_name(iso3), "grid": grid, "total": total,
            "browse": "/?" + filters.query_string(country=iso3)})

    def countries(self, request: Request) -> Response:
        """The countries in the scope of some link, each with its number of links (as its profile counts them)."""
        filters = self.filters(request)
        frame = self.store.country_counts(filters)
        rows = [(str(r.item), views.country_name(str(r.item)), int(r.n)) for r in frame.itertuples(index=False)]
        return self.render(request, "countries.html", {"rows": rows, "query": filters.query_string()})

    def gaps(self, request: Request) -> Response:
        """The evidence-gap map: themes or GCM objectives × SDG targets, documents with evidence per cell."""
        rows = request.query_params.get("rows", "themes")
        if rows not in GAP_ROWS:
            raise ConfigError(f"rows {rows!r} is not one of {', '.join(GAP_ROWS)}")
        filters = self.filters(request)
        grid = views.gap_grid(self.store, filters, rows=rows)
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
        rows = [{k: views.template_value(v) for k, v in r.items()} for r in docs.to_dict("records")]
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

    # -- structured tables -----------------------------------------------------------------------------------------

    def structures(self, request: Request) -> Response:
        """The index of the structured tables: each with its rows and documents, linking to its page."""
        present = self.store.structure_present()
        summary = {str(r.name): r for r in self.store.structure_summary().itertuples(index=False)}
        rows = [{"spec": spec, "present": name in present,
                 "rows": int(summary[name].rows) if name in summary else 0,
                 "documents": int(summary[name].documents) if name in summary else 0,
                 "tables": int(summary[name].tables) if name in summary and name == "tables" else None}
                for name, spec in SPECS.items()]
        return self.render(request, "structures.html", {"rows": rows, "present": present})

    def _structure_spec(self, request: Request) -> TableSpec:
        """The structured table a request names (HTTP 404 for any other name)."""
        spec = SPECS.get(request.path_params["table"])
        if spec is None:
            raise HTTPException(404, f"no structured table {request.path_params['table']!r}; the tables: "
                                + ", ".join(SPECS))
        return spec

    def _structure_filters(self, request: Request, spec: TableSpec) -> StructureFilters:
        """The checked filters of a structured table's query string (a status or response: the table's
        vocabulary or a value found in its rows)."""
        choices = {name: list(dict.fromkeys([*CHOICES[name], *self.store.structure_values(spec.name, name)]))
                   for name in ("status", "response") if name in spec.extra}
        return parse_structure_filters(request.query_params, self.store.known(), table=spec.name, extra=spec.extra,
                                       choices=choices)

    def structure(self, request: Request) -> Response:
        """One structured table's filtered rows, a page at a time (``tables``: its tables drawn, a page of
        them at a time), with its filter form and downloads."""
        spec = self._structure_spec(request)
        filters = self._structure_filters(request, spec)
        number = _positive_int(request.query_params.get("page", "1"), name="page")
        size = TABLES_PER_PAGE if spec.name == "tables" else PAGE_SIZE
        total = self.store.structure_count(spec.name, filters, spec.text)
        pages = max(1, -(-total // size))
        number = min(number, pages)
        frame = self.store.structure_rows(spec.name, filters, spec.text, limit=size, offset=(number - 1) * size)
        pdfs = self.pdf_docs()
        columns = [c for c, _ in spec.shown]
        present = spec.name in self.store.structure_present()
        shared = self.store.options()
        options = {
            "doc": self.store.structure_documents(spec.name), "kind": shared["kind"], "year": shared["year"],
            "run": shared["run"],
            "country": self.store.structure_values(spec.name, "country") if "country" in spec.extra else [],
            "status": list(dict.fromkeys([*CHOICES["status"], *self.store.structure_values(spec.name, "status")]))
            if "status" in spec.extra else [],
            "response": list(dict.fromkeys([*CHOICES["response"],
                                            *self.store.structure_values(spec.name, "response")]))
            if "response" in spec.extra else [],
        }
        base = f"/structures/{spec.name}"
        return self.render(request, "structure.html", {
            "spec": spec, "filters": filters, "options": options, "present": present, "total": total,
            "number": number, "pages": pages, "size": size, "query": filters.query_string(),
            "first": (number - 1) * size + 1 if total else 0, "last": min(total, number * size),
            "rows": views.structure_rows(frame, columns, pdf_docs=pdfs) if spec.name != "tables" else [],
            "drawn": views.drawn_tables(frame, pdf_docs=pdfs) if spec.name == "tables" else [],
            "base": base, "all_tables": SPECS,
            "prev_url": f"{base}?" + filters.query_string(page=number - 1) if number > 1 else "",
            "next_url": f"{base}?" + filters.query_string(page=number + 1) if number < pages else "",
        })

    def structure_download(self, request: Request) -> Response:
        """A structured table's filtered rows (all of them) as a CSV or Excel file."""
        spec = self._structure_spec(request)
        fmt = request.path_params["fmt"]
        if fmt not in STRUCTURE_FORMATS:
            raise HTTPException(404, f"no download as {fmt!r}; valid: {', '.join(STRUCTURE_FORMATS)}")
        filters = self._structure_filters(request, spec)
        frame = views.structure_download(self.store.structure_rows(spec.name, filters, spec.text),
                                         STRUCTURE_TABLES[spec.name])
        name = f"nexus_{spec.name}.{fmt}"
        with tempfile.TemporaryDirectory(prefix="nexus_serve_") as tmp:
            data = write_frame(frame, Path(tmp) / name, fmt=fmt).read_bytes()
        return Response(data, media_type=MEDIA_TYPES[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    # -- errors --------------------------------------------------------------------------------------------------

    def bad_request(self, request: Request, exc: Exception) -> Response:
        """A bad filter value: HTTP 400 with the validator's message."""
        return self.render(request, "error.html", {"status": 400, "message": one_line(str(exc))}, status=400)

    def http_error(self, request: Request, exc: Exception) -> Response:
        """A 404 (or other HTTP error) page."""
        status = getattr(exc, "status_code", 500)
        return self.render(request, "error.html", {"status": status, "message": getattr(exc, "detail", "")},
                           status=status)

    def busy(self, request: Request, exc: Exception) -> Response:
        """Another process writes the database: HTTP 503, to be retried shortly."""
        response = self.render(request, "error.html", {"status": 503, "message": one_line(str(exc))}, status=503)
        response.headers["Retry-After"] = str(BUSY_RETRY_SECONDS)
        return response

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


def _box(text: str | None) -> Box | None:
    """A box of the query string, or None; a malformed one is HTTP 400."""
    try:
        return parse_box(text)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


BOX_TOLERANCE = 0.5
"""Points two boxes may differ by and still be the same link's box."""
BOX_COLUMNS = ("x0", "y0", "x1", "y1")


def _same_box(row: tuple, box: Box) -> bool:
    """Whether a link's box (a row of itertuples) is the given box."""
    try:
        values = [float(getattr(row, c)) for c in BOX_COLUMNS]
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


def create_app(*, db: Path, run_dir: Path | None = None, host: str | None = None) -> Starlette:
    """The web app over a nexus database, limited to one indexed run when ``run_dir`` names one (id or folder);
    it answers requests addressed to this machine or to ``host`` (the address it serves on) only."""
    store = Store(Path(db), run=str(run_dir) if run_dir is not None else None)
    app = App(store)
    pages = [
        ("/", app.browser), ("/link/{key}", app.link), ("/page/{doc_id}/{page:int}", app.page),
        ("/image/{doc_id}/{page:int}.png", app.image), ("/country/{iso3}", app.country),
        ("/countries", app.countries), ("/gaps", app.gaps), ("/graph", app.graph), ("/api/graph", app.graph_json),
        ("/documents", app.documents), ("/download.{fmt}", app.download), ("/structures", app.structures),
        ("/structures/{table}", app.structure), ("/structures/{table}/download.{fmt}", app.structure_download),
    ]
    routes = [Route(path, _in_session(store, handler)) for path, handler in pages]
    routes.append(Mount("/static", StaticFiles(directory=str(STATIC)), name="static"))
    handlers = {ConfigError: app.bad_request, HTTPException: app.http_error, DatabaseBusy: app.busy,
                PipelineError: app.server_error}
    middleware = [Middleware(SecurityHeaders), Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host))]
    log.info("serving %s%s", store.db, f" (run {store.run_id})" if store.run_id else "")
    return Starlette(routes=routes, exception_handlers=handlers, middleware=middleware)
