"""The overview routes: a country's profile, the countries list, the evidence-gap map and the graph."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from pipeline.errors import ConfigError
from pipeline.output.query import country_iso3
from pipeline.serve import views
from pipeline.serve.handlers import Handlers

GAP_ROWS = ("themes", "gcm")
"""What the rows of the evidence-gap map may be: migration themes or GCM objectives."""


class OverviewRoutes(Handlers):
    """The handlers of ``/country/{iso3}``, ``/countries``, ``/gaps``, ``/graph`` and ``/api/graph``."""

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
