"""Sends the reply notifications that are due: batched ones whose hour is over, and retries.

The database worker (``manage.py db_worker``) runs them at their time by itself; with the
immediate task backend, run this every few minutes (cron) so that they are not left waiting.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from comments.notifications import deliver_due


class Command(BaseCommand):
    help = "Sends the reply notifications that are due, including retries of failed ones."

    def handle(self, *args, **options) -> None:
        sent = deliver_due()
        self.stdout.write(f"Sent {sent} reply notification(s).")
