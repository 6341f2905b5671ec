"""Stored comment counts (``CommentTally``, kept by triggers) against the comments themselves,
on every path that writes comments: the model, the moderators' actions, ``QuerySet.update()``,
``bulk_create()``, deletes and cascades, the importer, the bulk generator, and a long random
sequence of all of them. The suite runs on SQLite and on PostgreSQL; each has its triggers.
"""

from __future__ import annotations

import random
import threading
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, connections, transaction
from django.test import TestCase, TransactionTestCase
from django.utils import timezone, translation

from articles.models import Article
from bench import generate_bulk
from comments.models import Comment, CommentTally
from comments.models.tally import CommentTallyQuerySet
from tests.comments_factories import make_comment
from tests.factories import make_article, make_reviewer, make_topic
from tests.migration_steps import migrate_to, migrate_to_latest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
Status = Comment.Status


def stored(article: Article) -> dict[str, int]:
    return CommentTally.objects.counts_for(article)


def live(article: Article) -> dict[str, int]:
    return CommentTally.objects.live_counts_for(article)


class TallyTestCase(TestCase):
    def assert_counts(self, article: Article, approved: int, threads: int) -> None:
        expected = {"approved": approved, "threads": threads}
        assert live(article) == expected  # the test's own arithmetic is right
        assert stored(article) == expected

    def assert_all_exact(self) -> None:
        for article in Article.objects.all():
            assert stored(article) == live(article), article.slug


class ModelPathTests(TallyTestCase):
    def setUp(self):
        self.article = make_article(slug="tally")
        self.other = make_article(slug="tally-other")

    def test_posting_and_moderating_change_the_counts(self):
        """A pending comment does not count; approving, rejecting and removing it do."""
        self.assert_counts(self.article, 0, 0)
        comment = make_comment(article=self.article, status=Status.PENDING)
        self.assert_counts(self.article, 0, 0)
        comment.approve()
        self.assert_counts(self.article, 1, 1)
        reply = make_comment(article=self.article, parent=comment)
        self.assert_counts(self.article, 2, 1)
        reply.reject()
        self.assert_counts(self.article, 1, 1)
        comment.mark_spam()
        self.assert_counts(self.article, 0, 0)
        assert CommentTally.objects.get(article=self.article).approved == 0
        self.assert_counts(self.other, 0, 0)

    def test_a_removed_thread_with_approved_replies_still_counts_as_a_tombstone(self):
        thread = make_comment(article=self.article)
        reply = make_comment(article=self.article, parent=thread)
        thread.remove()
        self.assert_counts(self.article, 1, 1)  # the reply, under the tombstone
        reply.remove()
        self.assert_counts(self.article, 0, 0)  # nothing shows any more
        reply.approve()
        self.assert_counts(self.article, 1, 1)
        thread.approve()
        self.assert_counts(self.article, 2, 1)

    def test_moving_a_comment_to_another_article_or_thread(self):
        """``article`` and ``parent`` changed by a save (a moderator's fix in the admin)."""
        first = make_comment(article=self.article)
        second = make_comment(article=self.article)
        second.parent = first
        second.save()
        self.assert_counts(self.article, 2, 1)
        first.article = self.other
        first.parent = None
        first.save()
        second.parent = None
        second.save()
        self.assert_counts(self.article, 1, 1)
        self.assert_counts(self.other, 1, 1)

    def test_saving_without_a_change_of_status_changes_nothing(self):
        comment = make_comment(article=self.article)
        comment.title = "Edited"
        comment.save()
        Comment.objects.filter(pk=comment.pk).update(title="Again", status=Status.APPROVED)
        self.assert_counts(self.article, 1, 1)


