"""Page metadata (title, description, canonical, Open Graph, Twitter) and article JSON-LD."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from html.parser import HTMLParser

from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.structured_data import article_json_ld
from tests.factories import (
    make_article,
    make_author,
    make_reference,
    make_reviewer,
    make_topic,
    make_user,
)


class HeadParser(HTMLParser):
    """Collects <title>, <meta>, <link> and JSON-LD scripts the way a crawler reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.json_ld: list[str] = []
        self.scripts = 0
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "title":
            self._in = "title"
        elif tag == "meta" and ("name" in attributes or "property" in attributes):
            key = attributes.get("property") or attributes["name"]
            self.meta.setdefault(key, []).append(attributes.get("content", ""))
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "script":
            self.scripts += 1
            if attributes.get("type") == "application/ld+json":
                self._in = "json_ld"
                self.json_ld.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "json_ld":
            self.json_ld[-1] += data

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def link(self, rel: str) -> str:
        hrefs = [link["href"] for link in self.links if link.get("rel") == rel]
        assert len(hrefs) == 1, f"{rel}: {hrefs}"
        return hrefs[0]


def head_of(response) -> HeadParser:
    assert response.status_code in (200, 404)
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


class PageMetadataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = make_topic(name="Stress", slug="stress", summary="Stress and how to ease it.")
        cls.author = make_author(name="Lena Ortiz", credentials="Psy.D.", slug="lena-ortiz")
        cls.article = make_article(
            title="Five-minute resets",
            slug="five-minute-resets",
            summary='Quick ways to "reset" during a busy day.',
            primary_topic=cls.topic,
            authors=[cls.author],
            tags=["breathing"],
        )

    def public_pages(self) -> dict[str, str]:
        return {
            "home": reverse("articles:home"),
            "topic list": reverse("topics:list"),
            "topic": self.topic.get_absolute_url(),
            "topic section": reverse("topics:section", args=["stress", "basic-information"]),
            "article": self.article.get_absolute_url(),
            "author": self.author.get_absolute_url(),
            "tag": reverse("articles:tag", args=["breathing"]),
            "search": reverse("articles:search") + "?q=reset",
            "not found": "/no-such-page/",
        }

    def test_every_public_page_has_complete_metadata(self):
        """Each page type has a title, description, canonical URL, Open Graph and Twitter tags."""
        for name, url in self.public_pages().items():
            with self.subTest(page=name):
                head = head_of(self.client.get(url))
                assert head.title.strip()
                assert head.title.strip().endswith("Kith") or head.title.startswith("Kith")
                description = head.one("description")
                assert description
                if name == "not found":
                    # Error pages are built without the request's host (kith/error_pages.py).
                    assert (
                        not [x for x in head.links if x.get("rel") == "canonical"]
                        and "og:url" not in head.meta
                    )
                else:
                    canonical = head.link("canonical")
                    assert canonical.startswith("http://testserver/")
                    assert head.one("og:url") == canonical
                assert head.one("og:title") == head.title
                assert head.one("og:description") == description
                assert head.one("og:type") in {"website", "article", "profile"}
                assert head.one("og:site_name") == "Kith"
                assert head.one("twitter:card") == "summary"
                assert head.one("twitter:title") == head.title
                assert head.one("twitter:description") == description

    def test_article_page_metadata_describes_the_article(self):
        """The article's title, summary (quotes intact), address and type reach every tag."""
        head = head_of(self.client.get(self.article.get_absolute_url()))
        assert head.title == "Five-minute resets · Kith"
        assert head.one("description") == 'Quick ways to "reset" during a busy day.'
        assert head.link("canonical") == "http://testserver/articles/five-minute-resets/"
        assert head.one("og:type") == "article"
        assert head.one("article:published_time") == (
            timezone.localtime(self.article.published_at).replace(microsecond=0).isoformat()
        )
        assert head.meta["article:tag"] == ["breathing"]

    def test_topic_and_author_pages_describe_themselves(self):
        """A topic page uses its summary; an author page is a profile."""
        topic = head_of(self.client.get(self.topic.get_absolute_url()))
        assert topic.title == "Stress · Kith"
        assert topic.one("description") == "Stress and how to ease it."
        author = head_of(self.client.get(self.author.get_absolute_url()))
        assert author.one("og:type") == "profile"
        assert author.one("description") == "Articles by Lena Ortiz, Psy.D. on Kith."

    def test_canonical_url_drops_parameters_but_keeps_the_page_number(self):
        """Tracking parameters never make a second canonical address; page 2 stays page 2."""
        url = self.topic.get_absolute_url()
        assert head_of(self.client.get(url + "?utm_source=x")).link("canonical") == (
            "http://testserver/topics/stress/"
        )
        section = reverse("topics:section", args=["stress", "basic-information"])
        head = head_of(self.client.get(section + "?page=1&utm_source=x"))
        assert head.link("canonical") == "http://testserver" + section


class ArticleJsonLdTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = make_topic(name="Grief and Loss", slug="grief")
        cls.other_topic = make_topic(name="Coping", slug="coping")
        cls.first = make_author(name="Amara Okafor", credentials="Ph.D.", slug="amara")
        cls.second = make_author(name="Sam Lee", credentials="", slug="sam")
        published = timezone.now() - timedelta(days=20)
        cls.article = make_article(
            title="Grief has no timetable",
            slug="grief-timetable",
            summary="What grief can feel like, and what helps.",
            primary_topic=cls.topic,
            topics=[cls.other_topic],
            authors=[cls.first, cls.second],
            tags=["bereavement", "coping"],
            published_at=published,
            content_updated_at=published + timedelta(days=5),
        )

    def json_ld(self, response) -> dict:
        head = head_of(response)
        assert len(head.json_ld) == 1
        return json.loads(head.json_ld[0])

    def test_the_medical_web_page_carries_each_property(self):
        """The JSON-LD is a MedicalWebPage with audience, topics, breadcrumb and main entity."""
        data = self.json_ld(self.client.get(self.article.get_absolute_url()))
        url = "http://testserver/articles/grief-timetable/"
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "MedicalWebPage"
        assert data["url"] == url
        assert data["name"] == "Grief has no timetable"
        assert data["description"] == "What grief can feel like, and what helps."
        assert {topic["name"] for topic in data["about"]} == {"Coping", "Grief and Loss"}
        assert {topic["url"] for topic in data["about"]} == {
            "http://testserver/topics/grief/",
            "http://testserver/topics/coping/",
        }
        audiences = {audience["audienceType"] for audience in data["medicalAudience"]}
        assert audiences == {"Patient", "General public"}
        assert all(a["@type"] == "MedicalAudience" for a in data["medicalAudience"])
        # Every published article has a recorded review: the markup matches the visible line.
        assert data["lastReviewed"] == self.article.last_reviewed.isoformat()
        assert data["reviewedBy"]["name"] == self.article.reviewed_by.name

    def test_the_breadcrumb_runs_home_topic_article(self):
        """BreadcrumbList: Home → primary topic → the article, with positions and addresses."""
        crumbs = self.json_ld(self.client.get(self.article.get_absolute_url()))["breadcrumb"]
        assert crumbs["@type"] == "BreadcrumbList"
        assert [(i["position"], i["name"], i["item"]) for i in crumbs["itemListElement"]] == [
            (1, "Home", "http://testserver/"),
            (2, "Grief and Loss", "http://testserver/topics/grief/"),
            (3, "Grief has no timetable", "http://testserver/articles/grief-timetable/"),
        ]
        assert all(item["@type"] == "ListItem" for item in crumbs["itemListElement"])

    def test_the_main_entity_is_the_article(self):
        """mainEntity: headline, authors as Persons with pages and credentials, publisher,
        keywords and citations."""
        entity = self.json_ld(self.client.get(self.article.get_absolute_url()))["mainEntity"]
        assert entity["@type"] == "Article"
        assert entity["headline"] == "Grief has no timetable"
        assert entity["author"] == [
            {
                "@type": "Person",
                "name": "Amara Okafor",
                "url": "http://testserver/authors/amara/",
                "honorificSuffix": "Ph.D.",
            },
            {"@type": "Person", "name": "Sam Lee", "url": "http://testserver/authors/sam/"},
        ]
        assert entity["publisher"] == {
            "@type": "Organization",
            "name": "Kith",
            "url": "http://testserver/",
        }
        assert set(entity["keywords"].split(", ")) == {"bereavement", "coping"}
        assert entity["citation"] == []
        assert entity["mainEntityOfPage"] == "http://testserver/articles/grief-timetable/"

    def test_dates_match_the_dates_readers_see(self):
        """datePublished and dateModified equal the page's visible Published and Updated times."""
        response = self.client.get(self.article.get_absolute_url())
        html = response.content.decode()
        shown = re.findall(r'<time datetime="([^"]+)">', html.split('class="article__dates"')[1])
        entity = self.json_ld(response)["mainEntity"]
        assert shown == [entity["datePublished"], entity["dateModified"]]
        assert (
            entity["dateModified"]
            == timezone.localtime(self.article.content_updated_at)
            .replace(microsecond=0)
            .isoformat()
        )

    def test_date_modified_is_the_publish_date_when_no_update_is_shown(self):
        """Without a visible “Updated:” date, dateModified is the publication date."""
        article = make_article(title="Never updated", slug="never-updated")
        entity = self.json_ld(self.client.get(article.get_absolute_url()))["mainEntity"]
        assert entity["dateModified"] == entity["datePublished"]
        assert "Updated:" not in self.client.get(article.get_absolute_url()).content.decode()

    def test_a_title_with_script_tags_cannot_break_out(self):
        """A title containing </script><script>alert(1)</script> stays inside the JSON data."""
        title = "Calm </script><script>alert(1)</script> & <!-- done"
        article = make_article(title=title, slug="hostile-title")
        response = self.client.get(article.get_absolute_url())
        html = response.content.decode()
        head = head_of(response)
        assert head.scripts == 1  # only the JSON-LD element: nothing was injected
        assert "<script>alert(1)" not in html
        assert json.loads(head.json_ld[0])["mainEntity"]["headline"] == title
        assert "\\u003C/script\\u003E" in head.json_ld[0]

    def test_review_fields_and_references_appear(self):
        """lastReviewed, reviewedBy (with the reviewer's author page) and citation are filled."""
        author = make_author(name="Rui Costa", credentials="MD", slug="rui")
        reviewer = make_reviewer(name="Rui Costa", credentials="MD", author=author)
        Article.objects.filter(pk=self.article.pk).update(
            reviewed_by=reviewer, last_reviewed=date(2025, 3, 1)
        )
        make_reference(article=self.article, citation="Bonanno G. The Other Side of Sadness.")
        make_reference(article=self.article, citation="A second source.", order=2)
        article = Article.objects.for_detail().get(pk=self.article.pk)
        data = article_json_ld(article, RequestFactory().get(article.get_absolute_url()))
        assert data["lastReviewed"] == "2025-03-01"
        assert data["reviewedBy"] == {
            "@type": "Person",
            "name": "Rui Costa",
            "url": "http://testserver/authors/rui/",
            "honorificSuffix": "MD",
        }
        assert data["mainEntity"]["citation"] == [
            {"@type": "CreativeWork", "name": "Bonanno G. The Other Side of Sadness."},
            {"@type": "CreativeWork", "name": "A second source."},
        ]

    def test_references_keep_their_addresses_doi_first(self):
        """A reference with a DOI cites doi.org; one with only a URL cites that URL."""
        make_reference(article=self.article, citation="A study", url="https://example.org/s")
        make_reference(article=self.article, citation="A trial", doi="10.1000/xyz", order=2)
        article = Article.objects.for_detail().get(pk=self.article.pk)
        data = article_json_ld(article, RequestFactory().get("/"))
        assert [c["url"] for c in data["mainEntity"]["citation"]] == [
            "https://example.org/s",
            "https://doi.org/10.1000/xyz",
        ]

    def test_a_preview_carries_no_structured_data(self):
        """An editor's draft preview is not described to search engines."""
        draft = make_article(title="Unpublished", slug="unpublished", status=Article.Status.DRAFT)
        self.client.force_login(make_user(perms=["articles.change_article"]))
        head = head_of(self.client.get(draft.get_absolute_url()))
        assert head.json_ld == []
        assert head.one("robots") == "noindex"

    def test_the_article_page_query_count_does_not_grow_with_authors_or_topics(self):
        """JSON-LD reuses the page's prefetched authors, topics and keywords."""
        plain = make_article(slug="plain", authors=[self.first])
        rich = make_article(
            slug="rich",
            authors=[make_author() for _ in range(4)],
            topics=[make_topic() for _ in range(4)],
            tags=["a", "b", "c", "d"],
        )
        with self.settings(KITH_PAGE_CACHE=False):
            for article in (plain, rich):  # the first readers fill the shared cached values
                self.client.get(article.get_absolute_url())
            with self.assertNumQueries(self._queries(plain)):
                self.client.get(rich.get_absolute_url())

    def _queries(self, article: Article) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            self.client.get(article.get_absolute_url())
        return len(captured)
