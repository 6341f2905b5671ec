from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "question": forms.Textarea(attrs={"rows": 3}),
            "pull_quote": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind in Article.KINDS_WITH_EXTERNAL_URL and not cleaned.get("external_url"):
            self.add_error(
                "external_url",
                ValidationError(
                    "Videos and Links need the address of the video or resource.",
                    code="external_url_required",
                ),
            )
        if kind == Article.Kind.QA and not cleaned.get("question", "").strip():
            self.add_error(
                "question",
                ValidationError(
                    "Questions and Answers need the reader's question.", code="question_required"
                ),
            )
        if cleaned.get("status") == Article.Status.PUBLISHED and not cleaned.get("published_at"):
            # Publishing without a time means "now"; a future time schedules the article.
            cleaned["published_at"] = timezone.now()
        return cleaned
