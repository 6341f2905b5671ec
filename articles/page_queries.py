"""What the article page reads, by hand: its row (``page_article``), its relations
(``load_page_relations``), the related articles and the topic's sections.

Each is one hand-written query (four for the relations) giving the same rows as the ORM's
``Article.objects.for_page()`` / ``for_detail()`` would: building those queries took the ORM
longer than the database took to run them, on every article page built from nothing.
``tests/test_article_relations.py`` and ``tests/test_related_articles.py`` hold the two together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connections, models, router
from django.utils import timezone

from articles.authors import ArticleAuthor, Author
from articles.querysets import UNSHOWN_FIELDS
from articles.review import Reference
from articles.workflow import ArticleStatus
from topics.models import Topic

if TYPE_CHECKING:
    from articles.models import Article

# How many of the most recently added articles sharing a topic, and a keyword, "related
# articles" ranks (PostgreSQL).
RELATED_CANDIDATES = 200


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


def load_page_relations(article: Article) -> None:
    """Load references, bylines, topics and keywords: four hand-written queries, stored
    where ``prefetch_related`` stores them, so ``article.tags.all()`` etc. read no more.

    Same rows and order as ``page_prefetches()`` (``for_detail()``), which the ORM took
    ~3 ms to build on every article page; ``tests/test_article_relations.py`` holds the
    two together. Keywords come in the order they were added to the article.
    """
    connection = connections[router.db_for_read(type(article))]
    order = connection.ops.quote_name("order")
    tag_model = article.tags.through.tag_model()
    tables = {
        "reference": Reference._meta.db_table,
        "link": ArticleAuthor._meta.db_table,
        "author": Author._meta.db_table,
        "topic": Topic._meta.db_table,
        "article_topic": type(article).topics.through._meta.db_table,
        "tag": tag_model._meta.db_table,
        "tagged": article.tags.through._meta.db_table,
    }
    pk = [article.pk]
    references = Reference.objects.raw(
        f"SELECT * FROM {tables['reference']} WHERE article_id = %s ORDER BY {order}, id", pk
    )
    topics = Topic.objects.raw(
        f"SELECT t.* FROM {tables['topic']} t JOIN {tables['article_topic']} x"
        " ON x.topic_id = t.id WHERE x.article_id = %s ORDER BY t.display_order, t.name",
        pk,
    )
    tags = tag_model.objects.raw(
        f"SELECT t.id, t.name, t.slug FROM {tables['tag']} t JOIN {tables['tagged']} x"
        " ON x.tag_id = t.id WHERE x.content_object_id = %s"
        " GROUP BY t.id, t.name, t.slug ORDER BY MIN(x.id)",
        pk,
    )
    author_columns = [field.column for field in Author._meta.concrete_fields]
    select = ", ".join(f"a.{column}" for column in author_columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT l.id, l.author_id, l.{order}, {select} FROM {tables['link']} l"
            f" JOIN {tables['author']} a ON a.id = l.author_id"
            f" WHERE l.article_id = %s ORDER BY l.{order}, l.id",
            pk,
        )
        rows = cursor.fetchall()
    links = []
    link_fields = ["id", "article_id", "author_id", "order"]
    for row in rows:
        link = ArticleAuthor.from_db(connection.alias, link_fields, [row[0], article.pk, *row[1:3]])
        link.author = Author.from_db(connection.alias, author_columns, row[3:])
        link.article = article
        links.append(link)
    article._prefetched_objects_cache = {
        "references": _loaded(Reference, list(references)),
        "article_authors": _loaded(ArticleAuthor, links),
        "topics": _loaded(Topic, list(topics)),
        "tags": _loaded(tag_model, list(tags)),
    }


def _loaded(model: type[models.Model], rows: list) -> models.QuerySet:
    """A queryset holding ``rows``, as ``prefetch_related`` leaves it on the instance."""
    queryset = model._default_manager.get_queryset()
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return queryset
