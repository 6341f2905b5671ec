"""The page cache: anonymous readers get cached pages, and every change is shown at once."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.flatpages.models import FlatPage
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.core.cache import cache
from django.test import RequestFactory, TestCase
from django.utils import timezone
from taggit.models import Tag

from articles.article_revisions import propose_revision
from articles.models import Article
from articles.reviewed_content import reviewed_change
from comments.models import Comment
from kith import page_cache
from kith.page_cache.middleware import PageCacheMiddleware
from tests.comments_factories import make_comment
from tests.factories import (
    make_article,
    make_author,
    make_helpline,
    make_reference,
    make_reviewer,
    make_topic,
    make_user,
)


class CacheTestCase(TestCase):
    def cached_page(self, url: str) -> str:
        """Fetches ``url`` twice as an anonymous reader; the second answer is from the cache."""
        first = self.client.get(url)
        assert first.status_code == 200, url
        with self.assertNumQueries(0):
            second = self.client.get(url)
        assert second.content == first.content
        return second.content.decode()

    def page(self, url: str) -> str:
        return self.client.get(url).content.decode()


class ServingTests(CacheTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(slug="calm", title="Calm breathing", tags=["sleep"])
        cls.editor = make_user(groups=["Editors"], is_staff=True)

    def test_anonymous_readers_are_served_from_the_cache_with_public_headers(self):
        """A second anonymous request costs no query and says public, short max-age, SWR."""
        for url in ("/", "/articles/calm/", "/topics/", "/tags/sleep/", "/feeds/rss/"):
            self.cached_page(url)
            response = self.client.get(url)
            cache_control = response["Cache-Control"]
            assert cache_control.startswith("public, max-age=")
            assert "stale-while-revalidate=300" in cache_control
            assert response["ETag"]

    def test_cached_pages_keep_the_security_headers(self):
        """A page from the cache carries the same CSP and framing headers as a fresh one."""
        self.cached_page("/articles/calm/")
        response = self.client.get("/articles/calm/")
        assert "script-src 'self'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]

    def test_a_hit_is_answered_before_the_other_middleware(self):
        """A cached page costs two cache reads: no URL resolving, session or security middleware
        runs for it, yet it carries the headers they added when it was built."""
        from django.contrib.sessions.middleware import SessionMiddleware
        from django.middleware.common import CommonMiddleware
        from django.middleware.security import SecurityMiddleware

        page = self.cached_page("/articles/calm/")
        never = mock.Mock(side_effect=AssertionError("ran on a cache hit"))
        with (
            mock.patch.object(SecurityMiddleware, "process_request", never),
            mock.patch.object(SessionMiddleware, "process_request", never),
            mock.patch.object(CommonMiddleware, "process_request", never),
            mock.patch("django.urls.resolvers.URLResolver.resolve", never),
        ):
            response = self.client.get("/articles/calm/")
        assert response.content.decode() == page
        assert response["X-Content-Type-Options"] == "nosniff"
        assert never.call_count == 0

    def test_conditional_requests_get_304(self):
        """If-None-Match with the page's ETag answers 304 with no body, from the cache too."""
        etag = self.client.get("/articles/calm/")["ETag"]
        with self.assertNumQueries(0):
            response = self.client.get("/articles/calm/", headers={"if-none-match": etag})
        assert response.status_code == 304 and response.content == b""
        make_comment(article=self.article, body="A new voice.")
        changed = self.client.get("/articles/calm/", headers={"if-none-match": etag})
        assert changed.status_code == 200 and "A new voice." in changed.content.decode()

    def test_a_page_stored_by_an_older_kith_is_still_served(self):
        """Entries written before pages were kept split at their markers hold the page itself."""
        first = self.client.get("/articles/calm/")
        key = PageCacheMiddleware._key(RequestFactory().get("/articles/calm/"))
        pieces, *rest = cache.get(key)
        assert any(isinstance(piece, tuple) for piece in pieces)  # the helplines' marker

        def marker(name: str, arguments: dict[str, str]) -> bytes:
            payload = base64.urlsafe_b64encode(json.dumps(arguments).encode())
            return b"<!--kith-late:" + name.encode() + b":" + payload + b"-->"

        page = b"".join(p if isinstance(p, bytes) else marker(*p) for p in pieces)
        cache.set(key, (page, *rest))
        with self.assertNumQueries(0):
            again = self.client.get("/articles/calm/")
        assert again.content == first.content and again["ETag"] == first["ETag"]
        assert b"<!--kith-late:" not in again.content
        assert b'<aside class="helplines"' in again.content

    def test_text_that_looks_like_a_marker_stays_as_it_is_outside_html(self):
        """Only templates write late-fragment markers, into HTML: a title that holds one is
        text, and the API's JSON keeps it on a hit as on a miss."""
        title = "Notes <!--kith-late:helplines:e30=--> kept"
        make_article(slug="odd-title", title=title)
        first = self.client.get("/api/v1/articles/odd-title/")
        with self.assertNumQueries(0):
            again = self.client.get("/api/v1/articles/odd-title/")
        assert first.json()["title"] == title
        assert again.content == first.content and again["ETag"] == first["ETag"]

    def test_head_is_served_like_get(self):
        """HEAD shares the cached page (no body, same headers)."""
        self.cached_page("/")
        with self.assertNumQueries(0):
            response = self.client.head("/")
        assert response.status_code == 200 and response["Cache-Control"].startswith("public")

    def test_signed_in_users_always_get_fresh_private_pages(self):
        """An editor's request bypasses the cache: private, no-store, and the change shows."""
        self.cached_page("/articles/calm/")
        self.client.force_login(self.editor)
        with reviewed_change():  # as a published revision would, but sending no signal
            Article.objects.filter(pk=self.article.pk).update(title="Quietly renamed")
        response = self.client.get("/articles/calm/")
        assert response["Cache-Control"] == "private, no-store"
        assert "Quietly renamed" in response.content.decode()

    def test_previews_are_never_cached(self):
        """A draft an editor previews is private; an anonymous reader still gets a 404."""
        make_article(slug="draft", status=Article.Status.DRAFT)
        self.client.force_login(self.editor)
        assert self.client.get("/articles/draft/")["Cache-Control"] == "private, no-store"
        self.client.logout()
        assert self.client.get("/articles/draft/").status_code == 404

    def test_personal_pages_are_private(self):
        """Not-found pages, the posted page and the admin are never public."""
        for url in ("/articles/nope/", "/comments/posted/", "/admin/login/"):
            response = self.client.get(url)
            assert "private" in response["Cache-Control"], url
            assert "public" not in response["Cache-Control"], url

    def test_disabled_cache_renders_every_time_with_the_same_headers(self):
        """KITH_PAGE_CACHE=0 (the benchmark's "from nothing") renders each request from the
        database, still public."""
        with self.settings(KITH_PAGE_CACHE=False):
            self.client.get("/")
            with self.assertNumQueries(3):
                response = self.client.get("/")
        assert response["Cache-Control"].startswith("public, max-age=")
        assert "Latest articles" in response.text


