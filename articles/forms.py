from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article
from articles.search import MAX_QUERY_LENGTH, normalise_query, search_terms
from topics.models import Topic

# About 15,000 words — far beyond any psychoeducation article. Markdown is rendered and
# sanitised on every save, so an unbounded body would let one paste tie up a worker.
BODY_MAX_CHARS = 100_000


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "question": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 24}),
            "pull_quote": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Without JavaScript the slug is not filled in as the editor types: clean() fills it.
        self.fields["slug"].required = False
        self.fields["slug"].help_text += " Leave empty to make it from the title."

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body", "")
        if len(body) > BODY_MAX_CHARS:
            raise ValidationError(
                "The body is %(length)s characters long; the limit is %(limit)s. "
                "Split it into several articles.",
                code="body_too_long",
                params={"length": f"{len(body):,}", "limit": f"{BODY_MAX_CHARS:,}"},
            )
        return body

    def clean_related_articles(self):
        related = self.cleaned_data.get("related_articles")
        if related is not None and self.instance.pk and related.filter(pk=self.instance.pk):
            raise ValidationError(
                "An article cannot be related to itself.", code="related_to_itself"
            )
        return related

    def clean(self) -> dict:
        cleaned = super().clean()
        self._fill_slug(cleaned)
        kind = cleaned.get("kind")
        # A field that already has an error (e.g. not a valid URL) needs no second message.
        missing_url = not cleaned.get("external_url") and "external_url" not in self.errors
        if kind in Article.KINDS_WITH_EXTERNAL_URL and missing_url:
            self.add_error(
                "external_url",
                ValidationError(
                    "Videos and Links need the address of the video or resource.",
                    code="external_url_required",
                ),
            )
        missing_question = not cleaned.get("question", "").strip() and "question" not in self.errors
        if kind == Article.Kind.QA and missing_question:
            self.add_error(
                "question",
                ValidationError(
                    "Questions and Answers need the reader's question.", code="question_required"
                ),
            )
        if cleaned.get("status") == Article.Status.PUBLISHED and not cleaned.get("published_at"):
            # Publishing without a time means "now"; a future time schedules the article.
            cleaned["published_at"] = timezone.now()
        published_at, updated_at = cleaned.get("published_at"), cleaned.get("content_updated_at")
        if published_at and updated_at and updated_at < published_at:
            self.add_error(
                "content_updated_at",
                ValidationError(
                    "An update cannot come before the article was published.",
                    code="updated_before_published",
                ),
            )
        return cleaned

    def _fill_slug(self, cleaned: dict) -> None:
        if cleaned.get("slug") or "slug" in self.errors:
            return
        max_length = Article._meta.get_field("slug").max_length
        slug = slugify(cleaned.get("title", ""))[:max_length].rstrip("-")
        if slug:
            cleaned["slug"] = slug
        elif "title" not in self.errors:
            self.add_error(
                "slug",
                ValidationError(
                    "Give the article a web address using letters, numbers or hyphens.",
                    code="slug_required",
                ),
            )


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
