"""The comment list at scale: its order is read off an index, the unfiltered list's count is
PostgreSQL's estimate and says "about", filtered lists are counted exactly, odd page numbers
never give a 500, and the queries do not grow with the rows."""

from __future__ import annotations

from unittest import mock, skipUnless

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
from kith.admin_paginator import EstimatedCountPaginator
from tests.comments_factories import make_comment
from tests.factories import make_article, make_user

CHANGELIST = reverse("admin:comments_comment_changelist")
# The whole list: without a query a moderator is sent to the pending comments.
SHOW_ALL = {"all": "1"}
ON_POSTGRES = connection.vendor == "postgresql"
NEEDS_POSTGRES = "reltuples, ANALYZE and EXPLAIN's index choice are PostgreSQL's; SQLite counts"


def analyze_comments() -> None:
    """Refresh PostgreSQL's row estimate; it sees this test's own uncommitted rows."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE comments_comment")


def estimate_every_list():
    """Treat even this test's dozen comments as too many to count."""
    return mock.patch.object(EstimatedCountPaginator, "estimate_above", 0)


def count_queries(queries: CaptureQueriesContext) -> list[str]:
    # Queries that count rows; the page's own SELECT counts each row's reports in subqueries.
    return [
        q["sql"] for q in queries.captured_queries if q["sql"].upper().startswith("SELECT COUNT(")
    ]


class AdminListTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="On sleep")
        for n in range(8):
            make_comment(article=cls.article, title=f"Approved {n}")
        make_comment(article=cls.article, title="Approved at sunrise")
        for n in range(3):
            make_comment(article=cls.article, status="pending", title=f"Waiting {n}")
        cls.superuser = make_user(is_staff=True, is_superuser=True)

    def setUp(self):
        self.client.force_login(self.superuser)


@skipUnless(ON_POSTGRES, NEEDS_POSTGRES)
class EstimatedCountTests(AdminListTestCase):
    def test_unfiltered_list_shows_the_estimate_as_about(self):
        """The full list reads pg_class instead of counting, and says its number is an estimate."""
        analyze_comments()
        with estimate_every_list(), CaptureQueriesContext(connection) as queries:
            response = self.client.get(CHANGELIST, SHOW_ALL)
        cl = response.context["cl"]
        assert cl.paginator.count_is_estimate and cl.result_count == 12
        assert count_queries(queries) == []
        html = response.content.decode()
        assert "about 12 comments" in html
        assert "Select all comments (about 12)" in html

    def test_filtered_and_searched_lists_are_counted_exactly(self):
        """Any filter or search means a real COUNT and a number without "about"."""
        analyze_comments()
        with estimate_every_list():
            pending = self.client.get(CHANGELIST, {"status__exact": "pending"})
            searched = self.client.get(CHANGELIST, {"q": "sunrise"})
        assert pending.context["cl"].result_count == 3
        assert not pending.context["cl"].paginator.count_is_estimate
        assert searched.context["cl"].result_count == 1
        for response in (pending, searched):
            assert "about" not in response.content.decode().split('class="paginator"')[1]

    def test_estimate_is_the_planners_row_count(self):
        """After ANALYZE the estimate is the table's rows, scaled by its current size."""
        analyze_comments()
        paginator = EstimatedCountPaginator(Comment.objects.order_by("pk"), 5)
        assert paginator._estimated_rows() == Comment.objects.count() == 12

    def test_small_table_is_counted_exactly(self):
        """Below ``estimate_above`` rows an exact count is cheap, so it is exact."""
        analyze_comments()
        make_comment(article=self.article)  # after ANALYZE: only a real count sees it
        paginator = EstimatedCountPaginator(Comment.objects.order_by("pk"), 5)
        assert paginator.count == 13 and not paginator.count_is_estimate

    def test_estimated_list_queries_do_not_grow_with_rows(self):
        """Listing 60 more comments on the estimated list costs the same queries."""
        analyze_comments()
        with estimate_every_list():
            with CaptureQueriesContext(connection) as few:
                self.client.get(CHANGELIST, SHOW_ALL)
            for _ in range(60):
                make_comment(article=make_article(), status="pending", hold_reasons="links")
            analyze_comments()
            with self.assertNumQueries(len(few.captured_queries)):
                response = self.client.get(CHANGELIST, SHOW_ALL)
        assert len(response.context["cl"].result_list) == 50
        assert response.context["cl"].paginator.count_is_estimate


