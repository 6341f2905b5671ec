"""RSS 2.0 and Atom feeds of the newest published articles: site-wide, per topic and per
language.

Every feed starts from ``Article.objects.published()``; the comments app owns comment feeds.
"""

from __future__ import annotations

import copy
import re
from datetime import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from articles.languages import ARTICLE_LANGUAGES, ArticleLanguage
from articles.models import Article, topics_prefetch
from topics.models import Topic

FEED_SIZE = 20

# Characters XML 1.0 forbids: a stray one pasted into a title would make the feed unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text or "")


def feed_articles(articles: QuerySet[Article]) -> QuerySet[Article]:
    """The newest published articles with what an item shows, in a fixed number of queries."""
    return (
        articles.published()
        .for_listing()
        .with_byline()
        .prefetch_related(topics_prefetch())
        .newest_first()[:FEED_SIZE]
    )


class RequestHostFeed(Feed):
    """A feed whose absolute URLs use the host the request came to, not the ``Site`` row.

    The syndication framework keeps one feed instance per URL pattern, so each request works
    on its own shallow copy that knows the request.
    """

    request: HttpRequest

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        feed = copy.copy(self)
        feed.request = request
        return Feed.__call__(feed, request, *args, **kwargs)

    def absolute(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    def item_link(self, item: Article) -> str:
        return self.absolute(item.get_absolute_url())


class LatestArticlesFeed(RequestHostFeed):
    """The newest articles on the whole site (RSS 2.0)."""

    def title(self) -> str:
        return gettext("%(site)s: latest articles") % {"site": settings.KITH_SITE_NAME}

    def description(self) -> str:
        return gettext(settings.KITH_SITE_TAGLINE)

    def link(self) -> str:
        return self.absolute(reverse("articles:home"))

    def feed_url(self) -> str:
        return self.absolute(reverse("articles:feed-rss"))

    def items(self) -> QuerySet[Article]:
        return feed_articles(Article.objects.all())

    def item_title(self, item: Article) -> str:
        return xml_text(item.title)

    def item_description(self, item: Article) -> str:
        return xml_text(item.summary)

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime | None:
        return item.content_updated_at or item.published_at

    def item_author_name(self, item: Article) -> str | None:
        names = [author.display_name for author in item.ordered_authors]
        return xml_text("; ".join(names)) or None

    def item_categories(self, item: Article) -> list[str]:
        return [xml_text(topic.name) for topic in item.topics.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    """The same articles as an Atom feed."""

    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()

    def feed_url(self) -> str:
        return self.absolute(reverse("articles:feed-atom"))


class TopicArticlesFeed(LatestArticlesFeed):
    """The newest articles in one topic (RSS 2.0)."""

    def get_object(self, request: HttpRequest, slug: str) -> Topic:
        return get_object_or_404(Topic, slug=slug)

    def title(self, topic: Topic) -> str:
        return xml_text(f"{settings.KITH_SITE_NAME}: {topic.name}")

    def description(self, topic: Topic) -> str:
        return xml_text(topic.summary)

    def link(self, topic: Topic) -> str:
        return self.absolute(topic.get_absolute_url())

    def feed_url(self, topic: Topic) -> str:
        return self.absolute(reverse("articles:topic-feed-rss", kwargs={"slug": topic.slug}))

    def items(self, topic: Topic) -> QuerySet[Article]:
        return feed_articles(Article.objects.filter(topics=topic))


class TopicArticlesAtomFeed(TopicArticlesFeed):
    """The newest articles in one topic (Atom)."""

    feed_type = Atom1Feed

    def subtitle(self, topic: Topic) -> str:
        return self.description(topic)

    def feed_url(self, topic: Topic) -> str:
        return self.absolute(reverse("articles:topic-feed-atom", kwargs={"slug": topic.slug}))


class LanguageArticlesFeed(LatestArticlesFeed):
    """The newest articles written in one of Kith's languages (RSS 2.0), e.g. ``/feeds/es/rss/``:
    its ``<language>`` is that language, whatever the reader's interface language."""

    def get_object(self, request: HttpRequest, language: str) -> ArticleLanguage:
        found = ARTICLE_LANGUAGES.get(language)
        if found is None:
            raise Http404("Kith publishes no articles in that language.")
        self.language = found.code
        return found

    def title(self, language: ArticleLanguage) -> str:
        return f"{settings.KITH_SITE_NAME}: {language.native_name}"

    def description(self, language: ArticleLanguage) -> str:
        return settings.KITH_SITE_TAGLINE

    def link(self, language: ArticleLanguage) -> str:
        return self.absolute(reverse("articles:home"))

    def feed_url(self, language: ArticleLanguage) -> str:
        return self.absolute(reverse("articles:language-feed-rss", args=[language.code]))

    def items(self, language: ArticleLanguage) -> QuerySet[Article]:
        return feed_articles(Article.objects.filter(language=language.code))


class LanguageArticlesAtomFeed(LanguageArticlesFeed):
    """The newest articles in one language (Atom)."""

    feed_type = Atom1Feed

    def subtitle(self, language: ArticleLanguage) -> str:
        return self.description(language)

    def feed_url(self, language: ArticleLanguage) -> str:
        return self.absolute(reverse("articles:language-feed-atom", args=[language.code]))
