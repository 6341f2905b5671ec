"""Small keyword-only factories for test data. Each returns a saved row."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from articles.models import (
    Article,
    ArticleAuthor,
    Author,
    ClinicalReviewer,
    Helpline,
    HelplineCountry,
    Reference,
)
from articles.reviewed_content import reviewed_change
from topics.models import Topic

_seq = itertools.count(1)


def _n() -> int:
    return next(_seq)


def make_topic(
    *, name: str | None = None, slug: str | None = None, parent: Topic | None = None,
    summary: str = "A topic summary.", introduction: str = "", display_order: int = 0,
) -> Topic:  # fmt: skip
    n = _n()
    name = name or f"Topic {n}"
    return Topic.objects.create(
        name=name,
        slug=slug or f"topic-{n}",
        parent=parent,
        summary=summary,
        introduction=introduction,
        display_order=display_order,
    )


def make_author(
    *, name: str | None = None, credentials: str = "Ph.D.", slug: str | None = None, bio: str = ""
) -> Author:
    n = _n()
    return Author.objects.create(
        name=name or f"Author {n}", credentials=credentials, slug=slug or f"author-{n}", bio=bio
    )


def make_article(
    *,
    title: str | None = None,
    slug: str | None = None,
    kind: str = Article.Kind.BASIC,
    status: str = Article.Status.PUBLISHED,
    published_at: datetime | None = None,
    summary: str = "A short summary of the article.",
    body: str = "Some **body** text.",
    question: str = "",
    external_url: str = "",
    primary_topic: Topic | None = None,
    topics: Iterable[Topic] = (),
    authors: Sequence[Author] = (),
    tags: Iterable[str] = (),
    content_updated_at: datetime | None = None,
    pull_quote: str = "",
    reviewed_by: ClinicalReviewer | None = None,
    last_reviewed: date | None = None,
    next_review_due: date | None = None,
    language: str = "en",
    translation_of: Article | None = None,
) -> Article:
    """A published article comes with a recorded clinical review, as every published article
    must (a new reviewer, reviewed the day it was published, unless given). With
    ``translation_of``, it joins that article's group of translations."""
    n = _n()
    if status == Article.Status.PUBLISHED and published_at is None:
        published_at = timezone.now() - timedelta(days=1, minutes=n)
    if status == Article.Status.PUBLISHED:
        reviewed_by = reviewed_by or make_reviewer()
        last_reviewed = last_reviewed or min(timezone.localdate(published_at), timezone.localdate())
    if kind in Article.KINDS_WITH_EXTERNAL_URL and not external_url:
        external_url = f"https://example.org/resource-{n}"
    primary_topic = primary_topic or make_topic()
    article = Article(
        language=language,
        title=title or f"Article {n}",
        slug=slug or f"article-{n}",
        kind=kind,
        status=status,
        published_at=published_at,
        summary=summary,
        body=body,
        question=question,
        external_url=external_url,
        primary_topic=primary_topic,
        content_updated_at=content_updated_at,
        pull_quote=pull_quote,
        reviewed_by=reviewed_by,
        last_reviewed=last_reviewed,
        next_review_due=next_review_due,
    )
    if translation_of is not None:
        article.join_translations_of(translation_of)
    article.save()
    article.topics.add(primary_topic, *topics)
    for order, author in enumerate(authors):
        ArticleAuthor.objects.create(article=article, author=author, order=order)
    if tags:
        article.tags.add(*tags)
        article.refresh_search_vector()  # keywords come after the article, as in the admin
    return article


def make_helpline(
    *,
    name: str | None = None,
    phone: str = "116 123",
    countries: Iterable[str] = ("GB",),
    **fields,
) -> Helpline:
    """A helpline answering in ``countries`` (in that order of codes, each at position 0)."""
    line = Helpline.objects.create(name=name or f"Helpline {_n()}", phone=phone, **fields)
    for code in countries:
        HelplineCountry.objects.create(helpline=line, country=code, position=0)
    return line


def make_user(
    *, username: str | None = None, perms: Iterable[str] = (), groups: Iterable[str] = (), **fields
):
    """A user holding ``perms`` given as ``"app_label.codename"``, in the named ``groups``."""
    user = get_user_model().objects.create_user(
        username=username or f"user{_n()}", password="a-long-test-password", **fields
    )
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


def make_reviewer(
    *, name: str | None = None, credentials: str = "MD, MRCPsych", user=None, author=None
) -> ClinicalReviewer:
    return ClinicalReviewer.objects.create(
        name=name or f"Reviewer {_n()}", credentials=credentials, user=user, author=author
    )


def make_reference(*, article: Article, citation: str | None = None, **fields) -> Reference:
    """A source the article's (factory-made) review already covers, as if it had been there
    when the article was reviewed: tests of changing a published article's references go
    through ``articles.article_revisions``."""
    with reviewed_change():
        return Reference.objects.create(
            article=article, citation=citation or f"Source {_n()} (2024).", **fields
        )
