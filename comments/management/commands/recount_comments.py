"""Recompute each article's stored comment counts (``CommentTally``) from the comments.

Database triggers keep the counts right on every write (comments/models/tally.py), so this is
for a database whose triggers were missing for a while: restored from a dump taken without
them, or written by hand with the triggers dropped. Prints how many articles' counts changed.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from comments.models import CommentTally


class Command(BaseCommand):
    help = "Recomputes every article's stored comment counts from the comments."

    def handle(self, *args, **options) -> None:
        try:
            fixed = CommentTally.objects.recount()
        except DatabaseError as error:  # nothing was changed: recount() is one transaction
            raise CommandError(
                f"Could not recount the comments ({error}). Is the database reachable, and has"
                " `manage.py migrate` run?"
            ) from error
        noun = "article's counts were" if fixed == 1 else "articles' counts were"
        self.stdout.write(f"{fixed} {noun} wrong and are now recounted.")
