"""Each article's count of approved comments, kept by the database itself.

The article page shows how many comments an article has and pages its threads. Counting them
on every view read every index entry of the article: 25–30 ms for an article with 117 000
comments (bench/README.md, "At scale"). ``CommentTally`` holds the two counts that grow with
the comments, and database triggers (``comments/migrations/0008_comment_tally.py``, row
triggers on SQLite, statement triggers on PostgreSQL) keep them right on every write, whoever
writes: a reader's post, a moderator's decision, the admin's bulk actions,
``QuerySet.update()``, ``bulk_create()``, the importer, the bulk generator's COPY. Each row
adds or takes away only its own contribution (its old and new values), so a statement that
changes many rows at once, in any order, leaves the counts exact.

The third number the page needs, tombstones (a removed comment that still shows because it has
approved replies), depends on other rows and is rare; ``counts_for()`` counts them live.
``recount()`` (``manage.py recount_comments``) recomputes everything from the comments, for a
database restored without its triggers.
"""

from __future__ import annotations

from django.db import connections, models, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import Article
from comments.models.comment import Comment, tombstone_sql, visible_thread


class CommentTallyQuerySet(models.QuerySet):
    def counts_for(self, article: Article) -> dict[str, int]:
        """Approved comments and visible threads of an article, in one query.

        The approved comments and approved threads are stored; a thread also shows as a
        tombstone (a removed comment that was published and has approved replies,
        ``visible_thread()``), and those are counted here, from ``comment_tombstone_idx``.
        ``tests/test_comment_tally.py`` checks the result against ``live_counts_for()``.
        """
        tally = self.model._meta.db_table
        table = Comment._meta.db_table
        tombstone, tombstone_params = tombstone_sql(table)
        sql = f"""
            SELECT
              (SELECT approved FROM {tally} WHERE article_id = %s),
              (SELECT approved_threads FROM {tally} WHERE article_id = %s),
              (SELECT COUNT(*) FROM {table} c
               WHERE c.article_id = %s AND c.parent_id IS NULL AND {tombstone})
        """  # noqa: S608 (no reader input in it)
        params = [article.pk, article.pk, article.pk, *tombstone_params]
        with connections[self.db].cursor() as cursor:
            cursor.execute(sql, params)
            approved_count, approved_threads, tombstones = cursor.fetchone()
        threads = int(approved_threads or 0) + int(tombstones or 0)
        return {"approved": int(approved_count or 0), "threads": threads}

    def live_counts_for(self, article: Article) -> dict[str, int]:
        """What ``counts_for()`` returns, counted from the comments themselves (slow on a busy
        article; for checks)."""
        comments = Comment.objects.using(self.db).filter(article=article)
        return {
            "approved": comments.approved().count(),
            "threads": comments.filter(Q(parent__isnull=True) & visible_thread()).count(),
        }

    def recount(self) -> int:
        """Recompute every article's stored counts from the comments (after restoring a
        database without its triggers, say); returns how many articles' counts were wrong."""
        approved = Comment.objects.using(self.db).approved().order_by().values("article_id")
        live = {
            row["article_id"]: (row["approved"], row["approved_threads"])
            for row in approved.annotate(
                approved=Count("pk"), approved_threads=Count("pk", filter=Q(parent=None))
            )
        }
        stored = {row.article_id: (row.approved, row.approved_threads) for row in self.all()}
        zero = (0, 0)
        wrong = {
            pk for pk in live.keys() | stored.keys() if live.get(pk, zero) != stored.get(pk, zero)
        }
        with transaction.atomic(using=self.db):
            self.filter(pk__in=wrong).delete()  # and the rows of deleted articles that count any
            rows = [
                self.model(article_id=pk, approved=live[pk][0], approved_threads=live[pk][1])
                for pk in wrong
                if pk in live
            ]
            self.bulk_create(rows, batch_size=500)
        return len(wrong)


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

    objects = CommentTallyQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment count")
        verbose_name_plural = _("comment counts")

    def __str__(self) -> str:  # as the admin lists it before deleting an article
        return ngettext(
            "%(count)d approved comment", "%(count)d approved comments", self.approved
        ) % {"count": self.approved}
