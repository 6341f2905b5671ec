from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from articles.search import MAX_QUERY_LENGTH, normalise_query, search_terms
from topics.models import Topic


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


class SearchForm(forms.Form):
    """The reader's search: words, and optionally a topic and a kind of article."""

    q = forms.CharField(label="Search for", required=False, max_length=None, strip=False)
    topic = forms.ModelChoiceField(
        label="Topic",
        queryset=Topic.objects.alphabetical(),
        to_field_name="slug",
        required=False,
        empty_label="All topics",
    )
    kind = forms.ChoiceField(
        label="Kind of article",
        choices=[("", "All kinds"), *Article.Kind.choices],
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # NUL bytes and other control characters are removed by clean_q, not refused.
        self.fields["q"].validators = []

    def clean_q(self) -> str:
        query = normalise_query(self.cleaned_data["q"])
        if len(query) > MAX_QUERY_LENGTH:
            raise ValidationError(
                "Please search with %(limit)d characters or fewer.",
                code="too_long",
                params={"limit": MAX_QUERY_LENGTH},
            )
        if query and not search_terms(query):
            raise ValidationError(
                "Please include at least one letter or number in your search.",
                code="no_words",
            )
        return query

    def terms(self) -> list[str]:
        """The words to search for; empty until the form is valid."""
        if not self.is_valid():
            return []
        return search_terms(self.cleaned_data["q"])
