from __future__ import annotations

import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _

from articles.languages import ARTICLE_LANGUAGES, DEFAULT_LANGUAGE, language_choices
from articles.models import Article, ClinicalReviewer, Reference
from articles.search import MAX_QUERY_LENGTH, normalise_query, search_terms
from articles.workflow import KEY_POINT_MAX_CHARS, KEY_POINTS_MAX
from topics.models import Topic

# About 15,000 words — far beyond any psychoeducation article. Markdown is rendered and
# sanitised on every save, so an unbounded body would let one paste tie up a worker.
BODY_MAX_CHARS = 100_000


class ArticleAdminForm(forms.ModelForm):
    # Not a model field: ticking it moves the public “Updated” date to now (see ArticleAdmin).
    significant_update = forms.BooleanField(
        label=_("Significant update"),
        required=False,
        help_text=_(
            "Tick when the meaning changed — new advice, corrected facts: readers then see "
            "today as “Updated”. Leave it unticked for typo fixes and small wording changes. "
            "Neither moves “Page last reviewed”; only a clinical review does."
        ),
    )

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "question": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 24}),
            "pull_quote": forms.Textarea(attrs={"rows": 2}),
            "content_note": forms.Textarea(attrs={"rows": 2}),
            "key_points": forms.Textarea(attrs={"rows": 4}),
        }

    # Not a model field: choosing an article puts this one in its group of translations
    # (``Article.translation_group``); emptying it takes this one out of its group.
    translation_of = forms.ModelChoiceField(
        label=_("Translation of"),
        queryset=Article.objects.all(),
        required=False,
        help_text=_(
            "Choose the article this one translates (any of its versions). Readers of each "
            "version then see “Also in” links to the others. Leave empty if it has none."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Without JavaScript the slug is not filled in as the editor types: clean() fills it.
        self.fields["slug"].required = False
        self.fields["slug"].help_text = format_lazy(
            "{} {}", self.fields["slug"].help_text, _("Leave empty to make it from the title.")
        )
        if "language" in self.fields:
            current = self.instance.language if self.instance.pk else ""
            self.fields["language"].widget = forms.Select(choices=language_choices(current))
            # A form posted without it (a script, an older form) keeps the article's language.
            self.fields["language"].required = False
        if self.instance.pk and "translation_of" in self.fields:
            self.initial.setdefault("translation_of", self.instance.translations().first())

    def clean_translation_group(self, cleaned: dict) -> None:
        """Put the article in the chosen original's group for validation: ``Article.clean()``
        then refuses a second version in one language. The admin saves the link itself."""
        if "translation_of" not in self.fields:
            return
        article, original = self.instance, cleaned.get("translation_of")
        if original is None:
            if "translation_of" in self.changed_data:
                article.leave_translations()
            return
        if original.pk == article.pk:
            self.add_error(
                "translation_of",
                ValidationError(
                    _("An article cannot be a translation of itself."),
                    code="translation_of_itself",
                ),
            )
        elif original.translation_group is not None:
            article.translation_group = original.translation_group
        elif original.language == cleaned.get("language"):
            self.add_error(
                "translation_of",
                ValidationError(
                    _("“%(title)s” is in the same language: choose a version in another one."),
                    code="translation_language_taken",
                    params={"title": original.title},
                ),
            )
        else:  # the original has no group yet: it gets one when the article is saved
            article.translation_group = uuid.uuid4()

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.instance.language or DEFAULT_LANGUAGE

    def clean_body(self) -> str:
        body = self.cleaned_data.get("body", "")
        if len(body) > BODY_MAX_CHARS:
            raise ValidationError(
                _(
                    "The body is %(length)s characters long; the limit is %(limit)s. "
                    "Split it into several articles."
                ),
                code="body_too_long",
                params={"length": f"{len(body):,}", "limit": f"{BODY_MAX_CHARS:,}"},
            )
        return body

    def clean_key_points(self) -> str:
        points = [line.strip() for line in self.cleaned_data.get("key_points", "").splitlines()]
        points = [point for point in points if point]
        if len(points) > KEY_POINTS_MAX:
            raise ValidationError(
                _("Keep key points to %(max)s lines or fewer (you have %(count)s)."),
                code="too_many_key_points",
                params={"max": KEY_POINTS_MAX, "count": len(points)},
            )
        if any(len(point) > KEY_POINT_MAX_CHARS for point in points):
            raise ValidationError(
                _("Each key point must be %(max)s characters or fewer."),
                code="key_point_too_long",
                params={"max": KEY_POINT_MAX_CHARS},
            )
        return "\n".join(points)

    def clean_related_articles(self):
        related = self.cleaned_data.get("related_articles")
        if related is not None and self.instance.pk and related.filter(pk=self.instance.pk):
            raise ValidationError(
                _("An article cannot be related to itself."), code="related_to_itself"
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
                    _("Videos and Links need the address of the video or resource."),
                    code="external_url_required",
                ),
            )
        missing_question = not cleaned.get("question", "").strip() and "question" not in self.errors
        if kind == Article.Kind.QA and missing_question:
            self.add_error(
                "question",
                ValidationError(
                    _("Questions and Answers need the reader's question."), code="question_required"
                ),
            )
        self.clean_translation_group(cleaned)
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
                    _("Give the article a web address using letters, numbers or hyphens."),
                    code="slug_required",
                ),
            )


