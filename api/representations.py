"""Rows turned into the dictionaries ``schemas.py`` describes, with absolute addresses.

Each function reads only the attributes it names and only relations that the calling
endpoint prefetched (see the QuerySet methods used in ``views.py``), so no representation
ever runs a query of its own.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import http_date

from articles.helplines import split_languages
from articles.models import Article, Author, ClinicalReviewer, Helpline, Reference
from articles.views import keyword_url
from comments.models import Comment
from topics.models import Topic


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path) if path else ""


_SLUG = "--kith-slug--"


def address(request: HttpRequest, url_name: str, slug: str) -> str:
    """The absolute URL of ``url_name`` for ``slug``: reversed once per request and name, then
    filled in (a page of 100 articles needs ~400 addresses; reversing each cost ~10 ms)."""
    templates = request.__dict__.setdefault("_kith_api_addresses", {})
    if url_name not in templates:
        templates[url_name] = request.build_absolute_uri(reverse(url_name, args=[_SLUG]))
    return templates[url_name].replace(_SLUG, quote(slug, safe=""))


def topic_ref(request: HttpRequest, topic: Topic) -> dict[str, Any]:
    return {
        "slug": topic.slug,
        "name": topic.name,
        "url": address(request, "topics:detail", topic.slug),
        "api_url": address(request, "api:topic", topic.slug),
    }


def author_ref(request: HttpRequest, author: Author) -> dict[str, Any]:
    return {
        "slug": author.slug,
        "name": author.name,
        "credentials": author.credentials,
        "display_name": author.display_name,
        "url": address(request, "articles:author", author.slug),
        "api_url": address(request, "api:author", author.slug),
    }


def author(request: HttpRequest, row: Author) -> dict[str, Any]:
    # A photo is a path on this site (the image library): give clients the whole address.
    photo = request.build_absolute_uri(row.photo_url) if row.photo_url else ""
    return {**author_ref(request, row), "bio_html": row.bio_html, "photo_url": photo}


def article_summary(request: HttpRequest, article: Article) -> dict[str, Any]:
    return {
        "slug": article.slug,
        "title": article.title,
        "kind": article.kind,
        "kind_label": article.get_kind_display(),
        "language": article.language,
        "summary": article.summary,
        "primary_topic": topic_ref(request, article.primary_topic),
        "published_at": article.published_at,
        "content_updated_at": article.content_updated_at,
        "url": address(request, "articles:detail", article.slug),
        "api_url": address(request, "api:article", article.slug),
    }


def _reviewer(request: HttpRequest, reviewer: ClinicalReviewer | None) -> dict | None:
    if reviewer is None:
        return None
    return {
        "name": reviewer.name,
        "credentials": reviewer.credentials,
        "display_name": reviewer.display_name,
        "author_url": (
            _absolute(request, reviewer.author.get_absolute_url()) if reviewer.author else None
        ),
    }


def _reference(reference: Reference) -> dict[str, Any]:
    return {
        "citation": reference.citation,
        "url": reference.url,
        "doi": reference.doi,
        "link": reference.link,
        "accessed": reference.accessed,
    }


def article(request: HttpRequest, row: Article) -> dict[str, Any]:
    """Everything the article page shows; the reviewer's private notes are not part of it."""
    comments_path = reverse("api:article-comments", kwargs={"slug": row.slug})
    return {
        **article_summary(request, row),
        "content_note": row.content_note,
        "about_suicide": row.about_suicide,
        "question": row.question,
        "body_html": row.body_html,
        "pull_quote": row.pull_quote,
        "external_url": row.external_url,
        "key_points": row.key_points_list,
        "reading_time_minutes": row.reading_time,
        "references": [_reference(reference) for reference in row.references.all()],
        "authors": [author_ref(request, author) for author in row.ordered_authors],
        "topics": [topic_ref(request, topic) for topic in row.topics.all()],
        "tags": [
            {"slug": tag.slug, "name": tag.name, "url": _absolute(request, keyword_url(tag))}
            for tag in row.tags.all()
        ],
        "clinical_review": {
            "reviewed_by": _reviewer(request, row.reviewed_by),
            "last_reviewed": row.last_reviewed,
            "next_review_due": row.next_review_due,
            "review_overdue": row.is_review_overdue,
        },
        "comments_open": row.comments_open,
        "comments_api_url": _absolute(request, comments_path),
    }


def reply(comment: Comment) -> dict[str, Any]:
    """A comment as readers see it; a removed one keeps only its place (for its replies)."""
    removed = comment.is_tombstone
    return {
        "id": comment.pk,
        "title": "" if removed else comment.title,
        "name": "" if removed else comment.display_name,
        "posted_at": comment.created_at,
        "body_html": "" if removed else comment.body_html,
        "edited_by_moderator": comment.edited_by_moderator and not removed,
        "removed": removed,
    }


def thread(comment: Comment) -> dict[str, Any]:
    return {**reply(comment), "replies": [reply(r) for r in comment.approved_replies]}


def helpline(row: Helpline) -> dict[str, Any]:
    """``row`` with its countries prefetched (``prefetch_related("countries")``)."""
    return {
        "name": row.name,
        "description": row.description,
        "hours": row.hours,
        "languages": split_languages(row.languages),
        "countries": [place.country.code for place in row.countries.all()],
        "phone": row.phone,
        "phone_href": row.phone_href if row.phone else None,
        "text_number": row.text_number,
        "text_keyword": row.text_keyword,
        "text_href": row.text_href if row.text_number else None,
        "chat_url": row.chat_url,
        "url": row.url,
        "source_url": row.source_url,
        "last_verified": row.last_verified,
    }


def last_modified(*moments: Any) -> str | None:
    """The newest of ``moments`` as an HTTP date (for ``Last-Modified``)."""
    known = [moment for moment in moments if moment is not None]
    return http_date(max(known).timestamp()) if known else None
