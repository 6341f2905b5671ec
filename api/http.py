"""The headers every answer under /api/v1/ carries: caching, CORS and JSON errors.

Caching is the public pages' own: every content endpoint is a ``reader_page``
(``kith.page_cache``), so an anonymous client's 200 is stored whole in the page cache, served
from it until a write bumps its scope (the content scope: any article, author, topic,
helpline …; an article's comments also ``("comments", slug)``), and carries the pages'
``Cache-Control: public, max-age=…, stale-while-revalidate=…``, never past the next scheduled
publication or midnight. A request with a session cookie gets a fresh answer and ``private,
no-store``, as pages do. When ``KITH_API_CORS_ORIGINS`` lists origins, answers differ by
``Origin`` and are not shared: they get ``public, max-age=KITH_PAGE_MAX_AGE, …`` (cut before
the next scheduled article) here instead. Errors and 429s: ``private, no-store``.
``ETag`` and the 304 answer come from Django's ``ConditionalGetMiddleware`` on a miss and the
page cache on a hit, comparing ``If-None-Match`` (or ``If-Modified-Since`` against the
``Last-Modified`` a detail endpoint sets).

CORS: the API is anonymous, reads no cookie and shows only what any reader may see, so any
origin may read it (``KITH_API_CORS_ORIGINS=*``, the default); a deployment may list origins
instead. Only GET, HEAD and the OPTIONS preflight are allowed, and credentials never are.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

from articles.models import Article
from kith.page_cache import SCOPES_ATTR, reader_page

SAFE_METHODS = ("GET", "HEAD")
PREFLIGHT_MAX_AGE = 86_400
# Headers a cross-origin script may send (conditional requests) and read.
ALLOWED_REQUEST_HEADERS = "If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After"
NO_STORE = "private, no-store"


def seconds_until_next_publish() -> int | None:
    """Seconds until the next scheduled article appears, or None (one indexed query)."""
    moment = (
        Article.objects.scheduled().order_by("published_at").values_list("published_at", flat=True)
    ).first()
    return None if moment is None else max(0, int((moment - timezone.now()).total_seconds()))


def public_cache_control() -> str:
    max_age = settings.KITH_PAGE_MAX_AGE
    until_publish = seconds_until_next_publish()
    if until_publish is not None:
        max_age = min(max_age, until_publish)
    swr = settings.KITH_PAGE_STALE_WHILE_REVALIDATE
    return f"public, max-age={max_age}, stale-while-revalidate={swr}"


def allowed_origin(request: HttpRequest) -> str | None:
    origins = settings.KITH_API_CORS_ORIGINS
    if "*" in origins:
        return "*"
    origin = request.headers.get("Origin", "")
    return origin if origin in origins else None


def add_cors(request: HttpRequest, response: HttpResponse) -> None:
    origin = allowed_origin(request)
    if "*" not in settings.KITH_API_CORS_ORIGINS:
        patch_vary_headers(response, ["Origin"])
    if origin is None:
        return
    response["Access-Control-Allow-Origin"] = origin
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS


def preflight(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(status=204)
    if allowed_origin(request) is not None:
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = ALLOWED_REQUEST_HEADERS
        response["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    response["Allow"] = "GET, HEAD, OPTIONS"
    response["Cache-Control"] = NO_STORE
    return response


def method_not_allowed() -> HttpResponse:
    response = JsonResponse({"error": "This API is read-only: use GET.", "details": []}, status=405)
    response["Allow"] = "GET, HEAD, OPTIONS"
    return response


def shared_when_public(
    view: Callable[..., HttpResponse], *, scope: tuple[str, str] | None = None
) -> Callable[..., HttpResponse]:
    """``view`` as a ``reader_page`` (its anonymous 200s kept in the page cache, with the
    pages' headers and invalidation) while any origin may read the API; with a list of origins
    the answer's CORS headers depend on the request, so it is built each time."""
    marked = reader_page(view, scope=scope)

    @wraps(view)
    def choose(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if "*" in settings.KITH_API_CORS_ORIGINS:
            return marked(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return choose


def api_headers(
    view: Callable[..., HttpResponse], *, content: bool = True
) -> Callable[..., HttpResponse]:
    """``content=False`` for the schema and docs, which no publish time changes."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = preflight(request)
        elif request.method not in SAFE_METHODS:
            response = method_not_allowed()
        else:
            if request.method == "HEAD":
                request.method = "GET"  # ninja routes GET only; the server drops HEAD's body
            # Data for programs, the same for every reader: labels in the site's language,
            # whatever the interface language the browser asks for.
            with translation.override(settings.LANGUAGE_CODE):
                response = view(request, *args, **kwargs)
        add_cors(request, response)
        shared = getattr(request, SCOPES_ATTR, None) is not None
        if "Cache-Control" not in response:
            ok = response.status_code == 200
            if ok and shared:
                pass  # the page cache middleware sets the pages' header (or private, no-store)
            elif not ok:
                response["Cache-Control"] = NO_STORE
            elif content:
                response["Cache-Control"] = public_cache_control()
            else:
                swr = settings.KITH_PAGE_STALE_WHILE_REVALIDATE
                response["Cache-Control"] = (
                    f"public, max-age={settings.KITH_PAGE_MAX_AGE}, stale-while-revalidate={swr}"
                )
        return response

    return wrapped


def not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    return JsonResponse(
        {"error": "No such endpoint. The list is at /api/v1/docs.", "details": []}, status=404
    )
