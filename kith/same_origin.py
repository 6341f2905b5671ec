"""Cross-site request protection for forms on cached pages, without a CSRF token.

Why not Django's CSRF token: the comment form and the report buttons sit on article pages
that are cached whole and served identically to every anonymous reader (and may be kept by a
CDN: ``Cache-Control: public``). A per-visitor token cannot be in such a page. Substituting
it at serve time (a per-request fragment) would make every response per-visitor, i.e. not
cacheable by a CDN — the issue wants public pages. So the two views that take those forms are
``csrf_exempt`` and check instead, with ``require_same_origin``, what browsers tell about
where a request comes from (OWASP's "verifying origin with standard headers" and Fetch
Metadata):

- ``Sec-Fetch-Site``, when the browser sends it, must be ``same-origin``;
- ``Origin`` must be this site (or one of ``CSRF_TRUSTED_ORIGINS``); browsers send it with
  every form POST. Only when it is missing, ``Referer`` must be this site — the site's
  ``Referrer-Policy: strict-origin-when-cross-origin`` keeps it for same-origin posts;
- neither header → refused. A browser always sends one of them with a form POST, so only
  non-browser clients meet this, and those are not a cross-site attack (they can forge any
  header anyway; the spam defences in ``comments/moderation.py`` deal with them).

A page on another site therefore cannot make a reader's browser post a comment or a report.
Like Django's own CSRF check, this one honours the test client's ``enforce_csrf_checks``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

REFUSED_REASON = "Cross-site or unverifiable origin"


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def is_same_origin(request: HttpRequest) -> bool:
    """Whether the browser says this request comes from a page of this site."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    try:
        own = f"{request.scheme}://{request.get_host()}".lower()
    except DisallowedHost:
        return False
    allowed = {own, *(origin.lower() for origin in settings.CSRF_TRUSTED_ORIGINS)}
    origin = request.headers.get("Origin")
    if origin is not None:
        return origin.lower() in allowed
    referer = request.headers.get("Referer")
    return bool(referer) and _origin_of(referer) in allowed


def refused_response(request: HttpRequest) -> HttpResponse:
    """The generic page for a request refused by the origin check."""
    return render(request, "403_csrf.html", {"reason": REFUSED_REASON}, status=403)


def require_same_origin(
    view: Callable[..., HttpResponse] | None = None,
    *,
    refused: Callable[..., HttpResponse] | None = None,
) -> Callable[..., HttpResponse]:
    """Replaces the CSRF token check of ``view`` by the origin check above (see why there).

    ``refused``, when given, answers a refused request (with the view's arguments) instead of
    the generic page: the comment form uses it to show the helplines first when the refused
    text may speak of suicide or self-harm. Use as ``@require_same_origin`` or
    ``@require_same_origin(refused=...)``.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            enforce = not getattr(request, "_dont_enforce_csrf_checks", False)
            if enforce and request.method == "POST" and not is_same_origin(request):
                if refused is not None:
                    return refused(request, *args, **kwargs)
                return refused_response(request)
            return view(request, *args, **kwargs)

        return csrf_exempt(checked)

    return decorate if view is None else decorate(view)
