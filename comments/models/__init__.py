"""Reader comments, their audit log, reader reports and the moderators' word lists."""

from __future__ import annotations

from comments.models.comment import (
    BODY_MAX_LENGTH,
    HOLD_REASON_LABELS,
    MODERATION_ORDER,
    REPORTED,
    Comment,
    CommentErased,
    CommentQuerySet,
    CommentStatus,
    StaffBadge,
)
from comments.models.moderation_log import ModerationAction, ModerationEvent
from comments.models.reports import (
    REPORT_REASON_SHORT_LABELS,
    CommentReport,
    ModeratedWord,
    ReportReason,
    summarise_reports,
)
from comments.models.subscriptions import (
    NotificationKind,
    NotificationStatus,
    ReplyNotification,
    ReplySubscription,
)
from comments.models.tally import CommentTally

__all__ = [
    "BODY_MAX_LENGTH",
    "HOLD_REASON_LABELS",
    "MODERATION_ORDER",
    "REPORTED",
    "REPORT_REASON_SHORT_LABELS",
    "Comment",
    "CommentErased",
    "CommentQuerySet",
    "CommentReport",
    "CommentStatus",
    "CommentTally",
    "ModeratedWord",
    "ModerationAction",
    "ModerationEvent",
    "NotificationKind",
    "NotificationStatus",
    "ReplyNotification",
    "ReplySubscription",
    "ReportReason",
    "StaffBadge",
    "summarise_reports",
]
