"""The base of the web app's request handlers: the store, templates and page renderer they share, and the helpers
every page uses (rendering a template, the request's checked filters, a page number of the query string)."""
from __future__ import annotations

from pathlib import Path

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from pipeline.errors import ConfigError
from pipeline.serve import views
from pipeline.serve.data import Store
from pipeline.serve.filters import Filters, parse_filters
from pipeline.serve.pages import PageRenderer
from pipeline.vocab import SDG_PREFIX

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / "templates"
TEMPLATE_SUFFIX = ".html"


def environment() -> jinja2.Environment:
    """The Jinja2 environment of the templates: autoescape on for every template."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["theme_label"] = views.theme_label
    env.filters["sdg_label"] = views.sdg_label
    env.filters["country_name"] = views.country_name
    env.filters["code"] = lambda item: str(item).removeprefix(SDG_PREFIX)
    return env


def positive_int(value: str, *, name: str) -> int:
    """A whole number ≥ 1 from the query string."""
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"{name} {value!r} is not a whole number") from None
    if number < 1:
        raise ConfigError(f"{name} {number} is not 1 or more")
    return number


class Handlers:
    """What the request handlers share: one store, one template set and one page renderer."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.templates = Jinja2Templates(env=environment())
        self.renderer = PageRenderer()

    def render(self, request: Request, name: str, context: dict[str, object], *, status: int = 200) -> Response:
        """A template's page with the shared context (served run, active nav entry)."""
        base = {"served_run": self.store.run_id, "db_name": self.store.db.name,
                "nav": name.removesuffix(TEMPLATE_SUFFIX)}
        return self.templates.TemplateResponse(request, name, {**base, **context}, status_code=status)

    def filters(self, request: Request) -> Filters:
        """The checked filters of a request's query string."""
        return parse_filters(request.query_params, self.store.known())

    def pdf_docs(self) -> set[str]:
        """The ids of the documents whose PDF file is found (as their page views find it)."""
        return self.store.viewable()
