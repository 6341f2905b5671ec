from __future__ import annotations

from django.contrib import admin

from topics.models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "summary", "display_order"]
    list_editable = ["display_order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["related"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "introduction"]}),
        ("Place among topics", {"fields": ["parent", "related", "display_order"]}),
    ]
