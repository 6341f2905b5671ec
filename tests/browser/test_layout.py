"""No page scrolls sideways or cuts content off, at a phone's and a desktop's width.

Every public page type (``tests.browser.pages.PUBLIC_PAGES``) is opened at 390 px and 1280 px,
and the pages moderators, editors and reviewers use (``STAFF_PAGES``) at 1280 px; each is checked
by ``tests.browser.layout.layout_problems``.

``make screenshots`` runs this module with ``KITH_SCREENSHOTS=1``: every page checked is also
saved as a full-page screenshot under tests/browser/screenshots/ (git-ignored), named
``<page>-<viewport>.png``, so a person can look at all of them in a minute.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from tests.browser.fixtures import DESKTOP, VIEWPORTS
from tests.browser.layout import layout_problems
from tests.browser.pages import PUBLIC_PAGES, DemoSite, build_demo_site
from tests.browser.test_journeys import admin_login, make_editorial_roles, make_moderator
from tests.comments_factories import make_comment
from tests.factories import make_reviewer, make_user

pytestmark = pytest.mark.browser

SCREENSHOTS_DIR = Path(__file__).resolve().parent / "screenshots"


@dataclass(frozen=True)
class StaffPage:
    """An admin page as the named user sees it."""

    name: str
    username: str
    path: Callable[[DemoSite], str]


def _urgent_comment(site: DemoSite) -> Comment:
    return Comment.objects.get(article=site.article, title="Held: words of crisis")


def _admin(name: str, *args: object) -> Callable[[DemoSite], str]:
    return lambda site: reverse(name, args=[arg(site) if callable(arg) else arg for arg in args])


STAFF_PAGES = [
    StaffPage("admin-moderation-queue", "morgan", _admin("admin:comments_comment_changelist")),
    StaffPage(
        "admin-comment",
        "morgan",
        _admin("admin:comments_comment_change", lambda site: _urgent_comment(site).pk),
    ),
    StaffPage("admin-article-list", "edith", _admin("admin:articles_article_changelist")),
    StaffPage("admin-article-add", "edith", _admin("admin:articles_article_add")),
    StaffPage("admin-image-upload", "edith", _admin("admin:articles_articleimage_add")),
    StaffPage(
        "admin-article-change",
        "edith",
        _admin("admin:articles_article_change", lambda site: site.article.pk),
    ),
    StaffPage(
        "admin-article-review",
        "ruth",
        _admin(
            "admin:articles_article_workflow",
            lambda site: site.extra["in_review"].pk,
            "mark_reviewed",
        ),
    ),
]


def add_staff(site: DemoSite) -> None:
    """A moderator, an editor, a clinical reviewer; an urgent comment; an article in review."""
    make_moderator()
    make_editorial_roles()
    make_user(username="edith", is_staff=True, groups=["Editors"])
    ruth = make_user(username="ruth", is_staff=True, groups=["Clinical reviewers"])
    make_reviewer(name="Dr Ruth Adeyemi", user=ruth)
    make_comment(
        article=site.article,
        status=Comment.Status.PENDING,
        title="Held: words of crisis",
        body="Some nights I think everyone would be better off without me.",
        hold_reasons="risk",
    )
    in_review = site.article.__class__.objects.get(slug="sleep-diary-week-1")
    Article.objects.filter(pk=in_review.pk).update(status=Article.Status.IN_REVIEW)
    site.extra["in_review"] = in_review


def check(page: Any, name: str, viewport: str) -> list[str]:
    """The page's layout problems, each prefixed with the page; a screenshot if asked for."""
    if os.environ.get("KITH_SCREENSHOTS") == "1":
        SCREENSHOTS_DIR.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS_DIR / f"{name}-{viewport}.png"), full_page=True)
    return [f"{name} ({viewport}): {problem}" for problem in layout_problems(page)]


