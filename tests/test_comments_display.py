"""What readers see under an article: approved comments oldest first, replies, the count in the
header, stable pagination, tombstones and redaction notes — in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment, CommentTally
from tests.comments_factories import make_comment
from tests.factories import make_article, make_helpline, make_user


def _bulk_approved(article, count, *, start=0):
    """``count`` approved comments (bulk: fast), with a reply under every tenth one."""
    base = timezone.now() - timedelta(days=10)
    rows = [
        Comment(
            article=article,
            title=f"Title {start + i}",
            body=f"Body {start + i}",
            body_html=f"<p>Body {start + i}</p>",
            status=Comment.Status.APPROVED,
            created_at=base + timedelta(minutes=start + i),
            published_at=base + timedelta(minutes=start + i),
        )
        for i in range(count)
    ]
    Comment.objects.bulk_create(rows)
    parents = Comment.objects.filter(article=article, parent=None).order_by("pk")[::10]
    Comment.objects.bulk_create(
        Comment(
            article=article,
            parent=parent,
            body=f"Reply to {parent.pk}",
            body_html=f"<p>Reply to {parent.pk}</p>",
            status=Comment.Status.APPROVED,
            created_at=parent.created_at + timedelta(seconds=1),
            published_at=parent.published_at + timedelta(seconds=1),
        )
        for parent in parents
    )


class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Resilience")
        now = timezone.now()
        cls.first = make_comment(
            article=cls.article, title="First title", name="", body="Oldest words.",
            created_at=now - timedelta(days=3),
        )  # fmt: skip
        cls.second = make_comment(
            article=cls.article, title="Second title", name="Robin", body="Newer words.",
            created_at=now - timedelta(days=1),
        )  # fmt: skip
        cls.reply = make_comment(
            article=cls.article, parent=cls.first, name="Jules", body="A reply.",
            created_at=now - timedelta(hours=5),
        )  # fmt: skip
        for status in ("pending", "rejected", "spam", "removed"):
            make_comment(article=cls.article, status=status, body=f"Hidden {status} words.")

    def page(self, **params):
        return self.client.get(self.article.get_absolute_url(), params).content.decode()

    def test_only_approved_comments_oldest_first(self):
        """Readers see approved comments only, oldest first, with title, name, date, body."""
        html = self.page()
        assert "Hidden" not in html
        assert html.index("First title") < html.index("Second title")
        assert "Oldest words." in html and "Robin" in html
        # A valid HTML datetime: no microseconds, which the HTML standard forbids.
        stamp = timezone.localtime(self.first.created_at).replace(microsecond=0).isoformat()
        assert f'<time datetime="{stamp}"' in html

    def test_blank_name_is_anonymous(self):
        """A commenter who left the name blank appears as “Anonymous”."""
        assert '<p class="meta">Anonymous ·' in self.page()

    def test_reply_is_shown_under_its_parent(self):
        """Replies sit in a nested list under the comment they answer."""
        html = self.page()
        replies_at = html.index('class="comment-replies"')
        assert html.index("First title") < replies_at < html.index("A reply.")
        assert html.index("A reply.") < html.index("Second title")

    def test_approved_count_in_the_header(self):
        """The header says how many approved comments there are (replies included)."""
        html = self.page()
        start = html.index('<header class="article__header">')
        header = html[start : html.index("</header>", start)]
        assert '<a href="#comments">3 comments</a>' in header

    def test_feed_links_in_head(self):
        """The page advertises the comment feeds in <head>."""
        html = self.page()
        head = html[: html.index("</head>")]
        assert 'type="application/rss+xml"' in head and 'type="application/atom+xml"' in head

    def test_redacted_comment_says_edited_by_a_moderator(self):
        """A redaction is visible to readers as “Edited by a moderator”."""
        self.second.redact(by=make_user(), new_body="Shorter words.", note="Removed a name.")
        html = self.page()
        assert "Shorter words." in html and "Edited by a moderator." in html
        assert "Removed a name." not in html

    def test_erased_parent_with_replies_becomes_a_tombstone(self):
        """An erased comment keeps its replies in place without any of its text."""
        self.first.erase()
        html = self.page()
        assert "This comment was removed." in html
        assert "Oldest words." not in html and "First title" not in html
        assert "A reply." in html

    def test_erased_comment_without_replies_disappears(self):
        """An erased comment with no replies leaves nothing behind on the page."""
        self.second.erase()
        html = self.page()
        assert "Newer words." not in html and html.count("This comment was removed.") == 0

    def test_counts_agree_with_the_threads_the_page_lists(self):
        """``CommentTally.objects.counts_for`` counts what ``for_article_page`` (the ORM's
        ``visible_thread``) lists: approved comments, and a tombstone only with replies."""
        self.first.erase()  # a tombstone with an approved reply: a thread, not approved
        make_comment(article=self.article, title="Gone", body="Gone.").erase()  # no replies
        counts = CommentTally.objects.counts_for(self.article)
        threads = Comment.objects.for_article_page(self.article)
        assert counts == {"approved": 2, "threads": threads.count()}
        assert threads.count() == 2
        assert "(2)" in self.page()

    def test_form_above_has_guidelines_crisis_note_and_helplines(self):
        """Above the form: guidelines, “not a crisis service” and the helplines."""
        make_helpline(name="Listening Line")
        html = self.page()
        form_at = html.index('class="comment-form__form"')
        for text in ("This is not a crisis service", "Before you post", "Listening Line"):
            assert html.rindex(text, 0, form_at)
        assert 'type="checkbox" name="consent"' in html and " checked" not in html[form_at:]


@override_settings(KITH_COMMENTS_PER_PAGE=50)
class PaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        _bulk_approved(cls.article, 120)

    def titles(self, page):
        html = self.client.get(self.article.get_absolute_url(), {"page": page}).content.decode()
        return [int(t) for t in __import__("re").findall(r">Title (\d+)</h3>", html)], html

    def test_fifty_threads_per_page_oldest_first(self):
        """Past 50 comments, page 2 continues where page 1 ended."""
        first, html = self.titles(1)
        second, _ = self.titles(2)
        assert first == list(range(50))
        assert second == list(range(50, 100))
        assert 'href="?page=2&amp;after=' in html and "Comments page 1 of 3" in html

    def test_page_urls_keep_their_comments_as_comments_are_added(self):
        """New comments go on the last page; ?page=2 keeps showing the same comments."""
        before, _ = self.titles(2)
        _bulk_approved(self.article, 30, start=500)
        late = make_comment(article=self.article, status="pending", title="Late")
        late.approve()
        after, _ = self.titles(2)
        assert before == after

    def test_bad_page_numbers_are_safe(self):
        """Nonsense page numbers show a real page, never an error."""
        for value in ("abc", "-1", "0", "99999", "1e9"):
            response = self.client.get(self.article.get_absolute_url(), {"page": value})
            assert response.status_code == 200
            assert b"Title" in response.content


@override_settings(KITH_PAGE_CACHE=False)
class QueryBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.few = make_article()
        cls.many = make_article()
        _bulk_approved(cls.few, 5)
        _bulk_approved(cls.many, 500)
        # bulk_create stores no card; a comment without one costs one more query, whatever
        # their number (tests/test_comment_cards.py); store them, as approving one does.
        Comment.objects.refresh_cards()
        make_helpline()

    def test_500_comments_cost_the_same_queries_as_5(self):
        """The article page's query count does not grow with its comments (and stays small)."""
        for article in (self.few, self.many):  # the first reader reads the next publish time
            self.client.get(article.get_absolute_url())
        with CaptureQueriesContext(connection) as few:
            response = self.client.get(self.few.get_absolute_url())
        assert response.content.count(b'class="comment"') == 5
        comment_queries = [q for q in few.captured_queries if "comments_comment" in q["sql"]]
        assert len(comment_queries) == 2  # the counts, one page of threads with their replies
        # The article page built from nothing (tests/test_query_budgets.py): 8 + the comments.
        assert len(few.captured_queries) == 9
        with self.assertNumQueries(len(few.captured_queries)):
            response = self.client.get(self.many.get_absolute_url())
        assert response.content.count(b'class="comment"') == 50
        assert b"comment comment--reply" in response.content
