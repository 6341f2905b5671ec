"""Which articles, and how much of each: ``Article.objects``' named queries.

``published()`` is the only definition of “a reader may see this”; the ``for_…`` methods
load what one kind of page shows in a fixed number of queries, and leave the large columns
it never shows in the database.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import connections, models, router
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.authors import ArticleAuthor
from articles.review import Reference
from articles.search import refresh_document_vectors
from articles.workflow import ArticleStatus
from kith.page_cache import bump_content
from topics.models import Topic

if TYPE_CHECKING:
    from articles.models import Article

# Large columns no public page shows: the Markdown source, the plain text and search vector
# (search reads them in SQL only), the reviewer's private notes.
UNSHOWN_FIELDS = ("body", "body_text", "search_vector", "review_notes")
# A list of articles (cards, feeds, the admin's lists) shows none of the article's text either.
LISTING_UNSHOWN_FIELDS = (*UNSHOWN_FIELDS, "body_html", "question")

# How many of the most recently added articles sharing a topic, and a keyword, "related
# articles" ranks (PostgreSQL).
RELATED_CANDIDATES = 200


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
        source, the plain text and search vector, the reviewer's notes); its relations come
        from ``prefetch_page_relations()`` only when a part of the page is not in the cache."""
        return self.select_related("primary_topic", "reviewed_by__author").defer(*UNSHOWN_FIELDS)

    def for_detail(self) -> ArticleQuerySet:
        """Everything about an article, its relations included, in a fixed number of queries."""
        return self.select_related("primary_topic", "reviewed_by__author").prefetch_related(
            *page_prefetches()
        )

    def sections_of(self, topic) -> list[dict[str, str]]:
        """The sections (article kinds) ``topic`` has articles in, in the topic page's order,
        as ``{"label", "slug"}``: one query."""
        kinds = set(self.filter(topics=topic).order_by().values_list("kind", flat=True).distinct())
        return [
            {"label": label, "slug": self.model.section_slug(kind)}
            for kind, label in self.model.Kind.choices
            if kind in kinds
        ]

    def related_to(self, article: Article, *, limit: int = 5) -> ArticleQuerySet:
        """Explicitly related articles first, then those sharing most topics and keywords.

        Uses the article's prefetched topics and tags, so it costs one query.
        """
        topic_ids = [topic.pk for topic in article.topics.all()]
        tag_ids = [tag.pk for tag in article.tags.all()]
        explicit = self.model.related_articles.through.objects.filter(from_article_id=article.pk)
        sharing_topic = self.model.topics.through.objects.filter(topic_id__in=topic_ids).values(
            "article_id"
        )
        sharing_tag = self.model.tags.through.objects.filter(tag_id__in=tag_ids).values(
            "content_object_id"
        )
        database = connections[router.db_for_read(self.model)]
        if database.features.supports_slicing_ordering_in_compound:
            # Rank the latest few hundred added sharing a topic or keyword, not all of them: a
            # topic of 100 000 articles has thousands (28 ms to rank 1 000, every time the
            # content changes). SQLite cannot limit the parts of a UNION; its sites are small.
            sharing_topic = sharing_topic.order_by("-article_id")[:RELATED_CANDIDATES]
            sharing_tag = sharing_tag.order_by("-content_object_id")[:RELATED_CANDIDATES]
        # One IN over a UNION, not three INs joined by OR: PostgreSQL turns the OR into a filter
        # over every published article (130 ms at 100 000 articles), the UNION into lookups.
        candidates = explicit.values("to_article_id").union(sharing_topic, sharing_tag)
        # Topics shared, counted per candidate by a correlated subquery (an index-only lookup
        # each): a JOIN + GROUP BY grouped and sorted the candidates' whole rows (~1 100 wide
        # rows for ~400 candidates; 21 ms → 7 ms at 100 000 articles, same order).
        shared = (
            self.model.topics.through.objects.filter(
                article_id=OuterRef("pk"), topic_id__in=topic_ids
            )
            .order_by()
            .values("article_id")
            .annotate(n=models.Count("*"))
            .values("n")
        )
        return (
            self.exclude(pk=article.pk)
            .filter(pk__in=candidates)
            .annotate(
                is_explicit=Exists(explicit.filter(to_article_id=OuterRef("pk"))),
                shared_topics=Coalesce(Subquery(shared, output_field=models.IntegerField()), 0),
            )
            .order_by("-is_explicit", "-shared_topics", "-published_at", "-pk")
            .for_listing()[:limit]
        )
