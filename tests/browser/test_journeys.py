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
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment, CommentReport
from tests.browser.pages import DemoSite, build_demo_site
from tests.factories import make_reviewer, make_user
from topics.models import Topic

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


NEW_TITLE = "Breathing out slowly: a calm-down skill"
NEW_BODY = """\
When worry speeds you up, your breathing speeds up too. Slowing the out-breath tells the body
that it is safe to settle.

## How to do it

- Breathe in through your nose for a count of four.
- Breathe out through your mouth for a count of six.
- Repeat five times, then notice how your shoulders feel.
"""
SECOND_EDIT = "Practise when you are calm, so the skill is there when you need it."


def make_editorial_roles() -> None:
    """The Editors and Clinical reviewers groups with their permissions as migrated (the
    live server empties the tables the migration filled, as for ``make_moderator``)."""
    migration = importlib.import_module("articles.migrations.0003_editorial_workflow")
    for name, perms in migration.ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
            for app_label, codename in (perm.split(".") for perm in perms)
        )
    images = importlib.import_module("articles.migrations.0013_images_only_from_own_library")
    for name, codenames in images.ROLES.items():
        Group.objects.get(name=name).permissions.add(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


def admin_login(page: Any, base_url: str, username: str) -> None:
    """Signs in through the admin's login form, as a person does."""
    page.goto(base_url + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Content and moderation")
    expect(page.get_by_role("banner")).to_contain_text(f"Welcome, {username}.")


def words(text: str) -> list[str]:
    """The words of a text, whatever the line breaks between them."""
    return text.split()


def object_tools(page: Any) -> list[str]:
    """The links at the top right of an admin change page (workflow buttons, History …)."""
    return [text.strip() for text in page.locator(".object-tools a").all_text_contents()]


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
    admin_login(moderator, live_server.url, "morgan")
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
    # The browser says en-GB: the United Kingdom's lines, none of another country's.
    assert "Showing help for: United Kingdom" in panel.inner_text()
    assert "988" not in panel.inner_text()
    assert Comment.objects.get(body=words).held_for_risk

    assert [message.to for message in mail.outbox] == [["morgan@example.org"]]
    assert mail.outbox[0].subject == "Urgent: a comment may speak of suicide or self-harm"
    assert "kill myself" not in mail.outbox[0].body
    assert "/admin/comments/comment/" in mail.outbox[0].body


def test_j4_editor_creates_previews_and_publishes_an_article(
    site: DemoSite, live_server, open_page
) -> None:
    """An editor writes an article in the admin, previews it (readers get 404) and submits it
    without being able to publish; a clinical reviewer compares two versions, marks it
    reviewed and publishes it; a reader then finds it with its review line (issue 7, J4)."""
    make_editorial_roles()
    make_user(username="edith", is_staff=True, groups=["Editors"])
    ruth = make_user(username="ruth", is_staff=True, groups=["Clinical reviewers"])
    make_reviewer(name="Ruth Adeyemi", credentials="MRCPsych", user=ruth)
    stress = Topic.objects.get(slug="stress")
    base = live_server.url

    # The editor writes the article and saves it as a draft.
    editor = open_page()
    admin_login(editor, base, "edith")
    editor.get_by_role("link", name="Articles", exact=True).click()
    editor.get_by_role("link", name="Add article").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text("Add article")
    # The admin's prepopulate script is bound at the end of the form: on a loaded CI machine
    # the heading shows before it runs (one run kept the slug of the first five letters).
    editor.wait_for_load_state("load")
    title_field = editor.get_by_label("Title:")
    title_field.press_sequentially(NEW_TITLE)
    # It follows keyup and change; a keyup can be handled before the last keys land, so a
    # last keyup and change settle it.
    title_field.dispatch_event("keyup")
    title_field.dispatch_event("change")
    expect(editor.get_by_label("Slug:")).to_have_value(
        "breathing-out-slowly-a-calm-down-skill", timeout=10_000
    )
    editor.get_by_label("Kind:").select_option(label="More Information")
    editor.get_by_label("Summary:").fill("A breathing skill that helps the body settle.")
    editor.get_by_label("Body:").fill(NEW_BODY)
    editor.get_by_label("Primary topic:").select_option(label=stress.name)
    byline = editor.locator("select[name=article_authors-0-author]")
    byline.select_option(label=site.author.display_name)
    editor.get_by_role("button", name="Save and continue editing").first.click()
    expect(editor.locator(".messagelist")).to_contain_text(
        f"The article “{NEW_TITLE}” was added successfully."
    )
    expect(editor.locator(".field-reader_visibility")).to_contain_text(
        "No — draft. “View on site” shows a preview."
    )
    assert object_tools(editor) == ["Submit for review", "History", "View on site"]
    article = Article.objects.get(slug="breathing-out-slowly-a-calm-down-skill")
    assert article.status == Article.Status.DRAFT and article.primary_topic == stress

    # "View on site": the page as readers will see it, under a preview banner.
    editor.get_by_role("link", name="View on site").click()
    editor.wait_for_url("**" + article.get_absolute_url())
    expect(editor.get_by_role("note").first).to_have_text(
        "Preview — not published. Readers cannot see this page (draft)."
    )
    expect(editor.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    expect(editor.locator(".byline")).to_have_text(f"By {site.author.display_name}")
    expect(editor.get_by_role("heading", level=2, name="How to do it")).to_be_visible()
    expect(editor.locator(".prose li")).to_have_count(3)
    preview_text = editor.locator(".prose").inner_text()
    reader = open_page()
    response = reader.goto(base + article.get_absolute_url())
    assert response.status == 404
    expect(reader.get_by_role("heading", level=1)).to_have_text("We could not find that page")
    expect(reader.get_by_role("main")).not_to_contain_text(NEW_TITLE)

    # One more edit, then the editor hands it to review and cannot publish it.
    editor.go_back()
    editor.get_by_label("Body:").fill(NEW_BODY + "\n" + SECOND_EDIT + "\n")
    editor.get_by_role("button", name="Save and continue editing").first.click()
    expect(editor.locator(".messagelist")).to_contain_text("was changed successfully")
    editor.get_by_role("link", name="Submit for review").click()
    expect(editor.get_by_role("main")).to_contain_text(
        "The article goes to the clinical reviewers. Editors cannot publish it."
    )
    editor.get_by_role("button", name="Submit for review").click()
    expect(editor.locator(".messagelist")).to_have_text(f"“{NEW_TITLE}” was submitted for review.")
    expect(editor.locator(".field-reader_visibility")).to_contain_text("No — in review.")
    assert object_tools(editor) == ["History", "View on site"]
    expect(editor.get_by_role("link", name="Publish")).to_have_count(0)

    # The clinical reviewer compares the first and the latest version …
    reviewer = open_page()
    admin_login(reviewer, base, "ruth")
    reviewer.get_by_role("link", name="Articles", exact=True).click()
    reviewer.get_by_role("link", name="In review").click()
    reviewer.locator("#result_list").get_by_role("link", name=NEW_TITLE).click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("Change article")
    expect(reviewer.locator(".field-reader_visibility")).to_contain_text("No — in review.")
    assert object_tools(reviewer) == [
        "Mark reviewed",
        "Return to draft",
        "Publish",
        "History",
        "View on site",
    ]
    reviewer.get_by_role("link", name="History").click()
    versions = reviewer.locator("#change-history tbody tr")
    expect(versions).to_have_count(3)
    assert [row.split("\t")[-2:] for row in versions.all_inner_texts()] == [
        ["edith", "Submitted for review"],
        ["edith", "Changed"],
        ["edith", "Created"],
    ]
    versions.last.get_by_label("Compare from this version").check()
    reviewer.get_by_role("button", name="Compare").click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text(
        f"Compare versions of “{NEW_TITLE}”"
    )
    expect(reviewer.get_by_role("main")).to_contain_text(
        re.compile(r"saved .+ by edith\s+to the version saved .+ by edith\.")
    )
    changes = reviewer.locator("table.revision-changes tbody tr")
    expect(changes.filter(has_text="Status")).to_contain_text("Draft → In review")
    expect(changes.filter(has_text="Body").locator("ins")).to_have_text(SECOND_EDIT + "\n")

    # … records the review through the intermediate form, and publishes.
    reviewer.locator(".breadcrumbs").get_by_role("link", name=NEW_TITLE).click()
    reviewer.get_by_role("link", name="Mark reviewed").click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text("Mark reviewed")
    expect(reviewer.get_by_role("main")).to_contain_text(f"{NEW_TITLE} — In review")
    expect(reviewer.get_by_label("Clinical reviewer:")).to_have_value("")  # the review is hers
    reviewer.get_by_label("Review notes:").fill("Checked the counts against current guidance.")
    reviewer.get_by_role("button", name="Mark reviewed").click()
    expect(reviewer.locator(".messagelist")).to_have_text(f"“{NEW_TITLE}” was marked reviewed.")
    expect(reviewer.locator(".field-reviewed_by")).to_contain_text("Ruth Adeyemi, MRCPsych")
    reviewer.get_by_role("link", name="Publish").click()
    reviewer.get_by_role("button", name="Publish").click()
    expect(reviewer.locator(".messagelist .success")).to_have_text(f"“{NEW_TITLE}” was published.")
    expect(reviewer.locator(".messagelist .warning")).to_contain_text(
        "published without references"
    )
    expect(reviewer.locator(".field-reader_visibility")).to_contain_text("Yes, since")
    assert object_tools(reviewer) == ["Mark reviewed", "Archive", "History", "View on site"]
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.status_changed_by == ruth
    assert article.reviewed_by.user == ruth and article.last_reviewed == timezone.localdate()
    assert article.review_notes == "Checked the counts against current guidance."

    # A reader finds it on its topic page and reads it with its review line.
    reader.goto(base + "/")
    reader.get_by_role("navigation", name="Main").get_by_role("link", name="Topics").click()
    reader.get_by_role("main").get_by_role("link", name=stress.name, exact=True).click()
    section = reader.get_by_role("region", name="More Information")
    section.get_by_role("link", name=NEW_TITLE).click()
    expect(reader.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
    expect(reader.locator(".preview-banner")).to_have_count(0)
    expect(reader.locator(".byline")).to_have_text(f"By {site.author.display_name}")
    today = dateformat.format(timezone.localdate(), "j F Y")
    expect(reader.locator(".review-line")).to_contain_text(
        f"Reviewed by Ruth Adeyemi, MRCPsych · Page last reviewed {today}"
    )
    # The body readers get is the one the editor previewed, with the second edit after it.
    assert words(reader.locator(".prose").inner_text()) == words(preview_text) + words(SECOND_EDIT)
    for page in (editor, reviewer, reader):
        assert page.watch.csp_violations() == [] and page.watch.page_errors == []


def test_reader_reports_a_comment_and_deletes_their_own(
    site: DemoSite, live_server, browser_page
) -> None:
    """A reader reports someone's comment from its report page, linked from the article page;
    another reader deletes their own comment with the private link from the confirmation page."""
    page = browser_page
    page.goto(live_server.url + site.article.get_absolute_url())
    reported = page.locator("article.comment", has_text="A fixed wake time worked for me")
    reported.get_by_role("link", name="Report this comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Report a comment")
    page.get_by_label("It is spam or advertising").check()
    page.get_by_role("button", name="Send report").click()
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


def test_reader_changes_country_without_javascript(site: DemoSite, live_server, open_page):
    """With JavaScript off, a reader in the UK switches the helplines to the United States
    from the article's own block, lands back on the block, and the cached page follows."""
    page = open_page(java_script_enabled=False)
    url = live_server.url + site.article.get_absolute_url()
    page.goto(url)
    page.goto(url)  # now from the page cache
    block = page.locator("aside.helplines").first
    expect(block).to_contain_text("Showing help for: United Kingdom")
    block.get_by_role("link", name="change country").click()
    page.get_by_label("Your country").select_option("US")
    page.get_by_role("button", name="Show helplines for this country").click()
    assert page.url.startswith(url) and "#" in page.url
    for aside in page.locator("aside.helplines").all():
        expect(aside).to_contain_text("Showing help for: United States")
        expect(aside).to_contain_text("988")
        expect(aside).not_to_contain_text("Samaritans")
