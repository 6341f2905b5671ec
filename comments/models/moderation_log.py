"""The audit log: every change of a comment's status or text, with who, when and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ModerationAction(models.TextChoices):
    POSTED = "posted", "Posted"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SPAM = "spam", "Marked as spam"
    REMOVED = "removed", "Removed"
    HELD = "held", "Sent back to the queue"
    REDACTED = "redacted", "Redacted"
    ERASED = "erased", "Erased by its writer"


class ModerationEvent(models.Model):
    """The audit log: who changed which comment, how, when and why."""

    Action = ModerationAction

    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.CASCADE, related_name="events", verbose_name="comment"
    )
    action = models.CharField("action", max_length=10, choices=Action.choices)
    from_status = models.CharField("from", max_length=10, blank=True)
    to_status = models.CharField("to", max_length=10, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="by",
        help_text="Empty when the system or the commenter acted.",
    )
    note = models.TextField("note", blank=True)
    created_at = models.DateTimeField("when", default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "moderation event"
        verbose_name_plural = "moderation log"
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ModerationAction.values), name="modevent_action_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · comment {self.comment_id}"
