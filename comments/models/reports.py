"""What readers and moderators feed into moderation: reports and the word lists."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class ReportReason(models.TextChoices):
    RISK = "risk", _("Someone may be at risk")
    PERSONAL = "personal", _("It shares someone's personal details")
    ABUSE = "abuse", _("It is abusive or hurtful")
    MISINFORMATION = "misinformation", _("It gives harmful or false health advice")
    SPAM = "spam", _("It is spam or advertising")


# The reasons as moderators read them in a list: "2 reports: spam, harmful or false health advice".
REPORT_REASON_SHORT_LABELS: dict[str, str] = {
    ReportReason.RISK: _("someone may be at risk"),
    ReportReason.PERSONAL: _("personal details"),
    ReportReason.ABUSE: _("abusive or hurtful"),
    ReportReason.MISINFORMATION: _("harmful or false health advice"),
    ReportReason.SPAM: _("spam"),
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
        str(REPORT_REASON_SHORT_LABELS.get(r, r)) + (f" ({counts[r]})" if counts[r] > 1 else "")
        for r in reasons
    ]
    said = ngettext("%(count)d report: %(reasons)s", "%(count)d reports: %(reasons)s", total)
    return said % {"count": total, "reasons": ", ".join(labels)}


class CommentReport(models.Model):
    """A reader's report of an approved comment."""

    comment = models.ForeignKey(
        "comments.Comment",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("comment"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    reporter_hash = models.CharField(
        _("reporter key"),
        max_length=64,
        editable=False,
        help_text=_("Keyed hash of the reporter's address: one report per reader and comment."),
    )
    created_at = models.DateTimeField(_("reported"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
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
        HOLD = "hold", _("Hold for moderation")
        DISALLOW = "disallow", _("Disallowed: straight to spam")

    word = models.CharField(
        _("word or phrase"),
        max_length=100,
        help_text=_("Matched as a whole word, ignoring case, in the title and the body."),
    )
    kind = models.CharField(
        _("what it does"), max_length=10, choices=Kind.choices, default=Kind.HOLD
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Why it is on the list, for other moderators."),
    )

    class Meta:
        ordering = ["kind", "word"]
        verbose_name = _("moderated word")
        verbose_name_plural = _("moderated words")
        constraints = [
            models.UniqueConstraint(fields=["word", "kind"], name="unique_moderated_word"),
            models.CheckConstraint(condition=Q(kind__in=["hold", "disallow"]), name="word_kind"),
            models.CheckConstraint(condition=~Q(word=""), name="moderated_word_not_empty"),
        ]

    def __str__(self) -> str:
        return self.word
