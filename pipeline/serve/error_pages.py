"""The web app's error pages: a bad filter value (400), a missing page (404 or another HTTP error), a database
being written (503) and another nexus error (500)."""
from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import Response

from pipeline.errors import one_line
from pipeline.serve.handlers import Handlers

log = logging.getLogger(__name__)

ERROR_TEMPLATE = "error.html"
BUSY_RETRY_SECONDS = 2
"""The Retry-After of a 503 while another process writes the database."""
BAD_REQUEST, SERVER_ERROR, BUSY = 400, 500, 503


class ErrorPages(Handlers):
    """The exception handlers of the app: each answers with the error page."""

    def _error(self, request: Request, status: int, message: object) -> Response:
        """The error page with a status and its message."""
        return self.render(request, ERROR_TEMPLATE, {"status": status, "message": message}, status=status)

    def bad_request(self, request: Request, exc: Exception) -> Response:
        """A bad filter value: HTTP 400 with the validator's message."""
        return self._error(request, BAD_REQUEST, one_line(str(exc)))

    def http_error(self, request: Request, exc: Exception) -> Response:
        """A 404 (or other HTTP error) page."""
        return self._error(request, getattr(exc, "status_code", SERVER_ERROR), getattr(exc, "detail", ""))

    def busy(self, request: Request, exc: Exception) -> Response:
        """Another process writes the database: HTTP 503, to be retried shortly."""
        response = self._error(request, BUSY, one_line(str(exc)))
        response.headers["Retry-After"] = str(BUSY_RETRY_SECONDS)
        return response

    def server_error(self, request: Request, exc: Exception) -> Response:
        """Another nexus error (the database could not be read): HTTP 500 with its one line."""
        log.error("%s %s: %s", request.method, request.url.path, exc)
        return self._error(request, SERVER_ERROR, one_line(str(exc)))
