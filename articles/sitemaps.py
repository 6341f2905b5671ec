"""``/sitemap.xml`` and ``/robots.txt``: what search engines may crawl, and where it is.

Addresses are built from the request's host (checked against ALLOWED_HOSTS), not from the
sites framework's ``Site`` row, which a fresh install leaves as “example.com”.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles.languages import default_version
from articles.models import Article, Author
from topics.models import Topic


class RequestHostSitemap(Sitemap):
    """A sitemap whose absolute URLs use the host the request came to."""

    def __init__(self, *, domain: str) -> None:
        self.domain = domain

    def get_domain(self, site=None) -> str:
        return self.domain


SITEMAP_FIELDS = (
    "pk",
    "slug",
    "published_at",
    "content_updated_at",
    "language",
    "translation_group",
)


class ArticleSitemap(RequestHostSitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self) -> QuerySet[Article]:
        return Article.objects.published().only(*SITEMAP_FIELDS).order_by("pk")

    def _urls(self, page, protocol: str, domain: str) -> list[dict]:
        """Django's URLs, with each translated article's published versions as ``xhtml:link``
        alternates (its own included, and ``x-default``), as search engines ask. Django's
        ``alternates`` assume one item per language-prefixed URL; Kith's versions are
        articles of their own, found here in one query per sitemap page."""
        urls = super()._urls(page, protocol, domain)
        groups = {url["item"].translation_group for url in urls} - {None}
        versions: dict[Any, list[Article]] = defaultdict(list)
        for version in (
            Article.objects.published()
            .filter(translation_group__in=groups)
            .only("pk", "slug", "language", "translation_group")
            .order_by("language", "pk")
        ):
            versions[version.translation_group].append(version)
        for url in urls:
            group = versions.get(url["item"].translation_group, [])
            if len(group) < 2:
                continue
            url["alternates"] = [
                {"lang_code": lang_code, "location": f"{protocol}://{domain}{v.get_absolute_url()}"}
                for lang_code, v in [
                    *((v.language, v) for v in group),
                    ("x-default", default_version(group)),
                ]
            ]
        return urls

    def lastmod(self, article: Article) -> datetime | None:
        """The content's “Updated:” date, or the publication date when it has none."""
        dates = [d for d in (article.content_updated_at, article.published_at) if d is not None]
        return max(dates, default=None)


class TopicSitemap(RequestHostSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> QuerySet[Topic]:
        return Topic.objects.only("slug", "updated_at", "pk").order_by("pk")

    def lastmod(self, topic: Topic) -> datetime:
        return topic.updated_at


class AuthorSitemap(RequestHostSitemap):
    """Authors with at least one published article (the others' pages are empty)."""

    changefreq = "monthly"
    priority = 0.4

    def items(self) -> QuerySet[Author]:
        return Author.objects.with_published_work().only("slug", "pk").order_by("pk")


class PageSitemap(RequestHostSitemap):
    """The home page and the topic index."""

    changefreq = "daily"
    priority = 1.0

    def items(self) -> list[str]:
        return ["articles:home", "topics:list"]

    def location(self, name: str) -> str:
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
}


@require_safe
def sitemap_xml(request: HttpRequest) -> HttpResponse:
    domain = request.get_host()
    return sitemap(request, sitemaps={name: cls(domain=domain) for name, cls in SITEMAPS.items()})


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Keep crawlers out of the admin and of search results; point them at the sitemap."""
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        f"Disallow: {reverse('articles:search')}",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
