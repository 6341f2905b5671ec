"""The article admin's editorial workflow: per-article buttons, bulk actions, history compare.

Every state change goes through the Article's own methods, which check permissions again
against the same table of transitions (``articles/workflow.py``) the buttons, labels and
messages here come from; the admin only decides which buttons and actions to *show*, so each
role sees only what it may do.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles.forms import ConfirmForm, PublishForm, ReviewForm
from articles.models import Article
from articles.revisions import compare
from articles.workflow import TRANSITIONS

FORMS: dict[str, type[Form]] = {"mark_reviewed": ReviewForm, "publish": PublishForm}


def perform(article: Article, transition: str, user, data: dict[str, Any]) -> None:
    """Call the article's method for ``transition`` with the cleaned form ``data``."""
    if transition == "mark_reviewed":
        article.mark_reviewed(
            by=user,
            reviewer=data.get("reviewer"),
            notes=data.get("notes", ""),
            reviewed_on=data.get("reviewed_on"),
            next_due=data.get("next_due"),
        )
    elif transition == "publish":
        article.publish(by=user, at=data.get("at"))
    else:
        getattr(article, transition)(by=user)


def warn_without_references(request: HttpRequest, article: Article) -> None:
    if article.status == Article.Status.PUBLISHED and not article.references.exists():
        messages.warning(
            request,
            gettext(
                "“%(title)s” is published without references. Health content should cite "
                "its sources: add them under “References”."
            )
            % {"title": article.title},
        )


class EditorialAdminMixin:
    """Mixed into ArticleAdmin (a SimpleHistoryAdmin)."""

    change_form_template = "admin/articles/article/change_form.html"
    object_history_list_template = "admin/articles/article/object_history_list.html"
    actions = ["submit_selected", "mark_reviewed_selected", "publish_selected", "archive_selected"]

    # --- Permissions the actions ask for (Django calls has_<name>_permission) --------------------

    def has_submit_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(TRANSITIONS["submit_for_review"].permission)

    def has_review_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(TRANSITIONS["mark_reviewed"].permission)

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(TRANSITIONS["publish"].permission)

    def has_archive_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(TRANSITIONS["archive"].permission)

    # --- URLs ------------------------------------------------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/workflow/<slug:transition>/",
                self.admin_site.admin_view(self.workflow_view),
                name="{}_{}_workflow".format(*info),
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            *super().get_urls(),
        ]

    def _article_or_404(self, request: HttpRequest, object_id: str) -> Article:
        article = self.get_object(request, object_id)
        if article is None:
            raise Http404(gettext("No such article."))
        return article

    # --- One article: a button on the change page opens this form ----------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        links = []
        if article is not None:
            links = [
                (
                    TRANSITIONS[name].label,
                    reverse("admin:articles_article_workflow", args=[article.pk, name]),
                )
                for name in article.available_transitions(request.user)
            ]
        extra_context = {**(extra_context or {}), "workflow_links": links}
        return super().change_view(request, object_id, form_url, extra_context)

    def workflow_view(self, request: HttpRequest, object_id: str, transition: str) -> HttpResponse:
        if transition not in TRANSITIONS:
            raise Http404(gettext("No such step."))
        if not request.user.has_perm(TRANSITIONS[transition].permission):
            raise PermissionDenied
        article = self._article_or_404(request, object_id)
        form_class = FORMS.get(transition, ConfirmForm)
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                perform(article, transition, request.user, form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                done = gettext(TRANSITIONS[transition].done)
                message = gettext("“%(title)s” was %(done)s.")
                messages.success(request, message % {"title": article.title, "done": done})
                warn_without_references(request, article)
                return HttpResponseRedirect(
                    reverse("admin:articles_article_change", args=[article.pk])
                )
        return self._render_workflow(request, transition, form, [article])

    def _render_workflow(
        self, request: HttpRequest, transition: str, form: Form, articles: list[Article]
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": TRANSITIONS[transition].label,
            "transition": transition,
            "explanation": TRANSITIONS[transition].explanation,
            "form": form,
            "articles": articles,
            "bulk_action": f"{transition}_selected" if len(articles) != 1 else "",
        }
        return render(request, "admin/articles/article/workflow.html", context)

    # --- Many articles: changelist actions -----------------------------------------------------

    def _bulk(self, request: HttpRequest, articles: QuerySet[Article], transition: str, **data):
        done, refused = 0, []
        for article in articles:
            try:
                perform(article, transition, request.user, data)
            except (ValidationError, PermissionDenied) as exc:
                refused.append(
                    f"“{article.title}”: {' '.join(getattr(exc, 'messages', [str(exc)]))}"
                )
            else:
                done += 1
                warn_without_references(request, article)
        step = gettext(TRANSITIONS[transition].done)
        if done:
            message = ngettext("%(count)d article %(done)s.", "%(count)d articles %(done)s.", done)
            messages.success(request, message % {"count": done, "done": step})
        for reason in refused:
            message = gettext("Not %(done)s — %(reason)s")
            messages.error(request, message % {"done": step, "reason": reason})

    @admin.action(description=_("Submit selected articles for review"), permissions=["submit"])
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._bulk(request, queryset, "submit_for_review")

    @admin.action(description=_("Publish selected articles now"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._bulk(request, queryset, "publish")

    @admin.action(description=_("Archive selected articles"), permissions=["archive"])
    def archive_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._bulk(request, queryset, "archive")

    @admin.action(description=_("Mark selected articles reviewed…"), permissions=["review"])
    def mark_reviewed_selected(self, request: HttpRequest, queryset: QuerySet[Article]):
        # An intermediate page, like "delete selected": the review needs a reviewer and notes.
        form = ReviewForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            self._bulk(request, queryset, "mark_reviewed", **form.cleaned_data)
            return None
        return self._render_workflow(request, "mark_reviewed", form, list(queryset))

    # --- History: compare two versions; reverting keeps the workflow fields ---------------------

    def compare_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        article = self._article_or_404(request, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = article.history.all()
        chosen = []
        for key in ("from", "to"):
            value = request.GET.get(key, "")
            if not value.isdigit() or len(value) > 18:
                raise Http404(gettext("Choose two versions to compare."))
            chosen.append(versions.filter(history_id=int(value)).first())
        if None in chosen:
            raise Http404(gettext("No such version of this article."))
        older, newer = sorted(chosen, key=lambda record: (record.history_date, record.history_id))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": gettext("Compare versions of “%(title)s”") % {"title": article.title},
            "older": older,
            "newer": newer,
            "changes": compare(older, newer) if older != newer else [],
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a POSTed revert without asking for the change permission.
        if request.method == "POST" and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
