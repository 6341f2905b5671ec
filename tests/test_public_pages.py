"""What a reader sees on each public page and who may see unpublished articles.

What each page costs is pinned in tests/test_query_budgets.py.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from unittest import mock

from django.conf import settings
from django.template.loader import render_to_string
from django.test import TestCase, override_settings
from django.utils import dateformat, timezone

from articles.models import Article
from kith import page_cache
from tests.factories import (
    make_article,
    make_author,
    make_helpline,
    make_topic,
    make_user,
)
from topics.views import ARTICLES_PER_SECTION, SECTION_PAGE_SIZE

HOME_QUERIES = 3  # latest articles, top-level subjects, their sub-topics
TOPIC_LIST_QUERIES = 1
TOPIC_QUERIES = 5  # topic, sub-topics, related topics, per-kind counts, newest per kind
TOPIC_SECTION_QUERIES = 3  # topic, count, page
# article (+ reviewer), references, bylines, topics, tags, related articles, helplines,
# comment counts (+ one page of comments when there are any): tests/test_query_budgets.py.
ARTICLE_QUERIES = 9
AUTHOR_QUERIES = 3  # author, count, page
TAG_QUERIES = 4  # tag, exists (allow_empty=False), count, page

KIND_SECTION_ORDER = [
    "basic-information", "more-information", "latest-news", "questions-and-answers",
    "blog-entries", "videos", "links", "book-reviews",
]  # fmt: skip
_CARD_TITLE = re.compile(r'class="card__title"><a href="([^"]+)">([^<]*)</a>')


def card_titles(html: str) -> list[str]:
    """Titles of the article cards in ``html``, in page order."""
    return [title for _href, title in _CARD_TITLE.findall(html)]


def region(response, start: str, end: str = "</section>") -> str:
    """The page text from the first ``start`` up to the next ``end``."""
    page = response.content.decode()
    begin = page.index(start)
    return page[begin : page.index(end, begin)]


def day(value: datetime) -> str:
    return dateformat.format(timezone.localtime(value), "j F Y")


class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.subject = make_topic(name="Psychology", slug="psychology", display_order=1)
        cls.stress = make_topic(name="Stress", slug="stress", parent=cls.subject)
        cls.resilience = make_topic(name="Resilience", slug="resilience", parent=cls.subject)
        cls.grief = make_topic(name="Grief", slug="grief", display_order=2)
        grief = cls.grief
        for title, days in [("Older", 3), ("Newest", 1), ("Middle", 2)]:
            make_article(title=title, published_at=now - timedelta(days=days), primary_topic=grief)
        make_article(title="A draft", status=Article.Status.DRAFT, primary_topic=grief)
        make_article(title="In review", status=Article.Status.IN_REVIEW, primary_topic=grief)
        make_article(title="Scheduled", published_at=now + timedelta(hours=2), primary_topic=grief)
        make_article(
            title="Gone", status=Article.Status.ARCHIVED, published_at=now, primary_topic=grief
        )

    def test_latest_articles_are_published_only_newest_first(self):
        """Readers see only what is live, newest first: no draft, review, scheduled or archived."""
        response = self.client.get("/")
        latest = region(
            response, '<section class="home-grid__latest" aria-labelledby="latest-heading">'
        )
        assert card_titles(latest) == ["Newest", "Middle", "Older"]

    def test_topic_index_nests_sub_topics_under_their_subject(self):
        """The topic index shows each subject with its sub-topics beneath it."""
        response = self.client.get("/")
        self.assertContains(
            response,
            '<li><a href="/topics/psychology/">Psychology</a><ul>'
            '<li><a href="/topics/resilience/">Resilience</a></li>'
            '<li><a href="/topics/stress/">Stress</a></li></ul></li>',
            html=True,
        )
        self.assertContains(response, '<li><a href="/topics/grief/">Grief</a></li>', html=True)
        # A sub-topic appears once, under its subject, not again at the top level.
        self.assertContains(response, 'href="/topics/stress/"', count=1)

    def test_welcome_text_and_topic_list_link(self):
        """A first-time reader is told what the site is and where to start."""
        response = self.client.get("/")
        self.assertContains(
            response, "<h1 id=\"welcome-heading\">Understand your mind, in plain language</h1>",
            html=True,
        )  # fmt: skip
        self.assertContains(response, "Every article is reviewed by a named clinician")
        self.assertContains(response, '<a href="/topics/">All topics A–Z</a>', html=True)


class TopicListTests(TestCase):
    def test_topics_are_listed_a_to_z_with_summaries(self):
        """The A–Z page lists every topic alphabetically (not by display order) with its summary."""
        make_topic(name="Stress", slug="stress", summary="Pressure and strain.", display_order=0)
        make_topic(name="Anxiety", slug="anxiety", summary="Worry and fear.", display_order=9)
        make_topic(name="Grief", slug="grief", summary="Loss.", parent=make_topic(name="Life"))
        response = self.client.get("/topics/")
        page = response.content.decode()
        names = re.findall(r'class="h-card"><a href="/topics/[^"]+/">([^<]+)<', page)
        assert names == ["Anxiety", "Grief", "Life", "Stress"]
        self.assertContains(
            response,
            '<li><h2 class="h-card"><a href="/topics/anxiety/">Anxiety</a></h2>'
            "<p>Worry and fear.</p></li>",
            html=True,
        )


class TopicPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.parent = make_topic(name="Psychology", slug="psychology")
        cls.topic = make_topic(
            name="Resilience", slug="resilience", parent=cls.parent,
            introduction="Bouncing **back** from hard times.",
        )  # fmt: skip
        cls.sub = make_topic(name="Coping", slug="coping", parent=cls.topic)
        cls.related = make_topic(name="Self Esteem", slug="self-esteem")
        cls.topic.related.add(cls.related)
        base = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
        # Published in the reverse of the section order, so the page must sort by kind.
        for offset, kind in enumerate(reversed(Article.Kind.values)):
            make_article(
                title=f"{Article.Kind(kind).label} one", kind=kind, primary_topic=cls.topic,
                summary=f"About {kind}.", published_at=base + timedelta(days=offset),
            )  # fmt: skip
        make_article(title="Draft basic", status=Article.Status.DRAFT, primary_topic=cls.topic)

    def test_introduction_parent_and_summary(self):
        """The topic page opens with its name, summary, breadcrumb to its subject and intro."""
        response = self.client.get("/topics/resilience/")
        self.assertContains(response, "<h1>Resilience</h1>", html=True)
        self.assertContains(response, '<a href="/topics/psychology/">Psychology</a>', html=True)
        self.assertContains(
            response,
            '<div class="prose"><p>Bouncing <strong>back</strong> from hard times.</p></div>',
            html=True,
        )

    def test_sections_follow_mental_help_net_order(self):
        """Sections appear Basic Information → … → Book Reviews, whatever the publish order."""
        response = self.client.get("/topics/resilience/")
        ids = re.findall(r'<section class="topic-section" id="([^"]+)"', response.content.decode())
        assert ids == KIND_SECTION_ORDER
        headings = re.findall(r'<h2 id="[a-z-]+-heading">([^<]+)</h2>', response.content.decode())
        assert headings[: len(Article.Kind.labels)] == list(Article.Kind.labels)

    def test_section_lists_title_summary_and_date(self):
        """Each card shows the article's title (linked), summary and publication date."""
        article = Article.objects.get(kind=Article.Kind.QA, status=Article.Status.PUBLISHED)
        response = self.client.get("/topics/resilience/")
        section = region(response, 'id="questions-and-answers"')
        assert card_titles(section) == ["Questions and Answers one"]
        assert f'href="{article.get_absolute_url()}"' in section
        assert "About qa." in section
        assert day(article.published_at) in section
        assert "Draft basic" not in response.content.decode()

    def test_empty_sections_are_left_out(self):
        """A kind with no published articles has no heading and no empty list."""
        Article.objects.filter(kind__in=["video", "news"]).update(status=Article.Status.DRAFT)
        response = self.client.get("/topics/resilience/")
        ids = re.findall(r'<section class="topic-section" id="([^"]+)"', response.content.decode())
        assert ids == [s for s in KIND_SECTION_ORDER if s not in {"videos", "latest-news"}]
        self.assertNotContains(response, "Videos")

    def test_sub_topics_and_related_topics_are_linked_both_ways(self):
        """Sub-topics are listed, and a related topic lists this topic back (symmetrical)."""
        response = self.client.get("/topics/resilience/")
        self.assertContains(response, '<a href="/topics/coping/">Coping</a>', html=True)
        self.assertContains(response, '<a href="/topics/self-esteem/">Self Esteem</a>', html=True)
        other = self.client.get("/topics/self-esteem/")
        related = region(other, '<section aria-labelledby="related-topics-heading">')
        assert '<a href="/topics/resilience/">Resilience</a>' in related

    def test_every_section_links_to_its_page_with_a_count_when_it_overflows(self):
        """Each section links to its own page; “All N … articles” when published articles
        exceed the section's cards."""
        topic = make_topic(name="Sleep", slug="sleep")
        for _ in range(ARTICLES_PER_SECTION):
            make_article(primary_topic=topic)
        make_article(status=Article.Status.DRAFT, primary_topic=topic)
        response = self.client.get("/topics/sleep/")
        self.assertNotContains(response, "All 7")
        self.assertContains(
            response,
            '<a href="/topics/sleep/basic-information/">Basic Information in Sleep</a>',
            html=True,
        )
        make_article(primary_topic=topic)
        response = self.client.get("/topics/sleep/")
        count = ARTICLES_PER_SECTION + 1
        self.assertContains(
            response,
            f'<a href="/topics/sleep/basic-information/">All {count} Basic Information articles'
            " in Sleep</a>",
            html=True,
        )
        assert len(card_titles(region(response, 'id="basic-information"'))) == ARTICLES_PER_SECTION

    def test_unknown_topic_is_404(self):
        """A mistyped topic address gets the site's 404 page."""
        response = self.client.get("/topics/no-such-topic/")
        self.assertContains(response, "We could not find that page", status_code=404)


class TopicSectionPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = make_topic(name="Grief", slug="grief")
        other = make_topic(name="Other", slug="other")
        for _ in range(SECTION_PAGE_SIZE + 1):
            make_article(kind=Article.Kind.QA, primary_topic=cls.topic)
        make_article(title="Other topic QA", kind=Article.Kind.QA, primary_topic=other)
        make_article(title="Basic in grief", primary_topic=cls.topic)
        make_article(
            title="Draft QA", kind="qa", status=Article.Status.DRAFT, primary_topic=cls.topic
        )

    def test_section_page_is_paginated_and_limited_to_its_kind_and_topic(self):
        """The section page lists only this topic's published articles of one kind, 20 a page."""
        first = self.client.get("/topics/grief/questions-and-answers/")
        self.assertContains(first, "<h1>Grief: Questions and Answers</h1>", html=True)
        assert len(card_titles(first.content.decode())) == SECTION_PAGE_SIZE
        self.assertContains(first, "Page 1 of 2")
        self.assertContains(first, '<a href="?page=2" rel="next">Next page</a>', html=True)
        second = self.client.get("/topics/grief/questions-and-answers/?page=2")
        assert len(card_titles(second.content.decode())) == 1
        for page in (first, second):
            for unwanted in ("Other topic QA", "Basic in grief", "Draft QA"):
                self.assertNotContains(page, unwanted)

    def test_unknown_section_or_page_is_404(self):
        """A section name that is not a kind, or a page past the end, gets the 404 page."""
        for url in (
            "/topics/grief/poems/",
            "/topics/no-such-topic/questions-and-answers/",
            "/topics/grief/questions-and-answers/?page=9",
        ):
            response = self.client.get(url)
            self.assertContains(response, "We could not find that page", status_code=404)


