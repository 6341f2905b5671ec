"""The page cache middleware, first in ``MIDDLEWARE``: an anonymous reader's GET/HEAD of a page
already in the cache is answered here, before any other middleware runs.

Who is anonymous, without a query: a request that carries no session cookie and no messages
cookie. Signing in creates a session, so editors previewing and moderators always carry one;
their requests skip the cache entirely and get ``Cache-Control: private, no-store``, as does a
reader with a leftover session (e.g. just after posting a comment). A hit costs two cache reads
(the page, then the generations it was built under) and no URL resolving, session or database.

Only a 200 answer from a view marked ``reader_page`` that sets no cookie and no
``Cache-Control`` of its own (a draft preview sets ``private, no-store``) is stored, with every
header the other middleware added (security headers, CSP, ETag), so a hit carries the same
headers as a fresh page. It says ``Cache-Control: public, max-age=…, stale-while-revalidate=…``
for a CDN; ``max-age`` never runs past the entry's own expiry. Everything else gets
``private, no-store`` unless its view said otherwise. A conditional request is answered 304
here on a hit (``If-None-Match``, or ``If-Modified-Since`` against a stored ``Last-Modified``),
by ``ConditionalGetMiddleware`` on a miss.

A CDN in front must pass requests that carry the session cookie through (responses say
``Vary: Cookie`` when Django read the session, which makes a CDN that honours Vary do so).

A page is stored with its *late-fragment* markers (``kith.page_cache.late``) and every response
— hit or fresh — has them filled for its own reader on the way out, so one entry serves readers
who see different fragments (e.g. their country's helplines). Such responses say ``Vary`` on
what the fragments read (``Cookie, Accept-Language``): a CDN that honours ``Vary`` keeps the
variants apart; one that does not must not cache those pages, or must put the same inputs (the
country cookie and the Accept-Language region) in its cache key.

The interface language (the language cookie, else ``Accept-Language``, as ``LocaleMiddleware``
decides it) is part of every entry's key: a page has at most one stored entry per language, and
a reader is never served a page built in another. The language is active for the whole request,
a hit included, so late fragments filled on the way out speak it too. Stored pages say
``Vary: Cookie, Accept-Language`` for the same reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import parse_http_date_safe

from kith import page_cache
from kith.page_cache import late

PRIVATE = "private, no-store"


def _public(seconds: int) -> str:
    swr = settings.KITH_PAGE_STALE_WHILE_REVALIDATE
    return f"public, max-age={seconds}, stale-while-revalidate={swr}"


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.static_url = settings.STATIC_URL or "/static/"

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The language LocaleMiddleware will choose, active already for a hit and its fragments.
        language = translation.get_language_from_request(request)
        with translation.override(language):
            return self._respond(request, language)

    def _respond(self, request: HttpRequest, language: str) -> HttpResponse:
        setattr(request, late.SEEN_ATTR, True)  # tags may leave late-fragment markers
        key = self._key(request, language) if self._shareable(request) else None
        if key is not None and settings.KITH_PAGE_CACHE:
            hit = self._hit(request, key)
            if hit is not None:
                return hit
        response = self.get_response(request)
        marked = getattr(request, page_cache.SCOPES_ATTR, None)
        if key is None or marked is None or not self._storable(response):
            if "Cache-Control" not in response:
                response["Cache-Control"] = PRIVATE
            late.fill(request, response)
            return response
        until = page_cache.expires_at(until=getattr(request, page_cache.EXPIRES_ATTR, None))
        seconds = max(0, int(until - page_cache.now()))
        response["Cache-Control"] = _public(min(settings.KITH_PAGE_MAX_AGE, seconds))
        patch_vary_headers(response, ("Cookie", "Accept-Language"))  # the language (see above)
        if not response.has_header("ETag"):
            set_response_etag(response)
        if settings.KITH_PAGE_CACHE and seconds > 0 and request.method == "GET":
            scopes, generations = marked
            headers = [(k, v) for k, v in response.items() if k != "Cache-Control"]
            entry = (late.split(response), headers, until, scopes, generations)
            cache.set(key, entry, seconds)
        # Stored with its markers; this reader gets their own fragments (and their ETag).
        late.fill(request, response)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def _shareable(self, request: HttpRequest) -> bool:
        cookies = request.COOKIES
        return (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in cookies
            and "messages" not in cookies
            and not request.path.startswith(self.static_url)
        )

    @staticmethod
    def _key(request: HttpRequest, language: str | None = None) -> str | None:
        # GET and HEAD share an entry; the host is in the key because pages hold absolute URLs.
        try:
            address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        except DisallowedHost:
            return None  # the stack below answers 400
        language = language or translation.get_language_from_request(request)
        return f"kith:page:{language}:" + hashlib.sha256(address.encode()).hexdigest()

    @staticmethod
    def _hit(request: HttpRequest, key: str) -> HttpResponse | None:
        stored = cache.get(key)
        if stored is None:
            return None
        pieces, headers, until, scopes, generations = stored
        # The entry's own expiry is checked against the application's clock, the one that
        # decides when a scheduled article is published.
        if (
            until <= page_cache.now()
            or page_cache.generations(scopes, request=request) != generations
        ):
            return None
        response = HttpResponse()
        for name, value in headers:
            response[name] = value
        if isinstance(pieces, bytes):  # stored by an older Kith, as the page itself
            response.content = pieces
            pieces = late.split(response)
        elif len(pieces) == 1:
            response.content = pieces[0]
        # else: late.fill below joins the pieces with this reader's fragments (only HTML is
        # split into more than one piece, so it always does).
        remaining = max(0, int(until - page_cache.now()))
        response["Cache-Control"] = _public(min(settings.KITH_PAGE_MAX_AGE, remaining))
        late.fill(request, response, pieces)
        # As ConditionalGetMiddleware on a miss: If-None-Match, or If-Modified-Since against the
        # Last-Modified the view set (the API's single resources).
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )

    @staticmethod
    def _storable(response: HttpResponse) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "Cache-Control" not in response
        )
