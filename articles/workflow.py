"""The editorial workflow of an article: draft → in review → published → archived.

The states and the one table of transitions between them: who may take each step, from which
states, and the words the admin shows for it. ``Article``'s transition methods (``publish``,
``mark_reviewed`` …) check against this table, and the admin builds its buttons, bulk actions
and messages from it; no form edits status.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

KEY_POINTS_MAX = 6
# "Due soon" in the admin: the list filter and the index count.
DUE_SOON_DAYS = 30
KEY_POINT_MAX_CHARS = 200


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


@dataclass(frozen=True)
class Transition:
    """One step of the workflow, as the model checks it and the admin offers it."""

    permission: str
    sources: tuple[ArticleStatus, ...]
    done: str  # past tense, for messages and the history's change reason (stored untranslated)
    label: str  # the admin's button
    explanation: str  # shown on the admin's confirmation page


TRANSITIONS: dict[str, Transition] = {
    "submit_for_review": Transition(
        permission="articles.submit_for_review",
        sources=(ArticleStatus.DRAFT, ArticleStatus.ARCHIVED),
        done=gettext_noop("submitted for review"),
        label=_("Submit for review"),
        explanation=_("The article goes to the clinical reviewers. Editors cannot publish it."),
    ),
    "mark_reviewed": Transition(
        permission="articles.review_article",
        sources=(ArticleStatus.IN_REVIEW, ArticleStatus.PUBLISHED),
        done=gettext_noop("marked reviewed"),
        label=_("Mark reviewed"),
        explanation=_(
            "Record a clinical review. This moves “Page last reviewed” and sets when "
            "the next review is due; the status does not change."
        ),
    ),
    "return_to_draft": Transition(
        permission="articles.review_article",
        sources=(ArticleStatus.IN_REVIEW,),
        done=gettext_noop("returned to draft"),
        label=_("Return to draft"),
        explanation=_("Send the article back to its editors for changes."),
    ),
    "publish": Transition(
        permission="articles.publish_article",
        sources=(ArticleStatus.IN_REVIEW,),
        done=gettext_noop("published"),
        label=_("Publish"),
        explanation=_(
            "Readers see the article from the time you choose (now if empty). "
            "Publishing needs a recorded clinical review."
        ),
    ),
    "archive": Transition(
        permission="articles.archive_article",
        sources=(ArticleStatus.PUBLISHED,),
        done=gettext_noop("archived"),
        label=_("Archive"),
        explanation=_("Readers no longer see the article; its address answers “not found”."),
    ),
}


def review_cycle() -> timedelta:
    return timedelta(days=settings.KITH_REVIEW_CYCLE_DAYS)
