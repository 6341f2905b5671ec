"""Every public page type, and a small demo site that shows each of them with realistic content.

The accessibility scan (axe-core in Chromium), the HTML-validity check (the Nu validator) and
the CSP check all walk ``PUBLIC_PAGES``. A new page type is one more line there. Most pages are
an address to GET; pages that only exist after a form was sent (the comment confirmation, the
crisis panel, the form with its errors, the 429 and CSRF pages) say what to POST, and
``PublicPage.fetch`` (Django's test client) or ``PublicPage.open`` (a Playwright page) send it
the way a reader's browser would: token from the comment form, then POST, then follow the
redirect.

If a page needs rows the demo does not make yet, add them in ``build_demo_site`` and hang them
on ``DemoSite``.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author
from comments import moderation
from comments.models import Comment
from tests.comments_factories import make_comment
from tests.factories import make_article, make_author, make_helpline, make_topic
from topics.models import Topic

# Enough articles in one section and one search to show the pagination links.
SECTION_ARTICLES = 22


@dataclass
class DemoSite:
    """The rows the public pages are built from."""

    topic: Topic
    subtopic: Topic
    author: Author
    article: Article
    question: Article
    tag_slug: str
    extra: dict[str, object] = field(default_factory=dict)


# The addresses a browser on this machine reaches the live server from.
LOCAL_ADDRESSES = ("127.0.0.1", "::1")
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
# Evaluated through the DevTools protocol (not inline script), so the CSP does not stop it.
SUBMIT_FORM_JS = """([action, data]) => {
  const form = document.createElement("form");
  form.method = "post";
  form.action = action;
  for (const [name, value] of Object.entries(data)) {
    const input = document.createElement("input");
    input.type = "hidden"; input.name = name; input.value = value;
    form.append(input);
  }
  document.body.append(form);
  form.submit();
}"""


@dataclass(frozen=True)
class PublicPage:
    """A page type readers can reach: its name, how to find its address, the expected status.

    ``form`` makes it a page reached by POSTing that data to ``path`` (with a CSRF token taken
    from the comment form, unless ``csrf`` is off); ``prepare`` sets up server-side state for
    the client address that will post (e.g. a comment sent a moment ago, for the 429 page).
    """

    name: str
    path: Callable[[DemoSite], str]
    status: int = 200
    form: Callable[[DemoSite], dict[str, str]] | None = None
    csrf: bool = True
    prepare: Callable[[DemoSite, str], None] | None = None
    # Text only this page type shows: proves a form page really is the page it claims to be.
    shows: str = ""

    def __str__(self) -> str:
        return self.name

    def fetch(
        self, site: DemoSite, client: Client | None = None, *, language: str = ""
    ) -> HttpResponse:
        """The page as Django's test client receives it (after following any redirect), in
        the browser language ``language`` when given."""
        language_header = {"accept-language": language} if language else {}
        if self.form is None:
            return (client or Client()).get(self.path(site), headers=language_header)
        # A client of its own: CSRF enforced like a browser, and an address of its own so that
        # one page's comment never floods or rate-limits the next page's.
        address = f"192.0.2.{zlib.crc32(self.name.encode()) % 250 + 1}"
        client = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
        if self.prepare:
            self.prepare(site, address)
        data = self.form(site)
        headers = dict(language_header)
        if self.csrf:
            # A browser's proof of a same-site post: the cached comment form carries no CSRF
            # token (see kith/same_origin.py); other forms still do.
            form_page = client.get(site.article.get_absolute_url(), headers=language_header)
            if token := CSRF_INPUT.search(form_page.content):
                data["csrfmiddlewaretoken"] = token[1].decode()
            headers["origin"] = "http://testserver"
        return client.post(self.path(site), data, follow=True, headers=headers)

    def open(self, page: Any, base_url: str, site: DemoSite) -> Any:
        """Opens the page in a Playwright page; returns the main document's response."""
        if self.form is None:
            return page.goto(base_url + self.path(site))
        for address in LOCAL_ADDRESSES:
            if self.prepare:
                self.prepare(site, address)
        page.goto(base_url + site.article.get_absolute_url())
        data = self.form(site)
        if self.csrf:
            # Chromium adds the Origin header itself; a CSRF token is sent when a form has one.
            token = page.locator("[name=csrfmiddlewaretoken]")
            if token.count():
                data["csrfmiddlewaretoken"] = token.first.input_value()
        else:
            page.context.clear_cookies()
        with page.expect_navigation() as navigation:
            page.evaluate(SUBMIT_FORM_JS, [base_url + self.path(site), data])
        return navigation.value


