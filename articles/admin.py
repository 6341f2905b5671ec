from __future__ import annotations

from datetime import date, datetime

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles import admin_images, helplines_admin, transparency  # noqa: F401 - they register
from articles.admin_revisions import PendingRevisionFilter, RevisionEditingMixin
from articles.admin_workflow import EditorialAdminMixin, warn_without_references
from articles.forms import ArticleAdminForm, ReferenceForm
from articles.languages import ARTICLE_LANGUAGES
from articles.models import (
    LISTING_UNSHOWN_FIELDS,
    Article,
    ArticleAuthor,
    ArticleQuerySet,
    Author,
    ClinicalReviewer,
    Reference,
)
from articles.readability import formula_name, grade_target, is_above_target
from articles.workflow import DUE_SOON_DAYS

# Changed only through the workflow methods (or, for "Updated", the significant-update box).
WORKFLOW_FIELDS = [
    "status",
    "published_at",
    "content_updated_at",
    "reviewed_by",
    "last_reviewed",
    "next_review_due",
    "review_notes",
]


class VisibilityFilter(admin.SimpleListFilter):
    """What readers see, which status alone does not say: a published article may be scheduled."""

    title = _("visibility to readers")
    parameter_name = "visibility"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [
            ("visible", _("Visible now")),
            ("scheduled", _("Scheduled")),
            ("hidden", _("Not published")),
        ]

    def queryset(self, request: HttpRequest, queryset: ArticleQuerySet) -> QuerySet[Article]:
        if self.value() == "visible":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "hidden":
            return queryset.exclude(status=Article.Status.PUBLISHED)
        return queryset


class LanguageFilter(admin.SimpleListFilter):
    """Kith's languages, listed without a query (a DISTINCT over every article would be one)."""

    title = _("language")
    parameter_name = "language"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [(code, language.name) for code, language in ARTICLE_LANGUAGES.items()]

    def queryset(self, request: HttpRequest, queryset: ArticleQuerySet) -> QuerySet[Article]:
        if self.value():
            return queryset.filter(language=self.value())
        return queryset


class ReviewDueFilter(admin.SimpleListFilter):
    """Published articles whose clinical review is overdue or coming up."""

    title = _("clinical review")
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [
            ("overdue", _("Review overdue")),
            ("soon", _("Due in %(days)d days") % {"days": DUE_SOON_DAYS}),
            ("never", _("Never reviewed")),
        ]

    def queryset(self, request: HttpRequest, queryset: ArticleQuerySet) -> QuerySet[Article]:
        if self.value() == "overdue":
            return queryset.review_overdue()
        if self.value() == "soon":
            return queryset.review_due_within(DUE_SOON_DAYS)
        if self.value() == "never":
            return queryset.filter(last_reviewed__isnull=True)
        return queryset


class ReferenceInline(admin.TabularInline):
    model = Reference
    form = ReferenceForm
    fields = ["citation", "url", "doi", "accessed", "order"]
    extra = 1
    verbose_name = _("reference")
    verbose_name_plural = _("References — numbered on the page in this order (lower first)")


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    fields = ["author", "order"]
    extra = 1
    min_num = 1
    validate_min = True
    verbose_name = _("author")
    verbose_name_plural = _("Byline — authors in the order readers see them (lower order first)")


def _short_date(moment: date | datetime | None) -> str | None:
    """“2 Dec 2026”: a day is precise enough for a list, and half as wide as a date and time."""
    if moment is None:
        return None  # the admin's empty value
    if isinstance(moment, datetime):
        moment = timezone.localdate(moment)
    return date_format(moment, "j M Y")


