"""Transparency pages (About us, Editorial policy, …): django.contrib.flatpages, made safe.

Decision: editors write these pages in HTML, as flatpages expects, and the admin form passes
the HTML through ``kith.markup.sanitize_html`` when it is saved — the same allowlist as article
bodies — so what is stored is already safe; flatpages' view marks it safe as it renders.
The per-page template choice is hidden: a page must not be able to render another template.
Titles are escaped by ``templates/flatpages/default.html`` (flatpages marks them safe, too).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.forms import FlatpageForm
from django.contrib.flatpages.models import FlatPage
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kith.markup import sanitize_html

# (URL name in the "pages" namespace, address, title) — in the footer's order.
TRANSPARENCY_PAGES = [
    ("about", "/about/", "About us"),
    ("editorial-policy", "/editorial-policy/", "Editorial policy"),
    ("comment-guidelines", "/comment-guidelines/", "Comment guidelines"),
    ("privacy", "/privacy/", "Privacy"),
    ("disclaimer", "/disclaimer/", "Disclaimer"),
    ("contact", "/contact/", "Contact"),
]
CONTENT_MAX_CHARS = 50_000


class TransparencyPageForm(FlatpageForm):
    class Meta:
        model = FlatPage
        fields = ["url", "title", "content", "sites", "registration_required"]
        widgets = {"content": forms.Textarea(attrs={"rows": 24})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["content"].help_text = _(
            "HTML: <p>, <h2>, <ul>/<li>, <a href>, <strong>, <em>. Anything else (scripts, "
            "styles, frames) is removed when you save."
        )

    def clean_content(self) -> str:
        content = self.cleaned_data.get("content", "")
        if len(content) > CONTENT_MAX_CHARS:
            raise ValidationError(
                _("The page is %(length)s characters long; the limit is %(limit)s."),
                code="content_too_long",
                params={"length": f"{len(content):,}", "limit": f"{CONTENT_MAX_CHARS:,}"},
            )
        return sanitize_html(content)


admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class TransparencyPageAdmin(FlatPageAdmin):
    form = TransparencyPageForm
    fieldsets = [(None, {"fields": ["url", "title", "content", "sites"]})]
    list_filter = ["sites"]

    def view_on_site(self, page: FlatPage) -> str:
        return page.url
