"""/sitemap.xml and /robots.txt: what search engines are told about."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

from django.test import TestCase
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_author, make_topic

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap_entries(client) -> dict[str, str | None]:
    """Each <loc> in the sitemap with its <lastmod> (or None)."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        url.find("sm:loc", NS).text: getattr(url.find("sm:lastmod", NS), "text", None)
        for url in root.findall("sm:url", NS)
    }


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.topic = make_topic(slug="resilience")
        cls.writer = make_author(slug="writer")
        cls.drafter = make_author(slug="drafter")
        cls.published = [
            make_article(
                slug=f"published-{n}",
                primary_topic=cls.topic,
                authors=[cls.writer],
                published_at=now - timedelta(days=10 + n),
            )
            for n in range(3)
        ]
        cls.updated = make_article(
            slug="updated",
            published_at=now - timedelta(days=30),
            content_updated_at=now - timedelta(days=2),
        )
        cls.hidden = [
            make_article(slug="draft", status=Article.Status.DRAFT, authors=[cls.drafter]),
            make_article(slug="in-review", status=Article.Status.IN_REVIEW),
            make_article(slug="archived", status=Article.Status.ARCHIVED),
            make_article(slug="scheduled", published_at=now + timedelta(days=1)),
        ]

    def test_every_published_article_is_listed_and_no_other(self):
        """Published articles appear; drafts, reviews, archived and scheduled ones never do."""
        entries = sitemap_entries(self.client)
        for article in [*self.published, self.updated]:
            assert f"http://testserver{article.get_absolute_url()}" in entries
        for article in self.hidden:
            assert f"http://testserver{article.get_absolute_url()}" not in entries
        article_urls = [url for url in entries if "/articles/" in url]
        assert len(article_urls) == Article.objects.published().count() == 4

    def test_lastmod_is_the_content_updated_date_or_the_publication_date(self):
        """lastmod says when the content last changed as readers are told."""
        entries = sitemap_entries(self.client)
        updated_url = f"http://testserver{self.updated.get_absolute_url()}"
        assert entries[updated_url] == self.updated.content_updated_at.date().isoformat()
        first = self.published[0]
        assert entries[f"http://testserver{first.get_absolute_url()}"] == (
            first.published_at.date().isoformat()
        )

    def test_topics_and_authors_with_published_articles_are_listed(self):
        """Topic pages are listed; author pages only when the author has a published article."""
        entries = sitemap_entries(self.client)
        assert "http://testserver/topics/resilience/" in entries
        assert "http://testserver/authors/writer/" in entries
        assert "http://testserver/authors/drafter/" not in entries
        assert "http://testserver/" in entries

    def test_sitemap_uses_the_requested_host(self):
        """Addresses use the host the site is served from, not the sites framework's default."""
        response = self.client.get("/sitemap.xml", HTTP_HOST="localhost")
        assert b"http://localhost/articles/published-0/" in response.content
        assert b"example.com" not in response.content


class RobotsTests(TestCase):
    def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(self):
        """robots.txt is plain text, disallows /admin/ and gives the sitemap's full address."""
        response = self.client.get("/robots.txt")
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        lines = response.content.decode().splitlines()
        assert lines[0] == "User-agent: *"
        assert "Disallow: /admin/" in lines
        assert "Disallow: /search/" in lines
        assert "Sitemap: http://testserver/sitemap.xml" in lines
        assert "Disallow: /" not in lines  # the articles themselves stay crawlable