@admin.register(Article)
class ArticleAdmin(RevisionEditingMixin, EditorialAdminMixin, SimpleHistoryAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline, ReferenceInline]
    # The columns fit beside the filters at 1280 px only when each is as narrow as its content:
    # dates without the time, short headers. "Last saved" is on the article's page and in its
    # history; here it pushed "Review due" out of sight.
    list_display = [
        "title",
        "kind",
        "language_code",
        "status",
        "is_published",
        "topic",
        "byline",
        "published_on",
        "reading_grade_column",
        "review_due",
    ]
    list_filter = [
        VisibilityFilter,
        ReviewDueFilter,
        PendingRevisionFilter,
        "status",
        "kind",
        LanguageFilter,
        ("topics", admin.RelatedOnlyFieldListFilter),
        "comments_open",
    ]
    list_select_related = ["primary_topic"]
    empty_value_display = "—"
    history_list_display = ["status"]
    list_per_page = 50
    search_fields = ["title", "summary", "slug", "article_authors__author__name", "tags__name"]
    search_help_text = _("Search titles, summaries, web addresses, authors and keywords.")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    autocomplete_fields = ["related_articles"]
    readonly_fields = [
        "reader_visibility",
        "readability",
        "other_languages",
        "reading_time",
        *WORKFLOW_FIELDS,
        "created_at",
        "updated_at",
    ]
    save_on_top = True

    class Media:
        css = {"all": ["kith/admin.css"]}

    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "language", "summary"]}),
        (
            _("Translations"),
            {
                "fields": ["translation_of", "other_languages"],
                "description": _(
                    "Versions of one article in other languages, at most one per language. "
                    "Only published versions are linked for readers."
                ),
            },
        ),
        (
            _("Content"),
            {
                "fields": [
                    "content_note",
                    "about_suicide",
                    "key_points",
                    "question",
                    "body",
                    "readability",
                    "pull_quote",
                    "external_url",
                ],
                "description": _(
                    "The question is for Questions and Answers; the external URL "
                    "is for Videos and Links."
                ),
            },
        ),
        (
            _("Topics and keywords"),
            {"fields": ["primary_topic", "topics", "tags", "related_articles"]},
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "reader_visibility",
                    "status",
                    "published_at",
                    "content_updated_at",
                    "significant_update",
                    "comments_open",
                    "reading_time",
                    "created_at",
                    "updated_at",
                ],
                "description": _(
                    "Status changes through the buttons at the top of the page "
                    "(“Submit for review”, “Publish” …): each role sees only the steps it may "
                    "take."
                ),
            },
        ),
        (
            _("Clinical review"),
            {
                "fields": ["reviewed_by", "last_reviewed", "next_review_due", "review_notes"],
                "description": _(
                    "Recorded with “Mark reviewed”. A small edit never moves “Page last reviewed”."
                ),
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # The byline column costs one query for the whole page, not one per row.
        articles = super().get_queryset(request).with_byline()
        if request.resolver_match and request.resolver_match.url_name.endswith("_changelist"):
            # A page of 50 rows should not load 50 article bodies it never shows.
            articles = articles.defer(*LISTING_UNSHOWN_FIELDS)
        return articles

    @admin.display(boolean=True, description=_("visible to readers"))
    def is_published(self, article: Article) -> bool:
        return article.is_published()

    @admin.display(description=_("byline"))
    def byline(self, article: Article) -> str:
        return ", ".join(link.author.name for link in article.article_authors.all())

    # The language as its code ("en", "es"): a column as narrow as its values, so the list still
    # fits beside the filters at 1280 px; the filter on the right names the languages in full.
    @admin.display(description=_("lang."), ordering="language")
    def language_code(self, article: Article) -> str:
        return article.language

    @admin.display(description=_("topic"), ordering="primary_topic__name")
    def topic(self, article: Article) -> str | None:
        return article.primary_topic and str(article.primary_topic)

    @admin.display(description=_("published"), ordering="published_at")
    def published_on(self, article: Article) -> str | None:
        return _short_date(article.published_at)

    @admin.display(description=_("review due"), ordering="next_review_due")
    def review_due(self, article: Article) -> str | None:
        return _short_date(article.next_review_due)

    @admin.display(description=_("readers see it"))
    def reader_visibility(self, article: Article) -> str:
        if article.pk is None:
            return gettext("Not yet — save the article first.")
        if article.is_published():
            moment = date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
            return gettext("Yes, since %(moment)s") % {"moment": moment}
        if article.is_scheduled:
            moment = date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
            return gettext("From %(moment)s") % {"moment": moment}
        return gettext("No — %(status)s. “View on site” shows a preview.") % {
            "status": article.get_status_display().lower()
        }

    @admin.display(description=_("reading grade"), ordering="reading_grade")
    def reading_grade_column(self, article: Article) -> str:
        if article.reading_grade is None:
            return "—"
        if is_above_target(article.reading_grade):
            return format_html(
                '<span class="readability-warning">{}</span>',
                gettext("%(grade)s — above %(target)s")
                % {"grade": article.reading_grade, "target": grade_target()},
            )
        return str(article.reading_grade)

    @admin.display(description=_("readability"))
    def readability(self, article: Article) -> str:
        if article.pk is None or article.reading_grade is None:
            return gettext("Computed when you save. Target: grade %(target)s or lower.") % {
                "target": grade_target()
            }
        summary = gettext(
            "Reading grade %(grade)s (%(formula)s; target %(target)s or lower) · about "
            "%(minutes)s min read."
        ) % {
            "formula": formula_name(article.language),
            "grade": article.reading_grade,
            "target": grade_target(),
            "minutes": article.reading_time,
        }
        if is_above_target(article.reading_grade):
            return format_html(
                '<strong class="readability-warning">{} {}</strong>',
                summary,
                gettext("Above the target: try shorter sentences and everyday words."),
            )
        return summary

    @admin.display(description=_("other languages"))
    def other_languages(self, article: Article) -> str:
        translations = list(article.translations()) if article.pk else []
        if not translations:
            return _("None yet.")
        return format_html_join(
            mark_safe("<br>"),  # noqa: S308 - a constant
            '<a href="{}" lang="{}">{}</a> · {} · {}',
            (
                (
                    reverse("admin:articles_article_change", args=[translation.pk]),
                    translation.language,
                    translation.title,
                    translation.language_name,
                    translation.get_status_display(),
                )
                for translation in translations
            ),
        )

    def get_form(self, request: HttpRequest, obj: Article | None = None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "translation_of" in form.base_fields:
            # A search box, not a list of every article (there may be 100 000).
            form.base_fields["translation_of"].widget = AutocompleteSelect(
                Article._meta.get_field("related_articles"), self.admin_site
            )
        return form

    def view_on_site(self, article: Article) -> str:
        # A relative address: Django's default goes through the Sites framework, whose domain
        # is "example.com" until someone edits it. The article page previews drafts to editors.
        return article.get_absolute_url()

    def save_model(self, request: HttpRequest, article: Article, form, change: bool) -> None:
        old_slug = None
        if change:
            # The workflow fields are read-only here, but a revert to an old version (history)
            # would bring back its status and review: keep the current ones.
            current = Article.objects.get(pk=article.pk)
            for name in WORKFLOW_FIELDS:
                setattr(article, name, getattr(current, name))
            old_slug = current.slug
        if form.cleaned_data.get("significant_update"):
            article.content_updated_at = timezone.now()
        if original := form.cleaned_data.get("translation_of"):
            article.join_translations_of(original)
        super().save_model(request, article, form, change)
        if old_slug is not None and old_slug != article.slug:
            article.redirect_old_slug(old_slug)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The primary topic is always one of the topics, so topic pages need one join only.
        form.instance.topics.add(form.instance.primary_topic)
        # Keywords are saved only now, after the article: index them for search.
        form.instance.refresh_search_vector()
        if change:
            warn_without_references(request, form.instance)


@admin.register(ClinicalReviewer)
class ClinicalReviewerAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "user", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "credentials"]
    autocomplete_fields = ["author"]
    raw_id_fields = ["user"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "slug", "updated_at"]
    search_fields = ["name", "credentials"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "credentials", "slug", "bio", "photo_url", "user"]
    raw_id_fields = ["user"]

    def view_on_site(self, author: Author) -> str:
        return author.get_absolute_url()
