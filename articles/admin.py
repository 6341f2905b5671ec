from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from articles.forms import ArticleAdminForm
from articles.models import Article, ArticleAuthor, Author, Helpline


class ArticleAuthorInline(admin.TabularInline):
    model = ArticleAuthor
    fields = ["author", "order"]
    extra = 1
    min_num = 1
    validate_min = True
    verbose_name = "author"
    verbose_name_plural = "Byline — authors in the order readers see them"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    inlines = [ArticleAuthorInline]
    list_display = [
        "title",
        "kind",
        "status",
        "visible_to_readers",
        "primary_topic",
        "published_at",
    ]
    list_filter = ["status", "kind", "comments_open", ("topics", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["primary_topic"]
    search_fields = ["title", "summary", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    autocomplete_fields = ["related_articles"]
    readonly_fields = ["reading_time", "created_at", "updated_at"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "summary"]}),
        ("Content", {"fields": ["question", "body", "pull_quote", "external_url"]}),
        (
            "Topics and keywords",
            {"fields": ["primary_topic", "topics", "tags", "related_articles"]},
        ),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "content_updated_at",
                    "comments_open",
                    "reading_time",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(boolean=True, description="visible to readers")
    def visible_to_readers(self, article: Article) -> bool:
        return article.is_published()

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # The primary topic is always one of the topics, so topic pages need one join only.
        form.instance.topics.add(form.instance.primary_topic)
        # Keywords are saved only now, after the article: index them for search.
        form.instance.refresh_search_vector()


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "credentials", "slug"]
    search_fields = ["name", "credentials"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "credentials", "slug", "bio", "photo_url"]


@admin.register(Helpline)
class HelplineAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "text_number", "region", "display_order", "is_active"]
    list_editable = ["display_order", "is_active"]
    list_filter = ["is_active", "region"]
    search_fields = ["name", "description"]
