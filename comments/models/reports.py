"""What readers and moderators feed into moderation: reports and the word lists."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReportReason(models.TextChoices):
    RISK = "risk", "Someone may be at risk"
    PERSONAL = "personal", "It shares someone's personal details"
    ABUSE = "abuse", "It is abusive or hurtful"
    MISINFORMATION = "misinformation", "It gives harmful or false health advice"
    SPAM = "spam", "It is spam or advertising"


# The reasons as moderators read them in a list: "2 reports: spam, harmful or false health advice".
REPORT_REASON_SHORT_LABELS: dict[str, str] = {
    ReportReason.RISK: "someone may be at risk",
    ReportReason.PERSONAL: "personal details",
    ReportReason.ABUSE: "abusive or hurtful",
    ReportReason.MISINFORMATION: "harmful or false health advice",
    ReportReason.SPAM: "spam",
}


def summarise_reports(counts: dict[str, int]) -> str:
    """``{reason: count}`` as moderators read it, most frequent reason first:
    "3 reports: spam (2), abusive or hurtful"; "" when there are none."""
    counts = {reason: n for reason, n in counts.items() if n}
    total = sum(counts.values())
    if not total:
        return ""
    order = list(ReportReason.values)
    reasons = sorted(counts, key=lambda r: (-counts[r], order.index(r) if r in order else 99))
    labels = [
        REPORT_REASON_SHORT_LABELS.get(r, r) + (f" ({counts[r]})" if counts[r] > 1 else "")
        for r in reasons
    ]
    return f"{total} report{'s' if total != 1 else ''}: {', '.join(labels)}"


class CommentReport(models.Model):
    """A reader's report of an approved comment."""

    comment = models.ForeignKey(
        "comments.Comment", on_delete=models.CASCADE, related_name="reports", verbose_name="comment"
    )
    reason = models.CharField("reason", max_length=20, choices=ReportReason.choices)
    reporter_hash = models.CharField(
        "reporter key",
        max_length=64,
        editable=False,
        help_text="Keyed hash of the reporter's address: one report per reader and comment.",
    )
    created_at = models.DateTimeField("reported", default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "report"
        verbose_name_plural = "reports"
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_hash"], name="one_report_per_reader"
            ),
            models.CheckConstraint(
                condition=Q(reason__in=ReportReason.values), name="report_reason_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} · comment {self.comment_id}"


class ModeratedWord(models.Model):
    """A word or phrase that holds a comment for moderation or sends it straight to spam."""

    class Kind(models.TextChoices):
        HOLD = "hold", "Hold for moderation"
        DISALLOW = "disallow", "Disallowed: straight to spam"

    word = models.CharField(
        "word or phrase",
        max_length=100,
        help_text="Matched as a whole word, ignoring case, in the title and the body.",
    )
    kind = models.CharField("what it does", max_length=10, choices=Kind.choices, default=Kind.HOLD)
    note = models.CharField(
        "note", max_length=200, blank=True, help_text="Why it is on the list, for other moderators."
    )

    class Meta:
        ordering = ["kind", "word"]
        verbose_name = "moderated word"
        verbose_name_plural = "moderated words"
        constraints = [
            models.UniqueConstraint(fields=["word", "kind"], name="unique_moderated_word"),
            models.CheckConstraint(condition=Q(kind__in=["hold", "disallow"]), name="word_kind"),
            models.CheckConstraint(condition=~Q(word=""), name="moderated_word_not_empty"),
        ]

    def __str__(self) -> str:
        return self.word
