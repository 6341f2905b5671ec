"""Comment pages reached by their links are read from a position (keyset), not an offset.

Readers see what they saw before — "Earlier comments", "Comments page N of M", "Later
comments" — but page 1 000 of a long thread list costs what page 1 costs.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.db import connection
from django.test import SimpleTestCase, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from comments.models.keyset import Position
from tests.comments_factories import make_comment
from tests.factories import make_article
from tests.test_comments_display import _bulk_approved

TITLES = re.compile(r">Title (\d+)</h3>")
EARLIER = re.compile(r'href="([^"]*)#comments" rel="prev">Earlier comments')
LATER = re.compile(r'href="([^"]*)#comments" rel="next">Later comments')


def unescape(href: str) -> str:
    return href.replace("&amp;", "&")


@override_settings(KITH_PAGE_CACHE=False)
class FollowingTheLinksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(slug="long")
        _bulk_approved(cls.article, 120)
        # A thread its writer erased stays, as a tombstone, while it has an approved reply.
        gone = Comment.objects.get(article=cls.article, title="Title 60")
        make_comment(article=cls.article, parent=gone, body="A reply that keeps it.")
        gone.erase()

    def get(self, query: str) -> str:
        response = self.client.get(f"/articles/long/{query}")
        assert response.status_code == 200
        return response.text

    def test_later_and_earlier_links_walk_the_same_pages_as_page_numbers(self):
        pages, html = [], self.get("")
        while True:
            pages.append((TITLES.findall(html), re.search(r"Comments page \d+ of 3", html)[0]))
            later = LATER.search(html)
            if later is None:
                break
            assert "&amp;after=" in later[1]
            html = self.get(unescape(later[1]))
        assert [label for _, label in pages] == [f"Comments page {n} of 3" for n in (1, 2, 3)]
        by_number = [TITLES.findall(self.get(f"?page={n}")) for n in (1, 2, 3)]
        assert [titles for titles, _ in pages] == by_number
        assert by_number[1][:2] == ["50", "51"] and "60" not in by_number[1]  # the tombstone
        assert "This comment was removed." in html or "This comment was removed." in self.get(
            "?page=2"
        )
        back = []
        while (earlier := EARLIER.search(html)) is not None:
            html = self.get(unescape(earlier[1]))
            back.append(TITLES.findall(html))
        assert back == [by_number[1], by_number[0]]
        assert EARLIER.search(self.get("?page=2"))[1] == "?page=1"  # page 1 has one address

    def test_a_page_read_from_a_position_uses_no_offset_and_no_extra_query(self):
        later = unescape(LATER.search(self.get("?page=2"))[1])
        self.get(later)
        with CaptureQueriesContext(connection) as captured:
            self.get(later)
        by_position = [query["sql"] for query in captured]  # each request empties the log
        self.get("")
        with self.assertNumQueries(len(by_position)):
            self.get("")
        threads = [sql for sql in by_position if "UNION" in sql and "comments_comment" in sql]
        assert len(threads) == 1
        assert "OFFSET" not in threads[0].upper()
        assert ") > (" in threads[0]

    def test_made_up_positions_show_a_real_page_never_an_error(self):
        hostile = [
            "", "abc", "1-", "-1", "1-2-3", "99999999999999999-1", "1-99999999999999999999",
            "١٢٣-٤", "1\x00-2", "<script>alert(1)</script>", "9" * 5000, "0-0",
            f"{int(datetime(9000, 1, 1, tzinfo=UTC).timestamp() * 1_000_000)}-1",  # past the end
        ]  # fmt: skip
        for value in hostile:
            for name in ("after", "before"):
                response = self.client.get("/articles/long/", {"page": "2", name: value})
                assert response.status_code == 200, (name, value)
                assert len(TITLES.findall(response.text)) >= 49, (name, value)
                assert "<script>alert(1)</script>" not in response.text


class PositionTests(SimpleTestCase):
    def test_a_position_survives_the_address_to_the_microsecond(self):
        moment = timezone.now().replace(microsecond=123456)
        position = Position(moment, 42)
        assert Position.parse(str(position)) == Position(moment.astimezone(UTC), 42)
        assert Position.parse(str(Position(moment + timedelta(microseconds=1), 42))) != position

    def test_malformed_positions_are_none(self):
        for value in (None, "", "x-1", "1", "1-", "-1", "1-2-3", "+1-2", " 1-2", "1-2 "):
            assert Position.parse(value) is None, value
