"""The fast comment renderer writes exactly what the comment template writes."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.test import TestCase

from comments.forms import ReportForm
from comments.models import Comment
from comments.rendering import CommentRenderer
from tests.comments_factories import make_comment
from tests.factories import make_article

REASONS = ReportForm.base_fields["reason"].choices


def template_html(comment: Comment, *, level: int, is_reply: bool, closed: str) -> str:
    context = {
        "comment": comment, "level": level, "is_reply": is_reply,
        "closed_message": closed, "report_reasons": REASONS,
    }  # fmt: skip
    return render_to_string("comments/includes/comment.html", context)


class RendererMatchesTemplateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        article = make_article()
        cls.comments = [
            make_comment(article=article, title="A title", name="Sam"),
            make_comment(article=article, name=""),
            make_comment(article=article, title="<b>\"Bold\" & 'brave'</b>", name="<i>x</i>"),
            make_comment(article=article, body="Line one.\n\nLine <script>two</script>."),
            make_comment(article=article, status=Comment.Status.REMOVED),
        ]
        edited = make_comment(article=article, title="Edited")
        edited.edited_by_moderator = True
        cls.comments.append(edited)
        for badge in (Comment.Badge.TEAM, Comment.Badge.AUTHOR):
            staff = make_comment(article=article, name="Jo")
            staff.staff_badge = badge
            cls.comments.append(staff)

    def test_every_variant_is_byte_identical(self):
        """Titles, names, hostile text, tombstones, edits, replies and closed threads."""
        for closed in ("", "Comments are closed on this article."):
            renderer = CommentRenderer(closed_message=closed, report_reasons=REASONS)
            for comment in self.comments:
                for level, is_reply in ((3, False), (4, True)):
                    expected = template_html(comment, level=level, is_reply=is_reply, closed=closed)
                    got = renderer.render(comment, level=level, is_reply=is_reply)
                    assert got == expected, (comment.pk, closed, is_reply)
