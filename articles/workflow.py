"""The editorial workflow of an article: draft → in review → published → archived.

``EditorialArticle`` is the abstract base of ``Article``: the clinical-review and evidence
fields, and the only methods that change an article's status. Each method checks the actor's
permission, records who and when (in the row and in its history), and saves with
``update_fields``. The admin's actions and buttons call these methods; no form edits status.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone

if TYPE_CHECKING:
    from articles.review import ClinicalReviewer

KEY_POINTS_MAX = 6
# "Due soon" in the admin: the list filter and the index count.
DUE_SOON_DAYS = 30
KEY_POINT_MAX_CHARS = 200

# Transition name → (permission, statuses it starts from, past tense for messages and history).
TRANSITIONS: dict[str, tuple[str, tuple[str, ...], str]] = {
    "submit_for_review": (
        "articles.submit_for_review", ("draft", "archived"), "submitted for review"
    ),
    "mark_reviewed": ("articles.review_article", ("review", "published"), "marked reviewed"),
    "return_to_draft": ("articles.review_article", ("review",), "returned to draft"),
    "publish": ("articles.publish_article", ("review",), "published"),
    "archive": ("articles.archive_article", ("published",), "archived"),
}  # fmt: skip


def review_cycle() -> timedelta:
    return timedelta(days=settings.KITH_REVIEW_CYCLE_DAYS)


class EditorialArticle(models.Model):
    content_note = models.CharField(
        "content note",
        max_length=300,
        blank=True,
        help_text="Optional, shown before the article, e.g. “This article discusses suicide.”",
    )
    about_suicide = models.BooleanField(
        "about suicide or self-harm",
        default=False,
        help_text="Tick when the article is about suicide or self-harm: helplines are then "
        "shown at the top of the page as well as at the bottom.",
    )
    key_points = models.TextField(
        "key points",
        blank=True,
        max_length=KEY_POINTS_MAX * (KEY_POINT_MAX_CHARS + 2),
        help_text=f"Optional: up to {KEY_POINTS_MAX} short points, one per line, shown at the "
        "top of the article.",
    )
    reading_grade = models.DecimalField(
        "reading grade",
        max_digits=4,
        decimal_places=1,
        null=True,
        editable=False,
        help_text="Flesch–Kincaid grade of the question and body, computed on save.",
    )
    reviewed_by = models.ForeignKey(
        "articles.ClinicalReviewer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_articles",
        verbose_name="reviewed by",
        help_text="The clinician who last reviewed the article. Set by “Mark reviewed”.",
    )
    last_reviewed = models.DateField(
        "page last reviewed",
        null=True,
        blank=True,
        help_text="Moves only when a clinical review is recorded, never on a small edit.",
    )
    next_review_due = models.DateField(
        "next review due",
        null=True,
        blank=True,
        help_text="Defaults to the last review plus the review cycle.",
    )
    review_notes = models.TextField(
        "review notes",
        blank=True,
        max_length=2000,
        help_text="What the reviewer checked or asked to change. Not shown to readers.",
    )
    review_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="review recorded by",
    )
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="status changed by",
    )
    status_changed_at = models.DateTimeField("status changed", null=True, editable=False)

    class Meta:
        abstract = True

    # --- What the page shows ------------------------------------------------------------------

    @property
    def key_points_list(self) -> list[str]:
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

    @property
    def is_review_overdue(self) -> bool:
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())

    # --- The rule every path obeys ------------------------------------------------------------

    @property
    def has_recorded_review(self) -> bool:
        return self.reviewed_by_id is not None and self.last_reviewed is not None

    def check_review_for_status(self) -> None:
        """A published article has a recorded clinical review, whatever path published it.

        Called by ``clean()`` (the admin's forms, the seeder and the importer validate with
        ``full_clean``) and by ``save()``, so even code that skips validation cannot store a
        published article without one; the database's ``article_published_is_reviewed``
        constraint refuses the rest (``update()``, raw SQL, COPY).
        """
        if self.status == "published" and not self.has_recorded_review:
            raise ValidationError(
                "A published article needs a recorded clinical review (reviewed by and "
                "page last reviewed). Record one with “Mark reviewed”, or keep it in review.",
                code="review_required",
            )

    def fill_next_review_due(self) -> None:
        """The next review defaults to the last one plus the review cycle."""
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = self.last_reviewed + review_cycle()

    def clean(self) -> None:
        super().clean()
        self.fill_next_review_due()  # before the constraints, which ask for it when published
        self.check_review_for_status()

    def validate_constraints(self, exclude=None) -> None:
        # clean() has already said in words what article_published_is_reviewed would repeat as
        # "Constraint … is violated": leave that one constraint out (it is the only one that
        # names reviewed_by) rather than show the editor the same error twice.
        if self.status == "published" and not self.has_recorded_review:
            exclude = {*(exclude or ()), "reviewed_by"}
        super().validate_constraints(exclude=exclude)

    # --- Who may do what ----------------------------------------------------------------------

    def can(self, user, transition: str) -> bool:
        """Whether ``user`` may take ``transition`` now (permission and current status)."""
        permission, sources, _done = TRANSITIONS[transition]
        return user.has_perm(permission) and self.status in sources

    def available_transitions(self, user) -> list[str]:
        return [name for name in TRANSITIONS if self.can(user, name)]

    def _check(self, user, transition: str) -> None:
        permission, sources, _done = TRANSITIONS[transition]
        if user is None or not user.has_perm(permission):
            raise PermissionDenied(f"You may not {transition.replace('_', ' ')} articles.")
        if self.status not in sources:
            raise ValidationError(
                "A %(status)s article cannot be %(done)s.",
                code="invalid_transition",
                params={
                    "status": self.get_status_display().lower(),
                    "done": TRANSITIONS[transition][2],
                },
            )

    def _save_transition(self, by, transition: str, fields: list[str]) -> None:
        self._history_user = by  # simple-history records who, even outside a request.
        self._change_reason = TRANSITIONS[transition][2].capitalize()
        self.save(update_fields=[*fields, "updated_at"])

    def _set_status(self, by, status: str) -> list[str]:
        self.status = status
        self.status_changed_by = by
        self.status_changed_at = timezone.now()
        return ["status", "status_changed_by", "status_changed_at"]

    # --- Transitions --------------------------------------------------------------------------

    def submit_for_review(self, *, by) -> None:
        """An editor hands a draft (or an archived article to revive) to clinical review."""
        self._check(by, "submit_for_review")
        self._save_transition(by, "submit_for_review", self._set_status(by, "review"))

    def return_to_draft(self, *, by) -> None:
        """A reviewer sends an article back to its editors for changes."""
        self._check(by, "return_to_draft")
        self._save_transition(by, "return_to_draft", self._set_status(by, "draft"))

    def mark_reviewed(
        self,
        *,
        by,
        reviewer: ClinicalReviewer | None = None,
        notes: str = "",
        reviewed_on: date | None = None,
        next_due: date | None = None,
    ) -> None:
        """Record a clinical review: who reviewed, when, notes, and when the next one is due.

        ``reviewer`` defaults to the reviewer linked to ``by``'s account. Only this moves
        ``last_reviewed``; the status does not change.
        """
        self._check(by, "mark_reviewed")
        if reviewer is None:
            reviewer = getattr(by, "clinical_reviewer", None)
        if reviewer is None:
            raise ValidationError(
                "Choose the clinical reviewer: your account is not linked to one.",
                code="reviewer_required",
            )
        if not reviewer.is_active or not reviewer.credentials.strip():
            raise ValidationError(
                "%(reviewer)s cannot review: they need credentials and “may review” ticked.",
                code="reviewer_not_credentialed",
                params={"reviewer": reviewer.name},
            )
        today = timezone.localdate()
        reviewed_on = reviewed_on or today
        if reviewed_on > today:
            raise ValidationError("A review cannot be recorded ahead.", code="review_in_future")
        next_due = next_due or reviewed_on + review_cycle()
        if next_due <= reviewed_on:
            raise ValidationError(
                "The next review must be due after this one.", code="next_review_before_review"
            )
        self.reviewed_by = reviewer
        self.last_reviewed = reviewed_on
        self.next_review_due = next_due
        self.review_notes = notes.replace("\x00", "").strip()
        self.review_recorded_by = by
        fields = ["reviewed_by", "last_reviewed", "next_review_due", "review_notes"]
        self._save_transition(by, "mark_reviewed", [*fields, "review_recorded_by"])

    def publish(self, *, by, at: datetime | None = None) -> None:
        """Publish a reviewed article now, or at ``at`` (a future time schedules it)."""
        self._check(by, "publish")
        if not self.has_recorded_review:
            raise ValidationError(
                "Record a clinical review (“Mark reviewed”) before publishing.",
                code="review_required",
            )
        self.published_at = at or timezone.now()
        fields = self._set_status(by, "published")
        self._save_transition(by, "publish", [*fields, "published_at"])

    def archive(self, *, by) -> None:
        """Take a published article away from readers; its address answers 404 again."""
        self._check(by, "archive")
        self._save_transition(by, "archive", self._set_status(by, "archived"))

    # --- Addresses ----------------------------------------------------------------------------

    def redirect_old_slug(self, old_slug: str) -> None:
        """After a published article's slug changed, send its old address here for good (301).

        Called explicitly by the admin after saving. Links to the old address keep working;
        earlier redirects to it are pointed straight here, and one from the new address (the
        slug was changed back) is dropped, so there are no chains or loops.
        """
        from django.contrib.redirects.models import Redirect

        if old_slug == self.slug or self.status != "published":
            return
        old_path = self._meta.model(slug=old_slug).get_absolute_url()
        new_path = self.get_absolute_url()
        site_id = settings.SITE_ID
        Redirect.objects.filter(site_id=site_id, old_path=new_path).delete()
        Redirect.objects.filter(site_id=site_id, new_path=old_path).update(new_path=new_path)
        Redirect.objects.update_or_create(
            site_id=site_id, old_path=old_path, defaults={"new_path": new_path}
        )
