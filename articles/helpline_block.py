"""The helplines block for the reader's country, filled into every page on its way out.

Article pages are cached whole and shared by every anonymous reader, but the helplines they
show depend on the reader's country. So the ``{% helplines %}`` tag leaves a late-fragment
marker (``kith.page_cache.late``) and this module, registered in ``ArticlesConfig.ready()``,
renders the block for each response: one stored page serves every country, and no reader ever
sees a block built for another. The lines themselves are read once per content generation
(one query, then a cache read): the block adds a constant number of queries to any page.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_noop

from articles.helplines import (
    INTERNATIONAL_DIRECTORY_NAME,
    INTERNATIONAL_DIRECTORY_URL,
    Helpline,
    HelplineCountry,
    country_name,
    reader_country,
)
from kith import page_cache
from kith.reversing import remembered_reverse

NAME = "helplines"
DEFAULT_HEADING = gettext_noop("If you need help now")
DEFAULT_HEADING_ID = "helplines"
_MEMO_ATTR = "_kith_helplines_by_country"


def lines_by_country() -> dict[str, list[Helpline]]:
    """Every active line, by country code in each country's order; cached per generation."""
    (generation,) = page_cache.generations([page_cache.scope_key(page_cache.CONTENT)])
    key = f"kith:helplines:{generation}"
    found = cache.get(key)
    if found is None:
        found = {}
        rows = (
            HelplineCountry.objects.filter(helpline__is_active=True)
            .select_related("helpline")
            .order_by("country", "position", "helpline__name")
        )
        for row in rows:
            found.setdefault(row.country.code, []).append(row.helpline)
        cache.set(key, found, settings.KITH_PAGE_CACHE_SECONDS)
    return found


def _lines(request: HttpRequest | None) -> dict[str, list[Helpline]]:
    if request is None:
        return lines_by_country()
    memo = getattr(request, _MEMO_ATTR, None)
    if memo is None:
        memo = lines_by_country()
        setattr(request, _MEMO_ATTR, memo)
    return memo


def return_path(request: HttpRequest | None) -> str:
    """Where the country chooser sends the reader back: this page, or for a form's answer
    (a POST) the page the form was on."""
    if request is None:
        return ""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return ""


def change_url(request: HttpRequest | None, heading_id: str) -> str:
    """The country chooser, which sends the reader back to this page's helplines."""
    chooser = remembered_reverse("articles:helpline-country")
    return _chooser_link(chooser, return_path(request), heading_id)


@functools.lru_cache(maxsize=2048)
def _chooser_link(chooser: str, back: str, heading_id: str) -> str:
    return f"{chooser}?{urlencode({'next': f'{back}#{heading_id}'})}" if back else chooser


def block_context(request: HttpRequest | None, arguments: dict[str, str]) -> dict[str, Any]:
    heading_id = arguments.get("heading_id") or DEFAULT_HEADING_ID
    by_country = _lines(request)
    country = reader_country(request) if request is not None else ""
    if country:  # one list, no country heading
        groups = [("", by_country[country])] if by_country.get(country) else []
    else:
        groups = sorted(
            ((country_name(code), lines) for code, lines in by_country.items()),
            key=lambda group: group[0],
        )
    return {
        "heading": arguments.get("heading") or gettext(DEFAULT_HEADING),
        "heading_id": heading_id,
        "country": country,
        "country_name": country_name(country),
        "groups": groups,
        "change_url": change_url(request, heading_id),
        "directory_name": INTERNATIONAL_DIRECTORY_NAME,
        "directory_url": INTERNATIONAL_DIRECTORY_URL,
    }


# Rendered blocks of this process, by content generation, language, country and arguments, with
# a mark where the page's own chooser address goes: every page (cache hits included) fills the
# block in, and rendering it took ~3 ms a request. A change to any content (helplines included)
# starts a new generation, so an entry is never used after its lines changed; with the cache
# unreachable (generation 0) nothing is kept.
_RENDERED: dict[tuple, str] = {}
_RENDERED_MAX = 256
_CHANGE_URL_MARK = "kith-helplines-change-url"


def render_block(request: HttpRequest | None, arguments: dict[str, str]) -> str:
    """The block in the interface language, or in ``arguments["language"]`` when it is one of
    the site's languages (the crisis panel's)."""
    language = arguments.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    heading_id = arguments.get("heading_id") or DEFAULT_HEADING_ID
    content = [page_cache.scope_key(page_cache.CONTENT)]
    (generation,) = page_cache.generations(content, request=request)
    country = reader_country(request) if request is not None else ""
    key = (generation, language, country, arguments.get("heading") or "", heading_id)
    html = _RENDERED.get(key)
    if html is None:
        with translation.override(language):
            context = block_context(request, arguments)
            context["change_url"] = _CHANGE_URL_MARK
            html = render_to_string("includes/helplines.html", context)
        if generation:
            if len(_RENDERED) >= _RENDERED_MAX:
                _RENDERED.clear()
            _RENDERED[key] = html
    return html.replace(_CHANGE_URL_MARK, conditional_escape(change_url(request, heading_id)))


def register() -> None:
    page_cache.add_late_fragment(NAME, render_block, vary=("Cookie", "Accept-Language"))
