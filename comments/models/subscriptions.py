"""E-mail when someone replies: a reader's subscription to one conversation, and the outbox.

A ``ReplySubscription`` is one address following one thread (a top-level comment). The address
is kept as entered only while the subscription exists: unsubscribing deletes the row, and
``purge_comment_data`` deletes it after the personal-data retention period. Lookups use the
keyed hash, as comments do with ``email_hash``.

A ``ReplyNotification`` is one e-mail to send (a confirmation link, or news of replies), with
its attempts and last error, so that a failing mail server loses nothing silently and the
moderators see what is waiting or failed (comments/admin.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comments.models.comment import Comment

# Only these statuses may still be sent.
UNSENT = ("waiting", "retrying")


class ReplySubscriptionQuerySet(models.QuerySet):
    def confirmed(self) -> ReplySubscriptionQuerySet:
        return self.filter(confirmed_at__isnull=False)

    def for_reply(self, reply: Comment) -> ReplySubscriptionQuerySet:
        """Who hears of ``reply``: confirmed subscribers of its thread, never its own writer."""
        subscribers = self.confirmed().filter(thread_id=reply.parent_id)
        if reply.email_hash:
            subscribers = subscribers.exclude(email_hash=reply.email_hash)
        return subscribers


class ReplySubscription(models.Model):
    thread = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        related_name="reply_subscriptions",
        verbose_name=_("conversation"),
        help_text=_("The top-level comment whose approved replies are notified."),
    )
    email = models.EmailField(
        _("e-mail"),
        help_text=_("Where the notifications go. Never shown; deleted with the subscription."),
    )
    email_hash = models.CharField(
        _("e-mail key"),
        max_length=64,
        db_index=True,
        editable=False,
        help_text=_("Keyed hash of the e-mail, for lookups (as on comments)."),
    )
    created_at = models.DateTimeField(_("asked for"), default=timezone.now)
    confirmed_at = models.DateTimeField(
        _("confirmed"),
        null=True,
        blank=True,
        help_text=_("When the reader confirmed by the e-mailed link; nothing is sent before."),
    )
    last_sent_at = models.DateTimeField(
        _("last e-mail sent"),
        null=True,
        blank=True,
        help_text=_("At most one e-mail per conversation per hour is sent after this moment."),
    )

    objects = ReplySubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        verbose_name = _("reply subscription")
        verbose_name_plural = _("reply subscriptions")
        constraints = [
            models.UniqueConstraint(
                fields=["thread", "email_hash"], name="reply_subscription_once_per_thread"
            ),
        ]

    def __str__(self) -> str:
        return f"Replies to comment {self.thread_id}"

    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def confirm(self) -> None:
        if self.confirmed_at is None:
            self.confirmed_at = timezone.now()
            self.save(update_fields=["confirmed_at"])

    def next_send_at(self) -> datetime:
        """The earliest moment another e-mail about this thread may go (one per interval)."""
        now = timezone.now()
        if self.last_sent_at is None:
            return now
        interval = timedelta(seconds=settings.KITH_COMMENTS_NOTIFY_INTERVAL_SECONDS)
        return max(now, self.last_sent_at + interval)


class NotificationKind(models.TextChoices):
    CONFIRMATION = "confirmation", _("Confirmation link")
    REPLIES = "replies", _("New replies")


class NotificationStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    RETRYING = "retrying", _("Failed, will retry")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed, gave up")
    CANCELLED = "cancelled", _("Nothing left to send")


class ReplyNotificationQuerySet(models.QuerySet):
    def unsent(self) -> ReplyNotificationQuerySet:
        return self.filter(status__in=UNSENT)

    def due(self) -> ReplyNotificationQuerySet:
        return self.unsent().filter(send_after__lte=timezone.now())


class ReplyNotification(models.Model):
    Kind = NotificationKind
    Status = NotificationStatus

    subscription = models.ForeignKey(
        ReplySubscription,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("subscription"),
        help_text=_("Whom it is for; unsubscribing deletes what was still waiting."),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NotificationKind.choices)
    replies = models.ManyToManyField(
        Comment,
        blank=True,
        related_name="+",
        verbose_name=_("replies"),
        help_text=_("The approved replies it tells of; replies approved within the hour join it."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NotificationStatus.choices,
        default=NotificationStatus.WAITING,
        db_index=True,
    )
    send_after = models.DateTimeField(
        _("send after"), default=timezone.now, help_text=_("Not sent before this moment.")
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(
        _("last error"),
        blank=True,
        help_text=_("What the mail server said the last time it failed."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = ReplyNotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reply notification")
        verbose_name_plural = _("reply notifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=NotificationStatus.values),
                name="reply_notification_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values),
                name="reply_notification_kind_valid",
            ),
            # The hourly batch: a thread's subscriber has at most one unsent news e-mail;
            # replies approved meanwhile join it.
            models.UniqueConstraint(
                fields=["subscription"],
                condition=Q(kind="replies", status__in=UNSENT),
                name="reply_notification_one_unsent_batch",
            ),
        ]
        indexes = [models.Index(fields=["status", "send_after"], name="reply_notification_due_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"

    def mark_sent(self) -> None:
        self.status, self.sent_at, self.last_error = NotificationStatus.SENT, timezone.now(), ""
        self.save(update_fields=["status", "sent_at", "last_error"])

    def cancel(self) -> None:
        self.status = NotificationStatus.CANCELLED
        self.save(update_fields=["status"])

    def record_failure(self, error: str) -> None:
        """One more failed attempt: retried later with a growing wait, up to the maximum."""
        self.attempts += 1
        self.last_error = error[:2000]
        if self.attempts >= settings.KITH_COMMENTS_NOTIFY_MAX_ATTEMPTS:
            self.status = NotificationStatus.FAILED
        else:
            self.status = NotificationStatus.RETRYING
            self.send_after = timezone.now() + retry_delay(self.attempts)
        self.save(update_fields=["attempts", "last_error", "status", "send_after"])

    def retry_now(self) -> None:
        """A moderator asks for one more try of a failed e-mail."""
        self.status, self.send_after = NotificationStatus.RETRYING, timezone.now()
        self.save(update_fields=["status", "send_after"])


def retry_delay(attempts: int) -> timedelta:
    """5 minutes after the first failure, then 15, 45, 135 …"""
    return timedelta(minutes=5 * 3 ** (attempts - 1))
