"""The moderators' admin: queue order, columns, filters, bulk actions, redaction, index counts,
query budget, and a Moderators group that can moderate comments and nothing else."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.contrib.admin import ModelAdmin, site
from django.contrib.auth.models import Group
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import moderation
from comments.models import Comment
from tests.comments_factories import make_comment
from tests.factories import make_article, make_user

CHANGELIST = reverse("admin:comments_comment_changelist")
# The whole list: without a query a moderator is sent to the pending comments.
SHOW_ALL = {"all": "1"}


def make_moderator(**fields):
    user = make_user(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=moderation.MODERATORS_GROUP))
    return user


class ModeratorsGroupTests(TestCase):
    def test_group_holds_only_comment_permissions(self):
        """The data migration's group can moderate comments and nothing outside the app."""
        group = Group.objects.get(name="Moderators")
        labels = set(group.permissions.values_list("content_type__app_label", flat=True))
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert labels == {"comments"}
        assert "can_moderate" in codenames
        assert "change_comment" not in codenames and "delete_comment" not in codenames

    def test_moderator_cannot_change_an_article(self):
        """A Moderators member gets 403 on an article's change page."""
        article = make_article()
        self.client.force_login(make_moderator())
        url = reverse("admin:articles_article_change", args=[article.pk])
        assert self.client.get(url).status_code == 403
        assert self.client.post(url, {"title": "Hacked"}).status_code == 403
        article.refresh_from_db()
        assert article.title != "Hacked"


class ChangelistTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="On worry")
        now = timezone.now()
        cls.approved = make_comment(article=cls.article, title="Approved one")
        cls.old = make_comment(
            article=cls.article, status="pending", title="Old pending",
            created_at=now - timedelta(days=2), hold_reasons="links",
        )  # fmt: skip
        cls.risk = make_comment(
            article=cls.article, status="pending", title="Risky", hold_reasons="risk",
            created_at=now,
        )  # fmt: skip
        cls.moderator = make_moderator(email="mod@example.org")

    def setUp(self):
        self.client.force_login(self.moderator)

    def test_pending_first_risk_first(self):
        """The queue leads with risk, then the oldest pending, then everything else."""
        response = self.client.get(CHANGELIST, SHOW_ALL)
        rows = list(response.context["cl"].result_list)
        assert rows[:3] == [self.risk, self.old, self.approved]
        html = response.content.decode()
        assert html.index("Risky") < html.index("Old pending") < html.index("Approved one")
        assert "URGENT" in html and "On worry" in html and "Links" in html

    def test_filters_by_status_and_reason(self):
        """Moderators filter by status and by hold reason."""
        by_reason = self.client.get(CHANGELIST, {"reason": "risk"}).context["cl"].result_list
        assert list(by_reason) == [self.risk]
        by_status = self.client.get(CHANGELIST, {"status__exact": "approved"})
        assert list(by_status.context["cl"].result_list) == [self.approved]

    def test_row_links_carry_the_filters_as_django_writes_them(self):
        """A row's link keeps the list's filters once (the way back), and none when unfiltered."""
        change = reverse("admin:comments_comment_change", args=[self.risk.pk])
        filtered = self.client.get(CHANGELIST + "?status__exact=pending&reason=risk")
        html = filtered.content.decode()
        link = f'href="{change}?_changelist_filters=status__exact%3Dpending%26reason%3Drisk"'
        assert html.count(link) == 1
        assert html.count("_changelist_filters") == 1
        plain = self.client.get(CHANGELIST, SHOW_ALL).content.decode()
        assert f'href="{change}"' in plain and "_changelist_filters" not in plain

    def test_search(self):
        """Search finds comments by their words."""
        found = self.client.get(CHANGELIST, {"q": "Old pending"}).context["cl"].result_list
        assert list(found) == [self.old]

    def test_bulk_actions_use_model_methods_and_log(self):
        """Bulk approve / reject / spam / remove go through the methods, with the actor logged."""
        for action, status in [
            ("approve_selected", "approved"), ("reject_selected", "rejected"),
            ("mark_spam_selected", "spam"), ("remove_selected", "removed"),
        ]:  # fmt: skip
            comment = make_comment(article=self.article, status="pending")
            response = self.client.post(
                CHANGELIST, {"action": action, "_selected_action": [comment.pk]}, follow=True
            )
            assert response.status_code == 200
            comment.refresh_from_db()
            assert comment.status == status
            assert comment.events.get().actor == self.moderator

    def test_approved_comment_appears_on_the_article(self):
        """The “done when” flow: a moderator approves, readers see it."""
        data = {"action": "approve_selected", "_selected_action": [self.old.pk]}
        self.client.post(CHANGELIST, data)
        self.client.logout()
        assert "Old pending" in self.client.get(self.article.get_absolute_url()).content.decode()

    def test_redact_view_requires_note(self):
        """Redaction is a form with a required note; the change is logged."""
        url = reverse("admin:comments_comment_redact", args=[self.approved.pk])
        page = self.client.get(url)
        assert page.status_code == 200 and b"Why (required" in page.content
        response = self.client.post(url, {"body": "Shorter.", "note": ""})
        assert response.status_code == 200
        self.approved.refresh_from_db()
        assert not self.approved.edited_by_moderator
        self.client.post(url, {"body": "Shorter.", "note": "Removed a surname"})
        self.approved.refresh_from_db()
        assert self.approved.body == "Shorter." and self.approved.edited_by_moderator
        assert self.approved.events.get().note == "Removed a surname"

    def test_change_page_is_read_only_and_hides_the_email(self):
        """Nobody edits a comment's fields directly, and the e-mail address is never shown."""
        comment = make_comment(article=self.article, email="secret@example.org")
        response = self.client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
        assert response.status_code == 200
        assert b"secret@example.org" not in response.content
        assert b"Redact this comment" in response.content
        assert b'name="_save"' not in response.content

    def test_admin_index_shows_pending_and_urgent_counts(self):
        """The admin index says how many comments wait, and how many are urgent."""
        html = self.client.get(reverse("admin:index")).content.decode()
        assert "<strong>2</strong> pending" in html
        assert "<strong>1</strong> urgent" in html

    def test_changelist_queries_do_not_grow_with_page_size(self):
        """Listing 60 comments costs the same queries as listing 3."""
        with CaptureQueriesContext(connection) as few:
            self.client.get(CHANGELIST, SHOW_ALL)
        for _ in range(60):
            make_comment(article=make_article(), status="pending", hold_reasons="links")
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(CHANGELIST, {"p": 1})
        assert len(response.context["cl"].result_list) == 50

    def test_pending_queue_queries_do_not_grow_with_its_length(self):
        """The pending queue with 60 more comments costs the same queries as with 2."""
        pending = {"status__exact": "pending"}
        with CaptureQueriesContext(connection) as few:
            self.client.get(CHANGELIST, pending)
        for _ in range(60):
            make_comment(article=make_article(), status="pending", hold_reasons="risk")
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(CHANGELIST, pending)
        assert len(response.context["cl"].result_list) == 50
        assert response.context["cl"].result_count == 62

    def test_word_lists_are_editable_by_moderators(self):
        """Moderators add words to the lists in the admin; the pipeline reads them."""
        url = reverse("admin:comments_moderatedword_add")
        response = self.client.post(url, {"word": "casino", "kind": "hold", "note": ""})
        assert response.status_code == 302
        assert moderation.word_lists().moderation == ("casino",)


