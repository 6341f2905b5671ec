"""Cached parts of pages ({% cached_part %}): a page-cache miss is rendered from them.

What a reader sees must not depend on whether a part came from the cache: the same bytes, and
every change shown at once (the page cache's trigger tests run again below with the page
cache off, so that only the parts can go stale).
"""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory, SimpleTestCase, TestCase, override_settings
from django.utils import timezone

from comments.models import Comment
from tests import test_page_cache as cache_tests
from tests.comments_factories import make_comment
from tests.factories import make_article, make_author, make_topic, make_user

PAGES_OFF = {"KITH_PAGE_CACHE": False}


def max_age(response) -> int:
    return int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))


@override_settings(**PAGES_OFF)
class SameBytesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = make_topic(slug="mood", name="Low mood")
        make_topic(parent=cls.topic, name="Winter blues")
        cls.article = make_article(
            slug="calm",
            title="Calm breathing",
            primary_topic=cls.topic,
            topics=[cls.topic],
            authors=[make_author(name="Ann Sea")],
            tags=["sleep"],
        )
        for n in range(3):
            thread = make_comment(article=cls.article, body=f"Thread {n} <b>bold?</b>")
            make_comment(article=cls.article, parent=thread, body=f"Reply to {n}")

    def render(self, url: str, *, parts: bool) -> str:
        with self.settings(KITH_PART_CACHE=parts):
            response = self.client.get(url)
        assert response.status_code == 200, url
        # The comment form's signed timestamp is the one thing that differs between two renders
        # a second apart (it ages with a cached part as it does with a cached page).
        return re.sub(r'name="timestamp" value="[^"]*"', "", response.text)

    def test_pages_from_cached_parts_are_the_pages_rendered_from_nothing(self):
        """Article (two comment pages), topic and home: byte for byte, parts cached or not."""
        pages = {}
        for url in ("/articles/calm/", "/articles/calm/?page=2", "/topics/mood/", "/"):
            pages[url] = self.render(url, parts=False)
            self.render(url, parts=True)  # fills the parts
            assert self.render(url, parts=True) == pages[url], url
        assert "Thread 2 &lt;b&gt;bold?&lt;/b&gt;" in pages["/articles/calm/"]
        assert "Reply to 2" in pages["/articles/calm/"]
        assert "Winter blues" in pages["/topics/mood/"]

    def test_a_page_made_of_cached_parts_costs_no_query(self):
        """The article (with its comments), the topic and the home page: no query at all."""
        for url in ("/articles/calm/", "/topics/mood/", "/"):
            self.client.get(url)
            with self.assertNumQueries(0):
                response = self.client.get(url)
            assert response.status_code == 200
        assert "Reply to 1" in self.client.get("/articles/calm/").text

    def test_each_comment_page_is_its_own_part(self):
        """?page=N is part of the comments part's key: page 2 is not page 1 from the cache."""
        with self.settings(KITH_COMMENTS_PER_PAGE=2):
            first = self.client.get("/articles/calm/").text
            second = self.client.get("/articles/calm/?page=2").text
        assert "Thread 0" in first and "Thread 2" not in first
        assert "Thread 2" in second and "Thread 0" not in second

    def test_parts_vary_with_the_host_because_they_hold_absolute_addresses(self):
        with self.settings(ALLOWED_HOSTS=["a.example", "b.example"]):
            one = self.client.get("/articles/calm/", HTTP_HOST="a.example").text
            two = self.client.get("/articles/calm/", HTTP_HOST="b.example").text
        assert "http://a.example/articles/calm/" in one
        assert "http://b.example/articles/calm/" in two
        assert "a.example" not in two

    def test_approving_a_comment_renders_only_the_comments_again(self):
        """The article's own parts stay cached; the new comment shows at once."""
        self.client.get("/articles/calm/")
        make_comment(article=self.article, status=Comment.Status.PENDING, body="Fresh words")
        pending = Comment.objects.get(body="Fresh words")
        assert "Fresh words" not in self.client.get("/articles/calm/").text
        pending.approve()
        # counts + one page of threads; no prefetch of references, bylines, topics, keywords
        with self.assertNumQueries(2):
            page = self.client.get("/articles/calm/").text
        assert "Fresh words" in page
        assert "Ann Sea" in page

    def test_a_draft_preview_is_never_taken_from_or_put_in_the_parts(self):
        draft = make_article(slug="draft", title="Draft title", status="draft", body="Old text.")
        self.client.force_login(make_user(groups=["Editors"], is_staff=True))
        assert "Old text." in self.client.get("/articles/draft/").text
        type(draft).objects.filter(pk=draft.pk).update(body_html="<p>New text.</p>")
        page = self.client.get("/articles/draft/").text  # no signal was sent: no bump either
        assert "New text." in page
        assert "Preview — not published." in page


@override_settings(**PAGES_OFF, KITH_COMMENTS_CLOSE_AFTER_DAYS=30)
class ExpiryTests(TestCase):
    def test_a_part_that_changes_at_a_moment_carries_it_to_the_page(self):
        """Comments close in 30 s: served from the parts, the page still says max-age <= 30,
        and once they have closed, the form is gone without any write."""
        now = timezone.now()
        make_article(slug="closing", published_at=now - timedelta(days=30) + timedelta(seconds=30))
        first = self.client.get("/articles/closing/")
        with self.assertNumQueries(0):
            second = self.client.get("/articles/closing/")
        assert 0 < max_age(second) <= 30
        assert max_age(first) <= 30
        assert "Send comment" in second.text
        with mock.patch("django.utils.timezone.now", return_value=now + timedelta(seconds=31)):
            later = self.client.get("/articles/closing/").text
        assert "Send comment" not in later


class TagSyntaxTests(SimpleTestCase):
    def test_a_name_is_required_and_unknown_options_are_refused(self):
        for source in (
            "{% load page_parts %}{% cached_part %}x{% endcached_part %}",
            "{% load page_parts %}{% cached_part name %}x{% endcached_part %}",
            '{% load page_parts %}{% cached_part "x" colour=red %}x{% endcached_part %}',
        ):
            with self.assertRaises(TemplateSyntaxError):
                Template(source)

    @override_settings(KITH_PART_CACHE=False)
    def test_skip_and_off_render_the_contents_and_run_on_miss(self):
        calls = []
        template = Template(
            '{% load page_parts %}{% cached_part "t" key on_miss=prepare skip=skip %}'
            "<p>{{ key }}</p>{% endcached_part %}"
        )
        request = RequestFactory().get("/")
        context = Context({"key": "<b>", "prepare": lambda: calls.append(1), "skip": True})
        context["request"] = request
        assert template.render(context) == "<p>&lt;b&gt;</p>"
        assert calls == [1]


# The page cache's trigger tests again, with the page cache off: each change must reach the
# reader through the cached parts alone.
class PartsOnly:
    def cached_page(self, url: str) -> str:
        """Fetches ``url`` twice; the second answer is made from the parts the first stored."""
        first = self.client.get(url)
        assert first.status_code == 200, url
        second = self.client.get(url)
        assert second.content == first.content
        return second.content.decode()


@override_settings(**PAGES_OFF)
class CommentTriggerPartTests(PartsOnly, cache_tests.CommentTriggerTests):
    pass


@override_settings(**PAGES_OFF)
class ContentTriggerPartTests(PartsOnly, cache_tests.ContentTriggerTests):
    pass


@override_settings(**PAGES_OFF)
class SchedulePartTests(PartsOnly, cache_tests.ScheduleTests):
    pass