def _search(query_string: str) -> str:
    return reverse("articles:search") + query_string


def _post_comment(site: DemoSite) -> str:
    return reverse("comments:post", args=[site.article.slug])


def _report_comment(site: DemoSite) -> str:
    first = Comment.objects.get(article=site.article, title="A fixed wake time worked for me")
    return reverse("comments:report", args=[first.pk])


def comment_form(**fields: str) -> Callable[[DemoSite], dict[str, str]]:
    """A comment form as a reader sends it, shown a minute ago, with ``fields`` changed."""

    def data(site: DemoSite) -> dict[str, str]:
        return {
            "title": "",
            "name": "",
            "email": "",
            "body": "The tip about daylight in the morning helped me this week.",
            "consent": "on",
            "timestamp": moderation.sign_timestamp(time.time() - 60),
            "website": "",
            "parent": "",
            **fields,
        }

    return data


def _just_posted(site: DemoSite, address: str) -> None:
    """The reader at ``address`` sent a comment a moment ago: the next one meets the flood rule."""
    moderation.claim_posting_slot(moderation.keyed_hash(address, purpose="client"))


def _just_posted_and_kept_for_risk(site: DemoSite, address: str) -> None:
    """As ``_just_posted``, with this hour's places for risky comments past a limit all used."""
    _just_posted(site, address)
    commenter = moderation.keyed_hash(address, purpose="client")
    for _ in range(settings.KITH_COMMENTS_RISK_OVERFLOW_PER_HOUR):
        moderation.claim_risk_overflow(commenter)


RISKY_BODY = "I can't go on, I want to kill myself tonight."

