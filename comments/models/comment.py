"""A reader comment: its states, the queries that select it and the methods that change it.

Every change of a comment's status goes through a method on ``Comment`` (``approve``,
``reject``, ``mark_spam``, ``remove``, ``hold``, ``redact``, ``erase``): each sets the audit
fields, saves only what changed and writes a ``ModerationEvent``. Admin actions, views and
commands call these methods; nothing else assigns ``status``.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.db import connections, models, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments import cards
from comments.classify import HoldReason
from comments.models.keyset import Position
from comments.models.moderation_log import ModerationEvent
from comments.models.reports import CommentReport, ReportReason, summarise_reports
from kith.markup import render_comment

BODY_MAX_LENGTH = 5000
REPORTED = "reported"  # a hold reason the classifier never gives: readers reported the comment
HOLD_REASON_LABELS: dict[str, str] = {
    **dict(HoldReason.choices),
    REPORTED: _("Reported by readers"),
}


class CommentErased(Exception):
    """A status change was asked of a comment its writer erased: erased is final."""

    message = _("Its writer erased this comment; an erased comment cannot be moderated again.")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    SPAM = "spam", _("Spam")
    REMOVED = "removed", _("Removed")


class StaffBadge(models.TextChoices):
    NONE = "", _("None")
    TEAM = "team", _("Kith team")
    AUTHOR = "author", _("Author")


# What a comment's card on the article page shows (templates/comments/includes/comment.html),
# and what the page needs to place it: nothing about the writer beyond their display name.
CARD_FIELDS = (
    "parent_id", "title", "name", "body_html", "status", "created_at", "published_at",
    "edited_by_moderator", "staff_badge", "card_html", "card_version",
)  # fmt: skip


# The moderators' queue order: urgent first, then pending oldest first, then every other
# comment newest first; the primary key makes it total. It is also the key of the index
# comment_moderation_order_idx, because PostgreSQL reads a page off an expression index only
# when the ORDER BY repeats its expressions exactly: ``in_moderation()`` and the admin's list
# both order by this, so the two can never drift apart. (Keywords in the order the migration
# writes them, or makemigrations sees a change.)
MODERATION_ORDER = (
    Case(
        When(held_for_risk=True, status=CommentStatus.PENDING, then=Value(0)),
        When(status=CommentStatus.PENDING, then=Value(1)),
        default=Value(2),
    ),
    Case(When(status=CommentStatus.PENDING, then=F("created_at"))),
    F("created_at").desc(),
    F("id").desc(),
)


class CommentQuerySet(models.QuerySet):
    def approved(self) -> CommentQuerySet:
        """The only definition of “readers may see this comment”."""
        return self.filter(status=CommentStatus.APPROVED)

    def pending(self) -> CommentQuerySet:
        return self.filter(status=CommentStatus.PENDING)

    def in_moderation(self) -> CommentQuerySet:
        """The moderators' queue: pending comments, risk first, then oldest first."""
        return self.pending().select_related("article").order_by(*MODERATION_ORDER)

    def with_hold_reason(self, reason: str) -> CommentQuerySet:
        # Reasons are stored comma-separated; no reason's value is part of another's.
        return self.filter(hold_reasons__contains=reason)

    def reported(self) -> CommentQuerySet:
        """Comments readers reported, from the first report on, whether or not the reports
        reached the threshold that hides them (the moderators' "Reported by readers")."""
        reports = CommentReport.objects.filter(comment=OuterRef("pk"))
        return self.filter(Exists(reports) | Q(hold_reasons__contains=REPORTED))

    def with_report_counts(self) -> CommentQuerySet:
        """Each comment's ``report_count`` and ``reports_<reason>``, for ``report_summary``.

        Correlated subqueries, not a JOIN with GROUP BY: they are read only for the rows
        returned, so a page of the moderators' list is still read off its index, whereas a
        GROUP BY counts the reports of every comment before the first row comes out.
        """
        per_reason = {f"reports_{r}": _report_count(r) for r in ReportReason.values}
        return self.annotate(**per_reason, report_count=_report_count())

    def for_article_page(self, article: Article) -> CommentQuerySet:
        """Top-level threads shown under an article, oldest first.

        A top-level comment its writer erased stays as a tombstone while it has approved
        replies, so those replies keep their place. Threads are ordered by the time they were
        first published, so page N keeps its comments when newer ones are approved.
        """
        return (
            self.filter(article=article, parent__isnull=True)
            .filter(visible_thread())
            .order_by("published_at", "pk")
        )

    def threads(
        self,
        article: Article,
        *,
        start: int = 0,
        stop: int,
        after: Position | None = None,
        before: Position | None = None,
    ) -> list[Comment]:
        """Threads ``start:stop`` of ``article`` with ``approved_replies`` set, in ONE query;
        counted from just ``after`` or just ``before`` a position when one is given (keyset
        pagination, see ``keyset.py``: no page is slower than the first)."""
        columns = ["id", *CARD_FIELDS]
        sql, params = self._threads_sql(article, columns, start, stop, after, before)
        return _grouped(list(self.model.objects.raw(sql, params)))

    def shown_threads(
        self,
        article: Article,
        *,
        closed: bool,
        start: int = 0,
        stop: int,
        after: Position | None = None,
        before: Position | None = None,
    ) -> list[cards.ShownComment]:
        """The same threads as ``threads()``, as the article page shows them: each comment's
        card in the reader's language (``cards.ShownComment``).

        Reads only the stored card and what places it, not model instances (building 50 of
        those took longer than the query). A comment whose stored card is not current (a
        tombstone, a row written without a card, a reader in another language) is read whole
        in one more query and rendered now.
        """
        columns = ["id", "parent_id", "published_at", "status", "card_version", "card_html"]
        sql, params = self._threads_sql(article, columns, start, stop, after, before)
        database = connections[self.db]
        with database.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        language = translation.get_language() or settings.LANGUAGE_CODE
        version = cards.card_version(language)
        approved = CommentStatus.APPROVED
        stale = [row[0] for row in rows if row[3] != approved or row[4] != version or not row[5]]
        whole = {}
        if stale:
            whole = {c.pk: c for c in self.model.objects.filter(pk__in=stale).only(*CARD_FIELDS)}
        column = self.model._meta.get_field("published_at").get_col(self.model._meta.db_table)
        converters = [*database.ops.get_db_converters(column), *column.get_db_converters(database)]
        shown = []
        for pk, parent_id, published_at, _status, _version, html in rows:
            if published_at is not None:  # as the ORM converts it (a thread's ``Position``)
                for converter in converters:
                    published_at = converter(published_at, column, database)
            if pk in whole:
                html = cards.render_card(whole[pk], language=language)
            if closed:
                html = cards.without_reply_link(html)
            # Rendered by the one card template (autoescaped), with the body sanitised on write.
            shown.append(cards.ShownComment(pk, parent_id, published_at, mark_safe(html)))
        return _grouped(shown)

    def _threads_sql(
        self,
        article: Article,
        columns: list[str],
        start: int,
        stop: int,
        after: Position | None,
        before: Position | None,
    ) -> tuple[str, list]:
        """The query of ``threads()``: the page's threads and their approved replies, ordered
        by ``(published_at, id)``.

        A UNION rather than ``pk IN (…) OR parent IN (…)``: PostgreSQL cannot use an index
        for either side of that OR and read all the comments of the site (a full scan of 1M
        rows); each side of the UNION uses its own index (comment_thread_order_idx, then
        the primary key and the parent index).
        """
        # Hand-written: the ORM took ~3 ms to build this query on every article page (its
        # run takes ~0.3 ms). The thread condition is ``visible_thread()``, as in
        # ``for_article_page()`` and ``CommentTally.objects.counts_for()``; the page's ids are
        # one common table expression, read by both sides of the UNION.
        table = self.model._meta.db_table
        approved = CommentStatus.APPROVED
        tombstone, tombstone_params = tombstone_sql(table)
        page_sql = f"""
            SELECT c.id FROM {table} c
            WHERE c.article_id = %s AND c.parent_id IS NULL AND (c.status = %s OR ({tombstone}))"""
        page_params: list = [article.pk, approved, *tombstone_params]
        direction = "ASC"
        position = after if after is not None else before
        if position is not None:  # a row comparison: one range on comment_thread_order_idx
            operator = ">" if after is not None else "<"
            page_sql += f" AND (c.published_at, c.id) {operator} (%s, %s)"
            published_at = connections[self.db].ops.adapt_datetimefield_value(position.published_at)
            page_params += [published_at, position.pk]
            direction = "ASC" if after is not None else "DESC"  # the threads just before
        page_sql += f" ORDER BY c.published_at {direction}, c.id {direction} LIMIT %s"
        page_params.append(stop - start)
        if start:  # a typed ?page=N; pages reached by their links are read from a position
            page_sql += " OFFSET %s"
            page_params.append(start)
        selected = ", ".join(columns)
        sql = f"""
            WITH page AS ({page_sql})
            SELECT {selected} FROM {table} WHERE id IN (SELECT id FROM page)
            UNION ALL
            SELECT {selected} FROM {table}
            WHERE article_id = %s AND parent_id IN (SELECT id FROM page) AND status = %s
            ORDER BY published_at, id"""  # noqa: S608 (placeholders only)
        # The page's ids are found once (PostgreSQL materialises a CTE read twice): as a
        # subquery on each side, a planner without statistics ran it again for every thread.
        # ``article_id`` on the replies' side is redundant for correctness but lets SQLite read
        # the article's few comments instead of every approved comment on the site.
        params = [*page_params, article.pk, approved]
        return sql, params

    def refresh_cards(self) -> int:
        """Store the current card of each approved comment here whose card is missing or stale
        (after a change to ``comment.html`` or to the addresses it links to); returns how many.
        """
        stale = self.approved().exclude(card_version=cards.card_version())
        rows = list(stale.only(*CARD_FIELDS))
        for row in rows:
            row.fill_card()
        self.model.objects.bulk_update(rows, ["card_html", "card_version"], batch_size=500)
        return len(rows)