class BulkPathTests(TallyTestCase):
    def setUp(self):
        self.article = make_article(slug="bulk")
        self.other = make_article(slug="bulk-other")

    def test_queryset_update_of_many_rows_at_once(self):
        """The admin's bulk actions: one UPDATE over threads and their replies together."""
        threads = [make_comment(article=self.article, status=Status.PENDING) for _ in range(4)]
        for thread in threads:
            make_comment(article=self.article, parent=thread, status=Status.PENDING)
        Comment.objects.filter(article=self.article).update(
            status=Status.APPROVED, published_at=timezone.now()
        )
        self.assert_counts(self.article, 8, 4)
        Comment.objects.filter(parent__isnull=True).update(status=Status.REMOVED)
        self.assert_counts(self.article, 4, 4)  # four tombstones with their replies
        Comment.objects.filter(parent__isnull=False).update(article=self.other)
        self.assert_all_exact()
        Comment.objects.filter(article=self.article).update(status=Status.APPROVED)
        self.assert_all_exact()

    def test_bulk_create_and_bulk_delete(self):
        now = timezone.now()
        rows = [
            Comment(article=self.article, body=f"Comment {n}", status=status, published_at=now)
            for n, status in enumerate([Status.APPROVED] * 5 + [Status.REJECTED] * 2)
        ]
        Comment.objects.bulk_create(rows)
        self.assert_counts(self.article, 5, 5)
        Comment.objects.filter(pk__in=[rows[0].pk, rows[5].pk]).delete()
        self.assert_counts(self.article, 4, 4)

    def test_deleting_a_thread_deletes_its_replies_from_the_counts(self):
        thread = make_comment(article=self.article)
        for _ in range(3):
            make_comment(article=self.article, parent=thread)
        make_comment(article=self.article)
        self.assert_counts(self.article, 5, 2)
        thread.delete()
        self.assert_counts(self.article, 1, 1)

    def test_deleting_an_article_takes_its_counts_with_it(self):
        make_comment(article=self.article)
        make_comment(article=self.other)
        pk = self.article.pk
        Article.objects.filter(pk=pk).delete()
        assert not CommentTally.objects.filter(article_id=pk).exists()
        assert CommentTally.objects.recount() == 0
        self.assert_counts(self.other, 1, 1)


class OtherWritersTests(TallyTestCase):
    def test_imported_comments(self):
        """``import_content --comments approved`` writes through the importer's own path."""
        make_topic(slug="anxiety")
        make_reviewer()
        out, err = StringIO(), StringIO()
        call_command(
            "import_content", str(FIXTURES / "good"), "--comments", "approved",
            stdout=out, stderr=err,
        )  # fmt: skip
        assert Comment.objects.approved().exists()
        self.assert_all_exact()

    def test_the_bulk_generator(self):
        """bench/generate_bulk.py writes with COPY (PostgreSQL) or executemany (SQLite)."""
        call_command(
            generate_bulk.Command(), "--articles=12", "--comments=300", "--topics=3",
            stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip
        assert CommentTally.objects.filter(approved__gt=0).count() > 1
        self.assert_all_exact()

    def test_a_random_sequence_of_every_kind_of_write(self):
        rng = random.Random(13)
        articles = [make_article(slug=f"random-{n}") for n in range(3)]
        statuses = [*Status.values, Status.APPROVED, Status.APPROVED]
        busiest = tombstones = 0
        for step in range(200):
            comments = list(Comment.objects.all())
            action = rng.choice(["post"] * 3 + ["reply"] * 3 + ["status", "bulk", "move", "delete"])
            if action == "post" or not comments:
                make_comment(article=rng.choice(articles), status=rng.choice(statuses))
            elif action == "reply":
                threads = [c for c in comments if c.parent_id is None]
                thread = rng.choice(threads) if threads else None
                if thread is not None:
                    make_comment(article=thread.article, parent=thread, status=rng.choice(statuses))
            elif action == "status":
                comment = rng.choice(comments)
                comment.status = rng.choice(statuses)
                comment.published_at = comment.published_at or timezone.now()
                comment.save()
            elif action == "bulk":
                picked = [c.pk for c in rng.sample(comments, min(len(comments), 4))]
                Comment.objects.filter(pk__in=picked).update(
                    status=rng.choice(statuses), published_at=timezone.now()
                )
            elif action == "move":
                comment = rng.choice(comments)
                target = rng.choice(articles)
                Comment.objects.filter(pk=comment.pk).update(article=target)
                Comment.objects.filter(parent=comment).update(article=target)
            else:
                rng.choice(comments).delete()
            if step % 20 == 19:
                self.assert_all_exact()
                busiest = max(busiest, *(stored(a)["approved"] for a in articles))
                tombstones += Comment.objects.filter(
                    status=Status.REMOVED, parent=None, replies__status=Status.APPROVED
                ).count()
        self.assert_all_exact()
        assert busiest > 10 and tombstones  # the sequence reached busy articles and tombstones


class RecountTests(TallyTestCase):
    def test_recount_repairs_counts_written_without_triggers(self):
        """What a restore without the triggers leaves, and what ``recount_comments`` does."""
        article = make_article(slug="restored")
        make_comment(article=article)
        make_comment(article=article)
        CommentTally.objects.filter(article=article).update(approved=7, approved_threads=0)
        orphan = CommentTally.objects.create(article_id=article.pk + 1000, approved=3)
        assert stored(article) == {"approved": 7, "threads": 0}
        out = StringIO()
        call_command("recount_comments", stdout=out)
        assert out.getvalue() == "2 articles' counts were wrong and are now recounted.\n"
        self.assert_counts(article, 2, 2)
        assert not CommentTally.objects.filter(pk=orphan.pk).exists()
        out = StringIO()
        call_command("recount_comments", stdout=out)
        assert out.getvalue().startswith("0 articles' counts were wrong")

    def test_a_database_error_is_a_clear_message_and_a_failing_exit(self):
        error = OperationalError("no such table: comments_commenttally")
        expected = r"Could not recount the comments \(no such table"
        with (
            mock.patch.object(CommentTallyQuerySet, "recount", side_effect=error),
            pytest.raises(CommandError, match=expected),
        ):
            call_command("recount_comments", stdout=StringIO())

    def test_what_the_admin_lists_before_deleting_an_article(self):
        article = make_article(slug="named")
        make_comment(article=article)
        tally = CommentTally.objects.get(article=article)
        assert str(tally) == "1 approved comment"
        make_comment(article=article)
        tally.refresh_from_db()
        with translation.override("es"):
            assert str(tally) == "2 comentarios aprobados"

    def test_the_triggers_are_in_the_database(self):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = 'comments_comment'::regclass"
                    " AND NOT tgisinternal"
                )
            else:
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                    " AND tbl_name = 'comments_comment'"
                )
            names = {row[0] for row in cursor.fetchall()}
        assert names >= {"comments_tally_insert", "comments_tally_update", "comments_tally_delete"}


