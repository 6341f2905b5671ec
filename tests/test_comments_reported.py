"""Reports reach moderators (issue 12, part 5): from the first report a comment is listed under
the admin's "Reported by readers" with its count and reasons; the threshold that hides it from
readers, and the "someone may be at risk" report that hides it at once, are unchanged."""

from __future__ import annotations

import html

from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments import moderation
from comments.models import REPORTED, Comment, summarise_reports
from tests.comments_factories import make_comment
from tests.factories import make_article, make_user

CHANGELIST = reverse("admin:comments_comment_changelist")
REPORTED_FILTER = {"reason": REPORTED}


def make_moderator(**fields):
    user = make_user(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=moderation.MODERATORS_GROUP))
    return user


def report(comment, reason, reporter):
    return moderation.report_comment(comment=comment, reason=reason, reporter=reporter)


@override_settings(KITH_COMMENTS_REPORT_THRESHOLD=3)
class ReportedByReadersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="On worry")
        cls.moderator = make_moderator(email="mod@example.org")
        cls.quiet = make_comment(article=cls.article, title="Nobody reported this")

    def setUp(self):
        self.comment = make_comment(article=self.article, title="Try this supplement")

    def moderator_sees(self, params=None, url=CHANGELIST):
        self.client.force_login(self.moderator)
        response = self.client.get(url, params or {"all": "1"})
        self.client.logout()
        assert response.status_code == 200
        return html.unescape(response.content.decode())

    def reader_sees(self):
        return self.client.get(self.article.get_absolute_url()).content.decode()

    def test_one_report_through_the_reader_form_reaches_moderators_at_once(self):
        """A single report, far below the threshold: the comment stays public for readers and
        is listed under "Reported by readers" with its count and reason."""
        response = self.client.post(
            reverse("comments:report", args=[self.comment.pk]),
            {"reason": "misinformation"},
            REMOTE_ADDR="10.0.0.1",
            follow=True,
        )
        self.assertContains(response, "Thank you for your report")
        self.comment.refresh_from_db()
        assert self.comment.status == Comment.Status.APPROVED
        assert "Try this supplement" in self.reader_sees()
        listed = self.moderator_sees(REPORTED_FILTER)
        assert "Try this supplement" in listed
        assert "1 report: harmful or false health advice" in listed
        assert "Nobody reported this" not in listed

    def test_count_and_reasons_in_the_list_and_on_the_change_page(self):
        """Two readers, two reasons: "2 reports: harmful or false health advice, spam"."""
        report(self.comment, "misinformation", "reader-1")
        report(self.comment, "spam", "reader-2")
        summary = "2 reports: harmful or false health advice, spam"
        assert summary in self.moderator_sees(REPORTED_FILTER)
        assert summary in self.moderator_sees()  # the unfiltered list has the column too
        change = reverse("admin:comments_comment_change", args=[self.comment.pk])
        page = self.moderator_sees(url=change)
        assert summary in page
        assert "reader reports" in page.lower()

    def test_threshold_still_hides_and_the_comment_stays_listed(self):
        """At the threshold the comment goes back to the queue (as before) and stays under
        the filter, with every reason in the log's note."""
        report(self.comment, "abuse", "reader-1")
        report(self.comment, "abuse", "reader-1")  # one voice counts once
        report(self.comment, "spam", "reader-2")
        self.comment.refresh_from_db()
        assert self.comment.status == Comment.Status.APPROVED
        assert report(self.comment, "abuse", "reader-3") is True
        self.comment.refresh_from_db()
        assert self.comment.status == Comment.Status.PENDING
        assert "Try this supplement" not in self.reader_sees()
        assert self.comment.events.get().note == (
            "Reported by readers: 3 reports: abusive or hurtful (2), spam."
        )
        assert "3 reports: abusive or hurtful (2), spam" in self.moderator_sees(REPORTED_FILTER)
        assert mail.outbox == []

    def test_risk_report_hides_and_alerts_at_once(self):
        """One "someone may be at risk" report: hidden, urgent, moderators e-mailed (as before)."""
        assert report(self.comment, "risk", "reader-1") is True
        self.comment.refresh_from_db()
        assert self.comment.status == Comment.Status.PENDING and self.comment.held_for_risk
        assert [m.to for m in mail.outbox] == [["mod@example.org"]]
        assert "1 report: someone may be at risk" in self.moderator_sees(REPORTED_FILTER)

    def test_admin_index_counts_reported_comments_still_public(self):
        """The admin index links to the reported comments readers still see."""
        report(self.comment, "personal", "reader-1")
        page = self.moderator_sees(url=reverse("admin:index"))
        assert "<strong>1</strong> reported, still public" in page
        assert "status__exact=approved&reason=reported" in page

    def test_reported_list_queries_do_not_grow_with_its_length(self):
        """Counts and reasons come with the rows: 30 more reported comments, same queries."""
        report(self.comment, "spam", "reader-1")
        self.client.force_login(self.moderator)
        with CaptureQueriesContext(connection) as few:
            self.client.get(CHANGELIST, REPORTED_FILTER)
        for n in range(30):
            other = make_comment(article=self.article)
            report(other, "abuse", f"reader-{n}")
            report(other, "spam", f"other-reader-{n}")
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(CHANGELIST, REPORTED_FILTER)
        assert len(response.context["cl"].result_list) == 31
        assert response.content.decode().count("2 reports: abusive or hurtful, spam") == 30


class ReportSummaryTests(TestCase):
    def test_summary_wording(self):
        """Most frequent reason first, ties in the form's order, counts above one shown."""
        assert summarise_reports({}) == ""
        assert summarise_reports({"spam": 0}) == ""
        assert summarise_reports({"spam": 1}) == "1 report: spam"
        assert summarise_reports({"spam": 1, "abuse": 3, "personal": 1}) == (
            "5 reports: abusive or hurtful (3), personal details, spam"
        )

    def test_summary_without_annotations_reads_the_reports(self):
        """A comment loaded without the counts still gives its summary (one query)."""
        comment = make_comment(article=make_article())
        report(comment, "misinformation", "reader-1")
        fresh = Comment.objects.get(pk=comment.pk)
        with self.assertNumQueries(1):
            assert fresh.report_summary == "1 report: harmful or false health advice"
        annotated = Comment.objects.with_report_counts().get(pk=comment.pk)
        with self.assertNumQueries(0):
            assert annotated.report_summary == "1 report: harmful or false health advice"
