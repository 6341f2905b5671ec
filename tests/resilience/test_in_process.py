"""Outages simulated inside the test process (fast, no servers): Redis unreachable or frozen,
the database unreachable, the session unreadable. tests/resilience/test_outages.py does the
same against real servers that it kills and restarts."""

from __future__ import annotations

import logging
import socket
import time
from unittest import mock

from django.contrib.sessions.backends.db import SessionStore
from django.core.cache import caches
from django.db import OperationalError, connections
from django.test import TestCase, override_settings
from django.urls import reverse

from comments.models import Comment
from kith import outage
from tests.comments_factories import form_data
from tests.factories import make_article, make_helpline

THANKS = "Thank you. Your comment will appear once a moderator has read it."
BACK_SHORTLY = "We will be back shortly"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_cache(port: int, **options: float) -> dict:
    return {
        "default": {
            "BACKEND": "kith.resilient_cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"timeout_seconds": 0.3, "retry_after": 5.0, **options},
        }
    }


class RedisUnreachableTests(TestCase):
    """REDIS_URL points at a port where nothing listens: the site works as if uncached."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Sleep and stress", slug="sleep-and-stress")
        make_helpline(name="Samaritans", phone="116 123")

    def setUp(self):
        overrides = override_settings(CACHES=redis_cache(closed_port()))
        overrides.enable()
        self.addCleanup(overrides.disable)

    def test_pages_are_built_from_the_database_and_the_outage_is_logged_once(self):
        with self.assertLogs("kith.cache", logging.WARNING) as logs:
            started = time.monotonic()
            for _ in range(3):
                home = self.client.get("/")
                self.assertContains(home, "Sleep and stress")
                page = self.client.get(self.article.get_absolute_url())
                self.assertContains(page, "Sleep and stress")
            elapsed = time.monotonic() - started
        assert elapsed < 3, f"six pages took {elapsed:.1f} s with Redis down"
        assert len(logs.records) == 1, [r.getMessage() for r in logs.records]
        assert "cannot be reached" in logs.records[0].getMessage()

    def test_posting_stays_open_and_every_comment_is_stored(self):
        """The flood and rate limits live in Redis: they fail open, pre-moderation holds all."""
        url = reverse("comments:post", args=[self.article.slug])
        for n in range(3):
            response = self.client.post(url, form_data(body=f"Comment {n} while Redis is away."))
            assert response.status_code == 302, response.content.decode()[:500]
            self.assertContains(self.client.get(response["Location"]), THANKS)
        stored = Comment.objects.order_by("pk")
        assert [c.body for c in stored] == [f"Comment {n} while Redis is away." for n in range(3)]
        assert {c.status for c in stored} == {Comment.Status.PENDING}

    def test_risky_comment_still_reaches_the_urgent_queue(self):
        url = reverse("comments:post", args=[self.article.slug])
        body = "I want to end my life tonight."
        response = self.client.post(url, form_data(body=body))
        assert response.status_code == 302
        page = self.client.get(response["Location"]).content.decode()
        assert "116 123" in page  # the helplines come first
        assert Comment.objects.get().held_for_risk


class RedisFrozenTests(TestCase):
    """Redis accepts connections and never answers: one short timeout, then the breaker."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Sleep and stress", slug="sleep-and-stress")

    def setUp(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.addCleanup(self.listener.close)
        overrides = override_settings(CACHES=redis_cache(self.listener.getsockname()[1]))
        overrides.enable()
        self.addCleanup(overrides.disable)

    def test_ten_pages_cost_at_most_one_timeout(self):
        started = time.monotonic()
        with self.assertLogs("kith.cache", logging.WARNING) as logs:
            for _ in range(10):
                self.assertContains(self.client.get("/"), "Sleep and stress")
        elapsed = time.monotonic() - started
        assert elapsed < 2.5, f"ten pages took {elapsed:.1f} s with Redis frozen"
        assert len(logs.records) == 1
        assert "TimeoutError" in logs.records[0].getMessage()

    def test_breaker_lets_one_call_through_after_the_pause(self):
        overrides = override_settings(
            CACHES=redis_cache(self.listener.getsockname()[1], retry_after=0.2)
        )
        overrides.enable()
        self.addCleanup(overrides.disable)
        cache = caches["default"]
        with self.assertLogs("kith.cache", logging.WARNING):
            started = time.monotonic()
            assert cache.get("k", "miss") == "miss"
            first = time.monotonic() - started
            assert cache.get("k", "miss") == "miss"  # skipped: no wait at all
            skipped = time.monotonic() - started - first
            time.sleep(0.25)
            retried = time.monotonic()
            assert cache.get("k", "miss") == "miss"  # tried again, timed out again
            again = time.monotonic() - retried
        assert 0.25 <= first < 1.0, first
        assert skipped < 0.05, skipped
        assert 0.25 <= again < 1.0, again
        with self.assertRaises(ValueError):
            cache.incr("k")  # a missing key, as in an empty cache
        assert cache.add("k", 1) is True  # fails open: stored, then forgotten


class DatabaseUnreachableTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Sleep and stress", slug="sleep-and-stress")

    def setUp(self):
        outage._state["down_since"] = None  # each test starts with the database up

    def database_down(self):
        refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed')
        return mock.patch.object(type(connections["default"]), "create_cursor", side_effect=refused)

    def test_503_with_retry_after_and_one_log_line_per_outage(self):
        with (
            self.assertLogs("kith.outage", logging.INFO) as logs,
            self.assertNoLogs("django.request", logging.ERROR),
        ):
            with self.database_down():
                for _ in range(3):
                    response = self.client.get("/")
                    self.assertContains(response, BACK_SHORTLY, status_code=503)
                    assert response["Retry-After"] == "30"
                    assert "no-store" in response["Cache-Control"]
                    assert "Samaritans (116 123" in response.content.decode()
            recovered = self.client.get("/")
            self.assertContains(recovered, "Sleep and stress")
        messages = [record.getMessage() for record in logs.records]
        assert len(messages) == 2, messages
        assert "cannot be reached" in messages[0] and "answers again" in messages[1]

    def test_cached_page_is_still_served(self):
        url = self.article.get_absolute_url()
        self.assertContains(self.client.get(url), "Sleep and stress")  # fills the page cache
        with self.database_down():
            self.assertContains(self.client.get(url), "Sleep and stress")
            self.assertContains(self.client.get("/topics/"), BACK_SHORTLY, status_code=503)

    def test_a_post_the_database_refuses_says_the_words_may_not_have_arrived(self):
        url = reverse("comments:post", args=[self.article.slug])
        with self.database_down(), self.assertLogs("kith.outage"):
            response = self.client.post(url, form_data())
        self.assertContains(response, "your words should still be in the form", status_code=503)
        assert response["Retry-After"] == "30"

    def test_session_that_cannot_be_saved_after_the_comment_answers_503_not_500(self):
        """The comment row is committed; then the session save fails (outside the view)."""
        url = reverse("comments:post", args=[self.article.slug])
        self.client.raise_request_exception = False  # the client would re-raise what Django handled
        broken = mock.patch.object(SessionStore, "save", side_effect=OperationalError("gone"))
        with broken, self.assertLogs("kith.outage"), self.assertNoLogs("django.request", "ERROR"):
            response = self.client.post(url, form_data())
        self.assertContains(response, BACK_SHORTLY, status_code=503)
        assert Comment.objects.count() == 1  # the comment was kept


class ConfirmationWithoutSessionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Sleep and stress", slug="sleep-and-stress")

    def test_confirmation_says_received_when_the_session_is_lost(self):
        response = self.client.post(reverse("comments:post", args=[self.article.slug]), form_data())
        del self.client.cookies["sessionid"]  # the session cannot be read back
        page = self.client.get(response["Location"])
        self.assertContains(page, THANKS)
        self.assertNotContains(page, "/delete/")  # the private link lives in the session only
        assert page.cookies["kith_comment_received"]["max-age"] == 0  # shown once
        assert Comment.objects.count() == 1

    def test_forged_or_missing_received_cookie_says_nothing(self):
        self.client.cookies["kith_comment_received"] = "1"
        response = self.client.get(reverse("comments:posted"))
        assert response.status_code == 302 and response["Location"] == "/"
