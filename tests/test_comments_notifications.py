"""E-mail when someone replies: the opt-in box, double opt-in, batching, unsubscribing, staff
replies with their badge, erasure and purge, and a failing mail server."""

from __future__ import annotations

import re
import smtplib
from datetime import timedelta
from unittest import mock

from django.contrib.auth.models import Group
from django.core import mail, signing
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from comments import moderation, notifications
from comments.models import Comment, ReplyNotification, ReplySubscription
from tests.comments_factories import form_data, make_comment, make_subscription
from tests.factories import make_article, make_author, make_helpline, make_user

SITE = "https://kith.example.org"
REPLY_TEXT = "My sister also stopped sleeping after the funeral."


def links_in(message) -> list[str]:
    return re.findall(r"https?://\S+", message.body)


def make_moderator(**fields):
    user = make_user(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=moderation.MODERATORS_GROUP))
    return user


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@override_settings(KITH_SITE_URL=SITE, KITH_COMMENTS_PREMODERATION=True)
class NotificationTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_helpline(name="Samaritans")
        cls.article = make_article(title="Grief and sleep")
        cls.thread = make_comment(article=cls.article, title="Since the funeral", email="a@x.org")

    def approve(self, comment: Comment, **kwargs) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            comment.approve(**kwargs)

    def reply(self, *, status: str = "pending", email: str = "", body: str = REPLY_TEXT):
        return make_comment(
            article=self.article, parent=self.thread, status=status, email=email, body=body
        )


class OptInTests(NotificationTestCase):
    def post(self, **fields):
        url = reverse("comments:post", args=[self.article.slug])
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, form_data(**fields), REMOTE_ADDR="10.0.0.9")

    def test_the_box_is_unticked_and_says_what_is_sent(self):
        page = self.client.get(self.article.get_absolute_url()).content.decode()
        box = re.search(r'<input type="checkbox" name="notify_replies"[^>]*>', page).group(0)
        assert "checked" not in box
        assert "E-mail me when someone replies" in page
        assert "a link to it (never its words)" in page and "stop them at any time" in page

    def test_ticking_the_box_without_an_address_is_a_form_error(self):
        response = self.post(notify_replies="on", email="")
        assert response.status_code == 400
        self.assertContains(
            response, "Please give your e-mail address above, or untick this box.", status_code=400
        )
        assert not ReplySubscription.objects.exists()
        assert Comment.objects.count() == 1  # only the thread from setUpTestData

    def test_first_request_sends_a_confirmation_and_nothing_else_until_confirmed(self):
        response = self.post(notify_replies="on", email="Reader@Example.org", parent=self.thread.pk)
        posted = self.client.get(response["Location"])
        self.assertContains(posted, "Nothing else is sent until you confirm.")
        subscription = ReplySubscription.objects.get()
        assert subscription.thread == self.thread and subscription.confirmed_at is None
        assert subscription.email_hash == moderation.email_key("reader@example.org")
        assert len(mail.outbox) == 2  # the deletion link and the confirmation
        confirmation = mail.outbox[1]
        assert confirmation.to == ["Reader@Example.org"]
        assert "Grief and sleep" in confirmation.body
        link = next(u for u in links_in(confirmation) if "/notifications/confirm/" in u)
        assert link.startswith(SITE)

        self.approve(self.reply())
        assert len(mail.outbox) == 2  # not confirmed: no news of the reply

        path = link.removeprefix(SITE)
        page = self.client.get(path)
        self.assertContains(page, "Yes, e-mail me about replies")
        subscription.refresh_from_db()
        assert subscription.confirmed_at is None  # a GET (a mail scanner) confirms nothing
        done = self.client.post(path)
        self.assertContains(done, "E-mails about replies are on")
        subscription.refresh_from_db()
        assert subscription.confirmed_at is not None

        self.approve(self.reply())
        assert len(mail.outbox) == 3
        assert mail.outbox[2].subject == "New reply on “Grief and sleep”"

    def test_a_confirmed_address_needs_no_second_confirmation(self):
        other = make_comment(article=self.article, title="Another thread")
        make_subscription(thread=other, email="reader@example.org")
        self.post(notify_replies="on", email="reader@example.org")
        subscription = ReplySubscription.objects.exclude(thread=other).get()
        assert subscription.confirmed_at is not None
        assert [m.subject for m in mail.outbox] == ["Your comment on Kith"]

    def test_the_public_form_cannot_set_a_staff_badge(self):
        self.post(name="Kith team", staff_badge="team", body="I am definitely staff.")
        comment = Comment.objects.get(body="I am definitely staff.")
        assert comment.staff_badge == ""
        self.approve(comment)
        page = self.client.get(self.article.get_absolute_url()).content.decode()
        assert "I am definitely staff." in page
        assert "comment__badge" not in page