PUBLIC_PAGES: list[PublicPage] = [
    PublicPage("home", lambda site: reverse("articles:home")),
    PublicPage("archive", lambda site: reverse("articles:archive"), shows="newest first"),
    PublicPage("archive-page-2", lambda site: reverse("articles:archive") + "?page=2"),
    PublicPage("topic-list", lambda site: reverse("topics:list")),
    PublicPage("topic", lambda site: site.topic.get_absolute_url()),
    PublicPage(
        "topic-section",
        lambda site: reverse("topics:section", args=[site.topic.slug, "basic-information"]),
    ),
    PublicPage("subtopic", lambda site: site.subtopic.get_absolute_url()),
    # Helplines, approved comments with a reply, their Reply and Report links, the comment form.
    PublicPage(
        "article-with-comments",
        lambda site: site.article.get_absolute_url(),
        shows="Daylight in the morning made the biggest difference.",
    ),
    PublicPage("question-and-answer", lambda site: site.question.get_absolute_url()),
    PublicPage(
        "article-in-spanish",
        lambda site: site.extra["spanish"].get_absolute_url(),
        shows="Dormir bien: hábitos sencillos que ayudan",
    ),
    PublicPage("author", lambda site: site.author.get_absolute_url()),
    PublicPage("tag", lambda site: reverse("articles:tag", args=[site.tag_slug])),
    PublicPage("search-results", lambda site: _search("?q=sleep")),
    PublicPage("search-results-page-2", lambda site: _search("?q=sleep&page=2")),
    PublicPage("search-no-results", lambda site: _search("?q=zebra+crossing")),
    PublicPage("search-in-spanish", lambda site: _search("?q=h%C3%A1bitos&lang=es")),
    PublicPage("search-empty", lambda site: _search("")),
    PublicPage("not-found", lambda site: "/no-such-page/", status=404),
    # The reader's country for helplines: one select and a button, no JavaScript.
    PublicPage(
        "helpline-country",
        lambda site: reverse("articles:helpline-country") + "?next=/",
        shows="Helplines for your country",
    ),
    PublicPage(
        "comment-form-errors",
        _post_comment,
        status=400,
        form=comment_form(title="T" * 130, body="", consent=""),
        shows="Your comment was not sent",
    ),
    PublicPage(
        "comment-posted",
        _post_comment,
        form=comment_form(title="Thank you", body="Writing a worry list before bed helps me."),
        shows="Your comment will appear once a moderator has read it.",
    ),
    PublicPage(
        "comment-crisis",
        _post_comment,
        form=comment_form(body="I can't go on, I want to kill myself tonight."),
        shows="Thank you for telling us how you feel",
    ),
    PublicPage(
        "comment-flood-429",
        _post_comment,
        status=429,
        form=comment_form(body="A second comment sent straight after the first one."),
        prepare=_just_posted,
        shows="You sent a comment a moment ago.",
    ),
    # A comment that may speak of suicide or self-harm: the crisis panel leads every refusal.
    PublicPage(
        "comment-crisis-form-errors",
        _post_comment,
        status=400,
        form=comment_form(body=RISKY_BODY, consent=""),
        shows="Your comment has not been sent yet",
    ),
    PublicPage(
        "comment-crisis-kept-past-flood",
        _post_comment,
        form=comment_form(body=RISKY_BODY),
        prepare=_just_posted,
        shows="We kept this one too",
    ),
    PublicPage(
        "comment-crisis-flood-429",
        _post_comment,
        status=429,
        form=comment_form(body=RISKY_BODY),
        prepare=_just_posted_and_kept_for_risk,
        shows="Your comment has not been sent, but your words are still in the form below.",
    ),
    PublicPage("comment-report", _report_comment, shows="Why are you reporting this comment?"),
    PublicPage(
        "comment-report-errors",
        _report_comment,
        status=400,
        form=lambda site: {},
        shows="Your report was not sent",
    ),
    PublicPage(
        "comment-reported",
        _report_comment,
        form=lambda site: {"reason": "spam"},
        shows="Thank you for your report.",
    ),
    PublicPage(
        "comment-delete-confirm",
        lambda site: site.extra["deletion_path"],
        shows="Delete my comment",
    ),
    PublicPage(
        # The deletion form keeps Django's CSRF token (the cached comment form is checked by
        # origin instead), so a post to it without the token shows the CSRF failure page.
        "csrf-failure-403",
        lambda site: site.extra["deletion_path"],
        status=403,
        form=lambda site: {},
        csrf=False,
        shows="For your safety we could not accept that form.",
    ),
]

ARTICLE_BODY = """\
Most adults need seven to nine hours of sleep. A few rough nights are normal after a change or
a worry; it is when poor sleep lasts for weeks that it starts to wear down mood and patience.

## What helps

- Get up at the same time every day, even after a bad night.
- Keep the bedroom for sleep: dark, quiet and a little cool.
- Stop caffeine after lunch, and go easy on alcohol, which breaks up sleep later in the night.
- If you lie awake for what feels like twenty minutes, get up and do something calm in dim light.

## When to talk to someone

See your doctor if sleep problems last longer than a month, if you snore loudly and wake
unrefreshed, or if low mood comes with them. Cognitive behavioural therapy for insomnia
([CBT-I](https://www.example.org/cbt-i)) works for most people and needs no medication.

| Habit | Why it helps |
| --- | --- |
| Fixed wake time | Sets the body clock |
| Daylight in the morning | Makes it easier to feel sleepy at night |
"""


