"""The interface language: a GET link per language that remembers the choice and goes back.

A link, not a form: pages the cache shares between readers carry no CSRF token, and no
JavaScript is needed. The choice lives in Django's language cookie, which ``LocaleMiddleware``
reads before the browser's ``Accept-Language``; the page cache keys every stored page by the
same language (``kith.page_cache.middleware``), so a reader never gets a page built in the
other one.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_supported_language_variant
from django.views.decorators.http import require_http_methods

LANGUAGE_PARAMETER = "language"


def _safe_next(request: HttpRequest, target: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed and target.startswith("/") else "/"


def _supported(code: str) -> str | None:
    if not code or len(code) > 20 or not check_for_language(code):
        return None
    try:
        return get_supported_language_variant(code, strict=True)
    except LookupError:
        return None


@require_http_methods(["GET", "HEAD"])
def choose_language(request: HttpRequest) -> HttpResponse:
    """``?language=es&next=/a/page/``: remember the language and go back to the page."""
    response = HttpResponseRedirect(_safe_next(request, request.GET.get("next", "")))
    response["Cache-Control"] = "private, no-store"
    language = _supported(request.GET.get(LANGUAGE_PARAMETER, ""))
    if language is not None:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