class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = make_topic(name="Resilience", slug="resilience")
        cls.stress = make_topic(name="Stress", slug="stress")
        cls.ann = make_author(name="Ann Bee", credentials="Ph.D.", slug="ann")
        cls.carl = make_author(name="Carl Dee", credentials="LCSW", slug="carl")
        cls.published_at = datetime(2025, 3, 3, 10, 0, tzinfo=UTC)
        cls.article = make_article(
            title="Bouncing back", slug="bouncing-back", primary_topic=cls.topic,
            topics=[cls.stress], authors=[cls.ann, cls.carl], tags=["Sleep", "Coping Skills"],
            summary="How people recover from setbacks.", pull_quote="Resilience can be learned.",
            body="## What helps\n\n- Friends\n- *Rest*", published_at=cls.published_at,
        )  # fmt: skip
        make_helpline(name="Samaritans", phone="116 123", countries=["GB"], description="Any time")
        make_helpline(name="Hidden line", is_active=False)

    def get(self, slug: str = "bouncing-back"):
        return self.client.get(f"/articles/{slug}/")

    def test_title_summary_pull_quote_and_body(self):
        """The reader sees the headline, summary, pull quote and the stored body HTML."""
        response = self.get()
        self.assertContains(response, '<h1 id="article-title">Bouncing back</h1>', html=True)
        self.assertContains(
            response, '<p class="article__summary">How people recover from setbacks.</p>', html=True
        )
        self.assertContains(
            response, "<blockquote><p>Resilience can be learned.</p></blockquote>", html=True
        )
        body = (
            '<h2 id="h-what-helps">What helps</h2><ul><li>Friends</li><li><em>Rest</em></li></ul>'
        )
        self.assertContains(response, body, html=True)
        self.assertNotContains(response, "Preview")

    def test_byline_links_each_author_with_credentials_in_order(self):
        """Authors appear in byline order, each linked to their page with credentials."""
        self.assertContains(
            self.get(),
            '<p class="byline">By <a href="/authors/ann/" rel="author">Ann Bee, Ph.D.</a> &amp; '
            '<a href="/authors/carl/" rel="author">Carl Dee, LCSW</a></p>',
            html=True,
        )
        third = make_author(name="Eve Fox", credentials="", slug="eve")
        make_article(slug="three", authors=[self.carl, third, self.ann])
        self.assertContains(
            self.get("three"),
            '<p class="byline">By <a href="/authors/carl/" rel="author">Carl Dee, LCSW</a>; '
            '<a href="/authors/eve/" rel="author">Eve Fox</a> &amp; '
            '<a href="/authors/ann/" rel="author">Ann Bee, Ph.D.</a></p>',
            html=True,
        )

    def test_updated_date_shows_only_when_on_a_later_day(self):
        """“Updated:” means a later day; a same-day edit shows the publication date only."""
        response = self.get()
        self.assertContains(response, "Published <time")
        self.assertContains(response, ">3 March 2025</time>")
        self.assertNotContains(response, "Updated:")
        Article.objects.filter(pk=self.article.pk).update(
            content_updated_at=self.published_at + timedelta(hours=5)
        )
        page_cache.bump_content()  # update() sends no signal to the page cache
        self.assertNotContains(self.get(), "Updated:")
        Article.objects.filter(pk=self.article.pk).update(
            content_updated_at=self.published_at + timedelta(days=40)
        )
        page_cache.bump_content()
        self.assertContains(self.get(), "Updated: <time")
        self.assertContains(self.get(), ">12 April 2025</time>")

    def test_question_for_questions_and_answers(self):
        """A Q&A page shows the reader's question above the answer."""
        make_article(
            slug="qa", kind=Article.Kind.QA, question="Why do I\nfeel tired?\n\nIs it <sleep>?"
        )
        # The source's single line breaks do not break the reader's lines; blank lines do.
        self.assertContains(
            self.get("qa"),
            '<section class="question" aria-labelledby="question-heading">'
            '<h2 id="question-heading">The question</h2><p>Why do I feel tired?</p>'
            "<p>Is it &lt;sleep&gt;?</p></section>",
            html=True,
        )

    def test_videos_and_links_point_to_their_external_address(self):
        """Video and link entries give the reader the external address to open."""
        make_article(slug="vid", kind=Article.Kind.VIDEO, external_url="https://example.org/v")
        make_article(slug="lnk", kind=Article.Kind.LINK, external_url="https://example.org/l")
        video = region(self.get("vid"), '<p class="external-link">', "</p>")
        assert '<a href="https://example.org/v" rel="noopener nofollow">Watch the video' in video
        link = region(self.get("lnk"), '<p class="external-link">', "</p>")
        assert '<a href="https://example.org/l" rel="noopener nofollow">Visit the resource' in link
        self.assertNotContains(self.get(), 'class="external-link"')

    def test_keywords_and_topics_are_linked(self):
        """Keywords link to their tag pages and every topic of the article is listed beside it."""
        response = self.get()
        self.assertContains(response, '<a href="/tags/sleep/">Sleep</a>', html=True)
        self.assertContains(response, '<a href="/tags/coping-skills/">Coping Skills</a>', html=True)
        topics = region(
            response, '<nav class="article-side__box" aria-labelledby="topics-heading">', "</nav>"
        )
        assert '<a href="/topics/resilience/">Resilience</a>' in topics
        assert '<a href="/topics/stress/">Stress</a>' in topics

    def test_keyword_addresses_for_unicode_and_punctuation(self):
        """A non-ASCII keyword gets an ASCII address; a punctuation-only one is plain text."""
        make_article(slug="odd-keywords", tags=["Ängste", "!!!", "Sleep"])
        response = self.get("odd-keywords")
        keywords = region(
            response, '<ul class="tag-list" aria-labelledby="keywords-heading">', "</ul>"
        )
        assert '<li><a href="/tags/angste/">Ängste</a></li>' in keywords
        assert "<li>!!!</li>" in keywords
        assert '<li><a href="/tags/sleep/">Sleep</a></li>' in keywords

    def test_disclaimer_helplines_and_comments_region(self):
        """Every article carries the disclaimer and the active helplines, each once, and the
        comments region."""
        response = self.get()
        page = response.content.decode()
        footer = region(response, '<footer class="site-footer">', "</footer>")
        assert settings.KITH_DISCLAIMER in footer
        assert page.count(settings.KITH_DISCLAIMER) == 1
        assert page.count('<aside class="helplines"') == 1
        assert page.count("<strong>Samaritans</strong>") == 1
        helplines = region(response, '<aside class="helplines"', "</aside>")
        assert "If you need help now" in helplines
        assert "<strong>Samaritans</strong> — Any time" in helplines
        assert '<a href="tel:116123">116 123</a>' in helplines
        assert "Hidden line" not in helplines
        comments = region(response, '<section id="comments"', "</section>")
        assert 'aria-labelledby="comments-heading"' in comments
        self.assertContains(response, '<h2 id="comments-heading">Reader comments</h2>', html=True)

    def test_related_articles_explicit_first_then_shared_never_drafts_or_itself(self):
        """Related: chosen ones first, then by shared topics, then keywords; only published."""
        elsewhere = make_topic(name="Elsewhere", slug="elsewhere")
        chosen = make_article(title="Chosen", primary_topic=elsewhere)
        chosen_draft = make_article(
            title="Chosen draft", status=Article.Status.DRAFT, primary_topic=elsewhere
        )
        make_article(title="Shares two topics", primary_topic=self.topic, topics=[self.stress])
        make_article(title="Shares one topic", primary_topic=self.stress)
        make_article(title="Shares a keyword", primary_topic=elsewhere, tags=["Sleep"])
        make_article(title="Draft sharing", status=Article.Status.DRAFT, primary_topic=self.topic)
        make_article(title="Unrelated", primary_topic=elsewhere)
        self.article.related_articles.add(chosen, chosen_draft)
        related = region(self.get(), '<section class="related"')
        assert card_titles(related) == [
            "Chosen", "Shares two topics", "Shares one topic", "Shares a keyword",
        ]  # fmt: skip