class QueueOrderTests(TestCase):
    """The whole order a moderator sees, on the full list and on the pending queue."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        article = make_article()

        def comment(title: str, status: str, age: timedelta, reasons: str = "") -> Comment:
            return make_comment(
                article=article, title=title, status=status, hold_reasons=reasons,
                created_at=now - age,
            )  # fmt: skip

        cls.approved_old = comment("Approved long ago", "approved", timedelta(days=5))
        cls.tie_first = comment("Tie, posted first", "approved", timedelta(days=2))
        cls.tie_second = comment("Tie, posted second", "approved", timedelta(days=2))
        cls.rejected_risk = comment("Rejected risk", "rejected", timedelta(days=1), "risk")
        cls.approved_new = comment("Approved just now", "approved", timedelta(minutes=10))
        cls.pending_new = comment("Pending new", "pending", timedelta(minutes=1), "links")
        cls.pending_old = comment("Pending old", "pending", timedelta(days=2), "links")
        cls.risk_new = comment("Risk new", "pending", timedelta(hours=1), "risk")
        cls.risk_old = comment("Risk old", "pending", timedelta(hours=3), "risk")
        cls.queue = [cls.risk_old, cls.risk_new, cls.pending_old, cls.pending_new]

    def setUp(self):
        self.client.force_login(make_moderator())

    def test_full_list_urgent_then_pending_oldest_then_the_rest_newest(self):
        """Risk first and pending oldest first; the rest newest first, ties newest-posted first.

        A rejected comment held for risk is no longer urgent: it sorts with the rest.
        """
        response = self.client.get(CHANGELIST, SHOW_ALL)
        assert list(response.context["cl"].result_list) == [
            *self.queue, self.approved_new, self.rejected_risk, self.tie_second,
            self.tie_first, self.approved_old,
        ]  # fmt: skip
        html = response.content.decode()
        positions = [html.index(f">{c.title}<") for c in response.context["cl"].result_list]
        assert positions == sorted(positions)
        assert html.count("URGENT") == 2

    def test_pending_queue_has_the_same_order(self):
        """Filtering to pending keeps urgent first, then the oldest."""
        response = self.client.get(CHANGELIST, {"status__exact": "pending"})
        assert list(response.context["cl"].result_list) == self.queue

    def test_next_page_continues_the_order(self):
        """With four a page, the second page picks up where the first stopped."""
        admin = site._registry[Comment]
        with mock.patch.object(admin, "list_per_page", 4):
            first = list(self.client.get(CHANGELIST, SHOW_ALL).context["cl"].result_list)
            second = list(self.client.get(CHANGELIST, {"p": 2}).context["cl"].result_list)
        assert first == self.queue
        assert second == [self.approved_new, self.rejected_risk, self.tie_second, self.tie_first]

    def test_action_checkbox_is_djangos_markup(self):
        """The faster checkbox column renders exactly Django's own, hostile titles escaped."""
        admin = site._registry[Comment]
        comment = make_comment(
            article=make_article(), title='<script>alert("x")</script> & \u00e9t\u00e9'
        )
        ours = admin.action_checkbox(comment)
        assert ours == ModelAdmin.action_checkbox(admin, comment)
        assert "<script>" not in ours


class ChangePageButtonsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        cls.moderator = make_moderator()

    def test_buttons_on_the_change_page_call_the_model_methods(self):
        """Approve from the comment's own page, with a note in the audit log."""
        comment = make_comment(article=self.article, status="pending")
        self.client.force_login(self.moderator)
        page = self.client.get(reverse("admin:comments_comment_change", args=[comment.pk]))
        assert b'value="approve"' in page.content
        url = reverse("admin:comments_comment_moderate", args=[comment.pk])
        self.client.post(url, {"decision": "approve", "note": "Kind and safe."})
        comment.refresh_from_db()
        assert comment.status == Comment.Status.APPROVED
        assert comment.events.get().note == "Kind and safe."
        self.client.post(url, {"decision": "delete-everything"})
        comment.refresh_from_db()
        assert comment.status == Comment.Status.APPROVED

    def test_staff_without_moderate_permission_cannot_decide(self):
        """Seeing comments is not enough to change them."""
        comment = make_comment(article=self.article, status="pending")
        viewer = make_user(is_staff=True, perms=["comments.view_comment"])
        self.client.force_login(viewer)
        url = reverse("admin:comments_comment_moderate", args=[comment.pk])
        assert self.client.post(url, {"decision": "approve"}).status_code == 403
        bulk = {"action": "approve_selected", "_selected_action": [comment.pk]}
        self.client.post(CHANGELIST, bulk)
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING

    def test_bulk_delete_is_not_offered(self):
        """Bulk delete would bypass the audit log, so even superusers do not get it."""
        admin = make_user(is_staff=True, is_superuser=True)
        self.client.force_login(admin)
        make_comment(article=self.article)
        assert b'value="delete_selected"' not in self.client.get(CHANGELIST, SHOW_ALL).content
