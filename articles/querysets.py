"""Which articles, and how much of each: ``Article.objects``' named queries.

``published()`` is the only definition of “a reader may see this”; the ``for_…`` methods
load what one kind of page shows in a fixed number of queries, and leave the large columns
it never shows in the database.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import connections, models, router
from django.utils import timezone

from articles.authors import ArticleAuthor, Author
from articles.review import Reference
from articles.reviewed_content import REVIEWED_FIELDS, in_reviewed_change, refuse_unreviewed_change
from articles.search import refresh_document_vectors
from articles.workflow import ArticleStatus
from kith.page_cache import bump_content
from topics.models import Topic

if TYPE_CHECKING:
    from articles.models import Article

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
        source, the plain text and search vector, the reviewer's notes); its relations come
        from ``prefetch_page_relations()`` only when a part of the page is not in the cache."""
        return self.select_related("primary_topic", "reviewed_by__author").defer(*UNSHOWN_FIELDS)

    def for_detail(self) -> ArticleQuerySet:
        """Everything about an article, its relations included, in a fixed number of queries."""
        return self.select_related("primary_topic", "reviewed_by__author").prefetch_related(
            *page_prefetches()
        )


def related_articles(article: Article, *, limit: int = 5) -> list[Article]:
    """Published articles related to ``article``: explicitly related ones first, then those
    sharing most topics, then the newest; one hand-written query.

    Candidates are the explicitly related articles and the latest ``RELATED_CANDIDATES`` added
    to each of the article's topics and keywords (one IN over a UNION: each part is read off
    its index; a topic of 100 000 articles has thousands, and ranking them all took 28 ms).
    Uses the article's prefetched topics and tags. Hand-written because the ORM took ~3 ms to
    build this query on every article page and the database ~0.3 ms to run it. The rows carry
    what an article card shows (``includes/article_card.html`` without ``show_topic``).
    """
    from articles.models import Article  # the model module imports this one

    topic_ids = [topic.pk for topic in article.topics.all()]
    tag_ids = [tag.pk for tag in article.tags.all()]
    articles = Article._meta.db_table
    related = Article.related_articles.through._meta.db_table
    topics = Article.topics.through._meta.db_table
    tags = Article.tags.through._meta.db_table

    def marks(ids: list[int]) -> str:
        return ", ".join(["%s"] * len(ids))

    parts = [f"SELECT to_article_id FROM {related} WHERE from_article_id = %s"]
    params: list = [article.pk]
    if topic_ids:
        parts.append(
            f"SELECT article_id FROM (SELECT article_id FROM {topics} WHERE topic_id IN"
            f" ({marks(topic_ids)}) ORDER BY article_id DESC LIMIT %s) AS by_topic"
        )
        params += [*topic_ids, RELATED_CANDIDATES]
    if tag_ids:
        parts.append(
            f"SELECT content_object_id FROM (SELECT content_object_id FROM {tags} WHERE tag_id IN"
            f" ({marks(tag_ids)}) ORDER BY content_object_id DESC LIMIT %s) AS by_tag"
        )
        params += [*tag_ids, RELATED_CANDIDATES]
    shared_topics = (
        f"(SELECT COUNT(*) FROM {topics} t WHERE t.article_id = a.id"
        f" AND t.topic_id IN ({marks(topic_ids)}))"
        if topic_ids
        else "0"
    )
    sql = f"""
        SELECT a.id, a.slug, a.title, a.summary, a.kind, a.language, a.published_at,
          EXISTS (SELECT 1 FROM {related} x WHERE x.from_article_id = %s
                  AND x.to_article_id = a.id) AS is_explicit,
          {shared_topics} AS shared_topics
        FROM {articles} a
        WHERE a.status = %s AND a.published_at <= %s AND a.id <> %s
          AND a.id IN ({" UNION ".join(parts)})
        ORDER BY is_explicit DESC, shared_topics DESC, a.published_at DESC, a.id DESC
        LIMIT %s"""  # noqa: S608 (table names and placeholders only)
    head = [article.pk, *topic_ids]
    now = connections[router.db_for_read(Article)].ops.adapt_datetimefield_value(timezone.now())
    tail = [ArticleStatus.PUBLISHED, now, article.pk, *params, limit]
    return list(Article.objects.raw(sql, [*head, *tail]))


