"""Posting a comment as a reader: POST → redirect → GET, confirmation, crisis panel, replies,
closed articles, the 429 page and the deletion link."""

from __future__ import annotations

import html
import re
from datetime import timedelta

from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tests.comments_factories import form_data, make_comment
from tests.factories import make_article, make_helpline

THANKS = "Thank you. Your comment will appear once a moderator has read it."


def visible_text(page) -> str:
    """The words a reader sees in the page's body, on one line."""
    body = page.content.decode().split("<body", 1)[1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


class PostingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Sleep and stress")
        cls.url = reverse("comments:post", args=[cls.article.slug])
        make_helpline(name="Samaritans", phone="116 123")

    def post(self, addr="10.0.0.1", **fields):
        return self.client.post(self.url, form_data(**fields), REMOTE_ADDR=addr)

    def test_post_redirects_to_confirmation_with_status_message(self):
        """A good post is stored pending and the reader sees the announced thank-you."""
        response = self.post()
        assert response.status_code == 302
        assert response["Location"] == reverse("comments:posted")
        comment = Comment.objects.get()
        assert comment.status == Comment.Status.PENDING
        assert comment.article == self.article
        page = self.client.get(response["Location"])
        self.assertContains(page, f'<p class="status-message" role="status">{THANKS}</p>')
        assert "crisis-panel" not in page.content.decode()
        text = visible_text(page)
        assert text.count("Thank you") == 1, text  # once: not in the heading and the message
        assert "Comment received Thank you. Your comment will appear" in text
        self.assertContains(page, self.article.get_absolute_url())

    def test_deletion_link_is_shown_once_and_works(self):
        """The private link appears on the confirmation page once, and erases the comment."""
        self.post()
        page = self.client.get(reverse("comments:posted"))
        comment = Comment.objects.get()
        link = page.context["outcome"]["deletion_url"]
        assert link.startswith(f"/comments/{comment.pk}/delete/")
        self.assertContains(page, link)
        again = self.client.get(reverse("comments:posted"))
        assert again.status_code == 302  # the session entry is gone: never shown twice
        confirm = self.client.get(link)
        self.assertContains(confirm, "Delete my comment")
        done = self.client.post(link, follow=True)
        self.assertContains(done, "deleted for good")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.REMOVED
        assert (comment.body, comment.title, comment.name, comment.email) == ("", "", "", "")
        assert comment.events.last().action == "erased"
        assert self.client.get(link).status_code == 404  # the link works only once

    def test_wrong_deletion_token_is_404(self):
        """A guessed or altered link deletes nothing."""
        self.post()
        comment = Comment.objects.get()
        url = reverse("comments:delete", kwargs={"pk": comment.pk, "token": "guess"})
        assert self.client.post(url).status_code == 404
        comment.refresh_from_db()
        assert comment.body

    def test_deletion_link_is_emailed_when_an_address_is_given(self):
        """The commenter's own address receives the link; it is never shown on the site."""
        self.post(email="reader@example.org")
        assert [m.to for m in mail.outbox] == [["reader@example.org"]]
        assert "/delete/" in mail.outbox[0].body
        page = self.client.get(reverse("comments:posted"))
        self.assertContains(page, "e-mailed it to you")
        self.assertNotContains(page, "reader@example.org")

    def test_risk_comment_shows_crisis_panel_with_helplines_first(self):
        """Held for risk: the page leads with the helplines, then the calm status message."""
        self.post(body="I want to kill myself tonight", title="")
        page = self.client.get(reverse("comments:posted")).content.decode()
        assert 'class="crisis-panel"' in page
        assert page.index("Samaritans") < page.index('role="status"')
        assert "You are not alone" in page
        assert Comment.objects.get().held_for_risk

    def test_honeypot_is_discarded_silently(self):
        """A filled honeypot looks like success to the bot, but nothing is stored."""
        response = self.post(website="http://spam.example", follow=False)
        assert response.status_code == 302
        assert Comment.objects.count() == 0
        page = self.client.get(reverse("comments:posted"))
        self.assertContains(page, THANKS)
        self.assertNotContains(page, "/delete/")

    def test_form_errors_render_the_comment_form_page(self):
        """Errors are shown on a page with the article's title link; nothing is stored."""
        response = self.post(consent="", body="")
        assert response.status_code == 400
        self.assertTemplateUsed(response, "comments/comment_form.html")
        self.assertContains(response, "Please write your comment.", status_code=400)
        self.assertContains(response, "Please tick the box", status_code=400)
        self.assertContains(
            response, f'<a href="{self.article.get_absolute_url()}">Sleep and stress</a>',
            status_code=400,
        )  # fmt: skip
        self.assertContains(response, 'role="alert"', status_code=400)
        assert Comment.objects.count() == 0

    def test_typed_text_is_kept_on_error(self):
        """A reader who forgot the consent box does not lose what they wrote."""
        response = self.post(consent="", body="My long story about my week.")
        self.assertContains(response, "My long story about my week.", status_code=400)

    def test_too_fast_form_is_a_form_error(self):
        """A form sent within 3 seconds gets a clear error and a fresh timestamp."""
        from comments import moderation

        response = self.post(timestamp=moderation.sign_timestamp())
        self.assertContains(response, "quicker than a person", status_code=400)
        missing = self.post(timestamp="")
        self.assertContains(missing, "reload the page", status_code=400)
        assert Comment.objects.count() == 0

    def test_flood_answers_429_page_in_site_design(self):
        """A second comment within 15 s gets the 429 page; the first is kept."""
        self.post(body="First.")
        response = self.post(body="Second.")
        assert response.status_code == 429
        self.assertTemplateUsed(response, "429.html")
        self.assertContains(response, "a moment ago", status_code=429)
        self.assertContains(response, 'class="site-header"', status_code=429)
        assert response["Retry-After"]
        assert list(Comment.objects.values_list("body", flat=True)) == ["First."]

    @override_settings(KITH_COMMENTS_FLOOD_SECONDS=0)
    def test_duplicate_is_a_form_error(self):
        """The same text twice: “you already posted this”."""
        self.post(body="Same words.")
        response = self.post(body="Same words.", addr="10.0.0.2")
        self.assertContains(response, "already posted this comment", status_code=400)
        assert Comment.objects.count() == 1

    def test_get_is_not_allowed(self):
        """Posting is POST only."""
        assert self.client.get(self.url).status_code == 405

    def test_unpublished_article_is_404(self):
        """Drafts take no comments."""
        draft = make_article(status=Article.Status.DRAFT)
        response = self.client.post(reverse("comments:post", args=[draft.slug]), form_data())
        assert response.status_code == 404
        assert Comment.objects.count() == 0

    def test_posted_page_without_session_goes_home(self):
        """Opening the confirmation page directly shows nothing private."""
        response = self.client.get(reverse("comments:posted"))
        assert response.status_code == 302


class ClosedArticleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.closed = make_article()
        cls.closed.comments_open = False
        cls.closed.save()
        cls.old = make_article(published_at=timezone.now() - timedelta(days=40))
        cls.comment = make_comment(article=cls.closed)

    def test_closed_article_says_so_instead_of_the_form(self):
        """An editor-closed article shows a notice and no form."""
        page = self.client.get(self.closed.get_absolute_url())
        self.assertContains(page, "Comments are closed on this article.")
        self.assertNotContains(page, 'name="body"')
        self.assertNotContains(page, "/reply/")

    def test_post_to_closed_article_is_refused_clearly(self):
        """A post to a closed article is refused with a message; nothing is stored."""
        response = self.client.post(
            reverse("comments:post", args=[self.closed.slug]), form_data(body="Late words.")
        )
        self.assertContains(response, "Comments are closed", status_code=403)
        assert not Comment.objects.filter(body="Late words.").exists()

    def test_reply_to_closed_article_is_refused(self):
        """Replies are posts too: refused on a closed article."""
        response = self.client.post(
            reverse("comments:post", args=[self.closed.slug]),
            form_data(parent=str(self.comment.pk), body="A late reply."),
        )
        assert response.status_code == 403
        assert not self.comment.replies.exists()
        page = self.client.get(reverse("comments:reply", args=[self.comment.pk]))
        self.assertContains(page, "Comments are closed")
        self.assertNotContains(page, 'name="body"')

    @override_settings(KITH_COMMENTS_CLOSE_AFTER_DAYS=30)
    def test_comments_close_after_n_days(self):
        """Past the setting's days after publication, the form is replaced by a notice."""
        page = self.client.get(self.old.get_absolute_url())
        self.assertContains(page, "close 30 days after")
        response = self.client.post(reverse("comments:post", args=[self.old.slug]), form_data())
        assert response.status_code == 403
        fresh = make_article()
        self.assertContains(self.client.get(fresh.get_absolute_url()), 'name="body"')


class ReplyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        cls.other = make_article()
        cls.top = make_comment(article=cls.article, title="Top comment")
        cls.reply = make_comment(article=cls.article, parent=cls.top, title="A reply")
        cls.pending = make_comment(article=cls.article, status=Comment.Status.PENDING)
        cls.foreign = make_comment(article=cls.other)
        cls.url = reverse("comments:post", args=[cls.article.slug])

    def post_reply(self, parent_id, body="I felt the same."):
        return self.client.post(self.url, form_data(parent=str(parent_id), body=body))

    def test_reply_page_shows_the_comment_and_a_form(self):
        """“Reply” opens a page with the comment answered and the form, no JavaScript needed."""
        page = self.client.get(reverse("comments:reply", args=[self.top.pk]))
        self.assertContains(page, "Top comment")
        self.assertContains(page, f'name="parent" value="{self.top.pk}"')

    def test_reply_is_stored_under_its_parent(self):
        """A reply keeps its parent."""
        assert self.post_reply(self.top.pk).status_code == 302
        assert Comment.objects.get(body="I felt the same.").parent == self.top

    def test_reply_to_a_reply_joins_the_top_level_thread(self):
        """Replies are one level deep: answering a reply attaches to its top-level comment."""
        self.post_reply(self.reply.pk)
        assert Comment.objects.get(body="I felt the same.").parent == self.top
        page = self.client.get(reverse("comments:reply", args=[self.reply.pk]))
        assert page["Location"] == reverse("comments:reply", args=[self.top.pk])

    def test_forged_parent_from_another_article_is_refused(self):
        """A parent id from another article is a form error, nothing is stored."""
        response = self.post_reply(self.foreign.pk)
        self.assertContains(response, "only reply to a published comment", status_code=400)
        assert not Comment.objects.filter(body="I felt the same.").exists()

    def test_forged_parent_that_is_not_approved_is_refused(self):
        """A pending (unseen) comment cannot be answered, and its existence is not revealed."""
        for parent_id in (self.pending.pk, 999_999, "abc", "-1"):
            response = self.post_reply(parent_id)
            assert response.status_code == 400
        assert not Comment.objects.filter(body="I felt the same.").exists()
        assert self.client.get(reverse("comments:reply", args=[self.pending.pk])).status_code == 404
