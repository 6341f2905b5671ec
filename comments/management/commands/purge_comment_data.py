"""Data retention: forget what Kith no longer needs to keep.

- e-mail addresses (and their keys) and client address hashes of comments older than
  KITH_COMMENTS_PERSONAL_DATA_RETENTION_DAYS, and the reporters' address hashes of old reports;
- rejected and spam comments older than KITH_COMMENTS_REJECTED_RETENTION_DAYS, deleted;
- subscriptions to e-mails about replies (with their addresses) older than the personal-data
  period, or never confirmed within KITH_COMMENTS_CONFIRM_LINK_DAYS, and those of the comments
  whose e-mail is removed now.

Run it daily (cron or a scheduler). It prints what it did; --dry-run only counts.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from comments.models import Comment, CommentReport, ReplySubscription


class Command(BaseCommand):
    help = "Removes old e-mails and address hashes, and deletes old rejected and spam comments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count only; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        now = timezone.now()
        personal_days = settings.KITH_COMMENTS_PERSONAL_DATA_RETENTION_DAYS
        rejected_days = settings.KITH_COMMENTS_REJECTED_RETENTION_DAYS
        personal_cutoff = now - timedelta(days=personal_days)
        rejected_cutoff = now - timedelta(days=rejected_days)

        with_personal = Comment.objects.filter(created_at__lt=personal_cutoff).filter(
            ~Q(email="") | ~Q(email_hash="") | ~Q(client_hash="")
        )
        # A report's only personal datum is its reporter's address key: old reports go whole.
        old_reports = CommentReport.objects.filter(created_at__lt=personal_cutoff)
        # Replies to a rejected comment cannot exist (replies need an approved parent), but a
        # once-approved comment may have been rejected later: keep those threads whole.
        old_rejected = Comment.objects.filter(
            created_at__lt=rejected_cutoff,
            status__in=[Comment.Status.REJECTED, Comment.Status.SPAM],
            replies__isnull=True,
        )
        # Their addresses go with the comments' own (same period), and an address that never
        # confirmed is forgotten once its link has expired. Deleted before the comments' keys
        # are blanked: a thread's subscription by the commenter is found by the key.
        unconfirmed_cutoff = now - timedelta(days=settings.KITH_COMMENTS_CONFIRM_LINK_DAYS)
        old_subscriptions = ReplySubscription.objects.filter(
            Q(created_at__lt=personal_cutoff)
            | Q(confirmed_at__isnull=True, created_at__lt=unconfirmed_cutoff)
            | Q(thread__created_at__lt=personal_cutoff)
        )
        removed, deleted_verb = ("Removed", "Deleted")
        if dry_run:
            removed, deleted_verb = ("Would remove", "Would delete")
        with transaction.atomic():
            if dry_run:
                personal, reports, deleted = (
                    with_personal.count(), old_reports.count(), old_rejected.count()
                )  # fmt: skip
                subscriptions = old_subscriptions.count()
            else:
                subscriptions = old_subscriptions.delete()[1].get(ReplySubscription._meta.label, 0)
                personal = with_personal.update(email="", email_hash="", client_hash="")
                reports = old_reports.delete()[1].get("comments.CommentReport", 0)
                # The cascade deletes their reports and audit events with them.
                deleted = old_rejected.delete()[1].get("comments.Comment", 0)
        self.stdout.write(
            f"{removed} e-mail addresses and address hashes from {personal} comment(s) "
            f"older than {personal_days} days."
        )
        self.stdout.write(
            f"{deleted_verb} {reports} reader report(s) older than {personal_days} days."
        )
        self.stdout.write(
            f"{deleted_verb} {subscriptions} subscription(s) to e-mails about replies "
            "(with their addresses)."
        )
        self.stdout.write(
            f"{deleted_verb} {deleted} rejected or spam comment(s) older than {rejected_days} days."
        )