class MigrationTests(TransactionTestCase):
    """0008 counts the comments already there when it adds the table and its triggers."""

    BEFORE = [("comments", "0007_stored_comment_cards")]

    def test_existing_comments_are_counted(self):
        OldComment = migrate_to(self.BEFORE).get_model("comments", "Comment")
        try:
            article = make_article(slug="before-the-counts")
            now = timezone.now()
            common = {"article_id": article.pk, "body": "Written before.", "created_at": now}
            thread = OldComment.objects.create(status="approved", published_at=now, **common)
            OldComment.objects.create(status="approved", published_at=now, parent=thread, **common)
            OldComment.objects.create(status="pending", **common)
        finally:
            migrate_to_latest()
        self.assert_counts_are(article, approved=2, threads=1)
        make_comment(article=article)  # and the triggers run from now on
        self.assert_counts_are(article, approved=3, threads=2)

    def assert_counts_are(self, article: Article, *, approved: int, threads: int) -> None:
        assert stored(article) == live(article) == {"approved": approved, "threads": threads}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL only (concurrent writers)"
)
class ConcurrentWritersTests(TransactionTestCase):
    """Readers posting and moderators deciding at the same moment, each in its own
    transaction and connection: the stored counts end exact (each statement's change waits for
    the other's lock on the article's row instead of overwriting it)."""

    def test_concurrent_posts_and_decisions(self):
        article = make_article(slug="busy-at-once")
        pending = [make_comment(article=article, status=Status.PENDING) for _ in range(12)]
        barrier = threading.Barrier(4)
        errors: list[BaseException] = []

        def writer(n: int) -> None:
            try:
                barrier.wait(timeout=10)
                for i in range(10):
                    with transaction.atomic():
                        make_comment(article=article)
                        if i < 3:
                            Comment.objects.filter(pk=pending[n * 3 + i].pk).update(
                                status=Status.APPROVED, published_at=timezone.now()
                            )
            except BaseException as error:  # noqa: BLE001 (reported by the test below)
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert stored(article) == live(article) == {"approved": 52, "threads": 52}
