"""Readers and moderators going through Kith in Chromium, clicking links as a person would.

Each journey runs against the live server with the demo site of ``tests.browser.pages``; a
failing journey leaves a full-page screenshot under test-artifacts/ (the ``browser_page`` and
``open_page`` fixtures take it). The form's "too quick to be a person" minimum is set to zero
here: a browser fills the form in milliseconds, and the rule has tests of its own
(tests/test_comments_posting.py).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from playwright.sync_api import expect

from comments.models import Comment, CommentReport
from tests.browser.pages import DemoSite, build_demo_site
from tests.factories import make_user

pytestmark = pytest.mark.browser

THANKS = "Thank you. Your comment will appear once a moderator has read it."
PASSWORD = "a-long-test-password"  # tests.factories.make_user's


@pytest.fixture
def site(live_server, settings) -> DemoSite:
    """The demo site, with comment forms that a browser may send at once."""
    settings.KITH_COMMENTS_MIN_FORM_SECONDS = 0
    return build_demo_site()


def make_moderator() -> Any:
    """A staff user in the Moderators group, with the group's permissions as migrated.

    Live-server tests empty every table afterwards, the migration's group included, so the
    group is made again from the migration's own list of permissions.
    """
    migration = importlib.import_module("comments.migrations.0002_moderators_group")
    group, _ = Group.objects.get_or_create(name=migration.GROUP)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="comments", codename__in=migration.CODENAMES
        )
    )
    moderator = make_user(username="morgan", is_staff=True, email="morgan@example.org")
    moderator.groups.add(group)
    return moderator


def send_comment(page: Any, *, body: str, title: str = "", email: str = "") -> None:
    """Fills in the comment form on the article page in view and sends it."""
    form = page.locator("form.comment-form__form")
    if title:
        form.get_by_label("Title (optional):").fill(title)
    if email:
        form.get_by_label("E-mail address (optional):").fill(email)
    form.get_by_label("Your comment:", exact=True).fill(body)
    form.get_by_label("I agree that Kith stores what I write here").check()
    form.get_by_role("button", name="Send comment").click()


def test_j1_reader_finds_an_article_and_posts_a_comment(site: DemoSite, live_server,
                                                        browser_page) -> None:  # fmt: skip
    """Home → Topics → a topic → an article by links; the comment is stored pending and the
    reader is told, in a status message, that a moderator will read it first."""
    page = browser_page
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Topics").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Topics")
    page.get_by_role("main").get_by_role("link", name=site.topic.name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(site.topic.name)
    page.get_by_role("main").get_by_role("link", name=site.article.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(site.article.title)
    expect(page.get_by_role("heading", name="What helps")).to_be_visible()

    send_comment(page, title="Helpful", body="The fixed wake time is working for me.")

    expect(page.locator("[role=status]", has_text=THANKS)).to_have_text(THANKS)
    comment = Comment.objects.get(title="Helpful")
    assert comment.status == Comment.Status.PENDING
    assert comment.article == site.article
    assert page.watch.csp_violations() == []


def test_j2_moderator_approves_the_comment_and_the_reader_sees_it(
    site: DemoSite, live_server, open_page
) -> None:
    """A moderator logs in, finds the reader's comment in the queue and approves it with the
    bulk action; the reader reloads the article and reads it there."""
    make_moderator()
    reader = open_page()
    reader.goto(live_server.url + site.article.get_absolute_url())
    send_comment(reader, title="Worry list", body="Writing a worry list at six helps me.")
    expect(reader.locator("[role=status]", has_text=THANKS)).to_be_visible()
    reader.goto(live_server.url + site.article.get_absolute_url())
    expect(reader.get_by_role("main")).not_to_contain_text("Writing a worry list")

    moderator = open_page()
    moderator.goto(live_server.url + "/admin/")
    moderator.get_by_label("Username").fill("morgan")
    moderator.get_by_label("Password").fill(PASSWORD)
    moderator.get_by_role("button", name="Log in").click()
    moderator.get_by_role("link", name=re.compile(r"pending")).first.click()
    row = moderator.locator("#result_list tbody tr", has_text="Worry list")
    expect(row).to_have_count(1)
    row.locator("input.action-select").check()
    moderator.locator("select[name=action]").select_option(label="Approve selected comments")
    moderator.get_by_role("button", name="Run").or_(
        moderator.get_by_role("button", name="Go")
    ).click()
    expect(moderator.locator(".messagelist")).to_contain_text("approved")
    assert Comment.objects.get(title="Worry list").status == Comment.Status.APPROVED

    reader.reload()
    comment = reader.locator("article.comment", has_text="Writing a worry list at six helps me.")
    expect(comment).to_be_visible()
    expect(comment.get_by_role("heading", name="Worry list")).to_be_visible()
    assert moderator.watch.csp_violations() == [] and reader.watch.csp_violations() == []


def test_j3_risk_comment_shows_helplines_first_and_alerts_moderators(
    site: DemoSite, live_server, browser_page
) -> None:
    """A comment that speaks of suicide brings the crisis panel, helplines before anything
    else, and one e-mail to each moderator without the comment's words."""
    make_moderator()
    page = browser_page
    page.goto(live_server.url + site.article.get_absolute_url())
    words = "Nothing helps any more and I want to kill myself tonight."
    send_comment(page, body=words)

    panel = page.locator("section.crisis-panel")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading", name="Talk to someone now")).to_be_visible()
    expect(panel.get_by_role("link", name="116 123")).to_be_visible()
    text = page.get_by_role("main").inner_text()
    assert text.index("Samaritans") < text.index("Your comment was received")
    assert text.index("988") < text.index("Your comment was received")
    assert Comment.objects.get(body=words).held_for_risk

    assert [message.to for message in mail.outbox] == [["morgan@example.org"]]
    assert mail.outbox[0].subject == "Urgent: a comment may speak of suicide or self-harm"
    assert "kill myself" not in mail.outbox[0].body
    assert "/admin/comments/comment/" in mail.outbox[0].body


