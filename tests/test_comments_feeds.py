"""RSS 2.0 and Atom feeds of an article's approved comments."""

from __future__ import annotations

import feedparser
from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from tests.comments_factories import make_comment
from tests.factories import make_article


class CommentFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Grief & loss")
        make_comment(article=cls.article, title="Kind words", name="Robin", body="Thank <you>.")
        make_comment(article=cls.article, name="", body="No title here.")
        make_comment(article=cls.article, status=Comment.Status.PENDING, body="Not yet seen.")

    def parse(self, name):
        response = self.client.get(reverse(name, args=[self.article.slug]))
        assert response.status_code == 200
        return feedparser.parse(response.content)

    def test_rss_lists_approved_comments_without_parse_errors(self):
        """The RSS feed parses cleanly and holds only approved comments."""
        feed = self.parse("comments:feed-rss")
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "rss20"
        assert "Grief & loss" in feed.feed.title
        titles = sorted(entry.title for entry in feed.entries)
        assert titles == ["Comment by Anonymous", "Kind words"]
        assert all("Not yet seen" not in e.summary for e in feed.entries)
        kind = next(e for e in feed.entries if e.title == "Kind words")
        assert "Thank &lt;you&gt;." in kind.summary
        assert kind.link.endswith(f"{self.article.get_absolute_url()}#comment-{kind.id[13:]}")

    def test_atom_parses_too(self):
        """The Atom feed parses cleanly with authors."""
        feed = self.parse("comments:feed-atom")
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.version == "atom10"
        assert {e.author for e in feed.entries} == {"Robin", "Anonymous"}

    def test_feed_of_unpublished_article_is_404(self):
        """Drafts have no public feed."""
        draft = make_article(status=Article.Status.DRAFT)
        assert self.client.get(reverse("comments:feed-rss", args=[draft.slug])).status_code == 404
