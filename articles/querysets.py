"""Which articles, and how much of each: ``Article.objects``' named queries.

``published()`` is the only definition of “a reader may see this”; the ``for_…`` methods
load what one kind of page shows in a fixed number of queries, and leave the large columns
it never shows in the database.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import models
from django.utils import timezone

from articles.authors import ArticleAuthor
from articles.review import Reference
from articles.reviewed_content import REVIEWED_FIELDS, in_reviewed_change, refuse_unreviewed_change
from articles.search import refresh_document_vectors
from articles.workflow import ArticleStatus
from kith.page_cache import bump_content
from topics.models import Topic

# Large columns no public page shows: the Markdown source, the plain text and search vector
# (search reads them in SQL only), the reviewer's private notes.
UNSHOWN_FIELDS = (
    "body",
    "body_text",
    "search_vector",
    "title_search_vector",
    "review_notes",
)
# A list of articles (cards, feeds, the admin's lists) shows none of the article's text either.
LISTING_UNSHOWN_FIELDS = (*UNSHOWN_FIELDS, "body_html", "question")


def byline_prefetch() -> models.Prefetch:
    """The byline's authors in the order readers see them (``Article.ordered_authors``)."""
    return models.Prefetch(
        "article_authors",
        queryset=ArticleAuthor.objects.select_related("author").order_by("order", "pk"),
    )


def topics_prefetch() -> models.Prefetch:
    return models.Prefetch("topics", queryset=Topic.objects.order_by("display_order", "name"))


def page_prefetches() -> list[models.Prefetch | str]:
    """What the article page shows besides the article's own row, a query each."""
    return [
        models.Prefetch("references", queryset=Reference.objects.order_by("order", "pk")),
        byline_prefetch(),
        topics_prefetch(),
        "tags",
    ]


class ArticleQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        """``update()`` (and ``bulk_update``) sends no ``save()``: refuse here to change the
        reviewed content of a published article (``Article.check_reviewed_content_unchanged``).
        """
        reviewed = sorted(set(REVIEWED_FIELDS) & kwargs.keys())
        if reviewed and not in_reviewed_change():
            published = self.filter(status=ArticleStatus.PUBLISHED)
            title = published.values_list("title", flat=True).first()
            if title is not None:
                refuse_unreviewed_change(title, reviewed)
        return super().update(**kwargs)

    def published(self) -> ArticleQuerySet:
        """The only definition of “a reader may see this”: published and not scheduled ahead."""
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self) -> ArticleQuerySet:
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__gt=timezone.now())

    def review_overdue(self) -> ArticleQuerySet:
        """Published (or scheduled) articles whose next clinical review date has passed."""
        return self.filter(status=ArticleStatus.PUBLISHED, next_review_due__lt=timezone.localdate())

    def review_due_within(self, days: int) -> ArticleQuerySet:
        """Published articles due for review in the next ``days`` days (not yet overdue)."""
        today = timezone.localdate()
        return self.filter(
            status=ArticleStatus.PUBLISHED,
            next_review_due__gte=today,
            next_review_due__lte=today + timedelta(days=days),
        )

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-pk")

    def for_listing(self) -> ArticleQuerySet:
        """What a list of article cards shows: the title, summary, dates and primary topic."""
        return self.select_related("primary_topic").defer(*LISTING_UNSHOWN_FIELDS)

    def with_byline(self) -> ArticleQuerySet:
        """Each article's byline in one query for all of them."""
        return self.prefetch_related(byline_prefetch())

    def update_search_vectors(self) -> int:
        """Recompute the stored search vectors (PostgreSQL), e.g. after ``bulk_create`` or a
        change of keywords. Elsewhere a no-op: SQLite's search index follows by triggers.
        An ``update()`` sends no signal, so this tells the page cache itself."""
        updated = refresh_document_vectors(self)
        if updated:
            bump_content()
        return updated

    def for_page(self) -> ArticleQuerySet:
        """The article page's own row, without the columns the page never shows (the Markdown
        source, the plain text and search vector, the reviewer's notes), as
        ``page_queries.page_article()`` reads it by hand; the relations come from
        ``page_queries.load_page_relations()``."""
        return self.select_related("primary_topic", "reviewed_by__author").defer(*UNSHOWN_FIELDS)

    def for_detail(self) -> ArticleQuerySet:
        """Everything about an article, its relations included, in a fixed number of queries."""
        return self.select_related("primary_topic", "reviewed_by__author").prefetch_related(
            *page_prefetches()
        )
