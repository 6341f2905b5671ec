"""How any page pulls comments in: the article template loads these tags, articles never import
comments (the way django-contrib-comments plugs into any model).

Query budget on the article page: one for the stored counts (``CommentTally``, shared by the
header count and the section), one for the page of threads with their replies, and one more
only when some stored cards are out of date — whatever the number of comments.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

from django import template
from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q

from articles.models import Article
from comments import moderation
from comments.cards import ShownComment
from comments.forms import BLANK_FORM
from comments.models import Comment, CommentReport, CommentTally
from comments.models.keyset import Position
from kith.page_cache import expire_page_at

register = template.Library()

_COUNTS_ATTR = "_kith_comment_counts"


class _CountedPaginator(Paginator):
    """A paginator told its count, because the counts query already knows it."""

    def __init__(self, *args, count: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def comment_counts(article: Article) -> dict[str, int]:
    """Counts for one article, computed once per article instance (i.e. once per page)."""
    counts = getattr(article, _COUNTS_ATTR, None)
    if counts is None:
        counts = CommentTally.objects.counts_for(article)
        setattr(article, _COUNTS_ATTR, counts)
    return counts


def comment_page(article: Article, query: Mapping[str, str], *, closed: bool = False) -> Page:
    """One page of threads (``query`` is the request's GET) as their cards
    (``Comment.objects.shown_threads()``); its comments and their replies cost one query.

    The "Earlier comments" and "Later comments" links carry, besides the page's number, the
    position of the thread next to it (``before=`` / ``after=``, see
    ``comments/models/keyset.py``), and such a page is read from that position: page 1 000 is
    as quick as page 1. A bare ``?page=N`` (typed, or an old link) is read by offset. The
    number only labels the page; the links are in ``earlier_query`` and ``later_query``.
    """
    per_page = settings.KITH_COMMENTS_PER_PAGE
    paginator = _CountedPaginator(
        Comment.objects.none(), per_page, count=comment_counts(article)["threads"]
    )
    page = paginator.get_page(query.get("page"))
    page.earlier_query = page.later_query = ""
    page.object_list = []
    if not paginator.count:
        return page
    after, before = Position.parse(query.get("after")), Position.parse(query.get("before"))
    threads: list[ShownComment] = []
    if after is not None or before is not None:
        threads = Comment.objects.shown_threads(
            article, closed=closed, stop=per_page, after=after, before=before
        )
    if not threads:  # no position, or one past the end (a made-up address): by offset
        start = page.start_index() - 1
        threads = Comment.objects.shown_threads(
            article, closed=closed, start=start, stop=page.end_index()
        )
    page.object_list = threads
    if threads and page.has_previous():
        earlier = page.previous_page_number()
        position = f"&before={Position.of(threads[0])}" if earlier > 1 else ""
        page.earlier_query = f"?page={earlier}{position}"
    if threads and page.has_next():
        page.later_query = f"?page={page.next_page_number()}&after={Position.of(threads[-1])}"
    return page


@register.inclusion_tag("comments/includes/header_count.html")
def comment_count_link(article: Article) -> dict:
    """“3 comments”, linking to the comments, for the article header."""
    return {"count": comment_counts(article)["approved"]}


@register.inclusion_tag("comments/includes/feed_links.html")
def comment_feed_links(article: Article) -> dict:
    """``<link rel="alternate">`` to the comment feeds, for the page's ``<head>``."""
    return {"article": article}


@register.inclusion_tag("comments/includes/section.html", takes_context=True)
def comment_section(context: template.Context, article: Article) -> dict:
    """The approved comments of ``article`` (paginated by ?page=N, oldest first) and the form."""
    request = context.get("request")
    query = request.GET if request is not None else {}
    closed = moderation.closed_message(article)
    closes_at = moderation.comments_close_at(article)
    if request is not None and closes_at is not None and not closed:
        expire_page_at(request, closes_at.timestamp())  # the cached form must go on time
    page = comment_page(article, query, closed=bool(closed))  # stored cards, not 50 templates
    return {
        "request": request,
        "article": article,
        "counts": comment_counts(article),
        "page_obj": page,
        "closed_message": closed,
        "form": None if closed else BLANK_FORM,
    }


@register.inclusion_tag("comments/includes/moderation_summary.html", takes_context=True)
def moderation_summary(context: template.Context) -> dict:
    """Pending and urgent counts for the admin index, for users who may moderate."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("comments.view_comment"):
        return {"show": False}
    counts = Comment.objects.pending().aggregate(
        pending=Count("pk"), urgent=Count("pk", filter=Q(held_for_risk=True))
    )
    # Reported but below the threshold that hides them: readers still see these. Counted from
    # the reports (few) rather than by looking for reports under every approved comment.
    reported = (
        CommentReport.objects.filter(comment__status=Comment.Status.APPROVED)
        .values("comment")
        .distinct()
        .count()
    )
    return {"show": True, **counts, "reported": reported}
