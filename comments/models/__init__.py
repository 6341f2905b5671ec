"""Reader comments, their audit log, reader reports and the moderators' word lists."""

from __future__ import annotations

from comments.models.comment import (
    BODY_MAX_LENGTH,
    HOLD_REASON_LABELS,
    REPORTED,
    Comment,
    CommentErased,
    CommentQuerySet,
    CommentStatus,
)
from comments.models.moderation_log import ModerationAction, ModerationEvent
from comments.models.reports import CommentReport, ModeratedWord, ReportReason

__all__ = [
    "BODY_MAX_LENGTH",
    "HOLD_REASON_LABELS",
    "REPORTED",
    "Comment",
    "CommentErased",
    "CommentQuerySet",
    "CommentReport",
    "CommentStatus",
    "ModeratedWord",
    "ModerationAction",
    "ModerationEvent",
    "ReportReason",
]