class ScheduleTests(CacheTestCase):
    def test_scheduled_article_appears_on_time_and_max_age_stops_before_it(self):
        """Cached pages expire at the next scheduled publish time; no job is needed."""
        make_article(slug="now")
        soon = timezone.now() + timedelta(seconds=40)
        make_article(slug="soon", title="Scheduled piece", published_at=soon)
        page = self.cached_page("/")
        assert "Scheduled piece" not in page
        max_age = int(self.client.get("/")["Cache-Control"].split("max-age=")[1].split(",")[0])
        assert 0 < max_age <= 40
        with mock.patch("django.utils.timezone.now", return_value=soon + timedelta(seconds=1)):
            assert "Scheduled piece" in self.page("/")
            assert self.client.get("/articles/soon/").status_code == 200


class CommentTriggerTests(CacheTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(slug="talk")
        cls.moderator = make_user(is_staff=True)
        cls.url = "/articles/talk/"

    def test_approving_a_comment_shows_it(self):
        """Approve → the next anonymous request shows the comment and the new count."""
        pending = make_comment(article=self.article, status="pending", body="Held words.")
        assert "Held words." not in self.cached_page(self.url)
        pending.approve(by=self.moderator)
        page = self.page(self.url)
        assert "Held words." in page and "1 comment" in page

    def test_a_new_pending_comment_leaves_the_page_cached(self):
        """Posting a comment that waits for a moderator changes no page (the cache stays)."""
        self.cached_page(self.url)
        make_comment(article=self.article, status="pending")
        with self.assertNumQueries(0):
            self.client.get(self.url)

    def test_rejecting_removing_and_redacting_show_at_once(self):
        """Reject, remove and redact each change the next anonymous page."""
        first = make_comment(article=self.article, body="First words.")
        second = make_comment(article=self.article, body="Second words.")
        third = make_comment(article=self.article, body="Third words.")
        assert "First words." in self.cached_page(self.url)
        first.reject(by=self.moderator)
        assert "First words." not in self.cached_page(self.url)
        second.remove(by=self.moderator)
        assert "Second words." not in self.cached_page(self.url)
        third.redact(by=self.moderator, new_body="Kinder words.", note="Tone.")
        page = self.page(self.url)
        assert "Third words." not in page and "Kinder words." in page

    def test_the_writer_deleting_their_comment_shows_at_once(self):
        """The commenter's private delete link removes the comment from the cached page."""
        comment = make_comment(article=self.article, body="Regretted words.")
        token = comment.issue_deletion_token()
        comment.save(update_fields=["deletion_token_hash"])
        assert "Regretted words." in self.cached_page(self.url)
        self.client.post(comment.get_deletion_url(token))
        assert "Regretted words." not in self.page(self.url)

    def test_a_deleted_comment_row_disappears(self):
        """Deleting the row (e.g. purge_comment_data) shows at once too."""
        comment = make_comment(article=self.article, body="Purged words.")
        assert "Purged words." in self.cached_page(self.url)
        Comment.objects.filter(pk=comment.pk).delete()
        assert "Purged words." not in self.page(self.url)

    def test_comment_changes_leave_other_pages_cached(self):
        """A comment on one article does not empty the cache of the rest of the site."""
        self.cached_page("/")
        make_comment(article=self.article)
        with self.assertNumQueries(0):
            self.client.get("/")

    def test_comment_feed_follows_approvals(self):
        """The article's comment feed shows a newly approved comment at once."""
        feed = "/comments/articles/talk/feed/rss/"
        pending = make_comment(article=self.article, status="pending", title="Feed title")
        assert "Feed title" not in self.cached_page(feed)
        pending.approve(by=self.moderator)
        assert "Feed title" in self.page(feed)


class ContentTriggerTests(CacheTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = make_topic(slug="mood", name="Mood")
        cls.author = make_author(slug="ann", name="Ann Bee")
        cls.article = make_article(
            slug="calm", title="Calm breathing", primary_topic=cls.topic, authors=[cls.author],
            tags=["sleep"],
        )  # fmt: skip
        cls.superuser = get_user_model().objects.create_superuser(
            username="root", password="a-long-test-password"
        )

    def test_editing_an_article_shows_on_every_page(self):
        """A title changed by a published revision shows on the article, home, topic, author
        and tag pages at once."""
        urls = ["/articles/calm/", "/", "/topics/mood/", "/authors/ann/", "/tags/sleep/"]
        for url in urls:
            assert "Calm breathing" in self.cached_page(url)
        reviewer_user = make_user(groups=["Clinical reviewers"], is_staff=True)
        make_reviewer(user=reviewer_user)
        propose_revision(self.article, {"title": "Slow breathing"}).publish(by=reviewer_user)
        for url in urls:
            assert "Slow breathing" in self.page(url), url

    def test_publishing_through_the_workflow_shows_the_article(self):
        """publish() makes the article appear on the cached home page."""
        reviewer_user = make_user(groups=["Clinical reviewers"], is_staff=True)
        make_reviewer(user=reviewer_user)
        draft = make_article(slug="new", title="Brand new piece", status=Article.Status.DRAFT)
        assert "Brand new piece" not in self.cached_page("/")
        draft.submit_for_review(by=self.superuser)
        draft.mark_reviewed(by=reviewer_user)
        draft.publish(by=reviewer_user)
        assert "Brand new piece" in self.page("/")

    def test_archiving_takes_the_article_away(self):
        """archive() answers 404 at once and drops the article from the home page."""
        self.cached_page("/articles/calm/")
        self.article.archive(by=self.superuser)
        assert self.client.get("/articles/calm/").status_code == 404
        assert "Calm breathing" not in self.page("/")

    def test_editing_in_the_admin_shows_at_once(self):
        """A change saved in the admin (here a helpline's number) reaches cached pages."""
        line = make_helpline(name="Nightline", phone="0800 111")
        assert "0800 111" in self.cached_page("/articles/calm/")
        self.client.force_login(self.superuser)
        response = self.client.post(
            f"/admin/articles/helpline/{line.pk}/change/",
            {
                "name": "Nightline",
                "phone": "0800 222",
                "is_active": "on",
                "countries-TOTAL_FORMS": "1",
                "countries-INITIAL_FORMS": "1",
                "countries-0-id": line.countries.get().pk,
                "countries-0-helpline": line.pk,
                "countries-0-country": "GB",
                "countries-0-position": "0",
            },
        )
        assert response.status_code == 302
        self.client.logout()
        page = self.page("/articles/calm/")
        assert "0800 222" in page and "0800 111" not in page

    def test_author_topic_tag_and_helpline_edits_show(self):
        """Renaming an author, topic or keyword, or adding a helpline, shows at once."""
        url = "/articles/calm/"
        self.cached_page(url)
        self.author.name = "Ann Sea"
        self.author.save()
        assert "Ann Sea" in self.cached_page(url)
        self.topic.name = "Low mood"
        self.topic.save()
        assert "Low mood" in self.cached_page(url)
        Tag.objects.filter(name="sleep").update(name="ignored")  # no signal: stays cached
        assert ">ignored<" not in self.cached_page(url)
        tag = Tag.objects.get(slug="sleep")
        tag.name = "Sleeping"
        tag.save()
        assert "Sleeping" in self.cached_page(url)
        make_helpline(name="Dayline", phone="0800 333")
        assert "0800 333" in self.page(url)

    def test_keywords_topics_and_authors_added_to_an_article_show(self):
        """Adding a keyword, a topic or an author (many-to-many) shows at once."""
        url = "/articles/calm/"
        self.cached_page(url)
        self.article.tags.add("insomnia")
        assert 'href="/tags/insomnia/"' in self.cached_page(url)
        self.article.topics.add(make_topic(name="Anxiety"))
        assert "Anxiety" in self.cached_page(url)
        self.article.authors.add(make_author(name="Bo Dee"), through_defaults={"order": 5})
        assert "Bo Dee" in self.page(url)

    def test_references_and_reviewers_show(self):
        """A new reference or a renamed clinical reviewer shows at once."""
        reviewer = make_reviewer(name="Dr Rae")
        Article.objects.filter(pk=self.article.pk).update(
            reviewed_by=reviewer, last_reviewed=timezone.localdate()
        )
        page_cache.bump_content()  # the update() above sends no signal
        url = "/articles/calm/"
        assert "Dr Rae" in self.cached_page(url)
        make_reference(article=self.article, citation="Smith (2024). A study.")
        assert "Smith (2024)." in self.cached_page(url)
        reviewer.name = "Dr Ray"
        reviewer.save()
        assert "Dr Ray" in self.page(url)

    def test_transparency_pages_follow_their_flatpage(self):
        """Editing a transparency page in the flatpages table shows at once."""
        page = FlatPage.objects.create(url="/about/", title="About us", content="<p>Old.</p>")
        page.sites.add(Site.objects.get_current())
        assert "Old." in self.cached_page("/about/")
        page.content = "<p>New.</p>"
        page.save()
        assert "New." in self.page("/about/")

    def test_redirects_and_sites_bump_the_generation(self):
        """Adding a redirect or renaming the site invalidates every cached page."""
        content = [page_cache.scope_key(page_cache.CONTENT)]
        before = page_cache.generations(content)
        Redirect.objects.create(site_id=1, old_path="/old/", new_path="/articles/calm/")
        after_redirect = page_cache.generations(content)
        site = Site.objects.get_current()
        site.name = "Kith test"
        site.save()
        assert before != after_redirect != page_cache.generations(content)

    def test_a_lost_generation_never_revives_old_pages(self):
        """If the cache loses the generation key, the new one is fresh, not a reused number."""
        content = [page_cache.scope_key(page_cache.CONTENT)]
        old = page_cache.generations(content)
        from django.core.cache import cache

        cache.delete(content[0])
        assert page_cache.generations(content) != old
