"""The image library's admin: editors upload a picture with its alt text, then copy the
Markdown shown beside it into an article's body."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.images import ArticleImage


@admin.register(ArticleImage)
class ArticleImageAdmin(admin.ModelAdmin):
    list_display = ["thumbnail", "alt_text", "markdown_snippet", "uploaded_by", "created_at"]
    list_display_links = ["alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    list_select_related = ["uploaded_by"]
    list_per_page = 30
    fields = ["file", "alt_text", "caption", "credit", "preview", "markdown_to_paste", "used_in"]

    def get_readonly_fields(self, request: HttpRequest, obj: ArticleImage | None = None):
        shown_after_upload = ["preview", "markdown_to_paste", "used_in"]
        # A stored file is never replaced: articles point at its address. Upload a new image.
        return ["file", *shown_after_upload] if obj else shown_after_upload

    def get_fields(self, request: HttpRequest, obj: ArticleImage | None = None):
        return self.fields if obj else ["file", "alt_text", "caption", "credit"]

    def save_model(self, request: HttpRequest, obj: ArticleImage, form, change: bool) -> None:
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[ArticleImage]) -> None:
        for image in queryset:  # each removes its file too
            image.delete()

    @admin.display(description=_("image"))
    def thumbnail(self, image: ArticleImage) -> str:
        width, height = _fit(image, 120)
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}" loading="lazy">', image.url, width, height
        )

    @admin.display(description=_("Markdown to paste"))
    def markdown_snippet(self, image: ArticleImage) -> str:
        return format_html("<code>{}</code>", image.markdown())

    @admin.display(description=_("preview"))
    def preview(self, image: ArticleImage) -> str:
        width, height = _fit(image, 480)
        return format_html(
            '<img src="{}" alt="{}" width="{}" height="{}"><br>{}',
            image.url,
            image.alt_text,
            width,
            height,
            gettext("%(width)s × %(height)s pixels")
            % {"width": image.width, "height": image.height},
        )

    @admin.display(description=_("Markdown to paste into an article"))
    def markdown_to_paste(self, image: ArticleImage) -> str:
        lines = image.markdown().count("\n") + 1
        return format_html(
            '<textarea readonly rows="{}" cols="80" aria-label="{}">{}</textarea><br>{}',
            lines,
            gettext("Markdown for this image"),
            image.markdown(),
            gettext("Copy it into the article's body where the picture belongs."),
        )

    @admin.display(description=_("used in"))
    def used_in(self, image: ArticleImage) -> str:
        articles = list(image.articles_using()[:20])
        if not articles:
            return gettext("No article yet.")
        return format_html_join(", ", "{}", ((article.title,) for article in articles))


def _fit(image: ArticleImage, box: int) -> tuple[int, int]:
    """The image's size scaled to fit in a ``box``-pixel square (never enlarged)."""
    if not image.width or not image.height:
        return box, box
    scale = min(1.0, box / max(image.width, image.height))
    return max(1, round(image.width * scale)), max(1, round(image.height * scale))
