"""Which writes change what readers see, for the page cache (``kith.page_cache``): connected in
``ArticlesConfig.ready()``.

STYLE.md says ``save()`` fills derived fields only and no signal does work behind the reader's
back. Cache invalidation is the pragmatic exception: a cached page must never outlive a change
however it was made — the admin, a workflow method (``publish``, ``archive``), the shell,
``loaddata`` or an importer — and a receiver reaches every one of those paths. What it does is
tiny and invisible to readers (an ``incr`` in the cache).

``QuerySet.update()`` and ``bulk_create()`` send no signal: code that writes visible content
that way calls ``page_cache.bump_content()`` itself.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save

from kith import page_cache

# The rows of this app, and the contrib rows it shows (keywords, transparency pages, redirects
# of old article addresses, the site's name), that readers see on some page.
CONTENT_MODELS = (
    "articles.Article",
    "articles.Author",
    "articles.ArticleAuthor",
    "articles.Helpline",
    "articles.HelplineCountry",
    "articles.TaggedArticle",
    "articles.ClinicalReviewer",
    "articles.Reference",
    "taggit.Tag",
    "flatpages.FlatPage",
    "redirects.Redirect",
    "sites.Site",
)


def content_changed(sender: type, **kwargs: Any) -> None:
    page_cache.bump_content()


def next_scheduled_publish() -> datetime | None:
    """When the next scheduled article appears: pages must not be kept past it."""
    from articles.models import Article

    return (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def connect() -> None:
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        post_save.connect(content_changed, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"page-cache-del-{label}")
    article = apps.get_model("articles.Article")
    for through in (
        article.topics.through,
        article.related_articles.through,
        article.authors.through,
        apps.get_model("articles.TaggedArticle"),
        apps.get_model("flatpages.FlatPage").sites.through,
    ):
        m2m_changed.connect(
            content_changed, sender=through, dispatch_uid=f"page-cache-m2m-{through}"
        )
    page_cache.add_deadline(next_scheduled_publish)