def build_demo_site() -> DemoSite:
    """Topics, authors, articles of several kinds, keywords and helplines, as a reader sees them."""
    topic = make_topic(
        name="Sleep and rest",
        slug="sleep-and-rest",
        summary="Why sleep matters for mental health, and what helps when it goes wrong.",
        introduction="Sleep and mood work together: poor sleep makes low mood and worry "
        "harder to manage, and both can keep you awake.",
    )
    subtopic = make_topic(
        name="Insomnia",
        slug="insomnia",
        parent=topic,
        summary="Trouble falling or staying asleep for weeks at a time.",
    )
    make_topic(
        name="Stress",
        slug="stress",
        summary="How pressure affects body and mind, and ways to ease it.",
    )
    author = make_author(
        name="Dr Lena Hartmann",
        credentials="Ph.D., clinical psychologist",
        slug="lena-hartmann",
        bio="Lena has worked in adult mental health services for fifteen years, with a "
        "special interest in sleep and anxiety. She has no conflicts of interest to declare.",
    )
    reviewer = make_author(name="Sam Okoro", credentials="RMN", slug="sam-okoro")
    article = make_article(
        title="Sleep well: simple habits that help",
        slug="sleep-well-simple-habits",
        summary="Small, steady changes to your day that make good sleep more likely.",
        body=ARTICLE_BODY,
        primary_topic=topic,
        topics=[subtopic],
        authors=[author, reviewer],
        tags=["sleep", "habits", "insomnia"],
        pull_quote="Get up at the same time every day, even after a bad night.",
        content_updated_at=timezone.now() - timedelta(hours=2),
    )
    question = make_article(
        title="Is it normal to wake at 4 a.m. every night?",
        slug="waking-at-4am",
        kind=Article.Kind.QA,
        summary="A reader asks about early waking; a psychologist explains what it can mean.",
        question="For a month I have woken at four every morning and cannot get back to sleep. "
        "Should I be worried?",
        body="Waking early now and then is common. When it happens most nights for weeks, "
        "and especially with low mood, it is worth talking to your doctor.",
        primary_topic=topic,
        authors=[author],
        tags=["sleep"],
    )
    # The main article's Spanish version: "Also in", hreflang alternates and lang="es" text.
    spanish = make_article(
        title="Dormir bien: hábitos sencillos que ayudan",
        slug="dormir-bien-habitos-sencillos",
        summary="Pequeños cambios en tu día que hacen más fácil dormir bien.",
        body="Levántate a la misma hora cada día.\n\n## Por la noche\n\n- Baja la luz.\n"
        "- Deja el móvil fuera del dormitorio.",
        primary_topic=topic,
        authors=[author],
        tags=["sueño"],
        language="es",
        translation_of=article,
    )
    for n in range(SECTION_ARTICLES):
        make_article(
            title=f"Sleep diary, week {n + 1}: what the notes showed",
            slug=f"sleep-diary-week-{n + 1}",
            summary="One reader's sleep diary and the small changes that followed from it.",
            body="Keeping a sleep diary for two weeks shows patterns that memory misses.",
            primary_topic=topic,
            authors=[reviewer],
        )
    make_article(
        title="A draft nobody may see",
        slug="draft-article",
        status=Article.Status.DRAFT,
        primary_topic=topic,
    )
    make_helpline(
        name="Samaritans",
        phone="116 123",
        countries=["GB", "IE"],
        description="Free, any time, day or night",
        source_url="https://www.samaritans.org/",
        url="https://www.samaritans.org/",
    )
    make_helpline(
        name="988 Suicide & Crisis Lifeline",
        phone="988",
        countries=["US"],
        text_number="988",
        description="Free and confidential, 24 hours a day",
    )
    site = DemoSite(
        topic=topic,
        subtopic=subtopic,
        author=author,
        article=article,
        question=question,
        tag_slug="sleep",
        extra={"spanish": spanish},
    )
    add_demo_comments(site)
    return site


def add_demo_comments(site: DemoSite) -> None:
    """Approved comments with a reply under the main article, one still in the queue, and the
    deletion link of a comment (``site.extra["deletion_path"]``)."""
    first = make_comment(
        article=site.article,
        title="A fixed wake time worked for me",
        name="Priya",
        body="The first week was hard, but now I fall asleep sooner.\n\nI kept a diary "
        "as well, following https://www.example.org/sleep-diary",
    )
    make_comment(
        article=site.article,
        parent=first,
        name="Tom",
        body="Same here. Daylight in the morning made the biggest difference.",
    )
    make_comment(article=site.article, body="Thank you for explaining this so clearly.")
    make_comment(
        article=site.article, status=Comment.Status.PENDING, body="Waiting for a moderator."
    )
    mine = make_comment(article=site.article, status=Comment.Status.PENDING, title="Mine")
    token = mine.issue_deletion_token()
    mine.save(update_fields=["deletion_token_hash"])
    site.extra["deletion_path"] = mine.get_deletion_url(token)