def _grouped(rows: list) -> list:
    """The threads among ``rows`` (in thread order), each with its ``approved_replies``."""
    threads = [row for row in rows if row.parent_id is None]
    by_pk = {thread.pk: thread for thread in threads}
    for thread in threads:
        thread.approved_replies = []
    for row in rows:
        if row.parent_id in by_pk:
            by_pk[row.parent_id].approved_replies.append(row)
    return threads


def _report_count(reason: str | None = None) -> Coalesce:
    reports = CommentReport.objects.filter(comment=OuterRef("pk"))
    if reason is not None:
        reports = reports.filter(reason=reason)
    counted = reports.order_by().values("comment").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


def visible_thread() -> Q:
    """An approved comment, or the tombstone of a once-published one that has approved replies."""
    approved_replies = Comment.objects.approved().filter(parent=OuterRef("pk"))
    return Q(status=CommentStatus.APPROVED) | (
        Q(status=CommentStatus.REMOVED, published_at__isnull=False) & Exists(approved_replies)
    )


def tombstone_sql(table: str) -> tuple[str, list[str]]:
    """The second half of ``visible_thread()`` in SQL, for hand-written queries that name the
    comment ``c``: a removed comment, once published, with approved replies. Returns the
    condition and its parameters."""
    condition = (
        "c.status = %s AND c.published_at IS NOT NULL AND EXISTS ("
        f"SELECT 1 FROM {table} r WHERE r.parent_id = c.id AND r.status = %s)"
    )
    return condition, [CommentStatus.REMOVED, CommentStatus.APPROVED]


