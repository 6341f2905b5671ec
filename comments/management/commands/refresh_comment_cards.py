"""Store the card of every approved comment whose stored card is missing or stale.

Run it after deploying a change to ``templates/comments/includes/comment.html`` or to the
comment addresses (a stale card is rendered on every view until then: correct, but slower), and
after writing comments with ``bulk_create``. Prints how many cards it stored.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from comments.models import Comment


class Command(BaseCommand):
    help = "Stores the current card of approved comments whose stored card is missing or stale."

    def handle(self, *args, **options) -> None:
        stored = Comment.objects.refresh_cards()
        self.stdout.write(f"Stored {stored} comment card{'s' if stored != 1 else ''}.")
