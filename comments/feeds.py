"""RSS 2.0 and Atom feeds of an article's approved comments, newest first."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from articles.models import Article
from comments.models import Comment

FEED_LENGTH = 30


class ArticleCommentsRssFeed(Feed):
    def get_object(self, request: HttpRequest, slug: str) -> Article:
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, article: Article) -> str:
        return gettext("Reader comments on “%(title)s”") % {"title": article.title}

    def link(self, article: Article) -> str:
        return article.get_absolute_url() + "#comments"

    def description(self, article: Article) -> str:
        return gettext("Comments readers have posted on “%(title)s”, after moderation.") % {
            "title": article.title
        }

    def feed_url(self, article: Article) -> str:
        return reverse("comments:feed-rss", kwargs={"slug": article.slug})

    def items(self, article: Article) -> QuerySet[Comment]:
        return (
            Comment.objects.approved()
            .filter(article=article)
            .select_related("article")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, comment: Comment) -> str:
        return comment.title or gettext("Comment by %(name)s") % {"name": comment.display_name}

    def item_description(self, comment: Comment) -> str:
        # Stored, sanitised HTML (kith.markup.render_comment); the feed library escapes it.
        return comment.body_html

    def item_link(self, comment: Comment) -> str:
        return comment.get_absolute_url()

    def item_guid(self, comment: Comment) -> str:
        return f"kith-comment-{comment.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, comment: Comment) -> str:
        return comment.display_name

    def item_pubdate(self, comment: Comment) -> datetime:
        return comment.published_at or comment.created_at


class ArticleCommentsAtomFeed(ArticleCommentsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, article: Article) -> str:
        return self.description(article)

    def feed_url(self, article: Article) -> str:
        return reverse("comments:feed-atom", kwargs={"slug": article.slug})
