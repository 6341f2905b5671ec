"""The article workflow's model methods: permissions, states, audit fields and history."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from articles.article_revisions import publish_minor_edit
from articles.models import Article, MinorEditGrant
from articles.readability import reading_grade
from articles.workflow import TRANSITIONS
from tests.factories import make_article, make_reviewer, make_user

EDITORS, REVIEWERS = "Editors", "Clinical reviewers"


class RoleTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.editor = make_user(username="ed", groups=[EDITORS], is_staff=True)
        cls.reviewer_user = make_user(username="rev", groups=[REVIEWERS], is_staff=True)
        cls.reviewer = make_reviewer(
            name="Ruth Adeyemi", credentials="MRCPsych", user=cls.reviewer_user
        )
        cls.moderator = make_user(username="mod", is_staff=True)
        cls.superuser = get_user_model().objects.create_superuser(
            username="root", password="a-long-test-password"
        )

    def draft(self, **fields) -> Article:
        return make_article(status=Article.Status.DRAFT, **fields)


class RolesTests(RoleTestCase):
    def test_groups_hold_least_privilege(self):
        """Editors may submit but not review/publish/archive; reviewers may not submit."""
        editor, reviewer = self.editor, self.reviewer_user
        assert editor.has_perm("articles.submit_for_review")
        assert editor.has_perm("articles.change_article") and editor.has_perm("topics.change_topic")
        for perm in ("review_article", "publish_article", "archive_article", "delete_article"):
            assert not editor.has_perm(f"articles.{perm}"), perm
        for perm in ("review_article", "publish_article", "archive_article"):
            assert reviewer.has_perm(f"articles.{perm}"), perm
        assert not reviewer.has_perm("articles.submit_for_review")
        assert not reviewer.has_perm("articles.delete_article")
        assert set(Group.objects.values_list("name", flat=True)) >= {EDITORS, REVIEWERS}

    def test_available_transitions_follow_role_and_state(self):
        """Each role is offered only the steps it may take from the current status."""
        article = self.draft()
        assert article.available_transitions(self.editor) == ["submit_for_review"]
        assert article.available_transitions(self.reviewer_user) == []
        assert article.available_transitions(self.moderator) == []
        article.status = Article.Status.IN_REVIEW
        assert article.available_transitions(self.editor) == []
        assert article.available_transitions(self.reviewer_user) == [
            "mark_reviewed",
            "return_to_draft",
            "publish",
        ]
        article.status = Article.Status.PUBLISHED
        assert article.available_transitions(self.reviewer_user) == ["mark_reviewed", "archive"]
        assert "archive" in article.available_transitions(self.superuser)

    def test_every_transition_names_a_permission_and_a_method_of_the_article(self):
        """The one table the model and the admin read: a typo there would hide a button or
        let nobody take a step, so each entry must match what the model declares."""
        declared = {f"articles.{codename}" for codename, _name in Article._meta.permissions}
        for name, step in TRANSITIONS.items():
            assert step.permission in declared, name
            assert callable(getattr(Article, name, None)), name
            assert step.sources and set(step.sources) <= set(Article.Status), name
            assert step.label and step.done and step.explanation, name


class TransitionTests(RoleTestCase):
    def test_editor_submits_and_who_when_are_recorded(self):
        """Submitting moves draft → in review and records the editor, the time and history."""
        article = self.draft()
        article.submit_for_review(by=self.editor)
        article.refresh_from_db()
        assert article.status == Article.Status.IN_REVIEW
        assert article.status_changed_by == self.editor
        assert timezone.now() - article.status_changed_at < timedelta(minutes=1)
        latest = article.history.first()
        assert latest.history_user == self.editor
        assert latest.history_change_reason == "Submitted for review"

    def test_editor_cannot_review_publish_or_archive(self):
        """An editor trying to publish (or review, archive) is refused and nothing changes."""
        article = self.draft()
        article.submit_for_review(by=self.editor)
        with pytest.raises(PermissionDenied):
            article.publish(by=self.editor)
        with pytest.raises(PermissionDenied):
            article.mark_reviewed(by=self.editor, reviewer=self.reviewer)
        with pytest.raises(PermissionDenied):
            article.archive(by=self.editor)
        article.refresh_from_db()
        assert article.status == Article.Status.IN_REVIEW and article.reviewed_by is None

    def test_users_without_permissions_are_refused_everything(self):
        """A moderator-like user (no article permissions) cannot take any step."""
        article = self.draft()
        for step in ("submit_for_review", "return_to_draft", "archive", "publish"):
            with pytest.raises(PermissionDenied):
                getattr(article, step)(by=self.moderator)
        with pytest.raises(PermissionDenied):
            article.mark_reviewed(by=self.moderator, reviewer=self.reviewer)

    def test_reviewer_reviews_and_publishes(self):
        """A reviewer records a review (defaulting to themselves) and publishes."""
        article = self.draft()
        article.submit_for_review(by=self.editor)
        article.mark_reviewed(by=self.reviewer_user, notes="Checked the dosage advice.")
        article.refresh_from_db()
        today = timezone.localdate()
        assert article.reviewed_by == self.reviewer
        assert article.last_reviewed == today
        assert article.next_review_due == today + timedelta(days=3 * 365)
        assert article.review_notes == "Checked the dosage advice."
        assert article.review_recorded_by == self.reviewer_user
        assert article.status == Article.Status.IN_REVIEW  # reviewing does not publish
        article.publish(by=self.reviewer_user)
        article.refresh_from_db()
        assert article.is_published() and article.status_changed_by == self.reviewer_user
        assert Article.objects.published().filter(pk=article.pk).exists()

    def test_publishing_requires_a_recorded_review(self):
        """Even a superuser cannot publish an article nobody has reviewed."""
        article = self.draft()
        article.submit_for_review(by=self.superuser)
        with pytest.raises(ValidationError) as caught:
            article.publish(by=self.superuser)
        assert caught.value.code == "review_required"
        assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW

    def test_publish_only_from_review(self):
        """A draft cannot skip review; a published article cannot be published twice."""
        article = self.draft()
        with pytest.raises(ValidationError) as caught:
            article.publish(by=self.superuser)
        assert caught.value.code == "invalid_transition"
        live = make_article()
        with pytest.raises(ValidationError):
            live.publish(by=self.superuser)

    def test_scheduled_publish_needs_no_job(self):
        """publish(at=future) schedules: hidden now, visible once the time has passed."""
        article = self.draft()
        article.submit_for_review(by=self.editor)
        article.mark_reviewed(by=self.reviewer_user)
        at = timezone.now() + timedelta(days=2)
        article.publish(by=self.reviewer_user, at=at)
        article.refresh_from_db()
        assert article.is_scheduled and article.published_at == at
        assert not Article.objects.published().filter(pk=article.pk).exists()
        Article.objects.filter(pk=article.pk).update(published_at=timezone.now())
        assert Article.objects.published().filter(pk=article.pk).exists()

    def test_reviewer_returns_to_draft_and_archives(self):
        """A reviewer may send an article back and archive a published one."""
        article = self.draft()
        article.submit_for_review(by=self.editor)
        article.return_to_draft(by=self.reviewer_user)
        assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
        live = make_article()
        live.archive(by=self.reviewer_user)
        live.refresh_from_db()
        assert live.status == Article.Status.ARCHIVED and not live.is_published()
        live.submit_for_review(by=self.editor)  # an archived article may be revived
        assert Article.objects.get(pk=live.pk).status == Article.Status.IN_REVIEW

    def test_superuser_may_take_every_step(self):
        """A superuser submits, reviews on a reviewer's behalf, publishes and archives."""
        article = self.draft()
        article.submit_for_review(by=self.superuser)
        article.mark_reviewed(by=self.superuser, reviewer=self.reviewer)
        article.publish(by=self.superuser)
        article.archive(by=self.superuser)
        reasons = list(article.history.values_list("history_change_reason", flat=True))
        assert reasons[:4] == ["Archived", "Published", "Marked reviewed", "Submitted for review"]

    def test_review_needs_a_credentialed_active_reviewer(self):
        """No reviewer linked, an inactive reviewer or a future date are refused with codes."""
        article = make_article(status=Article.Status.IN_REVIEW)
        with pytest.raises(ValidationError) as caught:
            article.mark_reviewed(by=self.superuser)
        assert caught.value.code == "reviewer_required"
        retired = make_reviewer(name="Old Hand")
        retired.is_active = False
        retired.save()
        with pytest.raises(ValidationError) as caught:
            article.mark_reviewed(by=self.superuser, reviewer=retired)
        assert caught.value.code == "reviewer_not_credentialed"
        tomorrow = timezone.localdate() + timedelta(days=1)
        with pytest.raises(ValidationError) as caught:
            article.mark_reviewed(by=self.superuser, reviewer=self.reviewer, reviewed_on=tomorrow)
        assert caught.value.code == "review_in_future"
        with pytest.raises(ValidationError) as caught:
            article.mark_reviewed(
                by=self.superuser, reviewer=self.reviewer, next_due=date(2000, 1, 1)
            )
        assert caught.value.code == "next_review_before_review"

    def test_reviewer_without_credentials_is_refused_by_the_database(self):
        """A reviewer row cannot exist without credentials."""
        with pytest.raises(IntegrityError), transaction.atomic():
            make_reviewer(name="No Letters", credentials="")

    def test_small_edit_moves_neither_review_nor_updated(self):
        """A typo fix (a minor correction) keeps last_reviewed, next_review_due and
        content_updated_at."""
        article = make_article(body="Slep well.")
        article.mark_reviewed(by=self.reviewer_user, reviewed_on=date(2024, 1, 5))
        article.refresh_from_db()
        before = (article.last_reviewed, article.next_review_due, article.content_updated_at)
        MinorEditGrant.objects.create(user=self.editor, granted_by=self.reviewer_user)
        publish_minor_edit(article, {"body": "Sleep well."}, by=self.editor)
        article.refresh_from_db()
        assert article.body == "Sleep well."
        after = (article.last_reviewed, article.next_review_due, article.content_updated_at)
        assert after == before
        assert article.next_review_due == date(2024, 1, 5) + timedelta(days=3 * 365)

    @override_settings(KITH_REVIEW_CYCLE_DAYS=365)
    def test_review_cycle_setting_sets_the_default_due_date(self):
        """next_review_due defaults to last review + KITH_REVIEW_CYCLE_DAYS."""
        article = make_article()
        on = date(2025, 3, 1)
        article.mark_reviewed(by=self.superuser, reviewer=self.reviewer, reviewed_on=on)
        assert Article.objects.get(pk=article.pk).next_review_due == date(2026, 3, 1)