class UnpublishedArticleTests(TestCase):
    """Only editors who may change articles can open unpublished ones, and only as a preview."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.states = {
            "draft": make_article(slug="draft", status=Article.Status.DRAFT),
            "review": make_article(slug="review", status=Article.Status.IN_REVIEW),
            "scheduled": make_article(slug="scheduled", published_at=now + timedelta(hours=3)),
            "archived": make_article(
                slug="archived",
                status=Article.Status.ARCHIVED,
                published_at=now - timedelta(days=5),
            ),
        }
        make_article(slug="live")
        cls.reader = make_user(username="reader")
        cls.editor = make_user(username="editor", perms=["articles.change_article"])

    def test_readers_get_the_404_page(self):
        """Anonymous readers, and signed-in users without the permission, cannot see them."""
        for who in (None, self.reader):
            if who:
                self.client.force_login(who)
            for slug in self.states:
                response = self.client.get(f"/articles/{slug}/")
                self.assertContains(response, "We could not find that page", status_code=404)
                self.assertNotContains(response, "Preview", status_code=404)

    def test_editors_see_a_marked_uncached_unindexed_preview(self):
        """An editor's preview says it is not published and is never cached or indexed."""
        self.client.force_login(self.editor)
        for slug in self.states:
            response = self.client.get(f"/articles/{slug}/")
            self.assertContains(response, "<strong>Preview — not published.</strong>")
            assert response["Cache-Control"] == "private, no-store"
            assert response["X-Robots-Tag"] == "noindex"
            self.assertContains(response, '<meta name="robots" content="noindex">', html=True)
        self.assertContains(self.client.get("/articles/scheduled/"), "Readers will see this page")
        self.assertContains(self.client.get("/articles/archived/"), "(archived)")

    def test_editors_see_published_articles_as_readers_do(self):
        """A live article is not marked as a preview, even for an editor."""
        self.client.force_login(self.editor)
        response = self.client.get("/articles/live/")
        self.assertNotContains(response, "Preview")
        self.assertNotContains(response, "noindex")
        assert "X-Robots-Tag" not in response
        # Signed in, every page is private (the page cache serves only anonymous readers).
        assert response["Cache-Control"] == "private, no-store"

    def test_scheduled_article_appears_when_its_time_passes(self):
        """No job publishes it: once the clock passes published_at, readers see it everywhere."""
        scheduled = self.states["scheduled"]
        assert self.client.get("/articles/scheduled/").status_code == 404
        assert "/articles/scheduled/" not in self.client.get("/").content.decode()
        later = scheduled.published_at + timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            response = self.client.get("/articles/scheduled/")
            home = self.client.get("/")
        self.assertContains(response, scheduled.title)
        self.assertNotContains(response, "Preview")
        self.assertContains(home, 'href="/articles/scheduled/"')


class AuthorAndTagPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.ann = make_author(name="Ann Bee", credentials="Ph.D.", slug="ann", bio="I **teach**.")
        make_author(name="New Writer", credentials="", slug="new")
        make_article(title="Ann older", authors=[cls.ann], published_at=now - timedelta(days=9))
        make_article(title="Ann newer", authors=[cls.ann], tags=["Sleep"])
        make_article(
            title="Ann draft", authors=[cls.ann], status=Article.Status.DRAFT, tags=["Secret"]
        )
        make_article(title="Not Ann", tags=["Sleep"], published_at=now - timedelta(days=5))
        make_article(title="Sleep draft", status=Article.Status.DRAFT, tags=["Sleep"])

    def test_author_page_shows_bio_and_published_articles(self):
        """An author's page shows their credentials, bio and only their published articles."""
        response = self.client.get("/authors/ann/")
        self.assertContains(
            response, '<h1 id="author-name">Ann Bee<span class="credentials">, Ph.D.</span></h1>',
            html=True,
        )  # fmt: skip
        self.assertContains(response, "<title>Ann Bee, Ph.D. · Kith</title>", html=True)
        self.assertContains(response, "<p>I <strong>teach</strong>.</p>", html=True)
        assert card_titles(response.content.decode()) == ["Ann newer", "Ann older"]

    def test_author_without_published_articles_has_no_page(self):
        """An author with no published work has no public page yet (issue 15)."""
        response = self.client.get("/authors/new/")
        self.assertContains(response, "We could not find that page", status_code=404)
        self.assertNotContains(response, "New Writer", status_code=404)

    def test_tag_page_lists_published_articles_with_the_keyword(self):
        """A keyword page lists every published article carrying it, newest first."""
        response = self.client.get("/tags/sleep/")
        self.assertContains(response, "<h1>Articles about “Sleep”</h1>", html=True)
        self.assertContains(response, "2 articles with this keyword.")
        assert card_titles(response.content.decode()) == ["Ann newer", "Not Ann"]

    def test_keyword_used_only_by_drafts_or_unknown_is_404(self):
        """A keyword page never reveals that unpublished articles exist."""
        for url in ("/tags/secret/", "/tags/no-such-tag/", "/authors/no-such-author/"):
            response = self.client.get(url)
            self.assertContains(response, "We could not find that page", status_code=404)
            self.assertNotContains(response, "Ann draft", status_code=404)


