"""The reader's screens: the archive of all articles, the article page's side column, helplines
once and tappable, breadcrumbs on section and author pages."""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.staticfiles import finders
from django.db import connection
from django.test import TestCase, TransactionTestCase, override_settings
from django.utils import timezone

from articles.models import Article
from articles.reviewed_content import reviewed_change
from articles.search import ensure_sqlite_search_index
from tests.factories import make_article, make_author, make_helpline, make_topic
from tests.migration_steps import migrate_to, migrate_to_latest
from tests.test_public_pages import card_titles, region

ARCHIVE_QUERIES = 2  # count, page


@override_settings(KITH_PAGE_CACHE=False)
class ArchiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.topic = make_topic(name="Grief", slug="grief")
        for n in range(23):
            make_article(
                title=f"Published {n:02d}",
                published_at=now - timedelta(days=n + 1),
                primary_topic=cls.topic,
            )
        make_article(title="A draft", status=Article.Status.DRAFT, primary_topic=cls.topic)
        make_article(
            title="Scheduled", published_at=now + timedelta(hours=2), primary_topic=cls.topic
        )

    def test_all_published_articles_newest_first_a_page_at_a_time(self):
        """Page 1 holds the newest 20, page 2 the other 3; drafts and scheduled never."""
        first = self.client.get("/articles/")
        assert card_titles(first.content.decode()) == [f"Published {n:02d}" for n in range(20)]
        self.assertContains(first, "23 articles, newest first.")
        self.assertContains(first, '<a href="?page=2" rel="next">Next page</a>', html=True)
        second = self.client.get("/articles/?page=2")
        assert card_titles(second.content.decode()) == [
            "Published 20",
            "Published 21",
            "Published 22",
        ]
        self.assertNotContains(second, "A draft")
        self.assertNotContains(second, "Scheduled")

    def test_a_page_that_does_not_exist_is_not_found(self):
        """Hostile page numbers give a 404 page, never a server error."""
        for page in ("99", "abc", "-1", "0"):
            response = self.client.get(f"/articles/?page={page}")
            assert response.status_code == 404, page
            self.assertContains(response, "Page not found", status_code=404)

    def test_query_budget_does_not_grow_with_articles(self):
        for page in ("/articles/", "/articles/?page=2"):
            self.client.get(page)
            with self.assertNumQueries(ARCHIVE_QUERIES):
                self.client.get(page)

    def test_home_links_to_all_articles(self):
        """Under the latest articles, and in the main navigation."""
        home = self.client.get("/")
        latest = region(home, '<section class="home-grid__latest"')
        assert '<a href="/articles/">All articles</a>' in latest
        assert '<a href="/articles/">All articles</a>' in region(
            home, '<nav class="site-nav"', "</nav>"
        )
        page = home.content.decode()
        # The topic index comes before the cards, so a phone shows it without scrolling past all.
        assert page.index('id="topics-heading"') < page.index('id="latest-heading"')


class HelplineTextLinkTests(TestCase):
    def test_the_helplines_box_links_the_text_number(self):
        """ "Text SHOUT to 85258" opens a message to 85258 with SHOUT written in it."""
        make_helpline(name="Shout", phone="", text_number="85258", text_keyword="SHOUT")
        response = self.client.get(make_article(slug="a").get_absolute_url())
        helplines = region(response, '<aside class="helplines"', "</aside>")
        assert 'href="sms:85258?&amp;body=SHOUT"' in helplines
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", helplines))
        assert "SHOUT" in text and "85258" in text


class ArticleSideTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topic = make_topic(name="Sleep", slug="sleep")
        cls.article = make_article(
            slug="sleep-well",
            primary_topic=cls.topic,
            body="Intro.\n\n## What helps\n\nRest.\n\n## When to *see* someone\n\nSoon.",
        )
        make_article(kind=Article.Kind.QA, primary_topic=cls.topic)
        make_helpline(name="Samaritans")

    def test_on_this_page_lists_the_headings_with_their_anchors(self):
        response = self.client.get("/articles/sleep-well/")
        toc = region(response, '<nav class="article-side__box article-toc"', "</nav>")
        assert '<a href="#h-what-helps">What helps</a>' in toc
        assert '<a href="#h-when-to-see-someone">When to see someone</a>' in toc
        self.assertContains(response, '<h2 id="h-what-helps">What helps</h2>', html=True)

    def test_the_topics_sections_are_linked_beside_the_article(self):
        response = self.client.get("/articles/sleep-well/")
        sections = region(response, 'aria-labelledby="sections-heading"', "</nav>")
        assert '<a href="/topics/sleep/">Sleep: overview</a>' in sections
        assert 'href="/topics/sleep/basic-information/" aria-current="true">Basic Information' in (
            sections
        )
        assert 'href="/topics/sleep/questions-and-answers/">Questions and Answers</a>' in sections

    def test_an_article_about_suicide_shows_the_helplines_once_above_its_text(self):
        article = make_article(slug="about-suicide", primary_topic=self.topic)
        with reviewed_change():  # arranging what the review covered
            Article.objects.filter(pk=article.pk).update(about_suicide=True)
        page = self.client.get("/articles/about-suicide/").content.decode()
        assert page.count('<aside class="helplines"') == 1
        assert page.index("Support is available now") < page.index('<div class="prose">')


