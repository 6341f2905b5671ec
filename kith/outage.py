"""A database that cannot be reached answers 503 with ``Retry-After``, never a 500. Knows no app.

``DatabaseOutageMiddleware`` turns an ``OperationalError`` or ``InterfaceError`` from
``django.db`` (connection refused, server gone, too many connections, a locked SQLite file)
raised by a view into templates/503.html; ``kith.error_pages.server_error`` (``handler500``)
does the same for one raised outside a view (e.g. while the session middleware saves). The page
is rendered without the database and without the request's host (kith/error_pages.py). Pages
in the page cache are still answered first by its middleware, which touches no database.

The outage is logged once when it starts (logger ``kith.outage``, no traceback) and once when a
request uses the database again, never once per request. Recovery needs nothing: each request
opens (or health-checks, CONN_HEALTH_CHECKS) its connection, so the first request after the
database returns is served.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template import loader

from kith.context_processors import site

logger = logging.getLogger("kith.outage")

OUTAGE_ERRORS = (OperationalError, InterfaceError)
_state: dict[str, float | None] = {"down_since": None}


def is_outage(exception: BaseException | None) -> bool:
    return isinstance(exception, OUTAGE_ERRORS)


def outage_started(exception: BaseException) -> None:
    if _state["down_since"] is None:
        _state["down_since"] = time.monotonic()
        first_line = str(exception).strip().splitlines()[0] if str(exception).strip() else ""
        logger.error(
            "The database cannot be reached (%s: %s): answering 503 until it returns.",
            type(exception).__name__,
            first_line[:200],
        )


def outage_ended() -> None:
    since = _state["down_since"]
    if since is not None:
        _state["down_since"] = None
        logger.warning("The database answers again after %.1f s.", time.monotonic() - since)


def service_unavailable(request: HttpRequest | None) -> HttpResponse:
    """templates/503.html with ``Retry-After``; needs neither the database nor the host."""
    context = {**site(None), "was_post": request is not None and request.method == "POST"}
    response = HttpResponse(loader.render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(settings.KITH_OUTAGE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # logged once per outage here, not once per request
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            _state["down_since"] is not None
            and response.status_code != 503
            and any(
                connection.connection is not None
                for connection in connections.all(initialized_only=True)
            )
        ):
            outage_ended()  # this request used the database and was not refused
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_outage(exception):
            return None
        outage_started(exception)
        return service_unavailable(request)
