"""Cross-site posting protection for the token-less comment and report forms (cached pages)."""

from __future__ import annotations

import re
import time
from unittest import mock

from django.test import Client, TestCase

from comments.models import Comment, CommentReport
from tests.comments_factories import form_data, make_comment
from tests.factories import make_article

SITE = "http://testserver"


class SameOriginTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(slug="calm", title="Calm breathing")
        cls.url = "/comments/articles/calm/post/"

    def setUp(self):
        self.client = Client(enforce_csrf_checks=True)

    def test_cached_article_page_has_no_csrf_token_and_sets_no_cookie(self):
        """The page is the same for every anonymous reader: no token, no cookie, public."""
        response = self.client.get("/articles/calm/")
        page = response.content.decode()
        assert "csrfmiddlewaretoken" not in page
        assert not response.cookies
        assert response["Cache-Control"].startswith("public")

    def test_a_same_origin_post_from_the_cached_page_is_accepted(self):
        """A reader posts from a page served from the cache (its form as cached) and it works."""
        self.client.get("/articles/calm/")
        cached = self.client.get("/articles/calm/").content.decode()
        timestamp = re.search(r'name="timestamp" value="([^"]+)"', cached).group(1)
        later = time.time() + 30  # the reader took half a minute to write
        with mock.patch("comments.moderation.time.time", return_value=later):
            response = self.client.post(
                self.url, form_data(timestamp=timestamp), headers={"origin": SITE}
            )
        assert response.status_code == 302 and response["Location"] == "/comments/posted/"
        assert Comment.objects.get().article == self.article

    def test_a_post_with_a_referer_but_no_origin_is_accepted(self):
        """Without Origin, a same-site Referer (kept by the site's referrer policy) suffices."""
        response = self.client.post(
            self.url, form_data(), headers={"referer": f"{SITE}/articles/calm/"}
        )
        assert response.status_code == 302 and Comment.objects.count() == 1

    def test_cross_site_posts_are_refused(self):
        """A foreign Origin, a foreign Referer, Sec-Fetch-Site cross-site, or no origin at all:
        403 with the "please try again" page, and nothing is stored."""
        for headers in (
            {"origin": "https://evil.example"},
            {"origin": "null"},
            {"referer": "https://evil.example/page"},
            {"origin": SITE, "sec-fetch-site": "cross-site"},
            {"origin": SITE, "sec-fetch-site": "same-site"},
            {},
        ):
            response = self.client.post(self.url, form_data(), headers=headers)
            assert response.status_code == 403, headers
            assert "Please try again" in response.content.decode()
        assert Comment.objects.count() == 0

    def test_a_post_without_the_signed_token_is_refused(self):
        """Same origin but no signed form timestamp: the reader is asked to reload; no row."""
        response = self.client.post(self.url, form_data(timestamp=""), headers={"origin": SITE})
        assert response.status_code == 400
        assert "reload the page" in response.content.decode()
        assert response["Cache-Control"] == "private, no-store"  # a form with errors
        assert Comment.objects.count() == 0

    def test_a_forged_token_is_refused(self):
        """A timestamp not signed by this site is refused like a missing one."""
        response = self.client.post(
            self.url, form_data(timestamp="123:forged"), headers={"origin": SITE}
        )
        assert response.status_code == 400 and Comment.objects.count() == 0

    def test_reports_need_the_same_origin(self):
        """A cross-site report is refused; the same report from the page is recorded."""
        comment = make_comment(article=self.article)
        url = f"/comments/{comment.pk}/report/"
        refused = self.client.post(url, {"reason": "spam"}, headers={"origin": "https://x.test"})
        assert refused.status_code == 403 and CommentReport.objects.count() == 0
        accepted = self.client.post(url, {"reason": "spam"}, headers={"origin": SITE})
        assert "Thank you for your report" in accepted.content.decode()
        assert CommentReport.objects.count() == 1

    def test_the_delete_confirmation_keeps_its_csrf_token(self):
        """The private delete page is never cached, so it keeps Django's CSRF protection."""
        comment = make_comment(article=self.article)
        token = comment.issue_deletion_token()
        comment.save(update_fields=["deletion_token_hash"])
        page = self.client.get(comment.get_deletion_url(token))
        assert "csrfmiddlewaretoken" in page.content.decode()
        assert page["Cache-Control"] == "private, no-store"
        refused = self.client.post(comment.get_deletion_url(token), headers={"origin": SITE})
        assert refused.status_code == 403
        assert Comment.objects.get(pk=comment.pk).body
