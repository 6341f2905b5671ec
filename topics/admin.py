from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from topics.models import Topic


class TopicAdminForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}

    def clean_related(self):
        related = self.cleaned_data.get("related")
        if related is not None and self.instance.pk and related.filter(pk=self.instance.pk):
            raise ValidationError(
                _("A topic cannot be related to itself."), code="related_to_itself"
            )
        return related


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    form = TopicAdminForm
    list_display = ["name", "parent", "summary", "display_order"]
    list_editable = ["display_order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["related"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "introduction"]}),
        (_("Place among topics"), {"fields": ["parent", "related", "display_order"]}),
        (_("History"), {"fields": ["updated_at"]}),
    ]

    def view_on_site(self, topic: Topic) -> str:
        # Relative, so it does not depend on the Sites framework's placeholder domain.
        return topic.get_absolute_url()
