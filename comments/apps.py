from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Reader comments")

    def ready(self) -> None:
        from comments import invalidation

        invalidation.connect()  # what the page cache must forget when rows change

        from django.utils.autoreload import file_changed

        from comments import cards

        file_changed.connect(cards.forget_version, dispatch_uid="comments.cards.forget_version")
