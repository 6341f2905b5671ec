"""The endpoints: each validates its parameters, runs one named queryset and shapes the rows.

Every query starts from a public queryset — ``Article.objects.published()``,
``Comment.objects.threads()`` (approved comments), topics, authors and active helplines — so the
API shows exactly what the site shows a reader, and nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any

from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import Field

from api import representations as show
from api import schemas
from api.cursors import InvalidCursor, decode_cursor, decode_text_cursor, encode_cursor
from api.languages import UnknownLanguage, language_filter
from articles.helplines import is_country
from articles.models import Article, Author, Helpline
from comments.models import Comment
from comments.models.keyset import Position, RowComparison
from topics.models import Topic

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Errors every endpoint may answer besides its 200.
ERRORS = {400: schemas.Error, 404: schemas.Error, 429: schemas.Error}

api = NinjaAPI(
    title="Kith API",
    version="1",
    description=(
        "Read-only access to Kith's published articles, topics, authors, helplines and approved "
        "reader comments. Lists are paged with an opaque `cursor`; every error is JSON with an "
        "`error` message. Responses carry `ETag` (and `Last-Modified` on single resources) for "
        "conditional requests, and the site pages' `Cache-Control`; a change to what they show "
        "is visible at once."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    # The per-client rate limit is api.middleware.ApiRateLimitMiddleware: it must count the
    # answers the page cache gives before any view runs.
)


class ApiError(Exception):
    def __init__(self, message: str, *, status: int = 400, details: list[str] | None = None):
        super().__init__(message)
        self.status, self.message, self.details = status, message, details or []


def error(request: HttpRequest, message: str, status: int, details: list[str] | None = None):
    return api.create_response(request, {"error": message, "details": details or []}, status=status)


@api.exception_handler(ApiError)
def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error(request, exc.message, exc.status, exc.details)


@api.exception_handler(InvalidCursor)
def _bad_cursor(request: HttpRequest, exc: InvalidCursor) -> HttpResponse:
    return error(request, str(exc), 400)


@api.exception_handler(NinjaValidationError)
def _invalid_parameters(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = []
    for problem in exc.errors:
        where = ".".join(str(part) for part in problem.get("loc", ())[1:]) or "request"
        details.append(f"{where}: {problem.get('msg', 'invalid')}")
    return error(request, "Some parameters are not valid.", 400, details)


@api.exception_handler(UnknownLanguage)
def _unknown_language(request: HttpRequest, exc: UnknownLanguage) -> HttpResponse:
    return error(request, str(exc), 400)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, str(exc) or "Not found.", 404)


# --- Parameters ---------------------------------------------------------------------------------
Kind = Enum("Kind", {kind.value: kind.value for kind in Article.Kind}, type=str)  # type: ignore[misc]


class Page(schemas.Schema):
    cursor: str | None = Field(None, max_length=200, description="From the previous page.")
    limit: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Rows per page.")


class ArticleFilters(Page):
    topic: str | None = Field(None, max_length=100, description="A topic's slug.")
    tag: str | None = Field(None, max_length=100, description="A keyword's slug.")
    kind: Kind | None = Field(None, description="The article kind (topic-page section).")
    language: str | None = Field(
        None,
        pattern=r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,4})?$",
        description=(
            "Only articles in this language: an ISO 639 code such as “en” or “es”, optionally "
            "with a region or script (“en-gb”). A bare code also matches its regional variants "
            "(“en” finds “en” and “en-gb”); an unknown code is a 400."
        ),
    )
    updated_since: datetime | None = Field(
        None, description="Only articles saved at or after this ISO 8601 time."
    )


def only_known_parameters(request: HttpRequest, allowed: type[schemas.Schema]) -> None:
    """A misspelt filter would silently return everything: say so instead."""
    unknown = sorted(set(request.GET) - set(allowed.model_fields))
    if unknown:
        raise ApiError(
            "Unknown parameters: " + ", ".join(name[:40] for name in unknown[:5]),
            details=[f"Known parameters: {', '.join(allowed.model_fields)}."],
        )


def in_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a valid time whose UTC falls outside years 1–9999 (0001-01-01 at
    +14:00) is clamped to the first or last moment rather than refused."""
    try:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        return (datetime.min if moment.year == 1 else datetime.max).replace(tzinfo=UTC)


