"""The page cache middleware: anonymous GET/HEAD of public pages are answered from the cache.

Who is anonymous, without a query: a request that carries no session cookie and no messages
cookie. Signing in creates a session, so editors previewing and moderators always carry one;
their requests skip the cache entirely and get ``Cache-Control: private, no-store``. A reader
with a leftover session (e.g. just after posting a comment, while the confirmation is pending)
is served a fresh page too, which is what they need. Such a request costs no more than
without a cache; a cookie-less one costs two cache reads on a hit and never touches the
session, the database or the view.

Only a 200 answer to such a request, from a view listed in ``CACHEABLE``, that sets no cookie
and no ``Cache-Control`` of its own (a draft preview sets ``private, no-store``), is stored.
The stored page carries an ``ETag`` and ``Cache-Control: public, max-age=…,
stale-while-revalidate=…`` for a CDN; ``max-age`` never runs past the entry's own expiry, so a
scheduled article is not hidden by a CDN either. Everything else gets ``private, no-store``
unless its view said otherwise. ``ConditionalGetMiddleware`` (outside this one) answers 304.

A CDN in front must pass requests that carry the session cookie through (responses say
``Vary: Cookie`` when Django read the session, which makes a CDN that honours Vary do so).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import set_response_etag

from kith import page_cache

# url name → does the page show one article's comments (keyed by the "slug" URL argument)?
CACHEABLE: dict[str, bool] = {
    "articles:home": False,
    "articles:detail": True,
    "articles:author": False,
    "articles:tag": False,
    "articles:search": False,
    "articles:feed-rss": False,
    "articles:feed-atom": False,
    "articles:topic-feed-rss": False,
    "articles:topic-feed-atom": False,
    "topics:list": False,
    "topics:detail": False,
    "topics:section": False,
    "comments:feed-rss": True,
    "comments:feed-atom": True,
    "sitemap": False,
    "robots": False,
}
PRIVATE = "private, no-store"
EXPIRES_ATTR = "_kith_page_expires_at"


def expire_page_at(request: HttpRequest, moment: float) -> None:
    """A view or tag says its page changes at ``moment`` (epoch seconds), e.g. comments close."""
    current = getattr(request, EXPIRES_ATTR, None)
    setattr(request, EXPIRES_ATTR, moment if current is None else min(current, moment))


def _is_anonymous(request: HttpRequest) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _cacheable_scope(request: HttpRequest) -> tuple[str, str | None] | None:
    """(url name, article slug or None) when this request may be served from the cache."""
    if request.method not in ("GET", "HEAD") or not _is_anonymous(request):
        return None
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None
    name = match.view_name
    if name.startswith("pages:"):  # the transparency pages (flatpages)
        return name, None
    if name not in CACHEABLE:
        return None
    return name, (match.kwargs.get("slug") if CACHEABLE[name] else None)


def _public(seconds: int) -> str:
    swr = settings.KITH_PAGE_STALE_WHILE_REVALIDATE
    return f"public, max-age={seconds}, stale-while-revalidate={swr}"


class PageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self._answer(request)
        with page_cache.reading():
            return self._answer(request)

    def _answer(self, request: HttpRequest) -> HttpResponse:
        scope = _cacheable_scope(request)
        if scope is None:
            response = self.get_response(request)
            if "Cache-Control" not in response:
                response["Cache-Control"] = PRIVATE
            return response
        use_cache = settings.KITH_PAGE_CACHE
        key = self._key(request, scope[1]) if use_cache else ""
        stored = cache.get(key) if use_cache else None
        # The entry's own expiry is checked against the application's clock, the one that
        # decides when a scheduled article is published.
        if stored is not None and stored[3] > page_cache.now():
            return self._from_cache(*stored)
        response = self.get_response(request)
        if not self._storable(response):
            if "Cache-Control" not in response:
                response["Cache-Control"] = PRIVATE
            return response
        until = page_cache.expires_at(until=getattr(request, EXPIRES_ATTR, None))
        seconds = max(0, int(until - page_cache.now()))
        response["Cache-Control"] = _public(min(settings.KITH_PAGE_MAX_AGE, seconds))
        set_response_etag(response)
        if use_cache and seconds > 0:
            headers = [(k, v) for k, v in response.items() if k != "Cache-Control"]
            cache.set(key, (response.content, response.status_code, headers, until), seconds)
        return response

    @staticmethod
    def _key(request: HttpRequest, article_slug: str | None) -> str:
        # GET and HEAD share an entry; the host is in the key because pages hold absolute URLs.
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"kith:page:{page_cache.generations(article_slug)}:{digest}"

    @staticmethod
    def _storable(response: HttpResponse) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "Cache-Control" not in response
        )

    @staticmethod
    def _from_cache(content: bytes, status: int, headers: list, expires_at: float) -> HttpResponse:
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        remaining = max(0, int(expires_at - page_cache.now()))
        response["Cache-Control"] = _public(min(settings.KITH_PAGE_MAX_AGE, remaining))
        return response
