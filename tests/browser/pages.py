"""Every public page type, and a small demo site that shows each of them with realistic content.

The accessibility scan (axe-core in Chromium) and the HTML-validity check (the Nu validator)
both walk ``PUBLIC_PAGES``. A new page type is one more line there, e.g. once comments land::

    PublicPage("article-with-comments", lambda site: site.article.get_absolute_url()),
    PublicPage("comment-confirmation", lambda site: reverse("comments:thanks", ...)),
    PublicPage("crisis", lambda site: reverse("comments:crisis", ...)),

If such a page needs rows the demo does not make yet (an approved comment, say), add them in
``build_demo_site`` and hang them on ``DemoSite``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Author
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


@dataclass(frozen=True)
class PublicPage:
    """A page type readers can reach: its name, how to find its address, the expected status."""

    name: str
    path: Callable[[DemoSite], str]
    status: int = 200

    def __str__(self) -> str:
        return self.name


def _search(query_string: str) -> str:
    return reverse("articles:search") + query_string


PUBLIC_PAGES: list[PublicPage] = [
    PublicPage("home", lambda site: reverse("articles:home")),
    PublicPage("topic-list", lambda site: reverse("topics:list")),
    PublicPage("topic", lambda site: site.topic.get_absolute_url()),
    PublicPage(
        "topic-section",
        lambda site: reverse("topics:section", args=[site.topic.slug, "basic-information"]),
    ),
    PublicPage("article-with-helplines", lambda site: site.article.get_absolute_url()),
    PublicPage("question-and-answer", lambda site: site.question.get_absolute_url()),
    PublicPage("author", lambda site: site.author.get_absolute_url()),
    PublicPage("tag", lambda site: reverse("articles:tag", args=[site.tag_slug])),
    PublicPage("search-results", lambda site: _search("?q=sleep")),
    PublicPage("search-results-page-2", lambda site: _search("?q=sleep&page=2")),
    PublicPage("search-no-results", lambda site: _search("?q=zebra+crossing")),
    PublicPage("search-empty", lambda site: _search("")),
    PublicPage("not-found", lambda site: "/no-such-page/", status=404),
    # TODO(comments): article with comments and the form, comment confirmation, crisis page.
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
        region="UK and Ireland",
        description="Free, any time, day or night",
        url="https://www.samaritans.org/",
    )
    make_helpline(
        name="988 Suicide & Crisis Lifeline",
        phone="988",
        region="US",
        text_number="Text 988",
        description="Free and confidential, 24 hours a day",
    )
    return DemoSite(
        topic=topic,
        subtopic=subtopic,
        author=author,
        article=article,
        question=question,
        tag_slug="sleep",
    )