class BodiesStoredBeforeAnchorsTests(TransactionTestCase):
    """Articles stored before headings had anchors (and before the plain text kept its lines)
    are brought up to date by migration 0014, without anyone saving them again."""

    BEFORE = [("articles", "0013_images_only_from_own_library")]

    def test_on_this_page_and_search_snippets_work_for_an_old_article(self):
        article = make_article(
            slug="old-page",
            body="Intro.\n\n## What helps\n\n- rest more than usual\n- gentle walks\n\n"
            "## When to see someone\n\nSoon.",
        )
        # The row as it was stored then: no ids on the headings, the text on one line.
        old_html = re.sub(r' id="h-[a-z0-9-]+"', "", article.body_html)
        old_text = " ".join(re.sub(r"<[^>]+>", " ", old_html).split())
        Article.objects.filter(pk=article.pk).update(body_html=old_html, body_text=old_text)
        Article.objects.filter(pk=article.pk).update_search_vectors()
        updated_at = Article.objects.get(pk=article.pk).updated_at
        assert "On this page" not in self.client.get("/articles/old-page/").content.decode()

        migrate_to(self.BEFORE)
        migrate_to_latest()
        # What `manage.py migrate` does after migrating (post_migrate): on SQLite, a table that a
        # migration rebuilt gets its full-text triggers and index back.
        ensure_sqlite_search_index(connection)

        response = self.client.get("/articles/old-page/")
        toc = region(response, '<nav class="article-side__box article-toc"', "</nav>")
        links = re.findall(r'<a href="#(h-[a-z0-9-]+)">([^<]+)</a>', toc)
        assert links == [
            ("h-what-helps", "What helps"),
            ("h-when-to-see-someone", "When to see someone"),
        ]
        page = response.content.decode()
        for anchor, text in links:  # each link leads to its heading on the page
            assert f'<h2 id="{anchor}">{text}</h2>' in page
        search = self.client.get("/search/", {"q": "walks"}).content.decode()
        snippet = re.sub(r"<[^>]+>", "", re.search(r'card__snippet">(.*?)</p>', search).group(1))
        assert "rest more than usual · gentle walks" in snippet, snippet
        assert Article.objects.get(pk=article.pk).updated_at == updated_at  # not a re-save


class BreadcrumbTests(TestCase):
    def test_a_section_of_a_sub_topic_names_its_parent_topic(self):
        parent = make_topic(name="Sleep", slug="sleep")
        child = make_topic(name="Insomnia", slug="insomnia", parent=parent)
        make_article(primary_topic=child)
        response = self.client.get("/topics/insomnia/basic-information/")
        crumbs = region(response, '<nav class="breadcrumbs"', "</nav>")
        assert crumbs.index('href="/topics/sleep/">Sleep') < crumbs.index(
            'href="/topics/insomnia/">Insomnia'
        )

    def test_an_author_page_has_a_breadcrumb(self):
        author = make_author(name="Ann Bee", slug="ann")
        make_article(authors=[author])
        crumbs = region(self.client.get("/authors/ann/"), '<nav class="breadcrumbs"', "</nav>")
        assert '<a href="/">Home</a>' in crumbs
        assert '<a href="/articles/">All articles</a>' in crumbs


class FaviconTests(TestCase):
    def test_favicon_is_served_and_linked(self):
        response = self.client.get("/favicon.ico")
        assert response.status_code == 301
        assert response["Location"] == "/static/kith/favicon.ico"
        with open(finders.find("kith/favicon.ico"), "rb") as icon:
            assert icon.read(4) == b"\x00\x00\x01\x00"  # an ICO file
        self.assertContains(self.client.get("/"), 'rel="icon" href="/static/kith/favicon.ico"')
