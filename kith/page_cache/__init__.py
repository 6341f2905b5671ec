"""Whole-page caching for anonymous readers, invalidated exactly by generation numbers.

Every cached page is stored under a key that contains the *generations* it depends on:

- the site-wide **content generation**, bumped by any change a reader could see on any page
  (articles, authors, topics, keywords, helplines, references, reviewers, transparency pages,
  redirects — see ``invalidation.py``);
- for an article page and its comment feeds, that article's **comments generation** (keyed by
  the article's slug, which is what the URL gives the middleware), bumped when one of its
  visible comments changes, so that approving a comment does not empty the whole cache.

Invalidating is one atomic ``incr`` — O(1), and shared by every process when the cache is
Redis. Old entries are never looked up again and simply expire. A generation that is missing
(a cleared or evicting cache) restarts from the clock in nanoseconds, so it can never come
back to a number an old entry was stored under.

Time changes pages too: a scheduled article appears at its ``published_at``, and the "review
overdue" notice at midnight. No entry (and no ``max-age``) lives past the next such moment:
``lifetime()`` caps it, reading the next scheduled publish time from the cache, where it is
remembered under the current content generation (one query per generation, not per page).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

T = TypeVar("T")
M = TypeVar("M", bound=Model)

CONTENT_KEY = "kith:gen:content"
COMMENTS_KEY = "kith:gen:comments:{slug}"
_NO_SCHEDULE = 0.0
# Generations already read in this request, by article slug (None: content only); see reading().
_seen: ContextVar[dict[str | None, str] | None] = ContextVar("kith_generations", default=None)


def _fresh() -> int:
    return time.time_ns()


def _read(keys: list[str]) -> list[int]:
    """The generations under ``keys``, starting any that are missing."""
    found = cache.get_many(keys)
    values = []
    for key in keys:
        value = found.get(key)
        if value is None:
            cache.add(key, _fresh(), timeout=None)
            value = cache.get(key) or 0
        values.append(value)
    return values


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # missing (never read, or evicted): any fresh value is new
        cache.set(key, _fresh(), timeout=None)


def now() -> float:
    """The application's clock (``timezone.now``), which decides what is published."""
    return timezone.now().timestamp()


def comments_key(slug: str) -> str:
    if len(slug) > 100:  # keys stay short whatever the URL (slugs are not length-checked there)
        slug = hashlib.sha256(slug.encode()).hexdigest()
    return COMMENTS_KEY.format(slug=slug)


@contextmanager
def reading() -> Iterator[None]:
    """Within this block (a reader's GET, see the middleware), each generation is read from the
    cache once: a page with eight cached parts and three remembered values makes one or two
    cache reads for them, not eleven. Any bump in the block forgets what was read."""
    token = _seen.set({})
    try:
        yield
    finally:
        _seen.reset(token)


def generations(article_slug: str | None = None) -> str:
    """The generations a page depends on, as one string for a cache key."""
    seen = _seen.get()
    if seen is not None and article_slug in seen:
        return seen[article_slug]
    keys = [CONTENT_KEY] if article_slug is None else [CONTENT_KEY, comments_key(article_slug)]
    value = ".".join(str(value) for value in _read(keys))
    if seen is not None:
        seen[article_slug] = value
    return value


def _forget_seen() -> None:
    seen = _seen.get()
    if seen:
        seen.clear()


def bump_content() -> None:
    """Every page may have changed (an article, author, topic, helpline ... was written)."""
    _forget_seen()
    _bump(CONTENT_KEY)


def bump_comments(article_slug: str) -> None:
    """The comments shown under one article (and its comment feeds) changed."""
    _forget_seen()
    _bump(comments_key(article_slug))


def next_scheduled_publish() -> float | None:
    """When the next scheduled article appears (epoch seconds), or None; one query per
    content generation, because publishing or rescheduling bumps the generation."""
    from articles.models import Article  # articles import this package for its memo

    key = f"kith:next-publish:{generations()}"
    value = cache.get(key)
    if value is None or (value and value <= now()):
        moment = (
            Article.objects.scheduled()
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        value = moment.timestamp() if moment else _NO_SCHEDULE
        cache.set(key, value, timeout=settings.KITH_PAGE_CACHE_SECONDS)
    return value or None


def _next_midnight() -> float:
    local = timezone.localtime()
    tomorrow = datetime.combine(local.date() + timedelta(days=1), datetime.min.time())
    return timezone.make_aware(tomorrow, local.tzinfo).timestamp()


def lifetime(*, until: float | None = None) -> int:
    """Seconds a page (or a value it is built from) may be kept: the configured lifetime, cut
    short by the next scheduled publish time, the next midnight and ``until``."""
    return max(0, int(expires_at(until=until) - now()))


def expires_at(*, until: float | None = None) -> float:
    """The moment (epoch seconds) until which what is built now may be kept."""
    limits = [now() + settings.KITH_PAGE_CACHE_SECONDS, _next_midnight()]
    limits += [moment for moment in (next_scheduled_publish(), until) if moment]
    return min(limits)


def remember_object(name: str, queryset: Callable[[], QuerySet[M]], **lookup: str) -> M:
    """``get_object_or_404(queryset, **lookup)``, kept like ``remember``: a page that misses
    the page cache but whose parts are cached then costs no query at all.

    Only for rows that bump the content generation whenever they change (articles, topics,
    see ``invalidation.CONTENT_MODELS``) and whose visibility changes only with it or with a
    scheduled publish time, which caps every lifetime. A missing row raises ``Http404`` and is
    not kept, so made-up addresses fill nothing. Off with the parts (``KITH_PART_CACHE``).
    """
    if not settings.KITH_PART_CACHE:
        return get_object_or_404(queryset(), **lookup)
    digest = hashlib.sha256(repr(sorted(lookup.items())).encode()).hexdigest()[:32]
    return remember(f"{name}:{digest}", lambda: get_object_or_404(queryset(), **lookup))


def remember(name: str, compute: Callable[[], T], *, article_slug: str | None = None) -> T:
    """``compute()``, kept under the current generations: what several pages share (the
    helplines, an article's comment counts and related articles) costs no query while
    nothing changed. ``article_slug`` ties the value to that article's comments too."""
    key = f"kith:memo:{name}:{generations(article_slug)}"
    stored = cache.get(key)
    if stored is not None and stored[0] > now():
        return stored[1]
    value = compute()
    until = expires_at()
    if until > now():
        cache.set(key, (until, value), timeout=max(1, int(until - now())))
    return value
