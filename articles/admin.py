from __future__ import annotations

from django.contrib import admin
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format

from articles.forms import ArticleAdminForm
from articles.models import Article, ArticleAuthor, ArticleQuerySet, Author, Helpline


class VisibilityFilter(admin.SimpleListFilter):
    """What readers see, which status alone does not say: a published article may be scheduled."""

    title = "visibility to readers"
    parameter_name = "visibility"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [
            ("visible", "Visible now"),
            ("scheduled", "Scheduled"),
            ("hidden", "Not published"),
        ]

    def queryset(self, request: HttpRequest, queryset: ArticleQuerySet) -> QuerySet[Article]:
        if self.value() == "visible":
            return queryset.published()
        if self.value() == "scheduled":
            return queryset.scheduled()
        if self.value() == "hidden":
            return queryset.exclude(status=Article.Status.PUBLISHED)
        return queryset


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    fields = ["author", "order"]
    extra = 1
    min_num = 1
    validate_min = True
    verbose_name = "author"
    verbose_name_plural = "Byline — authors in the order readers see them (lower order first)"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline]
    list_display = [
        "title",
        "kind",
        "status",
        "is_published",
        "primary_topic",
        "byline",
        "published_at",
        "updated_at",
    ]
    list_filter = [
        VisibilityFilter,
        "status",
        "kind",
        ("topics", admin.RelatedOnlyFieldListFilter),
        "comments_open",
    ]
    list_select_related = ["primary_topic"]
    list_per_page = 50
    search_fields = ["title", "summary", "slug", "article_authors__author__name", "tags__name"]
    search_help_text = "Search titles, summaries, web addresses, authors and keywords."
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    autocomplete_fields = ["related_articles"]
    readonly_fields = ["reader_visibility", "reading_time", "created_at", "updated_at"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary"]}),
        (
            "Content",
            {
                "fields": ["question", "body", "pull_quote", "external_url"],
                "description": "The question is for Questions and Answers; the external URL "
                "is for Videos and Links.",
            },
        ),
        (
            "Topics and keywords",
            {"fields": ["primary_topic", "topics", "tags", "related_articles"]},
        ),
        (
            "Publishing",
            {
                "fields": [
                    "reader_visibility",
                    "status",
                    "published_at",
                    "content_updated_at",
                    "comments_open",
                    "reading_time",
                    "created_at",
                    "updated_at",
                ],
                "description": "Choose “Published” and leave the time empty to publish now; "
                "a future time schedules the article.",
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        # The byline column costs one query for the whole page, not one per row.
        articles = (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "article_authors",
                    queryset=ArticleAuthor.objects.select_related("author").order_by("order"),
                )
            )
        )
        if request.resolver_match and request.resolver_match.url_name.endswith("_changelist"):
            # A page of 50 rows should not load 50 article bodies it never shows.
            articles = articles.defer("body", "body_html", "question")
        return articles

    @admin.display(boolean=True, description="visible to readers")
    def is_published(self, article: Article) -> bool:
        return article.is_published()

    @admin.display(description="byline")
    def byline(self, article: Article) -> str:
        return ", ".join(link.author.name for link in article.article_authors.all())

    @admin.display(description="readers see it")
    def reader_visibility(self, article: Article) -> str:
        if article.pk is None:
            return "Not yet — save the article first."
        if article.is_published():
            return "Yes, since " + date_format(
                timezone.localtime(article.published_at), "DATETIME_FORMAT"
            )
        if article.is_scheduled:
            return "From " + date_format(
                timezone.localtime(article.published_at), "DATETIME_FORMAT"
            )
        return f"No — {article.get_status_display().lower()}. “View on site” shows a preview."

    def view_on_site(self, article: Article) -> str:
        # A relative address: Django's default goes through the Sites framework, whose domain
        # is "example.com" until someone edits it. The article page previews drafts to editors.
        return article.get_absolute_url()

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The primary topic is always one of the topics, so topic pages need one join only.
        form.instance.topics.add(form.instance.primary_topic)
        # Keywords are saved only now, after the article: index them for search.
        form.instance.refresh_search_vector()


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "slug", "updated_at"]
    search_fields = ["name", "credentials"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "credentials", "slug", "bio", "photo_url"]

    def view_on_site(self, author: Author) -> str:
        return author.get_absolute_url()


@admin.register(Helpline)
class HelplineAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "text_number", "region", "display_order", "is_active"]
    list_editable = ["display_order", "is_active"]
    list_filter = ["is_active", "region"]
    search_fields = ["name", "description"]