class Comment(models.Model):
    Status = CommentStatus
    Badge = StaffBadge

    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="comments",
        verbose_name=_("article"),
        help_text=_("The article the comment is posted under."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
        help_text=_("The top-level comment this one answers. Replies are one level deep."),
    )
    title = models.CharField(
        _("title"), max_length=120, blank=True, help_text=_("The commenter's optional headline.")
    )
    name = models.CharField(
        _("display name"),
        max_length=60,
        blank=True,
        help_text=_("Shown with the comment; readers see “Anonymous” when it is blank."),
    )
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("Never shown. Used only to send the deletion link; purged after retention."),
    )
    email_hash = models.CharField(
        _("e-mail key"),
        max_length=64,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("Keyed hash of the e-mail: recognises a commenter with an approved comment."),
    )
    body = models.TextField(
        _("comment"), max_length=BODY_MAX_LENGTH, help_text=_("The comment exactly as typed.")
    )
    body_html = models.TextField(editable=False, default="")
    card_html = models.TextField(
        _("stored card"),
        editable=False,
        blank=True,
        default="",
        help_text=_(
            "The comment's card as readers see it (comments/includes/comment.html), "
            "rendered whenever the comment is saved; empty until it has an id."
        ),
    )
    card_version = models.CharField(
        _("card version"),
        max_length=16,
        editable=False,
        blank=True,
        default="",
        help_text=_(
            "Fingerprint of the template and addresses the stored card was rendered "
            "with; a card from another version is rendered afresh on read (comments/cards.py)."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
        db_index=True,
        help_text=_("Only approved comments are shown to readers."),
    )
    hold_reasons = models.CharField(
        _("hold reasons"),
        max_length=200,
        blank=True,
        help_text=_("Why the comment was held, comma-separated (risk, personal_details, …)."),
    )
    risk_summary = models.CharField(
        _("why held"),
        max_length=300,
        blank=True,
        editable=False,
        help_text=_(
            "For a comment held for risk: the risk categories and the words that "
            "matched, e.g. Plan + method: “friday”, “the bridge”. Empty when a report held it."
        ),
    )
    held_for_risk = models.BooleanField(
        _("held for risk"),
        default=False,
        editable=False,
        help_text=_("Speaks of suicide or self-harm: first in the queue, never auto-published."),
    )
    consent_at = models.DateTimeField(
        _("consent given"), null=True, blank=True, help_text=_("When the commenter ticked consent.")
    )
    client_hash = models.CharField(
        _("client key"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_(
            "Keyed hash of the client address (never the address); purged after retention."
        ),
    )
    deletion_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("posted"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(
        _("first published"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When the comment was first approved; orders the threads under the article."),
    )
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderated by"),
        editable=False,
    )
    moderator_note = models.TextField(
        _("moderator note"),
        blank=True,
        help_text=_("The last moderator's note, e.g. why the comment was redacted. Not public."),
    )
    staff_badge = models.CharField(
        _("staff badge"),
        max_length=10,
        choices=StaffBadge.choices,
        default=StaffBadge.NONE,
        blank=True,
        editable=False,
        help_text=_(
            "Set only when a moderator, editor or the article's author replies from the "
            "admin; readers see “Kith team” or “Author”. The public form never sets it."
        ),
    )
    edited_by_moderator = models.BooleanField(
        _("edited by a moderator"),
        default=False,
        editable=False,
        help_text=_("Shown to readers under the comment once a moderator has redacted it."),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("can_moderate", "Can moderate comments")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CommentStatus.values), name="comment_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=CommentStatus.APPROVED) | Q(published_at__isnull=False),
                name="comment_approved_has_published_at",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="comment_not_own_parent"),
            models.CheckConstraint(
                condition=Q(staff_badge__in=StaffBadge.values), name="comment_staff_badge_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["article", "status", "published_at"], name="comment_page_idx"),
            # The threads under an article in page order (top-level comments only), so that a
            # page of threads is read from the index instead of sorting all of them.
            # With the status in the key, a deep page (?page=1000) is skipped to in the index
            # alone (an index-only scan) instead of reading every earlier comment's row.
            models.Index(
                fields=["article", "published_at", "id", "status"],
                condition=Q(parent__isnull=True),
                name="comment_thread_order_idx",
            ),
            # Removed comments that once showed: the few that may still show as tombstones,
            # counted live beside the stored counts (``CommentTally.objects.counts_for()``).
            models.Index(
                fields=["article"],
                condition=Q(
                    parent__isnull=True,
                    status=CommentStatus.REMOVED,
                    published_at__isnull=False,
                ),
                name="comment_tombstone_idx",
            ),
            # The duplicate check on posting looks at one article's comments of the last day.
            models.Index(fields=["article", "created_at"], name="comment_recent_idx"),
            models.Index(
                fields=["status", "held_for_risk", "created_at"], name="comment_queue_idx"
            ),
            # The moderators' list in its own order (``MODERATION_ORDER``): with the order as the
            # index's key, a page of the list is read off the index instead of sorting a million
            # comments.
            models.Index(*MODERATION_ORDER, name="comment_moderation_order_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.excerpt

    def save(self, *args, **kwargs) -> None:
        self.fill_derived()
        has_id = self.pk is not None
        if has_id:
            self.fill_card()
        fields = kwargs.get("update_fields")
        if fields is not None:
            fields = set(fields)
            if "body" in fields:
                fields.add("body_html")
            if "hold_reasons" in fields:
                fields.add("held_for_risk")
            if has_id:
                fields |= {"card_html", "card_version"}
            kwargs["update_fields"] = fields
        super().save(*args, **kwargs)
        if not has_id and self.is_approved():
            # Published as it is created (a staff reply, an import): the card needs the id.
            self.fill_card()
            type(self).objects.filter(pk=self.pk).update(
                card_html=self.card_html, card_version=self.card_version
            )

    def get_absolute_url(self) -> str:
        return self.article.get_absolute_url() + f"#comment-{self.pk}"

    def fill_derived(self) -> None:
        """Derived fields only: the stored HTML and the risk flag follow their sources."""
        self.body_html = render_comment(self.body)
        self.held_for_risk = HoldReason.RISK in self.hold_reason_list

    def fill_card(self) -> None:
        """Render the card readers see into ``card_html`` (needs the id it links to)."""
        self.card_html = cards.render_card(self)
        self.card_version = cards.card_version()

    # --- What readers and moderators see ---
    @property
    def display_name(self) -> str:
        return self.name.strip() or gettext("Anonymous")

    @property
    def heading(self) -> str:
        """The comment's title, or who wrote it when it has none."""
        return self.title or gettext("Comment by %(name)s") % {"name": self.display_name}

    @property
    def excerpt(self) -> str:
        text = " ".join(self.body.split())
        return text if len(text) <= 80 else text[:79].rstrip() + "…"

    @property
    def hold_reason_list(self) -> list[str]:
        return [reason for reason in self.hold_reasons.split(",") if reason]

    @property
    def speaks_of_risk(self) -> bool:
        """Held for risk (urgent), or held because it mentions suicide or self-harm."""
        return self.held_for_risk or HoldReason.MENTIONS_RISK in self.hold_reason_list

    @property
    def hold_reason_labels(self) -> list[str]:
        return [HOLD_REASON_LABELS.get(r, r) for r in self.hold_reason_list]

    @property
    def report_summary(self) -> str:
        """Readers' reports as moderators read them: "2 reports: spam, personal details".

        From the counts ``Comment.objects.with_report_counts()`` adds (no query); one query
        for a comment loaded without them.
        """
        if hasattr(self, "report_count"):
            counts = {r: getattr(self, f"reports_{r}", 0) for r in ReportReason.values}
        else:
            counts = self.report_counts_by_reason()
        return summarise_reports(counts)

    def report_counts_by_reason(self) -> dict[str, int]:
        """``{reason: number of reports}`` for this comment, in one query."""
        rows = self.reports.order_by().values_list("reason").annotate(n=Count("pk"))
        return dict(rows)

    @property
    def is_tombstone(self) -> bool:
        return self.status == CommentStatus.REMOVED

    def is_approved(self) -> bool:
        """Mirrors ``Comment.objects.approved()`` for one row."""
        return self.status == CommentStatus.APPROVED

    # --- Deletion link ---
    def issue_deletion_token(self) -> str:
        """A new secret for the commenter's deletion link; only its hash is kept (unsaved)."""
        token = secrets.token_urlsafe(32)
        self.deletion_token_hash = _token_hash(token)
        return token

    def deletion_token_matches(self, token: str) -> bool:
        return bool(self.deletion_token_hash) and constant_time_compare(
            self.deletion_token_hash, _token_hash(token)
        )

    def get_deletion_url(self, token: str) -> str:
        return reverse("comments:delete", kwargs={"pk": self.pk, "token": token})

    @property
    def is_erased(self) -> bool:
        """Erased by its writer: removed, with the text gone (``erase`` empties it; a body is
        otherwise required, and a moderator's ``remove`` keeps it for the audit)."""
        return self.status == CommentStatus.REMOVED and not self.body

    # --- State changes ---
    def approve(self, *, by=None, note: str = "") -> None:
        """Publishes the comment. A reply published for the first time queues the e-mail to
        its thread's subscribers here, so that every way of approving (admin action, change
        page, a known commenter's post, a staff reply, an import) notifies — and only
        approval does. The e-mail itself goes after the commit, outside the request."""
        first_publication = self.published_at is None
        self._change_status(CommentStatus.APPROVED, by=by, note=note)
        if first_publication and self.parent_id is not None:
            # Imported here: the notifications module imports the models.
            from comments.notifications import queue_reply_notifications

            queue_reply_notifications(self)

    def reject(self, *, by=None, note: str = "") -> None:
        self._change_status(CommentStatus.REJECTED, by=by, note=note)

    def mark_spam(self, *, by=None, note: str = "") -> None:
        self._change_status(CommentStatus.SPAM, by=by, note=note)

    def remove(self, *, by=None, note: str = "") -> None:
        """A moderator takes the comment down; its text stays for the audit (see ``erase``)."""
        self._change_status(CommentStatus.REMOVED, by=by, note=note)

    def hold(self, *, reasons: Iterable[str], by=None, note: str = "") -> None:
        """Back to the queue (e.g. after reader reports), adding ``reasons``."""
        merged = list(dict.fromkeys([*self.hold_reason_list, *reasons]))
        self.hold_reasons = ",".join(merged)
        self._change_status(
            CommentStatus.PENDING, by=by, note=note, action=ModerationEvent.Action.HELD,
            extra_fields={"hold_reasons"},
        )  # fmt: skip

    def redact(self, *, by, new_body: str, note: str) -> None:
        """A moderator edits the text (e.g. removes method details); readers see it was edited."""
        if self.is_erased:  # checked first: a new body would hide that it was erased
            raise CommentErased(CommentErased.message)
        if not note.strip():
            raise ValueError("A redaction needs a note saying why.")
        self.body = new_body
        self.edited_by_moderator = True
        self._change_status(
            self.status, by=by, note=note, action=ModerationEvent.Action.REDACTED,
            extra_fields={"body", "edited_by_moderator"},
        )  # fmt: skip

    def erase(self) -> None:
        """The commenter deletes their comment: text and personal data are gone for good.

        The row stays as an empty tombstone with status “removed”, so that replies keep their
        thread and the audit log keeps its subject; nothing the commenter wrote remains.
        Their e-mails about replies in this conversation stop too (the subscription and its
        address are deleted).
        """
        if self.email_hash:
            self.reply_subscriptions.model.objects.filter(
                thread_id=self.parent_id or self.pk, email_hash=self.email_hash
            ).delete()
        self.title = self.name = self.email = self.email_hash = self.client_hash = ""
        self.body = self.moderator_note = self.deletion_token_hash = ""
        self.hold_reasons = self.risk_summary = ""
        self._change_status(
            CommentStatus.REMOVED, by=None, note="", action=ModerationEvent.Action.ERASED,
            extra_fields={"title", "name", "email", "email_hash", "client_hash", "body",
                          "moderator_note", "deletion_token_hash", "hold_reasons",
                          "risk_summary"},
        )  # fmt: skip

    def _change_status(
        self,
        status: str,
        *,
        by,
        note: str,
        action: str | None = None,
        extra_fields: set[str] = frozenset(),  # type: ignore[assignment]
    ) -> None:
        if action != ModerationEvent.Action.ERASED and self.is_erased:
            raise CommentErased(CommentErased.message)
        now = timezone.now()
        previous = self.status
        user = by if by is not None and by.is_authenticated else None
        self.status = status
        self.moderated_at = now
        self.moderated_by = user
        fields = {"status", "moderated_at", "moderated_by", *extra_fields}
        if note:
            self.moderator_note = note
            fields.add("moderator_note")
        if status == CommentStatus.APPROVED and self.published_at is None:
            self.published_at = now
            fields.add("published_at")
        with transaction.atomic():
            self.save(update_fields=fields)
            ModerationEvent.objects.create(
                comment=self,
                action=action or status,
                from_status=previous,
                to_status=status,
                actor=user,
                note=note,
                created_at=now,
            )


def _token_hash(token: str) -> str:
    # The token has 256 random bits, so a plain hash is enough; no key is needed.
    return hashlib.sha256(token.encode()).hexdigest()