def published_sections(topic: Topic) -> list[dict[str, str]]:
    """The sections (article kinds) ``topic`` has published articles in, in the topic page's
    order, as ``{"label", "slug"}``: one hand-written query (the ORM took ~0.5 ms to build it
    on every article page)."""
    from articles.models import Article  # the model module imports this one

    database = connections[router.db_for_read(Article)]
    now = database.ops.adapt_datetimefield_value(timezone.now())
    with database.cursor() as cursor:
        cursor.execute(
            f"SELECT DISTINCT a.kind FROM {Article._meta.db_table} a"
            f" JOIN {Article.topics.through._meta.db_table} x ON x.article_id = a.id"
            " WHERE x.topic_id = %s AND a.status = %s AND a.published_at <= %s",
            [topic.pk, ArticleStatus.PUBLISHED, now],
        )
        kinds = {kind for (kind,) in cursor.fetchall()}
    return [
        {"label": label, "slug": Article.section_slug(kind)}
        for kind, label in Article.Kind.choices
        if kind in kinds
    ]


def page_article(slug: str, *, published_only: bool = True) -> Article | None:
    """The article page's own row with its primary topic and clinical reviewer (and the
    reviewer's author page), as ``Article.objects.for_page()`` loads it, or None: one
    hand-written query (the ORM took ~1 ms to build this one on every article page).
    ``published_only`` applies ``published()``; editors who may change articles see drafts.
    """
    from articles.models import Article  # the model module imports this one
    from articles.review import ClinicalReviewer

    database = connections[router.db_for_read(Article)]
    parts = [
        ("a", [f for f in Article._meta.concrete_fields if f.name not in UNSHOWN_FIELDS]),
        ("t", Topic._meta.concrete_fields),
        ("r", ClinicalReviewer._meta.concrete_fields),
        ("w", Author._meta.concrete_fields),
    ]
    columns = ", ".join(f"{alias}.{field.column}" for alias, fields in parts for field in fields)
    sql = (
        f"SELECT {columns} FROM {Article._meta.db_table} a"
        f" JOIN {Topic._meta.db_table} t ON t.id = a.primary_topic_id"
        f" LEFT JOIN {ClinicalReviewer._meta.db_table} r ON r.id = a.reviewed_by_id"
        f" LEFT JOIN {Author._meta.db_table} w ON w.id = r.author_id"
        " WHERE a.slug = %s"
    )
    params: list = [slug]
    if published_only:  # as ``published()``
        sql += " AND a.status = %s AND a.published_at <= %s"
        params += [ArticleStatus.PUBLISHED, database.ops.adapt_datetimefield_value(timezone.now())]
    with database.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    loaded = []
    start = 0
    for alias, fields in parts:
        values = []
        for field, value in zip(fields, row[start : start + len(fields)], strict=True):
            if value is not None:  # the database's value as the ORM converts it
                column = field.get_col(alias)
                converters = database.ops.get_db_converters(column)
                for converter in [*converters, *column.get_db_converters(database)]:
                    value = converter(value, column, database)
            values.append(value)
        start += len(fields)
        model = fields[0].model
        loaded.append(
            None if values[0] is None  # no reviewer, or a reviewer without an author page
            else model.from_db(database.alias, [f.attname for f in fields], values)
        )  # fmt: skip
    article, topic, reviewer, author = loaded
    article.primary_topic = topic
    if reviewer is not None:
        reviewer.author = author
    article.reviewed_by = reviewer
    return article
