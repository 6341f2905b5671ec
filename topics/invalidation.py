"""Topics readers see on every page: a change bumps the page cache's content scope (connected in
``TopicsConfig.ready()``; see ``articles/invalidation.py`` for why signals)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from kith import page_cache


def content_changed(sender: type, **kwargs: Any) -> None:
    page_cache.bump_content()


def connect() -> None:
    from topics.models import Topic

    post_save.connect(content_changed, sender=Topic, dispatch_uid="page-cache-save-topic")
    post_delete.connect(content_changed, sender=Topic, dispatch_uid="page-cache-del-topic")
    m2m_changed.connect(
        content_changed, sender=Topic.related.through, dispatch_uid="page-cache-m2m-topic"
    )
