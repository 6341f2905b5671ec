from __future__ import annotations

from django.apps import AppConfig


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = "Topics"

    def ready(self) -> None:
        from topics import invalidation

        invalidation.connect()  # what the page cache must forget when rows change
