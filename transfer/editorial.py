"""The clinical review an import carries, as the article's field values and its reviewer.

Kept apart from ``writer`` (articles, authors, topics) because these are the workflow's fields:
an import sets them directly, as the file has them — moving existing content is not a new
review, so nothing here calls ``Article.mark_reviewed`` or ``publish`` (see ``kith_format``).
The references are written with the article's other relations (``articles.article_writer``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from articles.article_writer import validation_details
from articles.models import ClinicalReviewer
from articles.workflow import review_cycle
from transfer.records import ArticleRecord, ParseError, ReviewerRecord
from transfer.report import FileChanges


def review_values(record: ArticleRecord, changes: FileChanges) -> dict[str, Any]:
    """The Article field values of the clinical review, or none when the source has no say."""
    if not record.editorial:
        return {}
    values: dict[str, Any] = {
        "reviewed_by": find_reviewer(record.reviewer, changes) if record.reviewer else None
    }
    last = record.fields.get("last_reviewed")
    if last is not None and record.fields.get("next_review_due") is None:
        # What Article.save() would fill in; set here so that a re-import compares equal.
        values["next_review_due"] = last + review_cycle()
    return values


def find_reviewer(record: ReviewerRecord, changes: FileChanges) -> ClinicalReviewer:
    """The reviewer with this name and these credentials (any case), created when missing.

    Name and credentials together: the credentials are what readers are shown, so a reviewer
    listed with other credentials is a different “Reviewed by” line. A created reviewer may
    review (the default) and has no admin account; an administrator links one if needed.
    """
    reviewer = (
        ClinicalReviewer.objects.filter(
            name__iexact=record.name, credentials__iexact=record.credentials
        )
        .order_by("pk")
        .first()
    )
    if reviewer is not None:
        changes.mark("reviewers", reviewer.pk, "unchanged")
        return reviewer
    reviewer = ClinicalReviewer(name=record.name, credentials=record.credentials)
    _validate(reviewer, f"reviewed_by {record.name[:60]!r}")
    reviewer.save()
    changes.mark("reviewers", reviewer.pk, "created")
    return reviewer


def _validate(obj: ClinicalReviewer, what: str) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        raise ParseError(f"{what}: {validation_details(exc)}") from None
