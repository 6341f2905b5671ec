"""Test data for the comments app: comments in any state and valid form posts."""

from __future__ import annotations

import itertools
import time
from datetime import datetime

from django.utils import timezone

from articles.models import Article
from comments import moderation
from comments.models import Comment, ReplySubscription

_seq = itertools.count(1)


def make_comment(
    *,
    article: Article,
    status: str = Comment.Status.APPROVED,
    title: str = "",
    name: str = "",
    email: str = "",
    body: str | None = None,
    parent: Comment | None = None,
    hold_reasons: str = "",
    created_at: datetime | None = None,
    client_hash: str = "",
) -> Comment:
    """A saved comment; approved ones get ``published_at`` like the real approval does."""
    n = next(_seq)
    now = created_at or timezone.now()
    return Comment.objects.create(
        article=article,
        parent=parent,
        title=title,
        name=name,
        email=email,
        email_hash=moderation.email_key(email),
        body=body if body is not None else f"Comment number {n}, written for a test.",
        status=status,
        hold_reasons=hold_reasons,
        created_at=now,
        published_at=now if status == Comment.Status.APPROVED else None,
        client_hash=client_hash,
    )


def form_data(**overrides: object) -> dict[str, object]:
    """A comment form as a person would send it: the form was shown a minute ago."""
    data: dict[str, object] = {
        "title": "A helpful read",
        "name": "Sam",
        "email": "",
        "body": "Thank you, the part about sleep helped me this week.",
        "consent": "on",
        "timestamp": moderation.sign_timestamp(time.time() - 60),
        "website": "",
        "parent": "",
    }
    data.update(overrides)
    return data


def make_subscription(
    *, thread: Comment, email: str = "reader@example.org", confirmed: bool = True, **fields
) -> ReplySubscription:
    """A reader following ``thread``'s replies; confirmed unless told otherwise."""
    return ReplySubscription.objects.create(
        thread=thread,
        email=email,
        email_hash=moderation.email_key(email),
        confirmed_at=timezone.now() if confirmed else None,
        **fields,
    )