class SearchForm(forms.Form):
    """The reader's search: words, and optionally a topic, a kind of article and a language."""

    q = forms.CharField(label=_("Search for"), required=False, max_length=None, strip=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.alphabetical(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    kind = forms.ChoiceField(
        label=_("Kind of article"),
        choices=[("", _("All kinds")), *Article.Kind.choices],
        required=False,
    )
    # Each language in its own name: a reader looks for the language they read.
    lang = forms.ChoiceField(
        label=_("Language"),
        choices=[
            ("", _("All languages")),
            *((code, language.native_name) for code, language in ARTICLE_LANGUAGES.items()),
        ],
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
                _("Please search with %(limit)d characters or fewer."),
                code="too_long",
                params={"limit": MAX_QUERY_LENGTH},
            )
        if query and not search_terms(query):
            raise ValidationError(
                _("Please include at least one letter or number in your search."),
                code="no_words",
            )
        return query

    def terms(self) -> list[str]:
        """The words to search for; empty until the form is valid."""
        if not self.is_valid():
            return []
        return search_terms(self.cleaned_data["q"])


class ReferenceForm(forms.ModelForm):
    class Meta:
        model = Reference
        fields = ["citation", "url", "doi", "accessed", "order"]

    def clean_doi(self) -> str:
        # Editors paste DOIs as links; the stored form is the bare DOI.
        doi = self.cleaned_data.get("doi", "").strip()
        for prefix in ("https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "doi:"):
            if doi.lower().startswith(prefix):
                doi = doi[len(prefix) :].strip()
        if doi:
            Reference._meta.get_field("doi").run_validators(doi)
        return doi

    def clean_accessed(self):
        accessed = self.cleaned_data.get("accessed")
        if accessed and accessed > timezone.localdate():
            raise ValidationError(
                _("The accessed date cannot be in the future."), code="accessed_ahead"
            )
        return accessed


class ReviewForm(forms.Form):
    """What “Mark reviewed” asks: who reviewed, when, notes, and when the next review is due."""

    reviewer = forms.ModelChoiceField(
        queryset=ClinicalReviewer.objects.filter(is_active=True),
        required=False,
        label=_("Clinical reviewer"),
        help_text=_(
            "Leave empty to record the review as yours (your account must be linked "
            "to a clinical reviewer)."
        ),
    )
    reviewed_on = forms.DateField(
        required=False,
        label=_("Date of review"),
        help_text=_("Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    next_due = forms.DateField(
        required=False,
        label=_("Next review due"),
        help_text=_("Leave empty for the standard review cycle."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    notes = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Review notes"),
        help_text=_("What you checked or asked to change. Not shown to readers."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PublishForm(forms.Form):
    at = forms.DateTimeField(
        required=False,
        label=_("Publish at"),
        help_text=_("Leave empty to publish now; a future date and time schedules the article."),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ConfirmForm(forms.Form):
    """Submit, return to draft and archive need no input beyond the button."""
