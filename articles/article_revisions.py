"""Revisions of published articles: an edit waits as a draft of the live article, as in
Wagtail, until a clinical reviewer publishes it.

Readers keep seeing the reviewed version (the ``Article`` row) while an editor's change is kept
as an ``ArticleRevision``: the proposed reviewed content (``articles.reviewed_content``) as
JSON, who wrote it and when, and what became of it. At most one revision per article is open
(a draft or submitted for review — a database constraint); saving again supersedes it with a
new row, so no editor's text is ever overwritten. ``publish`` (a clinical reviewer) applies it
and records the review; ``reject`` keeps the live article and says why; a minor correction by
an editor a reviewer trusted (``MinorEditGrant``) goes live at once and is recorded as a
published minor revision. Every change to a published article's content is therefore a row
here: the revision history.
"""

from __future__ import annotations

import copy
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from articles.review import Reference
from articles.reviewed_content import (
    REFERENCE_FIELDS,
    REFERENCES,
    REVIEWED_FIELDS,
    changed_fields,
    minor_edit_refusal,
    reference_row,
    reviewed_change,
)
from articles.workflow import ArticleStatus, review_cycle

if TYPE_CHECKING:
    from articles.models import Article

# Who may publish or reject a revision: a clinical reviewer who may also publish.
REVIEW_PERMISSIONS = ("articles.review_article", "articles.publish_article")