class ApprovedReplyTests(NotificationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.subscription = make_subscription(thread=cls.thread, email="a@x.org")

    def test_an_approved_reply_sends_one_mail_with_title_and_link_not_the_text(self):
        reply = self.reply()
        self.approve(reply)
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["a@x.org"]
        assert "Grief and sleep" in message.subject and "Grief and sleep" in message.body
        assert f"{SITE}{self.article.get_absolute_url()}#comment-{reply.pk}" in links_in(message)
        assert REPLY_TEXT not in message.body and "funeral" not in message.body
        one_click = message.extra_headers["List-Unsubscribe"]
        assert re.fullmatch(rf"<{SITE}/comments/notifications/one-click/[^>]+/>", one_click)
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        stop_link = next(u for u in links_in(message) if "/notifications/stop/" in u)
        assert stop_link.startswith(SITE)
        sent = ReplyNotification.objects.get(kind="replies")
        assert sent.status == "sent" and list(sent.replies.all()) == [reply]

    def test_a_posted_but_pending_reply_sends_nothing(self):
        url = reverse("comments:post", args=[self.article.slug])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, form_data(parent=self.thread.pk), REMOTE_ADDR="10.0.0.3")
        assert Comment.objects.get(parent=self.thread).status == "pending"
        assert mail.outbox == []
        assert not ReplyNotification.objects.exists()

    def test_every_approval_path_notifies(self):
        """The admin action, the change page's button and a known commenter's post."""
        moderator = make_moderator()
        self.client.force_login(moderator)
        changelist = reverse("admin:comments_comment_changelist")
        first = self.reply()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                changelist, {"action": "approve_selected", "_selected_action": [first.pk]}
            )
        assert len(mail.outbox) == 1
        self.subscription.refresh_from_db()
        self.subscription.last_sent_at = timezone.now() - timedelta(hours=2)
        self.subscription.save()
        second = self.reply()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("admin:comments_comment_moderate", args=[second.pk]),
                {"decision": "approve"},
            )
        assert len(mail.outbox) == 2

    @override_settings(KITH_COMMENTS_PREMODERATION=False)
    def test_a_known_commenters_reply_approved_on_posting_notifies(self):
        make_comment(article=self.article, email="known@x.org")  # already has an approved one
        url = reverse("comments:post", args=[self.article.slug])
        data = form_data(parent=self.thread.pk, email="known@x.org")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url, data, REMOTE_ADDR="10.0.0.4")
        assert Comment.objects.get(parent=self.thread).status == "approved"
        subjects = [m.subject for m in mail.outbox]
        assert "New reply on “Grief and sleep”" in subjects

    def test_two_approvals_within_the_hour_make_one_mail_then_one_more_after_it(self):
        first, second, third = self.reply(), self.reply(), self.reply()
        self.approve(first)
        self.approve(second)
        self.approve(third)
        assert len(mail.outbox) == 1
        waiting = ReplyNotification.objects.get(status="waiting")
        assert set(waiting.replies.all()) == {second, third}  # folded into one e-mail
        assert waiting.send_after >= self.subscription.notifications.get(status="sent").sent_at

        call_command("send_reply_notifications", stdout=mock.Mock())
        assert len(mail.outbox) == 1  # the hour is not over

        later = timezone.now() + timedelta(hours=1, minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            call_command("send_reply_notifications", stdout=mock.Mock())
        assert len(mail.outbox) == 2
        batch = mail.outbox[1]
        assert batch.subject == "New replies on “Grief and sleep”"
        assert "There are 2 new replies" in batch.body
        assert f"#comment-{second.pk}" in batch.body and f"#comment-{third.pk}" in batch.body

    def test_nobody_is_told_of_their_own_reply(self):
        self.approve(self.reply(email="A@X.org"))
        assert mail.outbox == []

    def test_a_reapproved_reply_is_not_news_again(self):
        reply = self.reply()
        self.approve(reply)
        reply.remove()
        self.subscription.last_sent_at = None
        self.subscription.save()
        self.approve(reply)
        assert len(mail.outbox) == 1


class UnsubscribeTests(NotificationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.subscription = make_subscription(thread=cls.thread, email="a@x.org")
        cls.other_thread = make_comment(article=cls.article, title="Other")
        cls.other = make_subscription(thread=cls.other_thread, email="a@x.org")

    def stop_path(self, subscription=None) -> str:
        page, _ = notifications.unsubscribe_urls(subscription or self.subscription)
        return page.removeprefix(SITE)

    def one_click_path(self) -> str:
        _, one_click = notifications.unsubscribe_urls(self.subscription)
        return one_click.removeprefix(SITE)

    def test_the_page_stops_this_conversation_with_one_button(self):
        path = self.stop_path()
        # One query: the subscription with its article's title (the base template asks none).
        with self.assertNumQueries(1):
            page = self.client.get(path)
        self.assertContains(page, "Stop e-mails about this conversation")
        self.assertContains(page, "Grief and sleep")
        done = self.client.post(path, {"scope": "thread"})
        self.assertContains(done, "You will get no more e-mails about replies in this conversation")
        assert list(ReplySubscription.objects.all()) == [self.other]
        again = self.client.get(path)  # the used link
        self.assertContains(again, "These e-mails were already stopped.")

    def test_the_page_stops_every_notification_to_the_address(self):
        make_subscription(thread=make_comment(article=self.article), email="b@x.org")
        done = self.client.post(self.stop_path(), {"scope": "all"})
        self.assertContains(done, "no more e-mails about replies from Kith at this address")
        assert list(ReplySubscription.objects.values_list("email", flat=True)) == ["b@x.org"]

    def test_rfc_8058_one_click_post_needs_no_csrf_token_and_is_idempotent(self):
        client = self.client_class(enforce_csrf_checks=True)
        body = "List-Unsubscribe=One-Click"
        ctype = "application/x-www-form-urlencoded"
        first = client.post(self.one_click_path(), body, content_type=ctype)
        assert first.status_code == 200
        assert "no more e-mails about replies" in first.content.decode()
        assert not ReplySubscription.objects.filter(pk=self.subscription.pk).exists()
        assert ReplySubscription.objects.filter(pk=self.other.pk).exists()
        second = client.post(self.one_click_path(), body, content_type=ctype)
        assert second.status_code == 200
        assert client.get(self.one_click_path()).status_code == 405

    def test_unsubscribing_drops_a_waiting_email(self):
        self.subscription.last_sent_at = timezone.now()
        self.subscription.save()
        self.approve(self.reply())
        assert ReplyNotification.objects.filter(status="waiting").exists()
        self.client.post(self.one_click_path())
        assert not ReplyNotification.objects.exists()

    def test_a_forged_token_gets_a_clear_page(self):
        path = self.stop_path()
        forged = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
        for url in (forged, reverse("comments:notify-stop", args=["nonsense"])):
            page = self.client.get(url)
            self.assertContains(page, "This link is not valid", status_code=400)
            assert self.client.post(url, {"scope": "all"}).status_code == 400
        assert ReplySubscription.objects.count() == 2

    def test_a_confirmation_token_does_not_unsubscribe(self):
        token = notifications.make_token(self.subscription, salt=notifications.CONFIRM_SALT)
        page = self.client.post(reverse("comments:notify-stop", args=[token]), {"scope": "all"})
        self.assertContains(page, "This link is not valid", status_code=400)
        assert ReplySubscription.objects.count() == 2

    @override_settings(KITH_COMMENTS_UNSUBSCRIBE_LINK_DAYS=60)
    def test_an_expired_token_gets_a_clear_page(self):
        long_ago = timezone.now().timestamp() - 61 * 86_400
        with mock.patch("django.core.signing.time.time", return_value=long_ago):
            path = self.stop_path()
        page = self.client.get(path)
        self.assertContains(page, "This link has expired", status_code=400)
        one_click = path.replace("/stop/", "/one-click/")
        assert self.client.post(one_click).status_code == 400
        assert ReplySubscription.objects.count() == 2

    def test_a_token_for_a_reused_number_does_not_stop_another_address(self):
        path = self.stop_path()
        token = path.split("/")[-2]
        pk, _ = notifications.read_token(token, salt=notifications.UNSUBSCRIBE_SALT, max_age_days=1)
        assert pk == self.subscription.pk
        ReplySubscription.objects.filter(pk=pk).update(email_hash=moderation.email_key("z@x.org"))
        self.client.post(path, {"scope": "all"})
        assert ReplySubscription.objects.count() == 2

    def test_bad_payloads_are_invalid_not_errors(self):
        for payload in ([1], "x", [None, "a"], {"a": 1}):
            token = signing.dumps(payload, salt=notifications.UNSUBSCRIBE_SALT)
            page = self.client.get(reverse("comments:notify-stop", args=[token]))
            self.assertContains(page, "This link is not valid", status_code=400)


class StaffReplyTests(NotificationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.author_user = make_user(is_staff=True, first_name="Amara")
        author = make_author(name="Amara Okafor")
        author.user = cls.author_user
        author.save()
        cls.article.article_authors.create(author=author, order=0)
        cls.moderator = make_moderator(first_name="Jo")
        cls.pending = make_comment(
            article=cls.article, status="pending", title="Is this normal?", email="p@x.org"
        )
        make_subscription(thread=cls.pending, email="p@x.org")

    def answer(self, comment: Comment, *, user, body: str = "Yes, and you are not alone."):
        self.client.force_login(user)
        url = reverse("admin:comments_comment_staff_reply", args=[comment.pk])
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, {"name": user.first_name, "body": body}, follow=True)

    def test_approve_and_reply_publishes_both_with_the_team_badge(self):
        self.client.force_login(self.moderator)
        form = self.client.get(reverse("admin:comments_comment_change", args=[self.pending.pk]))
        self.assertContains(form, "Approve and reply")
        response = self.answer(self.pending, user=self.moderator)
        self.assertContains(response, "Your reply is published as “Kith team”.")
        self.pending.refresh_from_db()
        assert self.pending.status == "approved"
        reply = Comment.objects.get(parent=self.pending)
        assert reply.status == "approved" and reply.staff_badge == "team"
        assert reply.events.first().actor == self.moderator
        assert "recorded, not held" in reply.events.first().note
        self.client.logout()
        page = self.client.get(self.article.get_absolute_url()).content.decode()
        assert 'Jo <strong class="comment__badge">Kith team</strong>' in page
        assert "Yes, and you are not alone." in page
        assert [m.to for m in mail.outbox] == [["p@x.org"]]  # the thread's subscriber
        assert "Yes, and you are not alone." not in mail.outbox[0].body

    def test_the_articles_author_gets_the_author_badge(self):
        self.answer(self.thread, user=self.author_user, body="Thank you for sharing this.")
        reply = Comment.objects.get(parent=self.thread)
        assert reply.staff_badge == "author"
        self.client.logout()
        page = self.client.get(self.article.get_absolute_url()).content.decode()
        assert 'Amara <strong class="comment__badge">Author</strong>' in page

    def test_a_risky_staff_reply_is_recorded_but_never_held(self):
        self.answer(
            self.thread,
            user=self.moderator,
            body="Some days I want to die too, and calling 116 123 helped me.",
        )
        reply = Comment.objects.get(parent=self.thread)
        assert reply.status == "approved" and not reply.held_for_risk
        assert "suicide or self-harm" in reply.events.first().note

    def test_a_staff_user_with_no_role_on_the_article_may_not_reply(self):
        other_author = make_user(is_staff=True, first_name="Kim")
        author = make_author(name="Kim Lee")
        author.user = other_author
        author.save()
        make_article(title="Another article", authors=[author])
        response = self.answer(self.thread, user=other_author)
        assert response.status_code == 403
        assert not Comment.objects.filter(parent=self.thread).exists()

    def test_an_erased_comment_cannot_be_answered(self):
        self.pending.erase()
        response = self.answer(self.pending, user=self.moderator)
        self.assertContains(response, "erased")
        assert not Comment.objects.filter(parent=self.pending).exists()


class ErasureAndPurgeTests(NotificationTestCase):
    def test_erasing_a_comment_removes_its_writers_subscription(self):
        make_subscription(thread=self.thread, email="a@x.org")
        keep = make_subscription(thread=self.thread, email="other@x.org")
        reply = make_comment(article=self.article, parent=self.thread, email="r@x.org")
        make_subscription(thread=self.thread, email="r@x.org")
        link = reply.get_deletion_url(reply.issue_deletion_token())
        reply.save()
        self.client.post(link)
        self.thread.erase()
        assert list(ReplySubscription.objects.all()) == [keep]

    def test_purge_removes_old_and_unconfirmed_subscriptions(self):
        old = timezone.now() - timedelta(days=91)
        fresh = make_subscription(thread=self.thread, email="fresh@x.org")
        make_subscription(thread=self.thread, email="old@x.org", created_at=old)
        make_subscription(
            thread=self.thread,
            email="never@x.org",
            confirmed=False,
            created_at=timezone.now() - timedelta(days=8),
        )
        old_thread = make_comment(article=self.article, created_at=old)
        make_subscription(thread=old_thread, email="fresh@x.org")
        out = mock.Mock()
        call_command("purge_comment_data", stdout=out)
        assert list(ReplySubscription.objects.all()) == [fresh]
        printed = " ".join(str(c.args[0]) for c in out.write.call_args_list)
        assert "Deleted 3 subscription(s) to e-mails about replies" in printed


@override_settings(EMAIL_BACKEND="tests.test_comments_notifications.FailingBackend")
class MailFailureTests(NotificationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.subscription = make_subscription(thread=cls.thread, email="a@x.org")

    def test_a_failure_is_recorded_retried_and_shown_to_moderators(self):
        reply = self.reply()
        self.approve(reply)
        notification = ReplyNotification.objects.get()
        assert notification.status == "retrying" and notification.attempts == 1
        assert "SMTPServerDisconnected" in notification.last_error
        assert notification.send_after > timezone.now() + timedelta(minutes=4)

        self.client.force_login(make_moderator())
        page = self.client.get(reverse("admin:comments_replynotification_changelist"))
        self.assertContains(page, "Failed, will retry")
        self.assertContains(page, "Connection unexpectedly closed")
        assert "a@x.org" not in page.content.decode()

        later = timezone.now() + timedelta(minutes=6)
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            mock.patch("django.utils.timezone.now", return_value=later),
        ):
            call_command("send_reply_notifications", stdout=mock.Mock())
        notification.refresh_from_db()
        assert notification.status == "sent" and notification.attempts == 1
        assert len(mail.outbox) == 1 and f"#comment-{reply.pk}" in mail.outbox[0].body

    @override_settings(KITH_COMMENTS_NOTIFY_MAX_ATTEMPTS=2)
    def test_after_the_last_attempt_it_stays_failed_until_a_moderator_retries(self):
        self.approve(self.reply())
        later = timezone.now() + timedelta(hours=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            call_command("send_reply_notifications", stdout=mock.Mock())
        notification = ReplyNotification.objects.get()
        assert notification.status == "failed" and notification.attempts == 2

        self.client.force_login(make_moderator())
        changelist = reverse("admin:comments_replynotification_changelist")
        self.assertContains(self.client.get(changelist), "Failed, gave up")
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.client.post(
                changelist, {"action": "retry_selected", "_selected_action": [notification.pk]}
            )
        notification.refresh_from_db()
        assert notification.status == "sent"
        assert len(mail.outbox) == 1
