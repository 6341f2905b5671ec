"""One comment's HTML, written in Python for speed: the same bytes as
templates/comments/includes/comment.html (a test compares the two for every variant).

Why: an article page shows up to 50 threads with their replies, and rendering the template
once per comment through ``{% include %}`` was nine tenths of the page's render time (each
comment carries its report form). Pages served from the page cache do not render at all, but a
miss — the first reader after a change — should be quick too. The template stays the
reference (the reply page and the moderation previews use it); change both together.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles.structured_data import iso
from comments.models import Comment


def _url_pattern(name: str) -> tuple[str, str]:
    """A URL with the comment's key replaced by a marker, reversed once per page."""
    marker = "999999999"
    url = reverse(name, args=[int(marker)])
    return url, marker


class CommentRenderer:
    """Renders the comments of one page; the parts every comment shares are built once."""

    def __init__(self, *, closed_message: str, report_reasons: Sequence[tuple[str, str]]) -> None:
        self.closed = bool(closed_message)
        self.reply_url, self.reply_marker = _url_pattern("comments:reply")
        self.report_url, self.report_marker = _url_pattern("comments:report")
        self.reasons = [(escape(value), escape(label)) for value, label in report_reasons]

    def render(self, comment: Comment, *, level: int, is_reply: bool) -> SafeString:
        pk = str(comment.pk)
        reply_class = " comment--reply" if is_reply else ""
        head = (
            f'<article class="comment{reply_class}" id="comment-{pk}" '
            f'aria-labelledby="comment-{pk}-title">\n'
        )
        if comment.is_tombstone:
            body = (
                f'\n  <p class="comment__removed" id="comment-{pk}-title">'
                "This comment was removed.</p>\n"
            )
            return mark_safe(head + body + "\n</article>\n")
        name = escape(comment.display_name)
        heading = escape(comment.title) if comment.title else f"Comment by {name}"
        created = comment.created_at
        shown = format_date(timezone.localtime(created), "j F Y")
        edited = (
            '<p class="comment__edited">Edited by a moderator.</p>'
            if comment.edited_by_moderator
            else ""
        )
        parts = [
            head,
            "\n",
            '  <header class="comment__header">\n',
            f'    <h{level} class="comment__title" id="comment-{pk}-title">{heading}</h{level}>\n',
            f'    <p class="comment__meta">{name}{_badge(comment)} · '
            f'<time datetime="{iso(created) or ""}">'
            f"{shown}</time></p>\n",
            "  </header>\n",
            f'  <div class="comment__body">{comment.body_html}</div>\n',
            f"  {edited}\n",
            "  \n",
            '  <div class="comment__actions">\n',
            f"    {self._reply_link(pk, heading, is_reply)}\n",
            '    <details class="comment__report">\n',
            '      <summary>Report<span class="visually-hidden"> this comment</span></summary>\n',
            f'      <form method="post" '
            f'action="{self.report_url.replace(self.report_marker, pk)}">\n',
            "        <fieldset>\n",
            "          <legend>Why are you reporting this comment?</legend>\n",
            "          \n",
        ]
        for value, label in self.reasons:
            parts.append(
                f'          <div class="choice"><input type="radio" name="reason" '
                f'value="{value}" id="report-{pk}-{value}" required><label '
                f'for="report-{pk}-{value}">{label}</label></div>\n          \n'
            )
        parts += [
            "        </fieldset>\n",
            '        <button type="submit">Send report</button>\n',
            "      </form>\n",
            "    </details>\n",
            "  </div>\n",
            "  \n",
            "\n</article>\n",
        ]
        return mark_safe("".join(parts))

    def _reply_link(self, pk: str, heading: str, is_reply: bool) -> str:
        if is_reply or self.closed:
            return ""
        url = self.reply_url.replace(self.reply_marker, pk)
        return (
            f'<a class="comment__reply" href="{url}">Reply<span class="visually-hidden"> to '
            f"“{heading}”</span></a>"
        )


def _badge(comment: Comment) -> str:
    """The staff badge, set only by a staff reply (never by the public form)."""
    if not comment.staff_badge:
        return ""
    return f' <strong class="comment__badge">{escape(comment.get_staff_badge_display())}</strong>'
