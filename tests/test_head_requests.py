"""HEAD answers wherever GET does (issue 15: /sitemap.xml and require_GET views gave 405)."""

from __future__ import annotations

from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.test import TestCase
from django.urls import reverse

from tests.comments_factories import form_data, make_comment
from tests.factories import make_article, make_author, make_topic


class HeadRequestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = make_topic(name="Sleep", slug="sleep")
        cls.author = make_author(name="Dana Reyes", slug="dana-reyes")
        cls.article = make_article(
            slug="on-sleep", primary_topic=cls.topic, authors=[cls.author], tags=["rest"]
        )
        cls.comment = make_comment(article=cls.article, title="Helpful")
        cls.token = cls.comment.issue_deletion_token()
        cls.comment.save()
        page = FlatPage.objects.create(url="/about/", title="About us", content="<p>Who.</p>")
        page.sites.add(Site.objects.get_current())

    def urls(self) -> list[str]:
        return [
            "/sitemap.xml",
            "/robots.txt",
            reverse("articles:home"),
            self.article.get_absolute_url(),
            reverse("articles:author", args=["dana-reyes"]),
            reverse("articles:tag", args=["rest"]),
            reverse("articles:search") + "?q=sleep",
            reverse("articles:feed-rss"),
            reverse("articles:feed-atom"),
            reverse("articles:topic-feed-rss", args=["sleep"]),
            reverse("articles:topic-feed-atom", args=["sleep"]),
            reverse("topics:list"),
            reverse("topics:detail", args=["sleep"]),
            reverse("comments:feed-rss", args=["on-sleep"]),
            reverse("comments:feed-atom", args=["on-sleep"]),
            reverse("comments:reply", args=[self.comment.pk]),
            reverse("comments:deleted"),
            reverse("comments:posted"),
            self.comment.get_deletion_url(self.token),
            "/about/",
        ]

    def test_head_answers_like_get_everywhere(self):
        for url in self.urls():
            with self.subTest(url):
                got = self.client.get(url)
                head = self.client.head(url)
                assert head.status_code == got.status_code, (head.status_code, got.status_code)
                assert head.status_code in {200, 302}
                assert head["Content-Type"] == got["Content-Type"]
                assert head.content == b""

    def test_sitemap_head_is_xml(self):
        response = self.client.head("/sitemap.xml")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/xml"

    def test_head_on_the_confirmation_page_keeps_the_deletion_link_for_the_reader(self):
        """A HEAD (a link checker, a prefetch) does not use up the one showing of the page."""
        posted = self.client.post(reverse("comments:post", args=["on-sleep"]), form_data())
        assert posted["Location"] == reverse("comments:posted")
        assert self.client.head(reverse("comments:posted")).status_code == 200
        page = self.client.get(reverse("comments:posted")).content.decode()
        assert "/delete/" in page
