"""The audit log: every change of a comment's status or text, with who, when and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ModerationAction(models.TextChoices):
    POSTED = "posted", _("Posted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Marked as spam")
    REMOVED = "removed", _("Removed")
    HELD = "held", _("Sent back to the queue")
    REDACTED = "redacted", _("Redacted")
    ERASED = "erased", _("Erased by its writer")


class ModerationEvent(models.Model):
    """The audit log: who changed which comment, how, when and why."""

    Action = ModerationAction

    comment = models.ForeignKey(
        "comments.Comment",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("comment"),
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
        help_text=_("Empty when the system or the commenter acted."),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("moderation event")
        verbose_name_plural = _("moderation log")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ModerationAction.values), name="modevent_action_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · comment {self.comment_id}"
