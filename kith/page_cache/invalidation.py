"""Which writes invalidate which cached pages — the one place Kith uses signals.

STYLE.md says ``save()`` fills derived fields only and no signal does work behind the reader's
back. Cache invalidation is the pragmatic exception, and it lives only here: a cached page
must never outlive a change however the change was made — the admin, a workflow method
(``publish``, ``archive``, ``approve``), the shell, ``loaddata`` or an importer — and the
receivers below reach every one of those paths without each having to remember a call.
What they do is tiny and invisible to readers (an atomic ``incr`` in the cache); sending
e-mail and the like stays explicit.

Each receiver bumps the generation at once (so the rest of the same request or test already
sees fresh pages) and again after the transaction commits (so a reader who filled the cache
between the write and the commit, with the old rows, is not believed either).

``QuerySet.update()`` and ``bulk_create()`` send no signal: code that writes visible content
that way calls ``bump_content()`` itself (``bench/generate_bulk.py``, ``update_search_vectors``).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from kith import page_cache

# Every model whose rows readers can see on a page other than an article's comments.
CONTENT_MODELS = (
    "articles.Article",
    "articles.Author",
    "articles.ArticleAuthor",
    "articles.Helpline",
    "articles.TaggedArticle",
    "articles.ClinicalReviewer",
    "articles.Reference",
    "topics.Topic",
    "taggit.Tag",
    "flatpages.FlatPage",
    "redirects.Redirect",
    "sites.Site",
)


def _twice(bump: Any, *args: Any) -> None:
    bump(*args)
    transaction.on_commit(lambda: bump(*args))


def content_changed(sender: type, **kwargs: Any) -> None:
    _twice(page_cache.bump_content)


def comment_saved(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """A new comment that readers cannot see yet (pending, spam) changes no page; any change to
    an existing one might (approve, reject, remove, redact, erase, hold)."""
    if created and not instance.is_approved():
        return
    _comments_changed(instance)


def comment_deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    _comments_changed(instance)


def _comments_changed(comment: Any) -> None:
    from articles.models import Article

    cached = comment._state.fields_cache.get("article")
    slug = (
        cached.slug
        if cached is not None
        else Article.objects.filter(pk=comment.article_id).values_list("slug", flat=True).first()
    )
    if slug:
        _twice(page_cache.bump_comments, slug)


def connect() -> None:
    """Called once from ``PageCacheConfig.ready()``."""
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-del-{label}")
    for through in (
        apps.get_model("articles.Article").topics.through,
        apps.get_model("articles.Article").related_articles.through,
        apps.get_model("articles.Article").authors.through,
        apps.get_model("articles.TaggedArticle"),
        apps.get_model("topics.Topic").related.through,
        apps.get_model("flatpages.FlatPage").sites.through,
    ):
        m2m_changed.connect(
            content_changed, sender=through, dispatch_uid=f"page-cache-m2m-{through}"
        )
    comment = apps.get_model("comments.Comment")
    post_save.connect(comment_saved, sender=comment, dispatch_uid="page-cache-comment-save")
    post_delete.connect(comment_deleted, sender=comment, dispatch_uid="page-cache-comment-del")
