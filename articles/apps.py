from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles and authors")

    def ready(self) -> None:
        from articles import helpline_block, invalidation

        post_migrate.connect(_ensure_search_index, sender=self)
        invalidation.connect()
        helpline_block.register()


def _ensure_search_index(*, using: str = "default", **kwargs: Any) -> None:
    """SQLite's full-text index lives in triggers that a table rebuild drops: re-make them."""
    from articles.search import ensure_sqlite_search_index

    ensure_sqlite_search_index(connections[using])