def next_links(request: HttpRequest, cursor: str | None) -> dict[str, str | None]:
    if cursor is None:
        return {"next_cursor": None, "next": None}
    query = request.GET.copy()
    query["cursor"] = cursor
    return {
        "next_cursor": cursor,
        "next": request.build_absolute_uri(f"{request.path}?{query.urlencode()}"),
    }


# --- Articles -----------------------------------------------------------------------------------
@api.get(
    "/articles/",
    response={200: schemas.ArticlePage, **ERRORS},
    url_name="articles",
    summary="Published articles, newest first",
)
def list_articles(request: HttpRequest, filters: Query[ArticleFilters]) -> dict[str, Any]:
    only_known_parameters(request, ArticleFilters)
    articles = Article.objects.published().for_listing()
    if filters.topic:
        articles = articles.filter(topics__slug=filters.topic)
    if filters.tag:
        articles = articles.filter(tags__slug=filters.tag)
    if filters.kind:
        articles = articles.filter(kind=filters.kind.value)
    if filters.language:
        articles = articles.filter(language_filter(filters.language))
    if filters.updated_since:
        articles = articles.filter(updated_at__gte=in_utc(filters.updated_since))
    if filters.cursor:
        articles = articles.filter(RowComparison("<", decode_cursor(filters.cursor)))
    rows = list(articles.newest_first()[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    cursor = encode_cursor(Position.of(rows[-1])) if more else None
    return {
        "items": [show.article_summary(request, a) for a in rows],
        **next_links(request, cursor),
    }


@api.get(
    "/articles/{slug}/",
    response={200: schemas.Article, **ERRORS},
    url_name="article",
    summary="One published article with its authors, references and clinical review",
)
def get_article(request: HttpRequest, slug: str, response: HttpResponse) -> dict[str, Any]:
    only_known_parameters(request, schemas.Schema)
    try:
        article = Article.objects.published().for_detail().get(slug=slug)
    except Article.DoesNotExist:
        raise Http404("No published article at this address.") from None
    response["Last-Modified"] = show.last_modified(
        article.updated_at,
        *(a.updated_at for a in article.ordered_authors),
        *(t.updated_at for t in article.topics.all()),
    )
    return show.article(request, article)


@api.get(
    "/articles/{slug}/comments/",
    response={200: schemas.CommentPage, **ERRORS},
    url_name="article-comments",
    summary="The approved reader comments of a published article, oldest thread first",
)
def list_comments(request: HttpRequest, slug: str, page: Query[Page]) -> dict[str, Any]:
    only_known_parameters(request, Page)
    after = decode_cursor(page.cursor) if page.cursor else None
    article = Article.objects.published().only("pk", "slug").filter(slug=slug).first()
    if article is None:
        raise Http404("No published article at this address.")
    threads = Comment.objects.threads(article, stop=page.limit + 1, after=after)
    more = len(threads) > page.limit
    threads = threads[: page.limit]
    cursor = encode_cursor(Position.of(threads[-1])) if more else None
    return {"items": [show.thread(c) for c in threads], **next_links(request, cursor)}


# --- Topics -------------------------------------------------------------------------------------
@api.get(
    "/topics/",
    response={200: list[schemas.TopicNode], **ERRORS},
    url_name="topics",
    summary="Every topic as a tree: subjects with their sub-topics",
)
def topic_tree(request: HttpRequest) -> list[dict[str, Any]]:
    only_known_parameters(request, schemas.Schema)
    topics = list(Topic.objects.order_by("display_order", "name"))
    nodes = {
        t.pk: {**show.topic_ref(request, t), "summary": t.summary, "children": []} for t in topics
    }
    roots = []
    for topic in topics:
        parent = nodes.get(topic.parent_id)
        (parent["children"] if parent else roots).append(nodes[topic.pk])
    return roots


@api.get(
    "/topics/{slug}/",
    response={200: schemas.Topic, **ERRORS},
    url_name="topic",
    summary="One topic: introduction, parent, sub-topics, related topics and sections",
)
def get_topic(request: HttpRequest, slug: str, response: HttpResponse) -> dict[str, Any]:
    only_known_parameters(request, schemas.Schema)
    topic = Topic.objects.for_detail().filter(slug=slug).first()
    if topic is None:
        raise Http404("No topic at this address.")
    counts = dict(
        Article.objects.published()
        .filter(topics=topic)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    articles_path = reverse("api:articles")
    sections = [
        {
            "kind": kind,
            "label": str(label),
            "article_count": counts[kind],
            "url": request.build_absolute_uri(
                reverse("topics:section", args=[topic.slug, Article.section_slug(kind)])
            ),
            "api_url": request.build_absolute_uri(
                f"{articles_path}?topic={topic.slug}&kind={kind}"
            ),
        }
        for kind, label in Article.Kind.choices
        if counts.get(kind)
    ]
    response["Last-Modified"] = show.last_modified(topic.updated_at)
    return {
        **show.topic_ref(request, topic),
        "summary": topic.summary,
        "introduction_html": topic.introduction_html,
        "parent": show.topic_ref(request, topic.parent) if topic.parent else None,
        "subtopics": [show.topic_ref(request, t) for t in topic.subtopics.all()],
        "related": [show.topic_ref(request, t) for t in topic.related.all()],
        "sections": sections,
        "articles_api_url": request.build_absolute_uri(f"{articles_path}?topic={topic.slug}"),
    }


# --- Authors and helplines ----------------------------------------------------------------------
@api.get(
    "/authors/",
    response={200: schemas.AuthorPage, **ERRORS},
    url_name="authors",
    summary="Authors, by slug",
)
def list_authors(request: HttpRequest, page: Query[Page]) -> dict[str, Any]:
    only_known_parameters(request, Page)
    authors = Author.objects.order_by("slug")
    if page.cursor:
        authors = authors.filter(slug__gt=decode_text_cursor(page.cursor))
    rows = list(authors[: page.limit + 1])
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    cursor = encode_cursor(rows[-1].slug) if more else None
    return {"items": [show.author(request, a) for a in rows], **next_links(request, cursor)}


@api.get(
    "/authors/{slug}/",
    response={200: schemas.Author, **ERRORS},
    url_name="author",
    summary="One author with their biography",
)
def get_author(request: HttpRequest, slug: str, response: HttpResponse) -> dict[str, Any]:
    only_known_parameters(request, schemas.Schema)
    author = Author.objects.filter(slug=slug).first()
    if author is None:
        raise Http404("No author at this address.")
    response["Last-Modified"] = show.last_modified(author.updated_at)
    return show.author(request, author)


class HelplineFilters(schemas.Schema):
    country: str | None = Field(
        None,
        pattern=r"^[A-Za-z]{2}$",
        description="An ISO 3166-1 alpha-2 code, e.g. “GB”: only its lines, in its order.",
    )


@api.get(
    "/helplines/",
    response={200: list[schemas.Helpline], **ERRORS},
    url_name="helplines",
    summary="Crisis and support lines, by country",
)
def list_helplines(request: HttpRequest, filters: Query[HelplineFilters]) -> list[dict]:
    only_known_parameters(request, HelplineFilters)
    helplines = Helpline.objects.active().prefetch_related("countries")
    if filters.country:
        code = filters.country.upper()
        if not is_country(code):
            raise ApiError(f"“{filters.country}” is not an ISO 3166-1 alpha-2 country code.")
        helplines = helplines.filter(countries__country=code).order_by(
            "countries__position", "name"
        )
    return [show.helpline(row) for row in helplines]
