"""The admin side of revisions: editing a published article saves a draft revision, reviewers
publish or reject it, and reviewers trust editors with minor corrections.

``RevisionEditingMixin`` is mixed into ``ArticleAdmin``: on a published article the change form
shows the open revision (else the live text); saving keeps the reviewed fields and references
as a revision (``propose_revision``) — or, for an editor a reviewer trusted, publishes a minor
correction — and saves the other fields (topics, keywords, byline …) directly. The change page
lists the article's revision history. ``ArticleRevisionAdmin`` is the reviewers' queue and the
page that compares a revision with the live article, with Publish and Reject.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles.article_revisions import (
    OPEN_STATES,
    REVIEW_PERMISSIONS,
    ArticleRevision,
    MinorEditGrant,
    live_content,
    may_publish_minor_edits,
    propose_revision,
    publish_minor_edit,
)
from articles.models import Article, Reference
from articles.reviewed_content import REFERENCES, REVIEWED_FIELDS, reference_row
from articles.revisions import LONG_TEXT_FIELDS, word_diff

# Marked here, translated where it is shown (the tests compare the English text).
SAVED_AS_DRAFT = gettext_noop(
    "Saved as a draft revision; readers still see the reviewed version until a clinical "
    "reviewer publishes it."
)
_OVERLAY = "_kith_revision_overlay"
_PROPOSAL = "_kith_revision_proposal"


def _label(name: str) -> str:
    if name == REFERENCES:
        return gettext("References")
    return str(Article._meta.get_field(name).verbose_name).capitalize()


def _reference_lines(rows: list[dict[str, Any]]) -> str:
    return "\n".join(
        " — ".join(part for part in (row["citation"], row.get("url"), row.get("doi")) if part)
        for row in rows
    )


def _shown(name: str, value: Any) -> str:
    if name == REFERENCES:
        return _reference_lines(value or []) or "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    return str(value) if value not in (None, "") else "—"


def field_changes(live: dict[str, Any], proposed: dict[str, Any]) -> list[dict[str, Any]]:
    """Each reviewed field the revision changes: its label, live and proposed text, a word diff
    for long texts and references (escaped; only the <ins>/<del> markup is live)."""
    rows = []
    for name in (*REVIEWED_FIELDS, REFERENCES):
        if name not in proposed or proposed[name] == live.get(name):
            continue
        old, new = _shown(name, live.get(name)), _shown(name, proposed[name])
        long_text = name in LONG_TEXT_FIELDS or name in ("title", REFERENCES)
        rows.append(
            {
                "label": _label(name),
                "old": old,
                "new": new,
                "diff": word_diff(old, new) if long_text else None,
            }
        )
    return rows


def revision_url(revision: ArticleRevision, action: str = "change") -> str:
    return reverse(f"admin:articles_articlerevision_{action}", args=[revision.pk])


class RevisionEditingMixin:
    """Mixed into ``ArticleAdmin`` before the workflow mixin."""

    # --- The change form shows the open revision ------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        setattr(request, _OVERLAY, {})
        article = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if article is not None:
            revisions = article.revisions.select_related("created_by", "decided_by", "reviewed_by")[
                :50
            ]
            context.update(
                revision_history=revisions,
                open_revision=getattr(article, "_open_revision", None),
                is_reviewed_live=article.status == Article.Status.PUBLISHED,
            )
        return super().change_view(request, object_id, form_url, context)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        overlays = getattr(request, _OVERLAY, None)
        if article is None or overlays is None or article.status != Article.Status.PUBLISHED:
            return article
        if article.pk not in overlays:  # once per request, however often the admin asks
            overlays[article.pk] = article.revisions.open().first()
        revision = overlays[article.pk]
        article._open_revision = revision
        if revision is not None:
            for name in REVIEWED_FIELDS:
                if name in revision.content:
                    setattr(article, name, revision.content[name])
        return article

    # --- Saving: reviewed content goes to a revision ------------------------------------------

    def save_model(self, request: HttpRequest, article: Article, form, change: bool) -> None:
        # ArticleAdmin.save_model has copied the stored status onto ``article``.
        if change and article.status == Article.Status.PUBLISHED:
            proposed = {name: getattr(article, name) for name in REVIEWED_FIELDS}
            live = Article.objects.filter(pk=article.pk).values(*REVIEWED_FIELDS).get()
            for name, value in live.items():
                setattr(article, name, value)  # the row keeps what was reviewed
            setattr(request, _PROPOSAL, proposed)
        super().save_model(request, article, form, change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        proposal = getattr(request, _PROPOSAL, None)
        if proposal is None or formset.model is not Reference:
            super().save_formset(request, form, formset, change)
            return
        # Nothing is saved: the admin's change message reads these.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if formset.has_changed():  # else the open revision's references (or the live ones) stay
            kept = [
                f
                for f in formset.forms
                if f not in formset.deleted_forms and (f.instance.pk or f.has_changed())
            ]
            rows = [reference_row(f.cleaned_data) for f in kept]
            proposal[REFERENCES] = sorted(rows, key=lambda row: row["order"])

    def response_change(self, request: HttpRequest, article: Article) -> HttpResponse:
        proposal = getattr(request, _PROPOSAL, None)
        if proposal is None:
            return super().response_change(request, article)
        delattr(request, _PROPOSAL)
        self._store_proposal(request, article, proposal)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def _store_proposal(self, request: HttpRequest, article: Article, proposal: dict) -> None:
        user = request.user
        refusal = ""
        if may_publish_minor_edits(user) and REFERENCES not in proposal:
            try:
                publish_minor_edit(article, proposal, by=user)
            except ValidationError as exc:
                refusal = f"{exc.messages[0]} "
            else:
                messages.success(
                    request,
                    gettext(
                        "“%(title)s”: published as a minor correction. It is recorded in the "
                        "revision history; “Page last reviewed” does not move."
                    )
                    % {"title": article.title},
                )
                return
        revision = propose_revision(article, proposal, by=user)
        if revision is None:
            messages.success(
                request,
                gettext("“%(title)s” was saved; its content is unchanged.")
                % {"title": article.title},
            )
            return
        message = format_html(
            '{}{} <a href="{}">{}</a>: {}.',
            refusal,
            gettext(SAVED_AS_DRAFT),
            revision_url(revision),
            gettext("Revision %(number)s") % {"number": revision.pk},
            revision.get_state_display().lower(),
        )
        messages.success(request, message)


class RevisionStateFilter(admin.SimpleListFilter):
    """Opens on the revisions still waiting (drafts and submitted); “All” shows the history."""

    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("waiting", _("Waiting (draft or submitted)")), *ArticleRevision.State.choices]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "waiting":
            return queryset.open()
        if self.value() in ArticleRevision.State.values:
            return queryset.filter(state=self.value())
        return queryset


class PublishRevisionForm(forms.Form):
    significant = forms.BooleanField(
        label=_("Show today as “Updated” to readers"),
        required=False,
        initial=True,
        help_text=_("Untick for wording changes that do not change the advice."),
    )
    note = forms.CharField(
        label=_("What you checked (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RejectRevisionForm(forms.Form):
    note = forms.CharField(
        label=_("Why (the editor sees this)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@admin.register(ArticleRevision)
class ArticleRevisionAdmin(admin.ModelAdmin):
    list_display = [
        "article_title",
        "state",
        "changed_list",
        "created_by",
        "created_at",
        "minor",
        "decided_by",
        "decided_at",
    ]
    list_filter = [RevisionStateFilter, "minor", "source"]
    list_select_related = ["article", "created_by", "decided_by"]
    search_fields = ["article__title", "article__slug"]
    list_per_page = 50

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # a revision is published, rejected or submitted, never edited here

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the revision history is kept whole

    @admin.display(description=_("article"), ordering="article__title")
    def article_title(self, revision: ArticleRevision) -> str:
        return revision.article.title

    @admin.display(description=_("changes"))
    def changed_list(self, revision: ArticleRevision) -> str:
        return ", ".join(_label(name).lower() for name in revision.changed)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/publish/", view(require_POST(self.publish_view)),
                 name="articles_articlerevision_publish"),
            path("<int:pk>/reject/", view(require_POST(self.reject_view)),
                 name="articles_articlerevision_reject"),
            path("<int:pk>/submit/", view(require_POST(self.submit_view)),
                 name="articles_articlerevision_submit"),
            *super().get_urls(),
        ]  # fmt: skip

    def _revision(self, request: HttpRequest, pk: int) -> ArticleRevision:
        revision = (
            ArticleRevision.objects.select_related("article", "created_by", "decided_by")
            .filter(pk=pk)
            .first()
        )
        if revision is None:
            raise Http404("No such revision.")
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        return revision

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not str(object_id).isdigit() or len(str(object_id)) > 18:
            raise Http404("No such revision.")
        revision = self._revision(request, int(object_id))
        return self._render(request, revision)

    def _render(self, request, revision, publish_form=None, reject_form=None) -> HttpResponse:
        user = request.user
        may_decide = revision.is_open and all(user.has_perm(p) for p in REVIEW_PERMISSIONS)
        live = live_content(revision.article)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Revision %(number)s of “%(title)s”")
            % {"number": revision.pk, "title": revision.article.title},
            "revision": revision,
            "changes": field_changes(live, revision.content),
            "may_decide": may_decide,
            "may_submit": revision.state == ArticleRevision.State.DRAFT
            and user.has_perm("articles.submit_for_review"),
            "publish_form": publish_form or PublishRevisionForm(),
            "reject_form": reject_form or RejectRevisionForm(),
            "article_url": reverse("admin:articles_article_change", args=[revision.article_id]),
        }
        return TemplateResponse(request, "admin/articles/articlerevision/review.html", context)

    def _decide(self, request, pk: int, form_class, act) -> HttpResponse:
        revision = self._revision(request, pk)
        if not all(request.user.has_perm(p) for p in REVIEW_PERMISSIONS):
            raise PermissionDenied
        form = form_class(request.POST)
        if form.is_valid():
            try:
                done = act(revision, form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                title = revision.article.title
                messages.success(
                    request,
                    gettext("Revision %(number)s of “%(title)s”: %(done)s")
                    % {"number": revision.pk, "title": title, "done": done},
                )
            return HttpResponseRedirect(revision_url(revision))
        kind = "publish_form" if form_class is PublishRevisionForm else "reject_form"
        return self._render(request, revision, **{kind: form})

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        def act(revision: ArticleRevision, data: dict) -> str:
            revision.publish(by=request.user, note=data["note"], significant=data["significant"])
            return gettext("published. Readers see it now, reviewed by you today.")

        return self._decide(request, pk, PublishRevisionForm, act)

    def reject_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        def act(revision: ArticleRevision, data: dict) -> str:
            revision.reject(by=request.user, note=data["note"])
            return gettext("rejected. Readers still see the reviewed version.")

        return self._decide(request, pk, RejectRevisionForm, act)

    def submit_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        revision = self._revision(request, pk)
        try:
            revision.submit(by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                gettext("Revision %(number)s was submitted for review.") % {"number": revision.pk},
            )
        return HttpResponseRedirect(revision_url(revision))


class MinorEditGrantForm(forms.ModelForm):
    class Meta:
        model = MinorEditGrant
        fields = ["user", "note"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_staff=True, is_active=True, groups__name="Editors")
            .order_by("username")
        )


@admin.register(MinorEditGrant)
class MinorEditGrantAdmin(admin.ModelAdmin):
    """Reviewers (only they hold add/delete here) trust an editor with typo fixes."""

    form = MinorEditGrantForm
    list_display = ["user", "granted_by", "granted_at", "note"]
    readonly_fields = ["granted_by", "granted_at"]

    def save_model(self, request, grant, form, change) -> None:
        if not change:
            grant.granted_by = request.user
        super().save_model(request, grant, form, change)


class PendingRevisionFilter(admin.SimpleListFilter):
    """On the article list: published articles with a revision waiting for review."""

    title = _("revision waiting")
    parameter_name = "revision"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("waiting", _("Draft or submitted")), ("submitted", _("Submitted for review"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "waiting":
            return queryset.filter(revisions__state__in=OPEN_STATES)
        if self.value() == "submitted":
            return queryset.filter(revisions__state=ArticleRevision.State.SUBMITTED)
        return queryset
