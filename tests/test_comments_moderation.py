"""Moderation as model methods with an audit log, the queue's order, reader reports and the
commenter's own deletion."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from comments import moderation
from comments.classify import HoldReason
from comments.models import REPORTED, Comment, ModerationEvent
from tests.comments_factories import make_comment
from tests.factories import make_article, make_user


class StateChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        cls.moderator = make_user(username="mod")

    def test_each_method_sets_status_audit_fields_and_logs(self):
        """approve / reject / mark_spam / remove set who and when and write an audit row."""
        for method, status in [
            ("approve", "approved"), ("reject", "rejected"),
            ("mark_spam", "spam"), ("remove", "removed"),
        ]:  # fmt: skip
            comment = make_comment(article=self.article, status="pending")
            getattr(comment, method)(by=self.moderator, note=f"{method} note")
            comment.refresh_from_db()
            assert comment.status == status
            assert comment.moderated_by == self.moderator
            assert comment.moderated_at is not None
            assert comment.moderator_note == f"{method} note"
            event = comment.events.get()
            assert (event.action, event.from_status, event.to_status) == (status, "pending", status)
            assert event.actor == self.moderator and event.note == f"{method} note"

    def test_approve_sets_published_at_once(self):
        """First approval fixes the comment's place on the page; re-approval keeps it."""
        comment = make_comment(article=self.article, status="pending")
        comment.approve(by=self.moderator)
        first = comment.published_at
        comment.hold(reasons=[REPORTED])
        comment.approve(by=self.moderator)
        comment.refresh_from_db()
        assert comment.published_at == first

    def test_remove_keeps_text_for_audit(self):
        """A moderator's removal hides the comment but keeps its text (restorable)."""
        comment = make_comment(article=self.article, body="Keep me for the log.")
        comment.remove(by=self.moderator)
        comment.refresh_from_db()
        assert comment.body == "Keep me for the log."
        assert comment not in Comment.objects.approved()

    def test_redact_requires_a_note_and_is_logged(self):
        """Redaction edits the text, re-renders the HTML, marks the comment and logs the note."""
        comment = make_comment(article=self.article, body="Call me on 0123 456789 please.")
        with pytest.raises(ValueError):
            comment.redact(by=self.moderator, new_body="x", note="  ")
        comment.redact(by=self.moderator, new_body="Call me [removed].", note="Phone number")
        comment.refresh_from_db()
        assert comment.body == "Call me [removed]."
        assert "0123" not in comment.body_html
        assert comment.edited_by_moderator
        assert comment.status == Comment.Status.APPROVED
        event = comment.events.get()
        assert (event.action, event.note) == ("redacted", "Phone number")
        assert event.actor == self.moderator

    def test_erase_removes_text_and_personal_data_for_good(self):
        """The writer's deletion leaves an empty tombstone and an audit row without content."""
        comment = make_comment(
            article=self.article, title="Mine", name="Me", email="me@example.org",
            body="My private story.", client_hash="c" * 64,
        )  # fmt: skip
        comment.erase()
        comment.refresh_from_db()
        for field in ("title", "name", "email", "email_hash", "body", "body_html", "client_hash"):
            assert getattr(comment, field) == "", field
        assert comment.status == Comment.Status.REMOVED
        event = comment.events.get()
        assert event.action == ModerationEvent.Action.ERASED and event.actor is None

    def test_queryset_entry_points(self):
        """approved(), pending() and in_moderation(): risk first, then oldest."""
        now = timezone.now()
        old = make_comment(article=self.article, status="pending", created_at=now - timedelta(2))
        new_risk = make_comment(
            article=self.article, status="pending", hold_reasons="risk", created_at=now
        )
        new = make_comment(article=self.article, status="pending", created_at=now)
        approved = make_comment(article=self.article)
        assert list(Comment.objects.in_moderation()) == [new_risk, old, new]
        assert list(Comment.objects.approved()) == [approved]
        assert set(Comment.objects.pending()) == {old, new_risk, new}
        assert list(Comment.objects.with_hold_reason("risk")) == [new_risk]


class ReportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        moderator = make_user(email="mod@example.org")
        moderator.groups.add(Group.objects.get(name=moderation.MODERATORS_GROUP))

    def setUp(self):
        self.comment = make_comment(article=self.article, title="Reported one")
        self.url = reverse("comments:report", args=[self.comment.pk])

    def report(self, reason, addr):
        return self.client.post(self.url, {"reason": reason}, REMOTE_ADDR=addr, follow=True)

    def test_risk_report_sends_comment_back_at_once_and_alerts(self):
        """One “someone may be at risk” report: back to the queue as risk, moderators e-mailed."""
        response = self.report("risk", "10.0.0.1")
        self.assertContains(response, "Thank you for your report")
        self.comment.refresh_from_db()
        assert self.comment.status == Comment.Status.PENDING
        assert self.comment.held_for_risk
        assert [m.to for m in mail.outbox] == [["mod@example.org"]]
        page = self.client.get(self.article.get_absolute_url())
        assert "Reported one" not in page.content.decode()

    @override_settings(KITH_COMMENTS_REPORT_THRESHOLD=3)
    def test_n_reports_send_comment_back(self):
        """Below the threshold the comment stays; the Nth distinct reader sends it back."""
        self.report("abuse", "10.0.0.1")
        self.report("abuse", "10.0.0.1")  # the same reader twice counts once
        self.report("spam", "10.0.0.2")
        self.comment.refresh_from_db()
        assert self.comment.status == Comment.Status.APPROVED
        self.report("abuse", "10.0.0.3")
        self.comment.refresh_from_db()
        assert self.comment.status == Comment.Status.PENDING
        assert self.comment.hold_reason_list == [REPORTED]
        assert self.comment.reports.count() == 3
        assert self.comment.events.get().action == "held"
        assert mail.outbox == []

    @override_settings(KITH_COMMENTS_REPORT_RATE_LIMIT=2)
    def test_reporters_are_rate_limited(self):
        """A reader sending many reports gets the 429 page."""
        others = [make_comment(article=self.article) for _ in range(3)]
        codes = [
            self.client.post(
                reverse("comments:report", args=[c.pk]), {"reason": "spam"}, REMOTE_ADDR="10.0.0.9"
            ).status_code
            for c in others
        ]
        assert codes == [200, 200, 429]

    def test_only_approved_comments_can_be_reported(self):
        """A pending comment cannot be reported (it is not public): 404."""
        pending = make_comment(article=self.article, status="pending")
        url = reverse("comments:report", args=[pending.pk])
        response = self.client.post(url, {"reason": "spam"})
        assert response.status_code == 404
        assert not pending.reports.exists()

    def test_opening_the_report_page_reports_nothing(self):
        """A GET shows the reasons; only the button sends a report."""
        response = self.client.get(self.url)
        self.assertContains(response, "Why are you reporting this comment?")
        assert not self.comment.reports.exists()


class HoldReasonLabelTests(TestCase):
    def test_labels_cover_classifier_reasons_and_reports(self):
        """Every hold reason has a label moderators can read."""
        comment = Comment(hold_reasons=f"{HoldReason.RISK},{REPORTED}")
        assert comment.hold_reason_labels[1] == "Reported by readers"
        assert comment.hold_reason_labels[0]
