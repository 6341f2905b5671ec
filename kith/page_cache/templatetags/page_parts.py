"""``{% cached_part %}``: parts of a page kept in the cache, so that a page-cache miss is cheap.

The page cache (``kith/page_cache/middleware.py``) answers most anonymous readers. A page is
still rendered whenever it misses: the first reader after any change, a new address of the same
page (``?utm_source=…``, another comment page), and every signed-in editor or moderator. Most of
such a page has not changed — approving a comment changes the comment list, not the article
above it — so the expensive parts are kept too, each under the generations it depends on
(exactly the page cache's invalidation, see ``kith/page_cache/__init__.py``)::

    {% cached_part "topic" topic.pk on_miss=topic.prefetch_page_relations %} … {% endcached_part %}
    {% cached_part "comments" article.pk request.GET.page comments=article.slug %}
      …
    {% endcached_part %}

- Positional arguments after the name say what the part varies on; the scheme and host are
  always added, because parts hold absolute URLs (structured data, canonical links).
- ``comments=<slug>`` ties the part to that article's comments generation as well as to the
  content generation.
- ``on_miss=<callable>`` runs before the part is rendered, and only then: the page's
  prefetching (``article.prefetch_page_relations``), so that a hit costs no query.
- ``skip=<value>`` renders without the cache when true (a draft's preview).

A part never outlives what the page cache allows (``page_cache.expires_at``): the next
scheduled publish time, midnight, and any moment a tag inside it announces with
``expire_page_at`` (comments closing). That moment is stored with the part and, on a hit,
passed on to the request, so the page cached around the part expires with it.

Parts hold nothing about the visitor: no CSRF token (the comment form is origin-checked, see
``kith/same_origin.py``), no user name, no messages. ``KITH_PART_CACHE=0`` turns them off, to
measure a page rendered from nothing (``bench/pages.py``).
"""

from __future__ import annotations

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.template.base import FilterExpression, Node, NodeList, Parser, Token
from django.utils.safestring import SafeString, mark_safe

from kith import page_cache
from kith.page_cache.middleware import EXPIRES_ATTR, expire_page_at

register = template.Library()

_OPTIONS = ("comments", "on_miss", "skip")


class CachedPartNode(Node):
    def __init__(
        self,
        nodelist: NodeList,
        name: str,
        vary: list[FilterExpression],
        options: dict[str, FilterExpression],
    ) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary = vary
        self.options = options

    def _option(self, context: template.Context, name: str) -> object:
        expression = self.options.get(name)
        return None if expression is None else expression.resolve(context)

    def render(self, context: template.Context) -> SafeString:
        if not settings.KITH_PART_CACHE or self._option(context, "skip"):
            self._option(context, "on_miss")
            return self.nodelist.render(context)
        request = context.get("request")
        key = self._key(context, request)
        stored = cache.get(key)
        if stored is not None and stored[0] > page_cache.now():
            if request is not None:
                expire_page_at(request, stored[0])
            return mark_safe(stored[1])
        self._option(context, "on_miss")
        html, announced = self._render_collecting_expiry(context, request)
        until = page_cache.expires_at(until=announced)
        seconds = int(until - page_cache.now())
        if seconds > 0:
            cache.set(key, (until, str(html)), timeout=seconds)
        return html

    def _key(self, context: template.Context, request: object) -> str:
        where = f"{request.scheme}://{request.get_host()}" if request is not None else ""
        values = [where] + [str(expression.resolve(context)) for expression in self.vary]
        digest = hashlib.sha256("\x1f".join(values).encode()).hexdigest()[:32]
        slug = self._option(context, "comments")
        generations = page_cache.generations(str(slug) if slug else None)
        return f"kith:part:{self.name}:{digest}:{generations}"

    def _render_collecting_expiry(
        self, context: template.Context, request: object
    ) -> tuple[SafeString, float | None]:
        """The part's HTML, and the earliest moment a tag inside it said the page changes."""
        if request is None:
            return self.nodelist.render(context), None
        before = getattr(request, EXPIRES_ATTR, None)
        if before is not None:
            delattr(request, EXPIRES_ATTR)
        html = self.nodelist.render(context)
        announced = getattr(request, EXPIRES_ATTR, None)
        if before is not None:
            setattr(request, EXPIRES_ATTR, before)
            if announced is not None:
                expire_page_at(request, announced)
        return html, announced


@register.tag("cached_part")
def cached_part(parser: Parser, token: Token) -> CachedPartNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError(
            '{% cached_part %} needs a quoted name: {% cached_part "name" key … %}'
        )
    name = bits[1][1:-1]
    vary: list[FilterExpression] = []
    options: dict[str, FilterExpression] = {}
    for bit in bits[2:]:
        option, equals, value = bit.partition("=")
        if equals and option in _OPTIONS:
            options[option] = parser.compile_filter(value)
        elif equals:
            raise template.TemplateSyntaxError(f"{{% cached_part %}} has no option {option!r}")
        else:
            vary.append(parser.compile_filter(bit))
    nodelist = parser.parse(("endcached_part",))
    parser.delete_first_token()
    return CachedPartNode(nodelist, name, vary, options)
