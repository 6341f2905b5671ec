"""Articles in more than one language: translation groups, “Also in”, hreflang in the head and
the sitemap, feeds per language, search per language, and the page cache kept exact."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.urls import reverse

from articles.models import Article
from tests.factories import make_article, make_topic
from tests.test_admin_articles import AdminArticleTestCase, change_url, publish_now

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


def visible_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


class TranslationGroupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.english = make_article(slug="panic", title="Panic attacks")
        cls.spanish = make_article(
            slug="panico", title="Ataques de pánico", language="es", translation_of=cls.english
        )

    def test_joining_gives_both_articles_one_group(self):
        self.english.refresh_from_db()
        assert self.english.translation_group is not None
        assert self.english.translation_group == self.spanish.translation_group
        assert list(self.english.translations()) == [self.spanish]
        assert list(self.spanish.translations()) == [self.english]

    def test_a_second_version_in_one_language_is_refused_in_words(self):
        other = make_article(slug="other-spanish", title="Pánico", language="es")
        other.join_translations_of(self.english)
        with self.assertRaises(ValidationError) as caught:
            other.full_clean()
        message = " ".join(caught.exception.message_dict["language"])
        assert "“Ataques de pánico” is already this article's Español version" in message

    def test_the_database_refuses_a_second_version_in_one_language(self):
        """Whatever path skips validation (update(), raw SQL), the constraint holds."""
        other = make_article(slug="other-english", title="Panic again")
        with transaction.atomic(), self.assertRaises(IntegrityError):
            Article.objects.filter(pk=other.pk).update(
                translation_group=self.spanish.translation_group
            )

    def test_an_article_cannot_translate_itself(self):
        with self.assertRaises(ValidationError):
            self.english.join_translations_of(self.english)

    def test_articles_without_translations_never_clash(self):
        """NULL groups are distinct: any number of English articles have no translations."""
        make_article(slug="a", title="A")
        make_article(slug="b", title="B")
        assert Article.objects.filter(translation_group__isnull=True, language="en").count() == 2


class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.english = make_article(slug="panic", title="Panic attacks")
        cls.spanish = make_article(
            slug="panico",
            title="Ataques de pánico",
            summary="Qué es un ataque de pánico.",
            body="Un ataque de pánico pasa.",
            language="es",
            translation_of=cls.english,
        )
        cls.draft_french = make_article(
            slug="panique",
            title="Crises de panique",
            language="fr",
            status=Article.Status.DRAFT,
            translation_of=cls.english,
        )

    def test_each_version_links_the_other_in_its_own_language(self):
        english = self.client.get("/articles/panic/").content.decode()
        assert (
            '<a href="/articles/panico/" hreflang="es" lang="es" rel="alternate">Español</a>'
            in english
        )
        assert "Also in: Español" in visible_text(english)
        spanish = self.client.get("/articles/panico/").content.decode()
        assert "Also in: English" in visible_text(spanish)

    def test_a_draft_translation_is_not_linked(self):
        english = self.client.get("/articles/panic/").content.decode()
        assert "/articles/panique/" not in english
        assert "Français" not in english

    def test_the_head_lists_every_published_version_and_x_default(self):
        for url in ("/articles/panic/", "/articles/panico/"):
            head = self.client.get(url).content.decode().split("</head>")[0]
            alternates = re.findall(
                r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', head
            )
            assert alternates == [
                ("en" if url == "/articles/panic/" else "es", f"http://testserver{url}"),
                *(
                    [("es", "http://testserver/articles/panico/")]
                    if url == "/articles/panic/"
                    else [("en", "http://testserver/articles/panic/")]
                ),
                ("x-default", "http://testserver/articles/panic/"),
            ]

    def test_an_article_without_translations_has_no_alternates_or_also_in(self):
        make_article(slug="alone", title="Alone")
        page = self.client.get("/articles/alone/").content.decode()
        assert "hreflang=" not in page.split("</head>")[0].replace(
            'type="application/atom+xml" hreflang', ""
        )
        assert "Also in" not in page

    def test_spanish_text_carries_its_language_and_english_chrome_does_not(self):
        page = self.client.get("/articles/panico/").content.decode()
        assert '<h1 id="article-title" lang="es">Ataques de pánico</h1>' in page
        assert '<p class="article__summary" lang="es">Qué es un ataque de pánico.</p>' in page
        assert '<div lang="es"><p>Un ataque de pánico pasa.</p>' in page
        english = self.client.get("/articles/panic/").content.decode()
        assert '<h1 id="article-title">Panic attacks</h1>' in english

    def test_structured_data_names_the_articles_language(self):
        page = self.client.get("/articles/panico/").content.decode()
        assert '"inLanguage": "es"' in page

    def test_a_spanish_article_in_a_list_is_marked_spanish(self):
        archive = self.client.get("/articles/").content.decode()
        assert 'class="card__title" lang="es"><a href="/articles/panico/">' in archive
        assert 'class="card__title"><a href="/articles/panic/">' in archive


class ArticlePageQueryTests(TestCase):
    def queries(self, url: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from kith import page_cache

        page_cache.bump_content()
        with CaptureQueriesContext(connection) as captured:
            self.client.get(url)
        return len(captured)

    def test_translations_cost_one_query_however_many_there_are(self):
        english = make_article(slug="panic", title="Panic attacks")
        alone = make_article(slug="alone", title="Alone")
        self.queries("/articles/alone/")  # the first request reads what a process keeps
        without = self.queries("/articles/alone/")
        make_article(slug="panico", title="Pánico", language="es", translation_of=english)
        one = self.queries("/articles/panic/")
        make_article(slug="panique", title="Panique", language="fr", translation_of=english)
        make_article(slug="panik", title="Panik", language="de", translation_of=english)
        assert self.queries("/articles/panic/") == one == without + 1
        assert alone.translation_group is None


class CacheTests(TestCase):
    """The page cache keeps whole pages: the other version's page must follow a change."""

    def cached(self, url: str) -> str:
        first = self.client.get(url).content.decode()
        with self.assertNumQueries(0):
            assert self.client.get(url).content.decode() == first
        return first

    def test_publishing_a_translation_adds_also_in_to_the_cached_original(self):
        editor = get_user_model().objects.create_superuser(username="ed", password="pw-long-1234")
        english = make_article(slug="panic", title="Panic attacks")
        spanish = make_article(
            slug="panico",
            title="Ataques de pánico",
            language="es",
            status=Article.Status.DRAFT,
            translation_of=english,
        )
        assert "Also in" not in self.cached("/articles/panic/")
        publish_now(spanish, editor)
        assert "Also in: Español" in visible_text(self.cached("/articles/panic/"))
        spanish.archive(by=editor)
        assert "Also in" not in self.client.get("/articles/panic/").content.decode()

    def test_linking_in_the_admin_updates_the_cached_page(self):
        english = make_article(slug="panic", title="Panic attacks")
        spanish = make_article(slug="panico", title="Ataques de pánico", language="es")
        assert "Also in" not in self.cached("/articles/panic/")
        spanish.join_translations_of(english)
        spanish.save()
        assert "Also in: Español" in visible_text(self.cached("/articles/panic/"))


