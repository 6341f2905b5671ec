from __future__ import annotations

from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments import moderation
from comments.models import Comment, ReportReason

FIELDS_TEMPLATE = "comments/includes/form_fields.html"


@lru_cache(maxsize=8)
def _blank_fields_html(language: str) -> SafeString:
    return render_to_string(FIELDS_TEMPLATE, {"form": CommentForm(article=None)})


class CommentForm(forms.ModelForm):
    """A reader's comment. The article comes from the URL, never from the form."""

    parent = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    timestamp = forms.CharField(required=False, widget=forms.HiddenInput, max_length=200)
    consent = forms.BooleanField(
        label=_(
            "I agree that Kith stores what I write here, which may include information about "
            "my health, so that moderators can read it and publish it under this article."
        ),
        error_messages={"required": _("Please tick the box to agree, or do not send the comment.")},
    )
    notify_replies = forms.BooleanField(
        required=False,
        label=_("E-mail me when someone replies"),
        help_text=_(
            "Needs your e-mail address. We first send a link to confirm. Then, when a "
            "reply in this conversation is published, we send a link to it (never its words), at "
            "most once an hour, for up to three months. Every e-mail has a link to stop them at "
            "any time."
        ),
    )

    class Meta:
        model = Comment
        fields = ["title", "name", "email", "body"]
        labels = {
            "title": _("Title (optional)"),
            "name": _("Display name (optional)"),
            "email": _("E-mail address (optional)"),
            "body": _("Your comment"),
        }
        help_texts = {
            "title": _("A few words that sum up your comment."),
            "name": _(
                "Shown with your comment. Leave it blank to appear as “Anonymous”. "
                "Please do not use your full name."
            ),
            "email": _(
                "Never shown. We only use it to send you a private link to delete your "
                "comment, and delete the address after a few months."
            ),
            "body": _("Up to 5,000 characters. Please do not include anyone's contact details."),
        }
        error_messages = {"body": {"required": _("Please write your comment.")}}

    def __init__(self, *args, article: Article, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.article = article
        self.fields["body"].widget.attrs.update(
            {"rows": 8, "maxlength": Comment.body.field.max_length}
        )
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "nickname"
        if not self.is_bound:
            self.initial["timestamp"] = moderation.sign_timestamp()

    @property
    def timestamp_value(self) -> str:
        """The timestamp to render: a fresh one when the sent one was missing, forged or old."""
        stale = {"timestamp_missing", "timestamp_invalid", "too_old"}
        errors = self.errors.as_data().get("__all__", []) if self.is_bound else []
        if not self.is_bound or any(e.code in stale for e in errors):
            return moderation.sign_timestamp()
        return self.data.get("timestamp", "")

    @property
    def fields_html(self) -> SafeString:
        """The visible fields with their labels, help texts and errors
        (comments/includes/form_fields.html). A form not sent yet has no value and no error,
        so it is the same HTML on every page: rendered once per language and process."""
        if self.is_bound:
            return render_to_string(FIELDS_TEMPLATE, {"form": self})
        return _blank_fields_html(get_language())

    def clean_parent(self) -> Comment | None:
        """A reply answers an approved comment on this article; a reply to a reply joins its
        thread (replies are one level deep)."""
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = (
            Comment.objects.approved()
            .filter(pk=parent_id, article=self.article)
            .select_related("parent")
            .first()
        )
        if parent is None:
            raise ValidationError(
                _("You can only reply to a published comment on this article."), code="bad_parent"
            )
        if parent.parent is not None:
            parent = parent.parent
            if not parent.is_approved():
                raise ValidationError(
                    _("That conversation is no longer open for replies."), code="bad_parent"
                )
        return parent

    def clean(self) -> dict:
        cleaned = super().clean()
        # A mistyped address already has its own error.
        wants = cleaned.get("notify_replies") and "email" not in self.errors
        if wants and not cleaned.get("email"):
            self.add_error(
                "notify_replies",
                ValidationError(
                    _("Please give your e-mail address above, or untick this box."),
                    code="email_needed",
                ),
            )
        try:
            moderation.check_timestamp(cleaned.get("timestamp", ""))
        except moderation.Refused as refused:
            raise ValidationError(refused.message, code=refused.code) from None
        return cleaned


class _BlankCommentForm:
    """A comment form nobody has sent yet, as ``comments/includes/form.html`` reads it, without
    building a ``CommentForm`` on every article page: no errors, the fields as rendered once
    per language (``fields_html``), an empty parent and a fresh timestamp.
    ``tests/test_comment_cards.py`` holds its HTML to a real ``CommentForm``'s."""

    errors = None
    parent = mark_safe('<input type="hidden" name="parent" id="id_parent">')  # as HiddenInput

    @property
    def fields_html(self) -> SafeString:
        return _blank_fields_html(get_language())

    @property
    def timestamp_value(self) -> str:
        return moderation.sign_timestamp()


BLANK_FORM = _BlankCommentForm()


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this comment?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose a reason."),
            "invalid_choice": _("Please choose one of the reasons."),
        },
    )  # fmt: skip


class RedactForm(forms.Form):
    body = forms.CharField(
        label=_("Comment text after redaction"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=Comment.body.field.max_length,
        help_text=_("Remove method details, personal details or abuse; keep the writer's words."),
    )
    note = forms.CharField(
        label=_("Why (required, not public)"),
        max_length=500,
        help_text=_("Readers see only “edited by a moderator”; this note is kept in the log."),
    )


class StaffReplyForm(forms.Form):
    """A moderator's, editor's or author's reply from the admin (“Approve and reply”)."""

    name = forms.CharField(
        label=_("Name shown with the reply"),
        max_length=Comment.name.field.max_length,
        help_text=_("Readers see it with the badge “Kith team”, or “Author” on your own article."),
    )
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=Comment.body.field.max_length,
        help_text=_("Published at once under this conversation."),
        error_messages={"required": _("Please write your reply.")},
    )
