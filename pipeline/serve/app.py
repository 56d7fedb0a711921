"""The Starlette app of ``nexus serve``: read-only pages over the database (see :func:`create_app`).

Routes: ``/`` evidence browser, ``/link/{key}`` and ``/page/{doc_id}/{page}`` page views (``/image/...png`` their
image), ``/country/{iso3}`` and ``/countries``, ``/gaps``, ``/graph`` and ``/api/graph``, ``/documents`` and
``/download.{csv,xlsx,docx}``, ``/structures`` (the structured tables) with
``/structures/{table}`` and ``/structures/{table}/download.{csv,xlsx}``. Filter values come from the query string and are checked (a bad one: HTTP 400
naming the valid options); documents are looked up by id only, never by a path from the request. The handlers
are grouped by concern (browse, overview, page, structure routes and error pages); the protections are in
:mod:`~pipeline.serve.security`.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from pipeline.errors import ConfigError, PipelineError
from pipeline.serve.browse_routes import BrowseRoutes
from pipeline.serve.data import Store
from pipeline.serve.database import DatabaseBusy
from pipeline.serve.error_pages import ErrorPages
from pipeline.serve.handlers import HERE
from pipeline.serve.overview_routes import OverviewRoutes
from pipeline.serve.page_routes import PageRoutes
from pipeline.serve.security import SecurityHeaders, allowed_hosts, reachable_from_others
from pipeline.serve.structure_routes import StructureRoutes

__all__ = ["App", "create_app", "reachable_from_others"]

log = logging.getLogger(__name__)

STATIC = HERE / "static"
Handler = Callable[[Request], Response]


class App(BrowseRoutes, OverviewRoutes, PageRoutes, StructureRoutes, ErrorPages):
    """The request handlers, sharing one store, one template set and one page renderer."""


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
