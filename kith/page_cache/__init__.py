"""Whole pages for anonymous readers, kept until what they show changes. Knows no app.

The API, for apps:

- ``reader_page(view, scope=...)`` marks a view whose page every anonymous reader may share
  (applied in the app's ``urls.py``). Its page depends on the site's **content** scope and,
  with ``scope=("comments", "slug")``, also on one more scope named from a URL argument.
- ``bump(kind, key="")`` says that what readers see in a scope changed: ``bump("content")``
  (anything on any page: ``bump_content()``), ``bump("comments", slug)``. Each app calls it
  from the receivers it connects in its ``AppConfig.ready()`` or from the methods that write
  in bulk.
- ``expire_page_at(request, moment)``: a view or tag says its page changes at ``moment``.
- ``add_deadline(function)``: an app says when the next page changes by the clock (e.g. the
  next scheduled publication); read once per content generation.
- ``add_late_fragment(name, render, vary=...)`` and ``late_fragment(request, name, ...)``: a
  small part of a shared page that differs by reader (their country's helplines) is filled in
  on the way out, on a hit and on a miss alike; see ``kith.page_cache.late``.

Every scope has a *generation* number in the cache; bumping it is one atomic ``incr`` (O(1),
shared by every process when the cache is Redis), once at once and once after the transaction
commits (a reader who filled the cache between the write and the commit is not believed). A
stored page remembers the generations it was built under and is served only while they are
current; old entries simply expire. A missing generation (a cleared or evicting cache) restarts
from the clock in nanoseconds, so it never comes back to a number an old page was stored under.

Time changes pages too: no entry (and no ``max-age``) lives past the next deadline an app
announced, nor past midnight (dated notices), nor past a moment announced by the page.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from kith import resilient_cache
from kith.page_cache.late import add_late_fragment, late_fragment

__all__ = [
    "CONTENT",
    "add_deadline",
    "add_late_fragment",
    "bump",
    "bump_content",
    "expire_page_at",
    "expires_at",
    "generations",
    "late_fragment",
    "reader_page",
    "scope_key",
]

CONTENT = "content"
SCOPES_ATTR = "_kith_page_generations"
EXPIRES_ATTR = "_kith_page_expires_at"
_GENERATIONS_MEMO_ATTR = "_kith_generations_read"
_deadlines: list[Callable[[], datetime | None]] = []


def scope_key(kind: str, key: str = "") -> str:
    # Cache keys stay short and plain whatever the URL (slugs are not length-checked, and an API
    # path argument may hold any character).
    if len(key) > 100 or not (key.isascii() and key.isprintable()) or " " in key:
        key = hashlib.sha256(key.encode()).hexdigest()
    return f"kith:gen:{kind}:{key}" if key else f"kith:gen:{kind}"


def generations(keys: list[str], *, request: HttpRequest | None = None) -> list[int]:
    """The current generations under ``keys`` (from ``scope_key``), starting missing ones.

    With ``request``, each key is read once per request: a page-cache hit and the late
    fragments it fills see the same generations, for one cache read."""
    memo: dict[str, int] | None = None
    if request is not None:
        memo = request.__dict__.setdefault(_GENERATIONS_MEMO_ATTR, {})
        if all(key in memo for key in keys):
            return [memo[key] for key in keys]
    found = cache.get_many(keys)
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            cache.add(key, time.time_ns(), timeout=None)
            value = cache.get(key) or 0
        values.append(value)
    if memo is not None:
        memo.update(zip(keys, values, strict=True))
    return values


def _incr(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # missing (never read, or evicted): any fresh value is new
        cache.set(key, time.time_ns(), timeout=None)
    if getattr(cache, "is_down", False):  # Redis unreachable: this bump was lost
        _lost_bumps.add(key)


# Bumps this process sent while Redis could not be reached were lost: they are sent again when
# it answers (kith/resilient_cache.py), so that no page built before them is served after.
_lost_bumps: set[str] = set()


def _resend_lost_bumps() -> None:
    keys = list(_lost_bumps)
    _lost_bumps.clear()
    for key in keys:
        _incr(key)


resilient_cache.on_recovery(_resend_lost_bumps)


def bump(kind: str, key: str = "") -> None:
    """What readers see in this scope changed: pages built under it are not served again."""
    name = scope_key(kind, key)
    _incr(name)
    transaction.on_commit(lambda: _incr(name))


def bump_content() -> None:
    """Every page may have changed (an article, author, topic, helpline ... was written)."""
    bump(CONTENT)


def reader_page(
    view: Callable[..., HttpResponse], *, scope: tuple[str, str] | None = None
) -> Callable[..., HttpResponse]:
    """``view``'s page may be shared by every anonymous reader (see the middleware). It depends
    on the content scope and, with ``scope=(kind, url_argument)``, on that scope too. The
    generations are read before the view reads any row, so a page is never stored under a
    generation newer than its rows."""

    @wraps(view)
    def marked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        keys = [scope_key(CONTENT)]
        if scope is not None:
            keys.append(scope_key(scope[0], str(kwargs.get(scope[1], ""))))
        setattr(request, SCOPES_ATTR, (keys, generations(keys, request=request)))
        return view(request, *args, **kwargs)

    return marked


def expire_page_at(request: HttpRequest, moment: float) -> None:
    """A view or tag says its page changes at ``moment`` (epoch seconds), e.g. comments close."""
    current = getattr(request, EXPIRES_ATTR, None)
    setattr(request, EXPIRES_ATTR, moment if current is None else min(current, moment))


def add_deadline(function: Callable[[], datetime | None]) -> None:
    """``function()`` tells when the next page changes by the clock (or None); it is asked once
    per content generation, so it must change only with content (bumps) or time."""
    if function not in _deadlines:
        _deadlines.append(function)


def now() -> float:
    """The application's clock (``timezone.now``), which decides what is published."""
    return timezone.now().timestamp()


def _next_deadline() -> float | None:
    if not _deadlines:
        return None
    (content,) = generations([scope_key(CONTENT)])
    key = f"kith:deadline:{content}"
    value = cache.get(key)
    if value is None or (value and value <= now()):
        moments = [moment for moment in (deadline() for deadline in _deadlines) if moment]
        value = min(moments).timestamp() if moments else 0.0
        cache.set(key, value, timeout=settings.KITH_PAGE_CACHE_SECONDS)
    return value or None


def _next_midnight() -> float:
    local = timezone.localtime()
    tomorrow = datetime.combine(local.date() + timedelta(days=1), datetime.min.time())
    return timezone.make_aware(tomorrow, local.tzinfo).timestamp()


def expires_at(*, until: float | None = None) -> float:
    """The moment (epoch seconds) until which a page built now may be kept: the configured
    lifetime, cut short by the next deadline, the next midnight and ``until``."""
    limits = [now() + settings.KITH_PAGE_CACHE_SECONDS, _next_midnight()]
    limits += [moment for moment in (_next_deadline(), until) if moment]
    return min(limits)
