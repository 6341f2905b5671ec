"""Stored comment cards (comments/cards.py): each approved comment's card is rendered from the
one template when the comment changes, and the article page shows exactly what that template
would render now — also for rows written without a card, and on pages where comments closed."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import TestCase
from django.utils import timezone
from django.utils.autoreload import file_changed

from comments import cards
from comments.models import Comment
from comments.moderation import post_staff_reply
from tests.comments_factories import make_comment
from tests.factories import make_article, make_user


def fresh(comment: Comment, **context) -> str:
    """What the template renders for ``comment`` now, as the article page includes it."""
    is_reply = comment.parent_id is not None
    context = {"comment": comment, "level": 4 if is_reply else 3, "is_reply": is_reply, **context}
    return render_to_string("comments/includes/comment.html", context)


class StoredCardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Resilience")
        cls.comment = make_comment(
            article=cls.article, title="Night walks", name="Robin", body="Walking <b>helped</b>."
        )
        cls.comment.approve(by=make_user())

    def stored(self, comment: Comment) -> Comment:
        return Comment.objects.get(pk=comment.pk)

    def page(self) -> str:
        return self.client.get(self.article.get_absolute_url()).content.decode()

    def test_stored_card_is_the_template_rendered_now(self):
        """The stored card and a fresh render of comments/includes/comment.html are equal."""
        row = self.stored(self.comment)
        assert row.card_version == cards.card_version()
        assert row.card_html == fresh(row)
        assert "Night walks" in row.card_html and "Walking &lt;b&gt;helped&lt;/b&gt;." in (
            row.card_html
        )

    def test_page_shows_the_stored_card(self):
        """The article page serves the stored string (changed here behind the model's back)."""
        Comment.objects.filter(pk=self.comment.pk).update(
            card_html=self.stored(self.comment).card_html.replace("Night walks", "Stored walks")
        )
        html = self.page()
        assert "Stored walks" in html and "Night walks" not in html

    def test_redaction_updates_the_card(self):
        self.comment.redact(by=make_user(), new_body="Shorter words.", note="A name.")
        row = self.stored(self.comment)
        assert "Shorter words." in row.card_html and "Edited by a moderator." in row.card_html
        assert "helped" not in row.card_html
        assert "Shorter words." in self.page()

    def test_edit_in_the_admin_form_path_updates_the_card(self):
        """Any save (the admin's change form saves the model) renders the card again."""
        row = self.stored(self.comment)
        row.title = "Morning walks"
        row.save(update_fields={"title"})
        assert "Morning walks" in self.stored(self.comment).card_html
        assert "Morning walks" in self.page()

    def test_erasure_leaves_no_text_in_the_card_or_page(self):
        reply = make_comment(article=self.article, parent=self.comment, body="A reply.")
        self.comment.erase()
        row = self.stored(self.comment)
        assert "Night walks" not in row.card_html and "Robin" not in row.card_html
        html = self.page()
        assert "This comment was removed." in html and "Night walks" not in html
        assert "A reply." in html and reply.card_html == fresh(self.stored(reply))

    def test_staff_reply_card_shows_the_badge(self):
        staff = make_user(perms=["comments.can_moderate"], is_staff=True)
        reply = post_staff_reply(parent=self.comment, user=staff, name="Ana", body="Thank you.")
        row = self.stored(reply)
        assert "Kith team" in row.card_html and row.card_html == fresh(row)
        assert 'class="comment comment--reply"' in row.card_html
        assert "Kith team" in self.page()

    def test_bulk_created_rows_without_a_card_render_from_the_template(self):
        """Rows written by bulk_create (imports, the peer's seed script) have no card: the
        page renders them; ``refresh_cards`` then stores the same HTML."""
        base = timezone.now() - timedelta(days=1)
        Comment.objects.bulk_create(
            Comment(
                article=self.article,
                title=f"Bulk {i}",
                body=f"Bulk body {i}",
                body_html=f"<p>Bulk body {i}</p>",
                status=Comment.Status.APPROVED,
                created_at=base,
                published_at=base + timedelta(minutes=i),
            )  # fmt: skip
            for i in range(3)
        )
        before = self.page()
        assert all(f"Bulk body {i}" in before for i in range(3))
        assert Comment.objects.refresh_cards() == 3
        assert all(row.card_html == fresh(row) for row in Comment.objects.filter(title="Bulk 0"))
        assert self.page() == before

    def test_stale_version_is_rendered_afresh(self):
        """A card from another template version is not trusted."""
        Comment.objects.filter(pk=self.comment.pk).update(
            card_html="<p>old template</p>", card_version="0" * 16
        )
        html = self.page()
        assert "old template" not in html and "Night walks" in html

    def test_closed_article_hides_the_reply_link_exactly_as_the_template_does(self):
        self.article.comments_open = False
        self.article.save()
        html = self.page()
        assert "Comments are closed on this article." in html
        assert "/reply/" not in html and f"/comments/{self.comment.pk}/report/" in html
        row = self.stored(self.comment)
        [shown] = Comment.objects.shown_threads(self.article, closed=True, stop=50)
        assert shown.card == fresh(row, closed_message="Comments are closed on this article.")

    def test_current_cards_cost_one_query_and_stale_ones_one_more(self):
        """The page's threads are read as stored cards in one query whatever their number;
        the comments whose card must be rendered now are read whole in one more."""
        for i in range(5):
            reply = make_comment(article=self.article, parent=self.comment, body=f"Reply {i}.")
            reply.approve(by=make_user())
            make_comment(article=self.article, title=f"Thread {i}").approve(by=make_user())
        with self.assertNumQueries(1):
            threads = Comment.objects.shown_threads(self.article, closed=False, stop=50)
        assert [len(t.approved_replies) for t in threads] == [5, 0, 0, 0, 0, 0]
        shown = [*threads, *threads[0].approved_replies]
        assert all(timezone.is_aware(c.published_at) for c in shown)  # as the ORM reads them
        assert [t.published_at for t in threads] == sorted(t.published_at for t in threads)
        assert threads[0].card == fresh(self.stored(self.comment))
        assert threads[0].approved_replies[4].card == fresh(self.stored(reply))
        Comment.objects.filter(article=self.article).update(card_html="", card_version="")
        with self.assertNumQueries(2):
            again = Comment.objects.shown_threads(self.article, closed=False, stop=50)
        assert [t.card for t in again] == [t.card for t in threads]
        assert [r.card for r in again[0].approved_replies] == [
            r.card for r in threads[0].approved_replies
        ]

    def test_a_reader_in_another_language_gets_cards_in_that_language(self):
        """Stored cards are in the default language; a Spanish page renders its own."""
        html = self.client.get(self.article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es").content
        text = html.decode()
        assert "Responder" in text and "Night walks" in text
        assert ">Reply<" not in text
        assert ">Reply<" in self.page()


class BlankFormTests(TestCase):
    def test_the_article_page_form_is_what_a_comment_form_renders(self):
        """The article page's form is not built on every view (``BLANK_FORM``); its HTML is
        a real, unsent ``CommentForm``'s, in each language."""
        from django.utils import translation

        from comments.forms import BLANK_FORM, CommentForm

        article = make_article()
        template = "comments/includes/form.html"
        for language in ("en", "es"):
            with translation.override(language):
                real = CommentForm(article=article)
                context = {"article": article, "heading_level": 3, "helplines_on_page": True}
                light = render_to_string(template, {**context, "form": BLANK_FORM})
                built = render_to_string(template, {**context, "form": real})
            stamp = r'name="timestamp" value="[^"]*"'
            assert re.sub(stamp, "", light) == re.sub(stamp, "", built)
            assert 'name="parent"' in light and 'name="consent"' in light
            assert re.search(r'name="timestamp" value="[\w:.-]{10,}"', light)


class RefreshCommandTests(TestCase):
    def test_command_stores_missing_cards_and_says_how_many(self):
        article = make_article()
        comment = make_comment(article=article, title="Kept")
        Comment.objects.filter(pk=comment.pk).update(card_html="", card_version="")
        out = StringIO()
        call_command("refresh_comment_cards", stdout=out)
        assert out.getvalue().strip() == "Stored 1 comment card."
        row = Comment.objects.get(pk=comment.pk)
        assert row.card_html == fresh(row) and "Kept" in row.card_html
        out = StringIO()
        call_command("refresh_comment_cards", stdout=out)
        assert out.getvalue().strip() == "Stored 0 comment cards."


class DevelopmentReloadTests(TestCase):
    def test_a_changed_file_makes_the_fingerprint_be_computed_again(self):
        """runserver reloads templates without restarting: the cached fingerprint is dropped."""
        cards.card_version()
        assert cards.card_version.cache_info().currsize >= 1  # one per language asked for
        file_changed.send(sender=None, file_path=Path("templates/comments/includes/comment.html"))
        assert cards.card_version.cache_info().currsize == 0