class RevisionState(models.TextChoices):
    # With a context: Spanish says “publicada” of a revision, “publicado” of an article.
    DRAFT = "draft", pgettext_lazy("revision state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("revision state", "Submitted for review")
    PUBLISHED = "published", pgettext_lazy("revision state", "Published")
    REJECTED = "rejected", pgettext_lazy("revision state", "Rejected")
    SUPERSEDED = "superseded", _("Replaced by a later revision")


OPEN_STATES = (RevisionState.DRAFT, RevisionState.SUBMITTED)


class ArticleRevisionQuerySet(models.QuerySet):
    def open(self) -> ArticleRevisionQuerySet:
        """Drafts and revisions submitted for review: not yet published or rejected."""
        return self.filter(state__in=OPEN_STATES)


class ArticleRevision(models.Model):
    State = RevisionState

    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("article"),
    )
    content = models.JSONField(
        _("proposed content"),
        help_text=_("The reviewed fields and references as the revision would publish them."),
    )
    changed = models.JSONField(
        _("changed fields"),
        default=list,
        help_text=_("Which fields differed from the live article when the revision was saved."),
    )
    source = models.CharField(
        _("made by"),
        max_length=20,
        default="admin",
        help_text=_("Where the change came from: the admin, an import or the demo seed."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.DRAFT, db_index=True
    )
    minor = models.BooleanField(
        _("minor correction"),
        default=False,
        help_text=_("Published at once by an editor a reviewer allowed to fix typos."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published or rejected by"),
    )
    decided_at = models.DateTimeField(_("published or rejected"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "articles.ClinicalReviewer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
        help_text=_("The clinician whose review published the revision."),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        max_length=2000,
        help_text=_("Why it was rejected, or what the reviewer checked."),
    )

    objects = ArticleRevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("revision of a published article")
        verbose_name_plural = _("revisions of published articles")
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(state__in=OPEN_STATES),
                name="one_open_revision_per_article",
            ),
            models.CheckConstraint(
                condition=Q(state__in=RevisionState.values), name="revision_state_valid"
            ),
            # Published means reviewed (or a permitted minor correction), with who and when.
            models.CheckConstraint(
                condition=~Q(state=RevisionState.PUBLISHED)
                | (Q(decided_at__isnull=False) & (Q(minor=True) | Q(reviewed_by__isnull=False))),
                name="published_revision_is_reviewed",
            ),
        ]

    def __str__(self) -> str:
        return f"Revision {self.pk} of “{self.content.get('title', '')}”"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def changes_against_live(self) -> list[str]:
        return changed_fields(live_content(self.article), self.content)

    # --- Transitions ------------------------------------------------------------------------

    def submit(self, *, by) -> None:
        """An editor hands a draft revision to the clinical reviewers."""
        if not by.has_perm("articles.submit_for_review"):
            raise PermissionDenied(gettext("You may not submit revisions for review."))
        if self.state != RevisionState.DRAFT:
            raise ValidationError(_("Only a draft revision can be submitted."), code="not_draft")
        self.state = RevisionState.SUBMITTED
        self.save(update_fields=["state"])

    def reject(self, *, by, note: str) -> None:
        """A reviewer declines the revision: readers keep the live article; the note says why."""
        _check_reviewer(by)
        self._check_open()
        note = note.replace("\x00", "").strip()
        if not note:
            raise ValidationError(_("Say why, so the editor can act on it."), code="note_required")
        self.state, self.note = RevisionState.REJECTED, note
        self.decided_by, self.decided_at = by, timezone.now()
        self.save(update_fields=["state", "note", "decided_by", "decided_at"])

    def publish(self, *, by, note: str = "", significant: bool = True) -> None:
        """A clinical reviewer publishes the revision: readers see it at once, under a review
        recorded today in their name (``reviewed_by``, ``last_reviewed``, next review due).

        ``significant`` also moves the “Updated” date readers see.
        """
        _check_reviewer(by)
        self._check_open()
        reviewer = getattr(by, "clinical_reviewer", None)
        if reviewer is None or not reviewer.is_active or not reviewer.credentials.strip():
            raise ValidationError(
                _(
                    "Only a clinical reviewer with credentials can publish a revision: link your "
                    "account to one under “Clinical reviewers”."
                ),
                code="reviewer_required",
            )
        with transaction.atomic():
            article = _locked(self.article)
            if article.status != ArticleStatus.PUBLISHED:
                raise ValidationError(
                    _("The article is no longer published: edit it directly instead."),
                    code="article_not_published",
                )
            today = timezone.localdate()
            article.reviewed_by, article.last_reviewed = reviewer, today
            article.next_review_due = today + review_cycle()
            article.review_recorded_by = by
            if significant:
                article.content_updated_at = timezone.now()
            _apply(article, self.content, by=by, reason=f"Published revision {self.pk}")
            self.state, self.note = RevisionState.PUBLISHED, note.replace("\x00", "").strip()
            self.decided_by, self.decided_at, self.reviewed_by = by, timezone.now(), reviewer
            self.save(update_fields=["state", "note", "decided_by", "decided_at", "reviewed_by"])
        self.article = article

    def _check_open(self) -> None:
        if not self.is_open:
            raise ValidationError(
                _("This revision was already %(state)s."),
                code="revision_closed",
                params={"state": self.get_state_display().lower()},
            )


class MinorEditGrant(models.Model):
    """A clinical reviewer trusts an editor to publish minor corrections (typos) directly."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="minor_edit_grant",
        verbose_name=_("editor"),
        help_text=_("The editor who may publish typo fixes to reviewed articles without review."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("granted by"),
        editable=False,
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("Optional: why, or for how long.")
    )

    class Meta:
        ordering = ["-granted_at"]
        verbose_name = _("minor-correction permission")
        verbose_name_plural = _("minor-correction permissions")

    def __str__(self) -> str:
        return f"{self.user} may publish minor corrections"

    def save(self, *args, **kwargs) -> None:
        if not self.granted_by.has_perm("articles.review_article"):
            raise PermissionDenied(gettext("Only clinical reviewers may grant minor corrections."))
        super().save(*args, **kwargs)


# --- Reading and writing the reviewed content -------------------------------------------------


def live_content(article: Article) -> dict[str, Any]:
    """The reviewed content readers see now, in the form a revision stores (one query)."""
    content: dict[str, Any] = {name: getattr(article, name) for name in REVIEWED_FIELDS}
    rows = article.references.order_by("order", "pk").values(*REFERENCE_FIELDS)
    content[REFERENCES] = [reference_row(row) for row in rows]
    return content


def may_publish_minor_edits(user) -> bool:
    if not user.is_active:
        return False
    return user.is_superuser or MinorEditGrant.objects.filter(user=user).exists()


def propose_revision(
    article: Article, proposed: dict[str, Any], *, by=None, source: str = "admin",
    submit: bool = False,
) -> ArticleRevision | None:  # fmt: skip
    """Keep ``proposed`` reviewed content as the article's open revision; readers see no change.

    ``proposed`` may name only some fields: the rest come from the open revision, else the live
    article. Returns the open revision (unchanged when it already says the same), or None when
    the proposal equals the live article (an open revision is then withdrawn, as superseded).
    A new revision replaces the open one, which is kept as superseded, never overwritten.
    """
    with transaction.atomic():
        article = _locked(article)
        live = live_content(article)
        current = article.revisions.open().first()
        content = {**live, **(current.content if current else {}), **proposed}
        changed = changed_fields(live, content)
        if current is not None and current.content == content:
            return current
        state = RevisionState.SUBMITTED if submit else RevisionState.DRAFT
        if current is not None:
            if current.state == RevisionState.SUBMITTED:
                state = RevisionState.SUBMITTED  # still waiting for the reviewers
            current.state = RevisionState.SUPERSEDED
            current.save(update_fields=["state"])
        if not changed:
            return None
        _validate(article, content)
        return ArticleRevision.objects.create(
            article=article, content=content, changed=changed, source=source, created_by=by,
            state=state,
        )  # fmt: skip


def publish_minor_edit(article: Article, proposed: dict[str, Any], *, by) -> ArticleRevision:
    """An editor trusted with minor corrections publishes a typo fix at once.

    Refused (``ValidationError`` saying why) unless the change is minor by
    ``minor_edit_refusal``; the review date does not move (a small edit is not a review).
    """
    if not may_publish_minor_edits(by):
        raise PermissionDenied(
            gettext("A clinical reviewer has not allowed you to publish corrections.")
        )
    with transaction.atomic():
        article = _locked(article)
        live = live_content(article)
        content = {**live, **proposed}
        refusal = minor_edit_refusal(live, content)
        if refusal:
            raise ValidationError(
                _("Not a minor correction: %(why)s."), code="not_minor", params={"why": refusal}
            )
        changed = changed_fields(live, content)
        _apply(article, content, by=by, reason=f"Minor correction ({', '.join(changed)})")
        return ArticleRevision.objects.create(
            article=article, content=content, changed=changed, created_by=by,
            state=RevisionState.PUBLISHED, minor=True, decided_by=by, decided_at=timezone.now(),
        )  # fmt: skip


def _apply(article: Article, content: dict[str, Any], *, by, reason: str) -> None:
    """Make ``content`` the live article (row and references) — the one writer of reviewed
    content on a published article. The save tells the page cache (``articles.invalidation``)."""
    for name in REVIEWED_FIELDS:
        if name in content:
            setattr(article, name, content[name])
    article.full_clean(exclude=["body_html", "body_text", "reading_time", "reading_grade"])
    references = content.get(REFERENCES)
    if references == live_content(article)[REFERENCES]:
        references = None
    rows = [] if references is None else _reference_rows(article, references)
    with reviewed_change():
        if references is not None:
            article.references.all().delete()
            Reference.objects.bulk_create(rows)
        article._history_user = by
        article._change_reason = reason[:100]
        article.save()


def _validate(article: Article, content: dict[str, Any]) -> None:
    """Refuse now, in the editor's or importer's words, what publishing would refuse later."""
    candidate = copy.copy(article)
    for name in REVIEWED_FIELDS:
        setattr(candidate, name, content[name])
    candidate.full_clean(exclude=["body_html", "body_text", "reading_time", "reading_grade"])
    if content.get(REFERENCES):
        _reference_rows(article, content[REFERENCES])


def _reference_rows(article: Article, references: list[dict[str, Any]]) -> list[Reference]:
    rows = []
    for number, values in enumerate(references, start=1):
        accessed = values.get("accessed")
        row = Reference(
            article=article,
            **{**values, "accessed": date.fromisoformat(accessed) if accessed else None},
        )
        try:
            row.full_clean(exclude=["article"])
        except ValidationError as exc:
            raise ValidationError(
                _("Reference %(number)s: %(errors)s"),
                code="invalid_reference",
                params={"number": number, "errors": " ".join(exc.messages)},
            ) from exc
        rows.append(row)
    return rows


def _locked(article: Article) -> Article:
    """The article's current row, locked until the transaction ends (PostgreSQL)."""
    return type(article).objects.select_for_update().get(pk=article.pk)


def _check_reviewer(user) -> None:
    if user is None or not all(user.has_perm(perm) for perm in REVIEW_PERMISSIONS):
        raise PermissionDenied(gettext("Only clinical reviewers may publish or reject revisions."))
