from __future__ import annotations

from django.apps import AppConfig


class PageCacheConfig(AppConfig):
    """Connects the page cache's invalidation receivers (see ``invalidation.py``)."""

    name = "kith.page_cache"
    label = "page_cache"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from kith.page_cache import invalidation

        invalidation.connect()