@pytest.mark.skip(reason="editorial workflow lands separately")
def test_j4_editor_creates_previews_and_publishes_an_article() -> None:
    """An editor writes an article in the admin, previews it and publishes it (issue 7, J4)."""


def test_reader_reports_a_comment_and_deletes_their_own(
    site: DemoSite, live_server, browser_page
) -> None:
    """A reader reports someone's comment from the article page; another reader deletes
    their own comment with the private link from the confirmation page."""
    page = browser_page
    page.goto(live_server.url + site.article.get_absolute_url())
    reported = page.locator("article.comment", has_text="A fixed wake time worked for me")
    reported.locator("summary", has_text="Report").click()
    reported.get_by_label("It is spam or advertising").check()
    reported.get_by_role("button", name="Send report").click()
    expect(page.locator("[role=status]")).to_contain_text("Thank you for your report.")
    report = CommentReport.objects.get()
    assert report.comment.title == "A fixed wake time worked for me"
    assert report.reason == "spam"

    page.context.clear_cookies()  # someone else, on another day
    page.goto(live_server.url + site.article.get_absolute_url())
    send_comment(page, body="I posted this in a hurry and would rather take it back.")
    expect(page.locator("[role=status]", has_text=THANKS)).to_be_visible()
    mine = Comment.objects.get(body__startswith="I posted this in a hurry")
    mine.approve(note="journey")
    page.locator(".deletion-link a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your comment")
    page.get_by_role("button", name="Delete my comment").click()
    expect(page.locator("[role=status]")).to_contain_text("have been deleted for good")

    mine.refresh_from_db()
    assert mine.status == Comment.Status.REMOVED and mine.body == ""
    page.goto(live_server.url + site.article.get_absolute_url())
    expect(page.get_by_role("main")).not_to_contain_text("in a hurry")
