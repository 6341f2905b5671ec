"""Erased is final; author pages exist only for authors with published work (issue 15)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments import moderation
from comments.models import Comment, CommentErased, ModerationEvent
from tests.comments_factories import make_comment
from tests.factories import make_article, make_author, make_user

ERASED_MESSAGE = "Its writer erased this comment; an erased comment cannot be moderated again."


class ErasedIsFinalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(slug="on-worry")
        cls.moderator = make_user(username="mod", is_staff=True)
        cls.moderator.groups.add(Group.objects.get(name=moderation.MODERATORS_GROUP))

    def setUp(self):
        self.erased = make_comment(article=self.article, title="Mine", body="My private story.")
        self.erased.erase()

    def assert_still_erased(self) -> None:
        comment = Comment.objects.get(pk=self.erased.pk)
        assert comment.status == Comment.Status.REMOVED
        assert comment.body == "" and comment.title == "" and comment.published_at is not None
        assert list(comment.events.values_list("action", flat=True)) == ["erased"]

    def test_no_model_method_changes_an_erased_comment(self):
        for change in (
            lambda c: c.approve(by=self.moderator),
            lambda c: c.reject(by=self.moderator),
            lambda c: c.mark_spam(by=self.moderator),
            lambda c: c.remove(by=self.moderator),
            lambda c: c.hold(reasons=["reported"], by=self.moderator),
            lambda c: c.redact(by=self.moderator, new_body="Put back", note="restore"),
        ):
            comment = Comment.objects.get(pk=self.erased.pk)
            with pytest.raises(CommentErased):
                change(comment)
        self.assert_still_erased()

    def test_posting_approve_to_the_moderation_url_is_refused_with_a_message(self):
        self.client.force_login(self.moderator)
        url = reverse("admin:comments_comment_moderate", args=[self.erased.pk])
        response = self.client.post(url, {"decision": "approve"}, follow=True)
        assert ERASED_MESSAGE in response.content.decode()
        assert "The comment is now approved" not in response.content.decode()
        self.assert_still_erased()

    def test_the_bulk_approve_action_leaves_erased_comments_alone(self):
        pending = make_comment(article=self.article, status="pending", title="Waiting")
        self.client.force_login(self.moderator)
        response = self.client.post(
            reverse("admin:comments_comment_changelist"),
            {"action": "approve_selected", "_selected_action": [self.erased.pk, pending.pk]},
            follow=True,
        )
        page = response.content.decode()
        assert "1 comment approved." in page
        assert "1 comment was left as it was: erased by its writer, and erased is final." in page
        self.assert_still_erased()
        assert Comment.objects.get(pk=pending.pk).status == Comment.Status.APPROVED

    def test_a_comment_a_moderator_removed_can_still_be_restored(self):
        removed = make_comment(article=self.article, title="Taken down")
        removed.remove(by=self.moderator, note="check")
        removed.approve(by=self.moderator)
        assert Comment.objects.get(pk=removed.pk).status == Comment.Status.APPROVED
        assert ModerationEvent.objects.filter(comment=removed).count() == 2


class AuthorPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.published_author = make_author(name="Dana Reyes", slug="dana-reyes")
        cls.draft_only = make_author(name="Omar Haddad", slug="omar-haddad")
        make_article(title="Grounding", authors=[cls.published_author, cls.draft_only])
        # Omar's own work is unpublished everywhere else; the shared article is published.
        cls.unpublished_only = make_author(name="Ruth Adeyemi", slug="ruth-adeyemi")
        for status in (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.ARCHIVED):
            make_article(title=f"Ruth {status}", status=status, authors=[cls.unpublished_only])
        make_article(
            title="Ruth scheduled",
            published_at=timezone.now() + timedelta(days=3),
            authors=[cls.unpublished_only],
        )
        cls.uncredited = make_author(name="Tom Quayle", slug="tom-quayle")

    def test_an_author_with_only_unpublished_work_has_no_page(self):
        for slug in ("ruth-adeyemi", "tom-quayle"):
            with self.subTest(slug):
                response = self.client.get(reverse("articles:author", args=[slug]))
                assert response.status_code == 404
                page = response.content.decode()
                assert "We could not find that page" in page and "Ruth" not in page

    def test_an_author_with_published_work_has_a_page(self):
        response = self.client.get(reverse("articles:author", args=["dana-reyes"]))
        page = response.content.decode()
        assert "Dana Reyes" in page and "Grounding" in page
        assert self.client.get(reverse("articles:author", args=["omar-haddad"])).status_code == 200

    def test_the_sitemap_lists_only_authors_with_published_work(self):
        sitemap = self.client.get("/sitemap.xml").content.decode()
        assert "/authors/dana-reyes/" in sitemap and "/authors/omar-haddad/" in sitemap
        assert "/authors/ruth-adeyemi/" not in sitemap and "/authors/tom-quayle/" not in sitemap
