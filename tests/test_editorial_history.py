"""Revisions: every saved version with who saved it, a readable diff, and restore."""

from __future__ import annotations

from django.urls import reverse

from articles.models import Article
from articles.revisions import word_diff
from tests.factories import make_article, make_user
from tests.test_editorial_admin import EditorialAdminTestCase, change_url


def history_url(article: Article) -> str:
    return reverse("admin:articles_article_history", args=[article.pk])


def compare_url(article: Article, older: int, newer: int) -> str:
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return f"{url}?from={older}&to={newer}"


class HistoryTests(EditorialAdminTestCase):
    def setUp(self) -> None:
        # In review, so editors change it directly (a published article's edits wait as
        # revisions: tests/test_article_revisions.py).
        self.article = make_article(
            title="Sleep basics",
            body="Go to bed at the same time.",
            primary_topic=self.topic,
            status=Article.Status.IN_REVIEW,
        )
        self.client.force_login(self.editor)
        data = self.form_data(self.article, title="Sleep basics, revised")
        data["body"] = "Go to bed and get up at the same time. <script>alert(1)</script>"
        assert self.client.post(change_url(self.article), data).status_code == 302
        self.first, self.second = sorted(
            self.article.history.all(), key=lambda record: record.history_id
        )

    def test_every_save_is_kept_with_who_saved_it(self):
        """The admin save is a new version recorded as the editor's."""
        assert self.article.history.count() == 2
        assert self.second.history_user == self.editor
        page = self.client.get(history_url(self.article)).content.decode()
        assert f'name="from" value="{self.first.history_id}"' in page
        assert f'name="to" value="{self.second.history_id}"' in page
        assert ">ed<" in page  # who saved it

    def test_compare_shows_a_readable_escaped_word_diff(self):
        """Changed fields are listed; the body shows inserted words, with markup escaped."""
        response = self.client.get(
            compare_url(self.article, self.first.history_id, self.second.history_id)
        )
        page = response.content.decode()
        assert '<th scope="row">Title</th>' in page
        assert '<del class="diff-del">Sleep basics</del> → <ins class="diff-ins">' in page
        assert 'Go to bed<ins class="diff-ins"> and get up</ins> at' in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert(1)" not in page
        # The order of the two choices does not matter.
        again = self.client.get(
            compare_url(self.article, self.second.history_id, self.first.history_id)
        )
        assert again.context["older"] == self.first

    def test_compare_with_hostile_parameters_is_404(self):
        """Missing, non-numeric, huge or foreign version ids answer 404, never 500."""
        other = make_article(primary_topic=self.topic)
        base = reverse("admin:articles_article_compare", args=[self.article.pk])
        foreign = other.history.first().history_id
        for query in (
            "",
            "?from=abc&to=1",
            f"?from={'9' * 40}&to=1",
            "?from=1%00&to=2",
            f"?from={self.first.history_id}&to={foreign}",
        ):
            assert self.client.get(base + query).status_code == 404, query

    def test_restore_brings_back_content_but_not_status_or_review(self):
        """Reverting to the first version restores title and body; the workflow stays put."""
        self.article.refresh_from_db()
        self.article.mark_reviewed(by=self.reviewer_user)
        revert_url = reverse(
            "admin:articles_article_simple_history",
            args=[self.article.pk, self.first.history_id],
        )
        form = self.client.get(revert_url)
        assert form.status_code == 200 and "Sleep basics" in form.content.decode()
        body = "Go to bed at the same time."
        data = self.form_data(self.article, title="Sleep basics", body=body)
        assert self.client.post(revert_url, data).status_code == 302
        stored = Article.objects.get(pk=self.article.pk)
        assert stored.title == "Sleep basics" and stored.body == body
        assert stored.status == Article.Status.IN_REVIEW
        assert stored.reviewed_by == self.reviewer
        assert stored.history.first().history_user == self.editor

    def test_view_only_user_cannot_restore(self):
        """Someone who may only view articles gets 403 when posting a revert."""
        viewer = make_user(perms=["articles.view_article"], is_staff=True)
        self.client.force_login(viewer)
        revert_url = reverse(
            "admin:articles_article_simple_history",
            args=[self.article.pk, self.first.history_id],
        )
        assert self.client.get(revert_url).status_code == 200
        data = self.form_data(self.article, title="Hijacked")
        assert self.client.post(revert_url, data).status_code == 403
        assert Article.objects.get(pk=self.article.pk).title == "Sleep basics, revised"


def test_word_diff_escapes_and_marks_changes():
    """Only the <del>/<ins> markup is live; everything typed is escaped."""
    html = word_diff("a <b>bold</b> claim", "a <i>careful</i> claim")
    assert "<b>" not in html and "<i>" not in html
    assert '<del class="diff-del">&lt;b&gt;bold&lt;/b&gt;</del>' in html
    assert '<ins class="diff-ins">&lt;i&gt;careful&lt;/i&gt;</ins>' in html
    assert word_diff("same", "same") == "same"
