"""Reporting a comment on its own page, like replying: the article page carries only a link."""

from __future__ import annotations

import re

from django.test import Client, TestCase

from articles.models import Article
from comments.models import CommentReport
from tests.comments_factories import make_comment
from tests.factories import make_article

SITE = "http://testserver"


class ReportPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(slug="calm", title="Calm breathing")
        cls.comment = make_comment(
            article=cls.article, title="Slow breaths", body="Counting to four helped me."
        )
        cls.url = f"/comments/{cls.comment.pk}/report/"

    def test_the_article_page_links_each_comment_to_its_report_page(self):
        """Each comment has a small "Report" link and no form of its own."""
        page = self.client.get("/articles/calm/").content.decode()
        assert f'<a href="{self.url}">Report<span class="vh"> this comment' in page
        assert 'name="reason"' not in page
        assert page.count("<form") == 2  # the site search and the comment form

    def test_the_report_page_shows_the_comment_and_the_reasons(self):
        """The comment being reported, the five reasons as radio buttons, one button."""
        response = self.client.get(self.url)
        page = response.content.decode()
        assert "<h1>Report a comment</h1>" in page
        assert "Slow breaths" in page and "Counting to four helped me." in page
        assert "<legend>Why are you reporting this comment?</legend>" in page
        assert len(re.findall(r'<input type="radio" name="reason"', page)) == 5
        assert ">Someone may be at risk</label>" in page
        assert '<button type="submit">Send report</button>' in page
        assert "private" in response["Cache-Control"]
        assert not CommentReport.objects.exists()

    def test_sending_a_report_thanks_the_reader_under_the_comment(self):
        """The confirmation is on the same page, under the comment, with a way back to it."""
        response = self.client.post(self.url, {"reason": "spam"}, headers={"origin": SITE})
        page = response.content.decode()
        assert response.status_code == 200
        assert "Thank you for your report. A moderator will look at the comment." in page
        assert page.index("Slow breaths") < page.index("Thank you for your report.")
        assert f'href="/articles/calm/#comment-{self.comment.pk}">Go back to the comment' in page
        assert 'name="reason"' not in page
        report = CommentReport.objects.get()
        assert (report.comment, report.reason) == (self.comment, "spam")

    def test_no_reason_shows_the_reasons_again_with_an_error(self):
        """Sending without choosing: the form again, the error first, nothing stored."""
        response = self.client.post(self.url, {}, headers={"origin": SITE})
        page = response.content.decode()
        assert response.status_code == 400
        assert "Your report was not sent" in page and "Please choose a reason." in page
        assert len(re.findall(r'<input type="radio" name="reason"', page)) == 5
        assert not CommentReport.objects.exists()

    def test_unknown_pending_and_unpublished_comments_have_no_report_page(self):
        """A made-up id, a comment readers cannot see, or one under a draft: 404 both ways."""
        pending = make_comment(article=self.article, status="pending")
        draft = make_article(status=Article.Status.DRAFT)
        hidden = make_comment(article=draft)
        for pk in (10**12, pending.pk, hidden.pk):
            url = f"/comments/{pk}/report/"
            assert self.client.get(url).status_code == 404
            assert self.client.post(url, {"reason": "spam"}).status_code == 404
        assert self.client.get("/comments/abc/report/").status_code == 404
        assert not CommentReport.objects.exists()

    def test_a_cross_site_report_is_refused(self):
        """The report page posts without a CSRF token, like the comment form: origin-checked."""
        client = Client(enforce_csrf_checks=True)
        refused = client.post(self.url, {"reason": "spam"}, headers={"origin": "https://x.test"})
        assert refused.status_code == 403 and not CommentReport.objects.exists()
        accepted = client.post(self.url, {"reason": "spam"}, headers={"origin": SITE})
        assert "Thank you for your report" in accepted.content.decode()

    def test_the_report_page_costs_a_fixed_number_of_queries(self):
        """One query: the comment with its article."""
        with self.assertNumQueries(1):
            self.client.get(self.url)
