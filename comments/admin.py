"""The moderators' admin: a queue with urgent items first, bulk actions, redaction, word lists.

Nobody edits a comment's fields directly (there is no change permission in practice): every
change goes through a model method, so the audit log is complete.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

from articles.models import LISTING_UNSHOWN_FIELDS
from comments import moderation
from comments.forms import RedactForm, StaffReplyForm
from comments.models import (
    HOLD_REASON_LABELS,
    MODERATION_ORDER,
    REPORTED,
    Comment,
    CommentErased,
    CommentReport,
    ModeratedWord,
    ModerationEvent,
    ReplyNotification,
)
from comments.notifications import schedule
from kith.admin_lookups import OfferedFiltersOnlyMixin
from kith.admin_paginator import EstimatedCountPaginator

PENDING = Comment.Status.PENDING
# The change page's buttons: the decision's name → the Comment method it calls.
MODERATE_BUTTONS = {
    "approve": "approve", "reject": "reject", "spam": "mark_spam", "remove": "remove",
}  # fmt: skip


class HoldReasonFilter(admin.SimpleListFilter):
    title = _("hold reason")
    parameter_name = "reason"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return list(HOLD_REASON_LABELS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == REPORTED:
            return queryset.reported()  # from the first report, not only once held
        if self.value() in HOLD_REASON_LABELS:
            return queryset.with_hold_reason(self.value())
        return queryset


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ModerationEventInline(ReadOnlyInline):
    model = ModerationEvent
    fields = ["created_at", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    verbose_name_plural = _("Moderation log")


class CommentReportInline(ReadOnlyInline):
    model = CommentReport
    fields = ["created_at", "reason"]
    readonly_fields = fields


class ModerationChangeList(ChangeList):
    """Django's changelist, with each row's link carrying the list's filters added once.

    Django's ``add_preserved_filters`` resolves every row's URL only to learn that it is not
    the changelist: a fifth of the filtered queue's server time at 50 rows. A change page's
    URL never is, so Django's own result for the first row gives the query string for all,
    and Django is left no filters to add again (``preserved_filters`` is read nowhere else).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.row_filters, self.preserved_filters = self.preserved_filters, ""
        self.row_link_query: str | None = None

    def url_for_result(self, result: Comment) -> str:
        url = super().url_for_result(result)
        if self.row_link_query is None:
            linked = add_preserved_filters(
                {"preserved_filters": self.row_filters, "opts": self.opts}, url
            )
            if not linked.startswith(url):
                return linked
            self.row_link_query = linked[len(url) :]
        return url + self.row_link_query


def _run(request: HttpRequest, queryset: QuerySet, method: str, done: str) -> None:
    count = erased = 0
    for comment in queryset.select_related("article"):
        try:
            getattr(comment, method)(by=request.user)
        except CommentErased:
            erased += 1
            continue
        count += 1
    message = ngettext("%(count)d comment %(done)s.", "%(count)d comments %(done)s.", count)
    messages.success(request, message % {"count": count, "done": gettext(done)})
    if erased:
        message = ngettext(
            "%(count)d comment was left as it was: erased by its writer, and erased is final.",
            "%(count)d comments were left as they were: erased by their writers, and erased is "
            "final.",
            erased,
        )
        messages.warning(request, message % {"count": erased})


# Urgent by an icon and a word as well as by colour (admin.css colours the whole row).
def urgent_badge() -> str:
    return format_html(
        '<strong class="urgent-badge"><span aria-hidden="true">⚠</span> {}</strong>',
        gettext("URGENT"),
    )


