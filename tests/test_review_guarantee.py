"""“Every article is reviewed by a clinician” is true because no path can publish without one.

The model refuses (``clean()`` and ``save()``), the database refuses (the
``article_published_is_reviewed`` constraint), and the migration that added the constraint moved
existing unreviewed published articles back to “In review”. The seeder, importer and generator
have their own tests in their modules; the admin and workflow are tested here.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase, TransactionTestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_reviewer, make_topic, make_user
from tests.migration_steps import migrate_to, migrate_to_latest

REVIEW_REQUIRED = "A published article needs a recorded clinical review"


class ModelLayerTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.topic = make_topic()
        cls.reviewer = make_reviewer(name="Ruth Adeyemi", credentials="MRCPsych")

    def unreviewed(self, **fields) -> Article:
        return Article(
            title="Unreviewed",
            slug="unreviewed",
            summary="A summary.",
            primary_topic=self.topic,
            status=Article.Status.PUBLISHED,
            published_at=timezone.now(),
            **fields,
        )

    def test_direct_save_of_a_published_unreviewed_article_raises(self):
        """``Article(...).save()`` without a review raises and stores nothing."""
        with self.assertRaisesMessage(ValidationError, REVIEW_REQUIRED):
            self.unreviewed().save()
        with self.assertRaisesMessage(ValidationError, REVIEW_REQUIRED):
            self.unreviewed(reviewed_by=self.reviewer).save()  # a reviewer without a date
        with self.assertRaisesMessage(ValidationError, REVIEW_REQUIRED):
            self.unreviewed(last_reviewed=date(2025, 1, 1)).save()  # a date without a reviewer
        assert not Article.objects.filter(slug="unreviewed").exists()

    def test_full_clean_says_it_once_in_words(self):
        """Validation gives one readable message, not also “Constraint … is violated”."""
        with self.assertRaises(ValidationError) as caught:
            self.unreviewed().full_clean()
        messages = caught.exception.message_dict["__all__"]
        assert len(messages) == 1 and messages[0].startswith(REVIEW_REQUIRED)

    def test_a_reviewed_article_saves_and_gets_its_next_review_date(self):
        article = self.unreviewed(reviewed_by=self.reviewer, last_reviewed=date(2025, 1, 1))
        article.full_clean()
        article.save()
        article.refresh_from_db()
        assert article.next_review_due > article.last_reviewed

    def test_drafts_and_articles_in_review_need_no_review(self):
        for status in (Article.Status.DRAFT, Article.Status.IN_REVIEW):
            article = make_article(status=status)
            assert article.reviewed_by is None and Article.objects.filter(pk=article.pk).exists()

    def test_the_database_refuses_an_update_that_skips_the_model(self):
        """``update()`` sends no save(): the CHECK constraint is what refuses it."""
        draft = make_article(status=Article.Status.IN_REVIEW)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=draft.pk).update(
                status=Article.Status.PUBLISHED, published_at=timezone.now()
            )
        live = make_article()
        for cleared in ("reviewed_by", "last_reviewed", "next_review_due"):
            with self.assertRaises(IntegrityError), transaction.atomic():
                Article.objects.filter(pk=live.pk).update(**{cleared: None})
        assert Article.objects.get(pk=draft.pk).status == Article.Status.IN_REVIEW


class WorkflowAndAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.reviewer_user = make_user(groups=["Clinical reviewers"], is_staff=True)
        cls.reviewer = make_reviewer(name="Ruth Adeyemi", credentials="MRCPsych")
        cls.reviewer.user = cls.reviewer_user
        cls.reviewer.save()

    def test_publish_method_refuses_and_leaves_the_article_in_review(self):
        article = make_article(status=Article.Status.IN_REVIEW)
        with self.assertRaisesMessage(ValidationError, "Record a clinical review"):
            article.publish(by=self.reviewer_user)
        article.refresh_from_db()
        assert article.status == Article.Status.IN_REVIEW and article.published_at is None

    def test_admin_publish_button_shows_why_and_readers_see_nothing(self):
        """The reviewer clicks Publish on an unreviewed article: the form says why, no 500."""
        article = make_article(status=Article.Status.IN_REVIEW, slug="waiting")
        self.client.force_login(self.reviewer_user)
        url = reverse("admin:articles_article_workflow", args=[article.pk, "publish"])
        response = self.client.post(url, {"at": ""})
        assert response.status_code == 200
        self.assertContains(
            response, "Record a clinical review (“Mark reviewed”) before publishing."
        )
        self.client.logout()
        assert self.client.get("/articles/waiting/").status_code == 404

    def test_admin_review_then_publish_shows_the_review_line(self):
        article = make_article(status=Article.Status.IN_REVIEW, slug="reviewed-now")
        self.client.force_login(self.reviewer_user)
        step = "admin:articles_article_workflow"
        self.client.post(reverse(step, args=[article.pk, "mark_reviewed"]), {"notes": "Checked."})
        self.client.post(reverse(step, args=[article.pk, "publish"]), {"at": ""})
        self.client.logout()
        page = self.client.get("/articles/reviewed-now/").content.decode()
        today = timezone.localdate()
        assert (
            "Reviewed by Ruth Adeyemi, MRCPsych\n      · Page last reviewed "
            f'<time datetime="{today.isoformat()}">'
        ) in page


class MigrationTests(TransactionTestCase):
    """0005 moves existing published-but-unreviewed rows back to review, then adds the CHECK."""

    BEFORE = [("articles", "0004_title_search_index")]
    AFTER = [("articles", "0005_published_articles_are_reviewed")]

    def test_existing_unreviewed_published_articles_wait_in_review(self):
        old = migrate_to(self.BEFORE)
        try:
            OldArticle = old.get_model("articles", "Article")
            topic = old.get_model("topics", "Topic").objects.create(name="T", slug="t", summary="s")
            reviewer = old.get_model("articles", "ClinicalReviewer").objects.create(
                name="Ruth", credentials="MRCPsych"
            )
            now = timezone.now()
            common = {"summary": "s", "primary_topic_id": topic.pk, "published_at": now}
            OldArticle.objects.create(slug="never", title="Never", status="published", **common)
            OldArticle.objects.create(
                slug="dated", title="Dated", status="published", reviewed_by_id=reviewer.pk,
                last_reviewed=date(2025, 1, 1), **common,
            )  # fmt: skip
            OldArticle.objects.create(slug="draft", title="Draft", status="draft", **common)
        finally:
            migrated = migrate_to(self.AFTER).get_model("articles", "Article")
        try:
            rows = dict(migrated.objects.values_list("slug", "status"))
            assert rows == {"never": "review", "dated": "published", "draft": "draft"}
            dated = migrated.objects.get(slug="dated")
            assert dated.next_review_due == date(2025, 1, 1) + timedelta(days=3 * 365)
        finally:
            migrate_to_latest()
