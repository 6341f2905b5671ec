from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    name = "topics"
    verbose_name = _("Topics")

    def ready(self) -> None:
        from topics import invalidation

        invalidation.connect()  # what the page cache must forget when rows change
