"""The moderator's screens: the queue opens on what needs action, urgent rows say so in words,
and on a comment's page Remove asks twice."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from comments.models import Comment
from tests.comments_factories import make_comment
from tests.factories import make_article, make_user

CHANGELIST = reverse("admin:comments_comment_changelist")


class QueueScreenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_user(
            is_staff=True, perms=["comments.view_comment", "comments.can_moderate"]
        )
        article = make_article()
        cls.urgent = make_comment(
            article=article, status=Comment.Status.PENDING, title="Held", hold_reasons="risk"
        )
        make_comment(article=article, title="Already approved")

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_the_queue_opens_on_pending_comments(self):
        response = self.client.get(CHANGELIST, follow=True)
        assert response.redirect_chain == [(f"{CHANGELIST}?status__exact=pending", 302)]
        page = response.content.decode()
        assert "Held" in page and "Already approved" not in page

    def test_all_stays_reachable(self):
        pending = self.client.get(f"{CHANGELIST}?status__exact=pending").content.decode()
        assert 'href="?all=1"' in pending
        everything = self.client.get(CHANGELIST, {"all": "1"})
        assert everything.status_code == 200
        assert "Already approved" in everything.content.decode()

    def test_urgent_rows_say_urgent_with_an_icon_and_a_word(self):
        page = self.client.get(f"{CHANGELIST}?status__exact=pending").content.decode()
        assert (
            '<strong class="urgent-badge"><span aria-hidden="true">⚠</span> URGENT</strong>' in page
        )

    def test_approve_is_primary_and_remove_asks_for_confirmation(self):
        page = self.client.get(
            reverse("admin:comments_comment_change", args=[self.urgent.pk])
        ).content.decode()
        assert 'value="approve" class="default decide-approve">Approve</button>' in page
        assert "<summary>Remove…</summary>" in page
        assert 'value="remove" class="deletelink-button">Yes, remove this comment</button>' in page
        # The staff reply form appears once, in the page, not in the object tools.
        assert page.count('class="staff-reply"') <= 1

    def test_the_remove_button_still_removes(self):
        url = reverse("admin:comments_comment_moderate", args=[self.urgent.pk])
        self.client.post(url, {"decision": "remove"})
        self.urgent.refresh_from_db()
        assert self.urgent.status == Comment.Status.REMOVED
