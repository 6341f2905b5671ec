"""Each article's count of approved comments, kept by the database itself.

The article page shows how many comments an article has and pages its threads. Counting them
on every view read every index entry of the article: 25–30 ms for an article with 117 000
comments (bench/README.md, "At scale"). ``CommentTally`` holds the two counts that grow with
the comments, and database triggers (``comments/migrations/0008_comment_tally.py``, one set for
SQLite and one for PostgreSQL) keep them right on every write, whoever writes: a reader's post,
a moderator's decision, the admin's bulk actions, ``QuerySet.update()``, ``bulk_create()``, the
importer, the bulk generator's COPY. Each row adds or takes away only its own contribution
(its old and new values), so a statement that changes many rows at once, in any order, leaves
the counts exact.

The third number the page needs, tombstones (a removed comment that still shows because it has
approved replies), depends on other rows and is rare; ``Comment.objects.counts_for()`` counts
them live. ``Comment.objects.recount_tallies()`` (``manage.py recount_comments``) recomputes
everything from the comments, for a database restored without its triggers.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.models import Article


class CommentTally(models.Model):
    article = models.OneToOneField(
        Article,
        on_delete=models.CASCADE,
        primary_key=True,
        # Triggers write this table; a comment's trigger may run while its article is being
        # deleted, so no foreign key is checked in the database (orphans are never read).
        db_constraint=False,
        related_name="+",
        verbose_name=_("article"),
    )
    approved = models.IntegerField(_("approved comments"), default=0)
    approved_threads = models.IntegerField(
        _("approved top-level comments"),
        default=0,
        help_text=_("Threads shown on the article page, tombstones aside."),
    )

    class Meta:
        verbose_name = _("comment count")
        verbose_name_plural = _("comment counts")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.approved}"