class AdminTranslationTests(AdminArticleTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.english = make_article(slug="sleep-well", title="Sleep well", primary_topic=cls.topic)

    def test_an_editor_links_a_new_spanish_article_as_a_translation(self):
        response = self.client.post(
            reverse("admin:articles_article_add"),
            self.form_data(
                title="Dormir bien",
                language="es",
                translation_of=str(self.english.pk),
            ),
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        spanish = Article.objects.get(slug="dormir-bien")
        assert spanish.language == "es"
        assert list(spanish.translations()) == [self.english]
        # The original's change page lists its other languages.
        page = self.client.get(change_url(self.english)).content.decode()
        assert "Dormir bien" in page and "Español · Draft" in visible_text(page)

    def test_a_second_version_in_one_language_is_refused(self):
        make_article(slug="dormir", title="Dormir", language="es", translation_of=self.english)
        response = self.client.post(
            reverse("admin:articles_article_add"),
            self.form_data(
                title="Dormir mejor", language="es", translation_of=str(self.english.pk)
            ),
        )
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "is already this article's Español version" in " ".join(errors["language"])
        assert not Article.objects.filter(title="Dormir mejor").exists()

    def test_a_translation_in_the_same_language_as_an_ungrouped_original_is_refused(self):
        response = self.client.post(
            reverse("admin:articles_article_add"),
            self.form_data(
                title="Sleep better", language="en", translation_of=str(self.english.pk)
            ),
        )
        errors = response.context["adminform"].form.errors
        assert "is in the same language" in " ".join(errors["translation_of"])
        self.english.refresh_from_db()
        assert self.english.translation_group is None

    def test_emptying_translation_of_takes_the_article_out_of_its_group(self):
        spanish = make_article(
            slug="dormir",
            title="Dormir",
            language="es",
            translation_of=self.english,
            primary_topic=self.topic,
            authors=[self.author],
        )
        form = self.client.get(change_url(spanish)).content.decode()
        assert f'<option value="{self.english.pk}" selected>Sleep well</option>' in form
        data = self.form_data(spanish, title="Dormir", slug="dormir", language="es")
        data["translation_of"] = ""
        response = self.client.post(change_url(spanish), data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        spanish.refresh_from_db()
        assert spanish.translation_group is None
        assert list(self.english.translations()) == []

    def test_the_language_filter_lists_only_spanish_articles(self):
        make_article(slug="dormir", title="Dormir", language="es")
        page = self.client.get(reverse("admin:articles_article_changelist"), {"language": "es"})
        text = visible_text(page.content.decode())
        assert "Dormir" in text and "Sleep well" not in text


class SitemapTests(TestCase):
    def test_translated_articles_list_each_other_as_xhtml_alternates(self):
        english = make_article(slug="panic", title="Panic attacks")
        make_article(slug="panico", title="Pánico", language="es", translation_of=english)
        make_article(
            slug="panique",
            title="Panique",
            language="fr",
            status=Article.Status.DRAFT,
            translation_of=english,
        )
        make_article(slug="alone", title="Alone")
        root = ET.fromstring(self.client.get("/sitemap.xml").content)
        alternates = {
            url.find("s:loc", SITEMAP_NS).text: [
                (link.get("hreflang"), link.get("href"))
                for link in url.findall("x:link", SITEMAP_NS)
            ]
            for url in root.findall("s:url", SITEMAP_NS)
        }
        expected = [
            ("en", "http://testserver/articles/panic/"),
            ("es", "http://testserver/articles/panico/"),
            ("x-default", "http://testserver/articles/panic/"),
        ]
        assert alternates["http://testserver/articles/panic/"] == expected
        assert alternates["http://testserver/articles/panico/"] == expected
        assert alternates["http://testserver/articles/alone/"] == []
        assert "http://testserver/articles/panique/" not in alternates

    def test_the_sitemap_costs_the_same_queries_however_many_translations(self):
        def count() -> int:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            from kith import page_cache

            page_cache.bump_content()
            with CaptureQueriesContext(connection) as queries:
                self.client.get("/sitemap.xml")
            return len(queries)

        english = make_article(slug="one", title="One")
        make_article(slug="uno", title="Uno", language="es", translation_of=english)
        count()  # the first request also reads what is cached for the process
        before = count()
        for n in range(3):
            original = make_article(slug=f"en-{n}", title=f"En {n}")
            make_article(slug=f"es-{n}", title=f"Es {n}", language="es", translation_of=original)
        assert count() == before


class LanguageFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        topic = make_topic(name="Ansiedad", slug="ansiedad")
        cls.english = make_article(slug="panic", title="Panic attacks", primary_topic=topic)
        make_article(slug="panico", title="Ataques de pánico", language="es", primary_topic=topic)
        make_article(slug="borrador", title="Borrador", language="es", status=Article.Status.DRAFT)

    def test_the_spanish_feed_has_only_spanish_articles_and_says_so(self):
        for url in ("/feeds/es/atom/", "/feeds/es/rss/"):
            feed = feedparser.parse(self.client.get(url).content)
            assert not feed.bozo, url
            assert [entry.title for entry in feed.entries] == ["Ataques de pánico"]
            assert feed.feed.language == "es"
            assert feed.feed.title.endswith(": Español")

    def test_the_english_feed_has_only_english_articles(self):
        feed = feedparser.parse(self.client.get("/feeds/en/atom/").content)
        assert [entry.title for entry in feed.entries] == ["Panic attacks"]
        assert feed.feed.language == "en"

    def test_an_unknown_language_has_no_feed(self):
        for code in ("xx", "fr", "<b>"):
            assert self.client.get(f"/feeds/{code}/atom/").status_code == 404

    def test_every_page_advertises_a_feed_per_language(self):
        head = self.client.get("/").content.decode().split("</head>")[0]
        assert (
            '<link rel="alternate" type="application/atom+xml" hreflang="es" '
            'title="Kith: articles in Español (Atom)" href="/feeds/es/atom/">'
        ) in head


class SearchByLanguageTests(TestCase):
    """Runs on SQLite (FTS5) and PostgreSQL (``english``/``spanish`` stemming) alike."""

    @classmethod
    def setUpTestData(cls):
        cls.spanish = make_article(
            slug="panico",
            title="Qué hacer durante un ataque de pánico",
            summary="Un ataque de pánico asusta, pero pasa.",
            body="Durante una crisis de ansiedad, respira despacio y nombra lo que ves.",
            language="es",
        )
        cls.english = make_article(
            slug="panic",
            title="What to do during a panic attack",
            summary="A panic attack is frightening, but it passes.",
            body="During an anxiety crisis, breathe slowly and name what you see.",
        )

    def titles(self, **params) -> list[str]:
        html = self.client.get("/search/", params).content.decode()
        found = re.findall(r'<h2 class="card__title"[^>]*><a href="[^"]+">(.*?)</a></h2>', html)
        return [re.sub(r"</?mark>", "", title) for title in found]

    def test_a_spanish_plural_finds_the_spanish_singular(self):
        assert self.titles(q="ataques de pánico") == ["Qué hacer durante un ataque de pánico"]

    def test_spanish_stop_words_do_not_stop_a_match(self):
        assert self.titles(q="crisis de ansiedad") == ["Qué hacer durante un ataque de pánico"]

    def test_an_english_plural_still_finds_the_english_article(self):
        assert self.titles(q="panic attacks") == ["What to do during a panic attack"]

    def test_a_spanish_word_typed_without_its_accent_is_found(self):
        assert self.titles(q="panico", lang="es") == ["Qué hacer durante un ataque de pánico"]
        # Without a filter the Spanish stem “panic” may also find the English article.
        assert "Qué hacer durante un ataque de pánico" in self.titles(q="panico")

    def test_the_language_filter_keeps_one_language(self):
        assert self.titles(q="ataque", lang="es") == ["Qué hacer durante un ataque de pánico"]
        assert self.titles(q="ataque", lang="en") == []
        assert self.titles(q="panic", lang="en") == ["What to do during a panic attack"]

    def test_the_filter_offers_each_language_in_its_own_name(self):
        html = self.client.get("/search/", {"q": "panic", "lang": "es"}).content.decode()
        assert '<label for="search-page-lang">Language</label>' in html
        assert '<option value="es" lang="es" selected>Español</option>' in html

    def test_an_unknown_language_is_a_clear_error_not_a_500(self):
        response = self.client.get("/search/", {"q": "panic", "lang": "<script>"})
        assert response.status_code == 200
        assert "Kith has no articles in that language." in response.content.decode()
        assert self.titles(q="panic", lang="zz") == []

    def test_a_spanish_result_is_marked_spanish(self):
        html = self.client.get("/search/", {"q": "pánico"}).content.decode()
        assert '<h2 class="card__title" lang="es">' in html
        assert '<p class="card__summary" lang="es">' in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
class StoredVectorLanguageTests(TestCase):
    def vectors(self, article: Article) -> tuple[str, str]:
        article.refresh_from_db(fields=["search_vector", "title_search_vector"])
        return str(article.search_vector), str(article.title_search_vector)

    def test_each_article_is_stemmed_in_its_own_language(self):
        spanish = make_article(
            title="Ataques de pánico",
            summary="Qué es el pánico.",
            body="Las crisis pasan.",
            language="es",
        )
        vector, title = self.vectors(spanish)
        # Spanish stems (Snowball's Spanish stemmer also drops the accent), without Spanish
        # stop words ("de", "qué", "es", "el", "las").
        assert vector == "'ataqu':1A 'crisis':9C 'panic':3A,7B 'pas':10C"
        assert title == "'ataqu':1 'panic':3"
        english = make_article(title="Panic attacks", body="They pass.")
        vector, title = self.vectors(english)
        assert "'attack':2A" in vector and "'pass':" in vector
        assert title == "'attack':2 'panic':1"

    def test_changing_the_language_restems_the_article(self):
        article = make_article(title="Las crisis", body="texto")
        assert "'las'" in self.vectors(article)[1]  # not an English stop word
        article.language = "es"
        article.save(update_fields=["language"])
        assert "'las'" not in self.vectors(article)[1]

    def test_a_word_parsed_alike_in_every_language_is_looked_up_once(self):
        """'sleep' | 'sleep' | 'sleep' would make PostgreSQL guess three times the matches and
        read every row instead of the index: identical parses are ORed once."""
        from articles.search import reader_query

        def tsquery(words: list[str], **kwargs) -> str:
            """The tsquery text the search sends (a parameter of its SQL)."""
            matches = Article.objects.filter(search_vector=reader_query(words, **kwargs))
            return str(matches.values("pk").query.sql_with_params()[1])

        assert "( 'sleep' )" in tsquery(["sleep"]) and "|" not in tsquery(["sleep"])
        both = tsquery(["ataques"])
        assert "( 'ataqu' )" in both and "( 'ataques' )" in both and both.count("|") == 1
        assert "|" not in tsquery(["ataques"], language="es")

    def test_refreshing_in_bulk_uses_each_rows_language(self):
        spanish = make_article(title="Ataques", body="texto", language="es")
        english = make_article(title="Attacks", body="text")
        Article.objects.update(search_vector=None, title_search_vector=None)
        assert Article.objects.all().update_search_vectors() == 2
        assert self.vectors(spanish)[1] == "'ataqu':1"
        assert self.vectors(english)[1] == "'attack':1"
