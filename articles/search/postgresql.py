"""Search on PostgreSQL: stored, weighted ``tsvector``s in each article's language, ranked and
headlined by the database (``articles.search`` explains the whole)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.expressions import Combinable

from articles.languages import (
    UNSTEMMED_CONFIG,
    search_config,
    search_config_of_column,
    search_configs,
)
from articles.search.common import (
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    SNIPPET_WORDS,
    SearchResults,
    connection_of,
)


def document_vector(
    *,
    title: Combinable,
    summary: Combinable,
    question: Combinable,
    keywords: Combinable,
    body_text: Combinable,
    config: Combinable,
) -> Combinable:
    """The weighted tsvector of one article, from column references or values, stemmed with
    the text search configuration ``config`` (a name, or an expression per row)."""

    def part(expression: Combinable, weight: str) -> SearchVector:
        return SearchVector(expression, config=config, weight=weight)

    return (
        part(title, "A")
        + part(summary, "B")
        + part(question, "B")
        + part(keywords, "B")
        + part(body_text, "C")
    )


def keyword_text(article_pk: Combinable) -> Subquery:
    """The article's keywords as one space-separated string (NULL when it has none)."""
    from articles.models import TaggedArticle

    names = (
        TaggedArticle.objects.filter(content_object=article_pk)
        .order_by()
        .values("content_object")
        .annotate(names=StringAgg("tag__name", delimiter=" "))
        .values("names")
    )
    return Subquery(names, output_field=models.TextField())


def stored_document_vector(article: Any) -> Combinable:
    """The vector ``Article.save()`` stores: the instance's values plus its saved keywords."""
    keywords = keyword_text(Value(article.pk)) if article.pk is not None else _text("")
    return document_vector(
        title=_text(article.title),
        summary=_text(article.summary),
        question=_text(article.question),
        keywords=keywords,
        body_text=_text(article.body_text),
        config=Value(search_config(article.language)),
    )


def stored_title_vector(article: Any) -> Combinable:
    """The title's own vector ``Article.save()`` stores (what title matches are found by)."""
    return SearchVector(_text(article.title), config=Value(search_config(article.language)))


def _text(value: str) -> Value:
    return Value(value or "", output_field=models.TextField())


def refresh_document_vectors(articles: models.QuerySet) -> int:
    """Recompute the stored vectors of ``articles`` from their columns and keywords, each in
    its own language. A no-op (0) outside PostgreSQL: SQLite's FTS5 index follows by triggers.
    """
    if connection_of(articles).vendor != "postgresql":
        return 0
    config = search_config_of_column()
    return articles.order_by().update(
        search_vector=document_vector(
            title=F("title"),
            summary=F("summary"),
            question=F("question"),
            keywords=keyword_text(OuterRef("pk")),
            body_text=F("body_text"),
            config=config,
        ),
        title_search_vector=SearchVector("title", config=config),
    )


def uses_stored_vector(connection: BaseDatabaseWrapper) -> bool:
    return connection.vendor == "postgresql"


def reader_query(
    terms: Sequence[str], *, language: str = "", using: str = "default"
) -> SearchQuery:
    """The reader's words as one tsquery: parsed with ``language``'s configuration, or with
    each configuration and ORed (an article matches the parse stemmed as its own text was).

    The parses are made first (one small query) and only the distinct ones ORed: most words
    parse alike in every configuration, and ``'sleep' | 'sleep' | 'sleep'`` makes PostgreSQL
    guess three times as many matches and read every row instead of the index (measured at
    20 000 articles: 400 ms instead of 11 ms to count a common word's matches).
    """
    text = " ".join(terms)
    configs = [search_config(language)] if language else search_configs()
    # plainto_tsquery ANDs the words and ignores any syntax: a query can never be malformed.
    columns = ", ".join("plainto_tsquery(%s::regconfig, %s)::text" for _ in configs)
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {columns}", [v for config in configs for v in (config, text)])
        parses = [parse for parse in cursor.fetchone() if parse]
    # The parses are lexemes already: "simple" reads them back as they are.
    combined = " | ".join(f"( {parse} )" for parse in dict.fromkeys(parses))
    return SearchQuery(combined, search_type="raw", config=UNSTEMMED_CONFIG)


def _search_postgresql(
    articles: models.QuerySet, terms: Sequence[str], *, cap: int, language: str = ""
) -> SearchResults:
    query = reader_query(terms, language=language, using=articles.db)
    rank = SearchRank(F("search_vector"), query)
    base = articles.order_by()
    matches = base.filter(search_vector=query)
    # The two bounded candidate lists (see the module docstring), each read from its own GIN
    # index and stopped at its LIMIT. A row is ranked where it is read: no second visit.
    columns = ("pk", "published_at", "in_title", "rank")
    title_hits = (
        base.filter(title_search_vector=query)
        .annotate(in_title=Value(True), rank=rank)
        .values(*columns)[:cap]
    )
    other_hits = matches.annotate(rank=rank).values("pk", "published_at", "rank")[: cap + 1]
    # Headlines parse each article's text as its search vector did.
    marks = {
        "config": search_config_of_column(),
        "start_sel": HIGHLIGHT_START,
        "stop_sel": HIGHLIGHT_STOP,
    }

    def page(start: int, stop: int) -> list[Any]:
        places = {
            pk: place
            for place, pk in enumerate(_ranked_pks(title_hits, other_hits, cap, start, stop))
        }
        found = (
            articles.order_by()
            .filter(pk__in=places)
            .annotate(
                title_marked=SearchHeadline("title", query, highlight_all=True, **marks),
                snippet_marked=SearchHeadline(
                    "body_text",
                    query,
                    max_words=SNIPPET_WORDS,
                    min_words=SNIPPET_WORDS // 2,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **marks,
                ),
            )
        )
        return sorted(found, key=lambda article: places[article.pk])

    return SearchResults(matches, page, cap=cap)


def _ranked_pks(
    title_hits: models.QuerySet, other_hits: models.QuerySet, cap: int, start: int, stop: int
) -> list[int]:
    """Places ``start`` to ``stop`` of the candidates in order: title matches first, then rank,
    then newest. The ORM has no WITH, hence one statement put together from the two compiled
    querysets (values stay parameters) so that the title matches, read once, also decide:

    - whether the other list is read at all: with ``cap`` title matches none of it could reach
      a page (skipping it halves the time of a common word);
    - which of the other list are title matches: when it is read, the title matches are all in
      ``title_hits``, and looking them up there is cheaper than parsing every title again.
    """
    connection = connection_of(title_hits)
    title_sql, title_params = title_hits.query.get_compiler(connection=connection).as_sql()
    other_sql, other_params = other_hits.query.get_compiler(connection=connection).as_sql()
    sql = (
        f"WITH title_hits AS MATERIALIZED ({title_sql}) "
        "SELECT pk FROM ("
        "SELECT pk, published_at, in_title, rank FROM title_hits UNION "
        "SELECT pk, published_at, pk IN (SELECT pk FROM title_hits), rank "
        f"FROM ({other_sql}) AS other_hits WHERE (SELECT count(*) FROM title_hits) < %s"
        ") AS candidates "
        "ORDER BY in_title DESC, rank DESC, published_at DESC, pk DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*title_params, *other_params, cap, stop - start, start])
        return [pk for (pk,) in cursor.fetchall()]