class QueueStatusFilter(admin.ChoicesFieldListFilter):
    """The status filter, whose "All" stays reachable although an unfiltered visit opens on
    the pending comments (``CommentAdmin.changelist_view``)."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if choice["query_string"] == "?":
                choice = {**choice, "query_string": f"?{SHOW_ALL}=1"}
            yield choice


# ``?all=1``: the whole list, on purpose (the address without a query opens the queue).
SHOW_ALL = "all"


@admin.register(Comment)
class CommentAdmin(OfferedFiltersOnlyMixin, admin.ModelAdmin):
    list_display = ["headline", "excerpt", "article", "reasons", "reports", "age", "status"]
    list_display_links = ["headline"]
    list_filter = [("status", QueueStatusFilter), HoldReasonFilter]
    list_select_related = ["article"]
    search_fields = ["title", "body", "name", "article__title"]
    list_per_page = 50
    # The unfiltered list says "about 1,000,000 comments" from PostgreSQL's estimate instead of
    # counting every comment on every page view; filtered lists are counted exactly.
    paginator = EstimatedCountPaginator
    # No "N total" next to a filtered count: it costs a COUNT(*) over every comment ever posted.
    show_full_result_count = False
    actions = ["approve_selected", "reject_selected", "mark_spam_selected", "remove_selected"]
    inlines = [CommentReportInline, ModerationEventInline]
    fields = [
        "article_link", "parent", "title", "name", "has_email", "body", "status", "reasons",
        "risk_summary", "reports", "created_at", "consent_at", "published_at", "moderated_at",
        "moderated_by", "moderator_note", "edited_by_moderator", "staff_badge",
    ]  # fmt: skip
    readonly_fields = fields

    def get_changelist(self, request: HttpRequest, **kwargs) -> type[ChangeList]:
        return ModerationChangeList

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # Each row shows its article's title: the article's text, search vector and review
        # notes stay in the database (50 articles' bodies were most of the rows' bytes).
        return (
            super()
            .get_queryset(request)
            .defer(*(f"article__{name}" for name in LISTING_UNSHOWN_FIELDS))
            .with_report_counts()
        )

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        # A moderator opens the list on what needs action: pending, urgent first (the ordering).
        if request.method == "GET" and not request.GET and self.has_moderate_permission(request):
            return redirect(f"{request.path}?status__exact={PENDING}")
        if SHOW_ALL in request.GET:
            request.GET = request.GET.copy()
            del request.GET[SHOW_ALL]
        return super().changelist_view(request, extra_context)

    def get_ordering(self, request: HttpRequest) -> list:
        # The queue first: pending and at risk, then pending oldest first; then the rest, newest.
        # Total (it ends with the primary key), so the changelist adds no "-pk" of its own.
        return list(MODERATION_ORDER)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # comments come from readers

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # changes go through the actions and redaction, never a raw edit

    def get_actions(self, request: HttpRequest) -> dict:
        # A bulk delete would bypass the audit log; “remove” and the purge command are the way.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("comments.can_moderate")

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        # Editors and authors linked to an account read comments in order to answer them
        # (a staff reply); what they may answer is checked per article.
        if super().has_view_permission(request, obj):
            return True
        if obj is not None:
            return bool(moderation.staff_badge_for(request.user, obj.article))
        return moderation.may_reply_as_staff(request.user)

    def action_checkbox(self, comment: Comment) -> str:
        # Django's own markup, without rendering a form widget's template for every row: that
        # was a sixth of the list's server time.
        label = format_html(gettext("Select this object for an action - {}"), str(comment))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            comment.pk,
            label,
        )

    @admin.display(description=_("title"), ordering="title")
    def headline(self, comment: Comment) -> str:
        return comment.title or gettext("(no title)")

    @admin.display(description=_("reasons held"))
    def reasons(self, comment: Comment) -> str:
        labels = comment.hold_reason_labels
        if comment.held_for_risk and comment.status == PENDING:
            if comment.risk_summary:
                return format_html(
                    "{} {}<br>{} {}",
                    urgent_badge(),
                    ", ".join(str(label) for label in labels),
                    gettext("Why held:"),
                    comment.risk_summary,
                )
            return format_html("{} {}", urgent_badge(), ", ".join(str(label) for label in labels))
        if comment.risk_summary and comment.status == PENDING:  # mentions risk, not urgent
            return format_html(
                "{}<br>{} {}",
                ", ".join(str(label) for label in labels),
                gettext("Why held:"),
                comment.risk_summary,
            )
        return ", ".join(str(label) for label in labels) or "—"

    @admin.display(description=_("reader reports"), ordering="report_count")
    def reports(self, comment: Comment) -> str:
        return comment.report_summary or "—"

    @admin.display(description=_("age"), ordering="created_at")
    def age(self, comment: Comment) -> str:
        return timesince(comment.created_at, timezone.now(), depth=1)

    @admin.display(description=_("article"))
    def article_link(self, comment: Comment) -> str:
        return format_html(
            '<a href="{}">{}</a>', comment.article.get_absolute_url(), comment.article
        )

    @admin.display(description=_("e-mail given"), boolean=True)
    def has_email(self, comment: Comment) -> bool:
        return bool(comment.email)  # the address itself is never shown, not even to moderators

    @admin.action(permissions=["moderate"], description=_("Approve selected comments"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(request, queryset, "approve", gettext_noop("approved"))

    @admin.action(permissions=["moderate"], description=_("Reject selected comments"))
    def reject_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(request, queryset, "reject", gettext_noop("rejected"))

    @admin.action(permissions=["moderate"], description=_("Mark selected comments as spam"))
    def mark_spam_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(request, queryset, "mark_spam", gettext_noop("marked as spam"))

    @admin.action(permissions=["moderate"], description=_("Remove selected comments"))
    def remove_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        _run(request, queryset, "remove", gettext_noop("removed"))

    def get_urls(self) -> list:
        redact = self.admin_site.admin_view(self.redact_view)
        decide = self.admin_site.admin_view(self.moderate_view)
        answer = self.admin_site.admin_view(self.staff_reply_view)
        return [
            path("<int:object_id>/reply/", answer, name="comments_comment_staff_reply"),
            path("<int:object_id>/redact/", redact, name="comments_comment_redact"),
            path("<int:object_id>/moderate/", decide, name="comments_comment_moderate"),
            *super().get_urls(),
        ]

    def moderate_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """The change page's Approve / Reject / Spam / Remove buttons (POST only)."""
        if request.method != "POST" or not self.has_moderate_permission(request):
            raise PermissionDenied
        method = MODERATE_BUTTONS.get(request.POST.get("decision", ""))
        comment = get_object_or_404(Comment, pk=object_id)
        if method is None:
            messages.error(request, gettext("Choose approve, reject, spam or remove."))
        else:
            try:
                getattr(comment, method)(by=request.user, note=request.POST.get("note", "")[:500])
            except CommentErased as refused:
                messages.error(request, str(refused))
            else:
                status = comment.get_status_display().lower()
                messages.success(
                    request, gettext("The comment is now %(status)s.") % {"status": status}
                )
        return redirect(reverse("admin:comments_comment_change", args=[comment.pk]))

    def staff_reply_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """“Approve and reply”: approves the comment if pending and publishes the reply."""
        if request.method != "POST":
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=object_id)
        if not moderation.staff_badge_for(request.user, comment.article):
            raise PermissionDenied
        form = StaffReplyForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, " ".join(errors))
        else:
            try:
                reply = moderation.post_staff_reply(
                    parent=comment, user=request.user, **form.cleaned_data
                )
            except moderation.Refused as refused:
                messages.error(request, refused.message)
            else:
                message = gettext("Your reply is published as “%(badge)s”.")
                messages.success(request, message % {"badge": reply.get_staff_badge_display()})
        return redirect(reverse("admin:comments_comment_change", args=[comment.pk]))

    def redact_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Edit a comment's text with a required note; readers see “edited by a moderator”."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = get_object_or_404(Comment.objects.select_related("article"), pk=object_id)
        if comment.status == Comment.Status.REMOVED and not comment.body:
            raise PermissionDenied  # erased by its writer: nothing left to redact
        form = RedactForm(request.POST or None, initial={"body": comment.body})
        if request.method == "POST" and form.is_valid():
            comment.redact(
                by=request.user, new_body=form.cleaned_data["body"], note=form.cleaned_data["note"]
            )
            messages.success(request, gettext("The comment was redacted and the change logged."))
            return redirect(reverse("admin:comments_comment_change", args=[comment.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "comment": comment,
            "form": form,
            "title": gettext("Redact comment"),
        }
        return TemplateResponse(request, "admin/comments/comment/redact.html", context)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict | None = None) -> HttpResponse:  # fmt: skip
        comment = Comment.objects.select_related("article").filter(pk=object_id).first()
        badge = moderation.staff_badge_for(request.user, comment.article) if comment else ""
        extra_context = {
            **(extra_context or {}),
            "can_moderate": self.has_moderate_permission(request),
            "staff_reply_form": StaffReplyForm(initial={"name": _staff_name(request.user)})
            if badge
            else None,
        }
        return super().change_view(request, object_id, form_url, extra_context)


def _staff_name(user) -> str:
    return user.get_short_name() or "Kith team"


@admin.register(ReplyNotification)
class ReplyNotificationAdmin(OfferedFiltersOnlyMixin, admin.ModelAdmin):
    """The reply e-mails: waiting, sent, retrying or failed — never the address."""

    list_display = ["created_at", "kind", "status", "attempts", "send_after", "sent_at",
                    "conversation", "last_error"]  # fmt: skip
    list_filter = ["status", "kind"]
    list_select_related = ["subscription__thread__article"]
    fields = ["kind", "status", "attempts", "last_error", "send_after", "created_at", "sent_at",
              "conversation"]  # fmt: skip
    readonly_fields = fields
    actions = ["retry_selected"]

    @admin.display(description=_("conversation"))
    def conversation(self, notification: ReplyNotification) -> str:
        thread = notification.subscription.thread
        return format_html(
            '<a href="{}">{}</a> {}',
            reverse("admin:comments_comment_change", args=[thread.pk]),
            gettext("Comment %(number)s") % {"number": thread.pk},
            gettext("on %(title)s") % {"title": thread.article.title},
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # unsubscribing and the purge command delete them

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("comments.can_moderate")

    @admin.action(permissions=["moderate"], description=_("Try sending the selected again now"))
    def retry_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        count = 0
        for notification in queryset.filter(status__in=["failed", "retrying"]):
            try:
                with transaction.atomic():
                    notification.retry_now()
                    schedule(notification)
            except IntegrityError:  # a newer e-mail for this conversation is already waiting
                continue
            count += 1
        message = ngettext(
            "%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count
        )
        messages.success(request, message % {"count": count})


@admin.register(ModeratedWord)
class ModeratedWordAdmin(admin.ModelAdmin):
    list_display = ["word", "kind", "note"]
    list_filter = ["kind"]
    search_fields = ["word", "note"]


@admin.register(ModerationEvent)
class ModerationEventAdmin(OfferedFiltersOnlyMixin, admin.ModelAdmin):
    list_display = ["created_at", "action", "comment", "actor", "note"]
    list_filter = ["action"]
    list_select_related = ["comment", "actor"]
    search_fields = ["note"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the audit log is append-only