@pytest.mark.parametrize(
    ("viewport", "locale"), [(name, "en-GB") for name in sorted(VIEWPORTS)] + [("phone", "es-MX")]
)
def test_public_pages_fit_the_window(viewport: str, locale: str, live_server, open_page) -> None:
    """Each public page type fits the width of a phone and of a desktop (and, in Spanish, whose
    words and sentences are longer, of a phone)."""
    site = build_demo_site()
    page = open_page(viewport=VIEWPORTS[viewport], locale=locale)
    problems: list[str] = []
    for public_page in PUBLIC_PAGES:
        cache.clear()  # each page is a new reader: no flood or rate limit from the last form
        page.context.clear_cookies()
        response = public_page.open(page, live_server.url, site)
        assert response is not None and response.status == public_page.status, public_page.name
        problems += check(page, public_page.name, viewport)
    assert problems == [], "\n".join(problems)


def test_staff_pages_fit_a_desktop(live_server, open_page) -> None:
    """The moderation queue, a comment, the article list and forms fit a 1280 px screen."""
    site = build_demo_site()
    add_staff(site)
    problems: list[str] = []
    pages: dict[str, Any] = {}
    for staff_page in STAFF_PAGES:
        if staff_page.username not in pages:
            pages[staff_page.username] = open_page(viewport=DESKTOP)
            admin_login(pages[staff_page.username], live_server.url, staff_page.username)
        page = pages[staff_page.username]
        response = page.goto(live_server.url + staff_page.path(site))
        assert response is not None and response.status == 200, staff_page.name
        problems += check(page, staff_page.name, "desktop")
    assert problems == [], "\n".join(problems)


SEARCH_CONTROLS = ("#search-page-q", "#search-page-topic", "#search-page-kind", "main form button")


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_the_search_page_has_one_search_box_and_its_filters_line_up(
    viewport: str, live_server, open_page
) -> None:
    """One search box (the page's, labelled), not the header's as well; its fields stacked at
    one width on a phone, in one row on a desktop."""
    page = open_page(viewport=VIEWPORTS[viewport])
    page.goto(live_server.url + reverse("articles:search") + "?q=sleep")
    assert page.locator("input[type=search]:visible").count() == 1
    assert page.get_by_role("search").count() == 1
    assert page.get_by_role("searchbox", name="Search for").is_visible()
    boxes = [page.locator(selector).bounding_box() for selector in SEARCH_CONTROLS]
    form = page.locator("main form").bounding_box()
    if viewport == "phone":
        for box in boxes:  # the form's full width, one under another
            assert abs(box["x"] - form["x"]) <= 1 and abs(box["width"] - form["width"]) <= 1, box
        assert all(a["y"] + a["height"] <= b["y"] for a, b in pairwise(boxes)), boxes
    else:
        for edge in ({round(box["y"]) for box in boxes}, {round(box["height"]) for box in boxes}):
            assert max(edge) - min(edge) <= 1, boxes  # one row, the boxes of one height
        assert all(a["x"] + a["width"] <= b["x"] for a, b in pairwise(boxes)), boxes


def test_the_check_sees_a_page_that_scrolls_sideways(live_server, browser_page) -> None:
    """The check is real: an unbreakable word and a box too wide are both reported."""
    browser_page.set_viewport_size({"width": 390, "height": 844})
    browser_page.goto(live_server.url + "/no-such-page/")
    browser_page.evaluate(
        "() => { const main = document.querySelector('main');"
        " main.insertAdjacentHTML('beforeend', '<p id=long>' + 'x'.repeat(200) + '</p>'"
        " + '<div id=wide>wide</div>'"
        " + '<span class=visually-hidden>' + 'y'.repeat(300) + '</span>');"
        " document.getElementById('wide').style.width = '900px'; }"
    )
    problems = layout_problems(browser_page)
    assert any(problem.startswith("the page is") for problem in problems), problems
    assert any("div#wide" in problem for problem in problems), problems
    assert any(problem.startswith('text "xxxx') for problem in problems), problems
    assert not any("yyyy" in problem for problem in problems), problems