class ErrorPageTests(TestCase):
    def test_unknown_addresses_get_the_site_404_page(self):
        """Any unknown address answers 404 with the site's own page, header and ways onward."""
        for url in (
            "/articles/no-such-article/",
            "/no-such-page/",
            "/articles/%3Cscript%3Ealert(1)%3C/script%3E/",
        ):
            response = self.client.get(url)
            assert response.status_code == 404
            for expected in (
                '<a class="site-name" href="/">Kith</a>',
                "<h1>We could not find that page</h1>",
                '<meta name="robots" content="noindex">',
                '<a href="/topics/">Browse all topics</a>',
            ):
                self.assertContains(response, expected, status_code=404, html=True)
            self.assertNotContains(response, "<script>", status_code=404)

    def test_hostile_page_numbers_and_slugs_get_the_404_page(self):
        """Garbage in ?page= or an overlong slug is a 404 the reader understands, never a 500."""
        make_article(kind="qa", tags=["sleep"], authors=[make_author(slug="ann")],
                     primary_topic=make_topic(slug="grief"))  # fmt: skip
        for page in ("abc", "0", "-1", "%00", "99999999999999999999", "1%27%22%3E"):
            for base in ("/topics/grief/questions-and-answers/", "/authors/ann/", "/tags/sleep/"):
                response = self.client.get(f"{base}?page={page}")
                self.assertContains(response, "We could not find that page", status_code=404)
        response = self.client.get("/articles/" + "a" * 5000 + "/")
        self.assertContains(response, "We could not find that page", status_code=404)

    def test_500_template_needs_no_context_and_no_database(self):
        """The 500 page renders with nothing — no request, no context processors, no queries."""
        with self.assertNumQueries(0):
            page = render_to_string("500.html")
        assert "<h1>Sorry — something went wrong on our side</h1>" in page
        assert '<a class="site-name" href="/">Kith</a>' in page
        assert '<link rel="stylesheet" href="/static/kith/kith.css">' in page
        assert "116 123" in page  # a crisis line, even when the site is failing
        assert "{{" not in page and "{%" not in page

    @override_settings(ROOT_URLCONF="tests.urls_for_errors")
    def test_unhandled_error_gets_the_500_page(self):
        """An exception in a view gives the reader the 500 page, and it is logged."""
        self.client.raise_request_exception = False
        with self.assertLogs("django.request", "ERROR") as logs:
            response = self.client.get("/test-failure/")
        assert response.status_code == 500
        assert "Sorry — something went wrong on our side" in response.content.decode()
        assert "RuntimeError" not in response.content.decode()
        assert "Internal Server Error: /test-failure/" in logs.output[0]


class SecurityHeaderTests(TestCase):
    def test_public_page_sends_the_security_headers(self):
        """The strict CSP and its companions are on every public page."""
        response = self.client.get("/")
        csp = {
            directive.split()[0]: directive.split()[1:]
            for directive in response["Content-Security-Policy"].split(";")
            if directive.strip()
        }
        assert csp["script-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in response["Permissions-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_pages_have_no_inline_script_or_style(self):
        """The CSP forbids inline script and style, so no public template may rely on them."""
        article = make_article(slug="plain", tags=["Sleep"], authors=[make_author(slug="a")])
        urls = ["/", "/topics/", article.primary_topic.get_absolute_url(), "/articles/plain/",
                "/authors/a/", "/tags/sleep/", "/no-such-page/"]  # fmt: skip
        for url in urls:
            page = self.client.get(url).content.decode()
            # The one script element allowed is JSON-LD data, which is never executed.
            page = re.sub(r'<script type="application/ld\+json">[^<]*</script>', "", page)
            assert "<script" not in page, url
            assert " style=" not in page and "<style" not in page, url
