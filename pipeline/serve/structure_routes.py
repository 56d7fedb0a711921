"""The routes of the structured tables: their index, one table's filtered rows a page at a time, and its
download."""
from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from pipeline.output.store import STRUCTURE_TABLES
from pipeline.serve import views
from pipeline.serve.downloads import STRUCTURE_FORMATS, download_format, file_response
from pipeline.serve.filters import StructureFilters, parse_structure_filters
from pipeline.serve.handlers import Handlers, positive_int
from pipeline.serve.link_data import PAGE_SIZE
from pipeline.serve.structures import CHOICES, SPECS, TABLES_PER_PAGE, TableSpec

CHOICE_FILTERS = ("status", "response")
"""The filters of a structured table whose values are its vocabulary or a value found in its rows."""


class StructureRoutes(Handlers):
    """The handlers of ``/structures``, ``/structures/{table}`` and ``/structures/{table}/download.{fmt}``."""

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

    def _choices(self, spec: TableSpec, name: str) -> list[str]:
        """The values of a status or response filter: the table's vocabulary, then the values found in its rows."""
        return list(dict.fromkeys([*CHOICES[name], *self.store.structure_values(spec.name, name)]))

    def _structure_filters(self, request: Request, spec: TableSpec) -> StructureFilters:
        """The checked filters of a structured table's query string (a status or response: the table's
        vocabulary or a value found in its rows)."""
        choices = {name: self._choices(spec, name) for name in CHOICE_FILTERS if name in spec.extra}
        return parse_structure_filters(request.query_params, self.store.known(), table=spec.name, extra=spec.extra,
                                       choices=choices)

    def structure(self, request: Request) -> Response:
        """One structured table's filtered rows, a page at a time (``tables``: its tables drawn, a page of
        them at a time), with its filter form and downloads."""
        spec = self._structure_spec(request)
        filters = self._structure_filters(request, spec)
        number = positive_int(request.query_params.get("page", "1"), name="page")
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
            **{name: self._choices(spec, name) if name in spec.extra else [] for name in CHOICE_FILTERS},
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
        fmt = download_format(request.path_params["fmt"], STRUCTURE_FORMATS)
        filters = self._structure_filters(request, spec)
        frame = views.structure_download(self.store.structure_rows(spec.name, filters, spec.text),
                                         STRUCTURE_TABLES[spec.name])
        return file_response(frame, f"nexus_{spec.name}.{fmt}", fmt)
