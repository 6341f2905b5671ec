"""The 400, 403 and 404 pages, rendered without the request.

A 400 is often the answer to a bad ``Host`` header (empty, ``localhost:abc``, a name not in
DJANGO_ALLOWED_HOSTS); Django's own handlers render the page *with* the request, and the page's
canonical URL asks that request for its host again, so the 400 page itself failed with a 500.
Here the templates get the site's names (settings only) and nothing from the request: no host,
no session, no user. The 500 page needs neither request nor database (Django renders
templates/500.html without context); templates/503.html is written the same way.
"""

from __future__ import annotations

import sys

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template import loader

from kith.context_processors import site


def _render(template_name: str) -> str:
    return loader.render_to_string(template_name, site(None))


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseBadRequest(_render("400.html"))


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseForbidden(_render("403.html"))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseNotFound(_render("404.html"))


def server_error(request: HttpRequest) -> HttpResponse:
    """templates/500.html, or the 503 page when the error is the database being unreachable
    (raised outside a view, e.g. while the session is saved: see kith/outage.py)."""
    from kith import outage

    exception = sys.exc_info()[1]
    if outage.is_outage(exception):
        outage.outage_started(exception)
        return outage.service_unavailable(request)
    return HttpResponseServerError(loader.render_to_string("500.html"))
