"""The comments under an article are their own page-cache scope, ``("comments", slug)``, so
approving a comment renews that article's page and comment feeds, not the whole cache
(connected in ``CommentsConfig.ready()``; see ``articles/invalidation.py`` for why signals)."""

from __future__ import annotations

from typing import Any

from kith import page_cache


def comment_saved(sender: type, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """A new comment that readers cannot see yet (pending, spam) changes no page; any change to
    an existing one might (approve, reject, remove, redact, erase, hold)."""
    if created and not instance.is_approved():
        return
    comments_changed(instance)


def comment_deleted(sender: type, instance: Any, **kwargs: Any) -> None:
    comments_changed(instance)


def comments_changed(comment: Any) -> None:
    from articles.models import Article

    cached = comment._state.fields_cache.get("article")
    slug = (
        cached.slug
        if cached is not None
        else Article.objects.filter(pk=comment.article_id).values_list("slug", flat=True).first()
    )
    if slug:
        page_cache.bump("comments", slug)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from comments.models import Comment

    post_save.connect(comment_saved, sender=Comment, dispatch_uid="page-cache-comment-save")
    post_delete.connect(comment_deleted, sender=Comment, dispatch_uid="page-cache-comment-del")
