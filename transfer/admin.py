from __future__ import annotations

from django.contrib import admin

from transfer.models import ImportedSource


@admin.register(ImportedSource)
class ImportedSourceAdmin(admin.ModelAdmin):
    """Read-only: which old address became which article (to set up redirects by hand)."""

    list_display = ["source_url", "article", "imported_at"]
    list_select_related = ["article"]
    search_fields = ["source_url", "source_key", "article__title"]
    readonly_fields = ["source_key", "source_url", "content_hash", "article", "imported_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
