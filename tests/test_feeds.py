"""RSS and Atom feeds: valid, published-only, per topic, and linked from their pages."""

from __future__ import annotations

from datetime import timedelta

import feedparser
from django.contrib.sites.models import Site
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_author, make_topic


def parse(response) -> feedparser.FeedParserDict:
    """The feed as a feed reader sees it; fails on any XML or feed-format error."""
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    return feed


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.anxiety = make_topic(name="Anxiety & Worry", slug="anxiety")
        cls.grief = make_topic(name="Grief", slug="grief")
        cls.author = make_author(name="Ada Mensah", credentials="LCSW")
        cls.newest = make_article(
            title="Breathing <slowly> & calmly",
            summary="Why a longer out-breath settles the body.",
            primary_topic=cls.anxiety,
            authors=[cls.author],
            published_at=timezone.now() - timedelta(hours=1),
            content_updated_at=timezone.now() - timedelta(minutes=5),
        )
        cls.older = make_article(
            title="When grief comes in waves",
            primary_topic=cls.grief,
            published_at=timezone.now() - timedelta(days=3),
        )
        make_article(title="Draft piece", status=Article.Status.DRAFT, primary_topic=cls.anxiety)
        make_article(title="Archived piece", status=Article.Status.ARCHIVED)
        make_article(title="Future piece", published_at=timezone.now() + timedelta(days=1))

    def test_site_rss_lists_published_articles_newest_first(self):
        """The site-wide RSS feed parses cleanly and holds only published articles, newest first."""
        feed = parse(self.client.get(reverse("articles:feed-rss")))
        assert feed.version == "rss20"
        titles = [entry.title for entry in feed.entries]
        assert titles == ["Breathing <slowly> & calmly", "When grief comes in waves"]
        first = feed.entries[0]
        assert first.link == "http://testserver" + self.newest.get_absolute_url()
        assert first.summary == "Why a longer out-breath settles the body."
        assert first.author == "Ada Mensah, LCSW"
        assert [tag.term for tag in first.tags] == ["Anxiety & Worry"]
        assert feed.feed.link == "http://testserver/"

    def test_site_atom_feed_is_valid_with_updated_dates(self):
        """The Atom feed parses cleanly and carries each article's updated date."""
        feed = parse(self.client.get(reverse("articles:feed-atom")))
        assert feed.version == "atom10"
        assert [entry.title for entry in feed.entries] == [
            "Breathing <slowly> & calmly",
            "When grief comes in waves",
        ]
        updated = feed.entries[0].updated_parsed
        assert updated[:5] == self.newest.content_updated_at.utctimetuple()[:5]

    def test_topic_feeds_hold_only_that_topics_articles(self):
        """A topic's RSS and Atom feeds list its published articles and nothing else."""
        for name in ("articles:topic-feed-rss", "articles:topic-feed-atom"):
            with self.subTest(name=name):
                feed = parse(self.client.get(reverse(name, kwargs={"slug": "anxiety"})))
                assert [entry.title for entry in feed.entries] == ["Breathing <slowly> & calmly"]
                assert feed.feed.title == "Kith: Anxiety & Worry"
                assert feed.feed.link == "http://testserver/topics/anxiety/"

    def test_an_unknown_topic_feed_is_not_found(self):
        """A feed for a topic that does not exist answers 404."""
        assert self.client.get("/feeds/topics/no-such-topic/rss/").status_code == 404

    def test_control_characters_in_a_title_do_not_break_the_feed(self):
        """A stray control character pasted into a title is dropped, keeping the XML valid."""
        make_article(title="Bell\x07 and form\x0cfeed")
        feed = parse(self.client.get(reverse("articles:feed-rss")))
        assert "Bell and formfeed" in [entry.title for entry in feed.entries]

    def test_feed_queries_do_not_grow_with_items(self):
        """A feed of 2 articles and one of 12 cost the same number of queries."""
        Site.objects.clear_cache()  # the syndication framework looks the Site up once
        with CaptureQueriesContext(connection) as few:
            parse(self.client.get(reverse("articles:feed-rss")))
        for n in range(10):
            make_article(title=f"More {n}", authors=[self.author], primary_topic=self.grief)
        Site.objects.clear_cache()
        with CaptureQueriesContext(connection) as many:
            assert len(parse(self.client.get(reverse("articles:feed-rss"))).entries) == 12
        assert len(few) == len(many)


class FeedLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = make_topic(name="Sleep", slug="sleep")
        cls.article = make_article(primary_topic=cls.topic)

    def test_every_page_links_the_site_feeds(self):
        """Feed readers find the site's RSS and Atom feeds from the home page."""
        html = self.client.get(reverse("articles:home")).content.decode()
        assert (
            '<link rel="alternate" type="application/rss+xml" '
            'title="Kith: latest articles (RSS)" href="/feeds/rss/">'
        ) in html
        assert 'type="application/atom+xml" title="Kith: latest articles (Atom)"' in html

    def test_a_topic_page_links_its_own_feeds(self):
        """A topic page advertises its own RSS and Atom feeds, which a reader can subscribe to."""
        html = self.client.get(self.topic.get_absolute_url()).content.decode()
        assert 'href="/feeds/topics/sleep/rss/"' in html
        assert 'href="/feeds/topics/sleep/atom/"' in html
        feed = parse(self.client.get("/feeds/topics/sleep/rss/"))
        assert [entry.link for entry in feed.entries] == [
            "http://testserver" + self.article.get_absolute_url()
        ]

    def test_an_article_page_links_its_topic_feed(self):
        """An article page offers the feed of its primary topic."""
        html = self.client.get(self.article.get_absolute_url()).content.decode()
        assert 'href="/feeds/topics/sleep/rss/"' in html