@skipUnless(ON_POSTGRES, NEEDS_POSTGRES)
class OrderIndexTests(AdminListTestCase):
    def plan(self, params: dict[str, str]) -> str:
        page = self.client.get(CHANGELIST, params).context["cl"].result_list
        with connection.cursor() as cursor:
            # A dozen rows are cheaper to sort than to read from any index; forbid the sort
            # to learn whether the index can give the order at all.
            cursor.execute("SET LOCAL enable_sort = off")
            return page.explain()

    def test_full_list_is_read_in_order_from_the_index(self):
        """The admin's ORDER BY is exactly the expression index's key: no sort is needed."""
        plan = self.plan({"all": "1"})  # the bare list opens on pending
        assert "comment_moderation_order_idx" in plan and "Sort" not in plan

    def test_pending_queue_is_read_in_order_from_the_index(self):
        """The pending queue's first page comes off the same index."""
        plan = self.plan({"status__exact": "pending"})
        assert "comment_moderation_order_idx" in plan and "Sort" not in plan


@skipUnless(connection.vendor == "sqlite", "SQLite's path: there is no estimate to read")
class SqliteCountTests(AdminListTestCase):
    def test_sqlite_always_counts_exactly(self):
        """Without pg_class there is no estimate, however long the list."""
        with estimate_every_list():
            response = self.client.get(CHANGELIST, SHOW_ALL)
        cl = response.context["cl"]
        assert cl.result_count == 12 and not cl.paginator.count_is_estimate
        assert "12 comments" in response.content.decode()


class EstimatedPagesTests(AdminListTestCase):
    """What a short or long estimate does to pages, on any database (the estimate is given)."""

    def paginator(self, estimate: int) -> EstimatedCountPaginator:
        paginator = EstimatedCountPaginator(Comment.objects.order_by("pk"), 5)
        paginator.estimate_above = 0
        paginator._estimated_rows = lambda: estimate
        return paginator

    def test_an_estimate_short_of_the_rows_still_reaches_every_row(self):
        """Seven estimated, twelve real: the estimated last page is full and page 3 exists."""
        paginator = self.paginator(7)
        assert paginator.count == 7 and paginator.num_pages == 2
        rows = [c for n in (1, 2, 3) for c in paginator.page(n).object_list]
        assert rows == list(Comment.objects.order_by("pk"))
        assert list(paginator.page(4).object_list) == []

    def test_odd_page_numbers_are_refused(self):
        """Zero, words and pages far past the estimate are errors, not huge OFFSETs."""
        paginator = self.paginator(7)
        for number, error in [(0, EmptyPage), ("x", PageNotAnInteger), (5, EmptyPage)]:
            with self.assertRaises(error):
                paginator.page(number)

    def test_an_estimate_is_rounded_to_three_figures(self):
        """A million and a bit is shown as a million: the digits past three are not known."""
        paginator = self.paginator(1_000_123)
        assert paginator.count == 1_000_000 and paginator.count_is_estimate

    def test_hostile_page_numbers_never_give_a_500(self):
        """Overlong, negative, NUL and non-numeric page numbers on the estimated list."""
        estimate = mock.patch.object(EstimatedCountPaginator, "_estimated_rows", lambda _: 12)
        with estimate_every_list(), estimate:
            for page in ["9" * 40, "-1", "0", "\x00", "٣", "1.5", "<b>", "2"]:
                response = self.client.get(CHANGELIST, {"p": page})
                assert response.status_code in (200, 302), page
            shown = self.client.get(CHANGELIST, SHOW_ALL).content.decode()
        assert "about 12 comments" in shown