class OverdueAndReadabilityTests(TestCase):
    def test_overdue_and_due_soon_querysets(self):
        """Only published articles past (or within 30 days of) their review date are listed."""
        today = timezone.localdate()
        overdue = make_article(title="Overdue")
        soon = make_article(title="Soon")
        later = make_article(title="Later")
        draft = make_article(title="Draft overdue", status=Article.Status.DRAFT)
        for article, due in [(overdue, -1), (soon, 10), (later, 90), (draft, -5)]:
            Article.objects.filter(pk=article.pk).update(
                last_reviewed=today - timedelta(days=1000),
                next_review_due=today + timedelta(days=due),
            )
        assert list(Article.objects.review_overdue()) == [overdue]
        assert list(Article.objects.review_due_within(30)) == [soon]
        assert Article.objects.get(pk=overdue.pk).is_review_overdue
        assert not Article.objects.get(pk=soon.pk).is_review_overdue

    def test_reading_grade_of_known_texts(self):
        """Flesch–Kincaid grades: plain text is low, dense jargon high, no words is None."""
        plain = "The cat sat on the mat. It was a sunny day."
        dense = (
            "Notwithstanding considerable epidemiological heterogeneity, psychotherapeutic "
            "interventions demonstrate substantial effectiveness."
        )
        assert reading_grade(plain) == Decimal("0.0")  # -0.6, floored at 0
        assert reading_grade(dense) == Decimal("35.1")
        assert reading_grade("") is None and reading_grade("123 456") is None

    def test_a_spanish_text_is_graded_with_a_spanish_formula(self):
        """Crawford's grade for Spanish; Flesch–Kincaid would read the words as long English
        ones. A language without a formula has no grade rather than a wrong one."""
        spanish = (
            "La ansiedad es una respuesta normal del cuerpo ante una amenaza. Cuando dura mucho "
            "tiempo, puede afectar al sueño, al trabajo y a las relaciones. Hablar con alguien "
            "de confianza ayuda."
        )
        assert reading_grade(spanish, "es") == Decimal("3.6")
        assert reading_grade(spanish, "en") == Decimal("7.3")
        assert reading_grade(spanish, "de") is None
        article = make_article(body=spanish, language="es", status=Article.Status.DRAFT)
        assert Article.objects.get(pk=article.pk).reading_grade == Decimal("3.6")

    def test_the_migration_grades_stored_spanish_articles_again(self):
        from importlib import import_module

        from django.apps import apps

        migration = import_module("articles.migrations.0019_reading_grade_by_language")
        spanish = make_article(
            body="Hablar con alguien de confianza ayuda mucho cuando todo parece difícil.",
            language="es", status=Article.Status.DRAFT,
        )  # fmt: skip
        english = make_article(body="The cat sat on the mat.", status=Article.Status.DRAFT)
        Article.objects.update(reading_grade=Decimal("12.0"))  # as graded before, in English
        migration.grade_in_article_language(apps, None)
        assert Article.objects.get(pk=spanish.pk).reading_grade < 12
        assert Article.objects.get(pk=english.pk).reading_grade == Decimal("12.0")

    def test_save_stores_grade_and_reading_time(self):
        """save() fills reading_grade and reading_time from the question and body."""
        article = make_article(
            body="The cat sat on the mat. It was a sunny day.", status=Article.Status.DRAFT
        )
        assert article.reading_grade == Decimal("0.0") and article.reading_time == 1
        article.body = " ".join(["Notwithstanding epidemiological heterogeneity."] * 150)
        article.save(update_fields=["body"])
        stored = Article.objects.get(pk=article.pk)
        assert stored.reading_grade > 8 and stored.reading_time == 3  # 450 words at 200 a minute
