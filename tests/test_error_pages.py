"""Error pages render without the request's host (and 500/503 without the database).

A bad Host header made the 400 page fail: its canonical URL asked the request for the host
again, and the reader got the 500 page instead (issue 15).
"""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.template import loader
from django.test import Client, TestCase, override_settings

from comments import moderation
from tests.factories import make_article, make_user

BAD_HOSTS = ["", "bad host", "localhost:abc", "evil.example.com", "[::1", "a" * 300]


class BadHostTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(slug="on-worry")

    def test_a_bad_host_gets_the_designed_400_page(self):
        client = Client(raise_request_exception=False)
        for host in BAD_HOSTS:
            for path in ("/", "/articles/on-worry/", "/no-such-page/", "/sitemap.xml"):
                with self.subTest(host=host, path=path):
                    response = client.get(path, HTTP_HOST=host)
                    assert response.status_code == 400
                    page = response.content.decode()
                    assert "<h1>Something was wrong with that request</h1>" in page
                    assert "Kith" in page  # the site's name, from settings
                    assert 'rel="stylesheet"' in page
                    assert 'rel="canonical" href=""' in page or 'rel="canonical"' not in page
                    assert host not in page or not host.strip()

    def test_a_bad_host_never_reaches_the_500_handler(self):
        client = Client()  # raise_request_exception=True: an uncaught error fails the test
        assert client.get("/", HTTP_HOST="localhost:abc").status_code == 400

    @override_settings(ALLOWED_HOSTS=["kith.example.org"])
    def test_a_host_not_allowed_in_production_gets_400(self):
        response = Client(raise_request_exception=False).get("/", HTTP_HOST="attacker.example")
        assert response.status_code == 400
        assert "Something was wrong with that request" in response.content.decode()


class ErrorPageTests(TestCase):
    def test_404_page_with_a_good_host(self):
        response = self.client.get("/articles/not-there/")
        assert response.status_code == 404
        page = response.content.decode()
        assert "We could not find that page" in page
        assert "testserver" not in page  # no absolute URL built from the request

    def test_403_page_for_a_moderator_on_an_article(self):
        user = make_user(is_staff=True)
        user.groups.add(Group.objects.get(name=moderation.MODERATORS_GROUP))
        self.client.force_login(user)
        article = make_article()
        response = self.client.get(f"/admin/articles/article/{article.pk}/change/")
        assert response.status_code == 403
        assert "You do not have permission to see this page" in response.content.decode()

    def test_500_and_503_pages_render_without_request_or_database(self):
        for name, heading in (
            ("500.html", "Sorry — something went wrong on our side"),
            ("503.html", "We will be back shortly"),
        ):
            with self.subTest(name), self.assertNumQueries(0):
                page = loader.render_to_string(name)
            assert f"<h1>{heading}</h1>" in page
