"""Search: finding, ranking, highlighting, filters, hostile queries and query budgets."""

from __future__ import annotations

import html as html_lib
import re
from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.article_revisions import propose_revision
from articles.models import Article
from articles.search import (
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    ensure_sqlite_search_index,
    fts5_match_expression,
    search_terms,
    snippet_lines,
    sqlite_fts5_available,
)
from kith.markup import mark_highlights
from tests.factories import make_article, make_reviewer, make_topic, make_user

SEARCH = reverse("articles:search")
HAS_STEMMING = connection.vendor == "postgresql" or (
    connection.vendor == "sqlite" and sqlite_fts5_available()
)


def result_titles(response) -> list[str]:
    """Titles of the result cards, in order, without their <mark> tags."""
    html = response.content.decode()
    titles = re.findall(r'<h2 class="card__title"><a href="[^"]+">(.*?)</a></h2>', html)
    return [html_lib.unescape(re.sub(r"</?mark>", "", title)) for title in titles]


class SearchFindsAndRanksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.sleep = make_topic(name="Sleep", slug="sleep")
        cls.grief = make_topic(name="Grief", slug="grief")
        cls.body_match = make_article(
            title="Evenings that help you rest",
            summary="Small habits for calmer nights.",
            body="Keep a notebook by the bed. A **lighthouse** routine: the same steps each night.",
            primary_topic=cls.sleep,
        )
        cls.title_match = make_article(
            title="The lighthouse keeper's guide to worry",
            summary="Noticing worry without obeying it.",
            body="Worry is a signal, not an order.",
            primary_topic=cls.grief,
            kind=Article.Kind.QA,
            question="How do I stop worrying?",
        )
        cls.unrelated = make_article(
            title="Walking and mood", body="A short walk lifts many people's mood."
        )
        cls.keyworded = make_article(
            title="Naming feelings", body="Put words to what you feel.", tags=["insomnia"]
        )
        for status in (Article.Status.DRAFT, Article.Status.IN_REVIEW, Article.Status.ARCHIVED):
            make_article(title=f"Hidden {status}", body="lighthouse", status=status)
        make_article(
            title="Scheduled lighthouse",
            body="lighthouse",
            published_at=timezone.now() + timedelta(days=2),
        )

    def test_a_word_in_one_body_is_found_first_and_highlighted(self):
        """A reader searching a word from one article's body sees that article, word marked."""
        make_article(title="Another page", body="Nothing to see here.")
        response = self.client.get(SEARCH, {"q": "notebook"})
        assert result_titles(response) == ["Evenings that help you rest"]
        assert "<mark>notebook</mark>" in response.content.decode()
        assert "1 result for “notebook”" in response.content.decode()

    def test_a_title_match_ranks_above_a_body_match(self):
        """Title words weigh most, so the article titled with the word comes first."""
        response = self.client.get(SEARCH, {"q": "lighthouse"})
        assert result_titles(response) == [
            "The lighthouse keeper's guide to worry",
            "Evenings that help you rest",
        ]
        html = response.content.decode()
        assert "The <mark>lighthouse</mark> keeper" in html
        assert "<mark>lighthouse</mark> routine" in html

    def test_only_published_articles_are_found(self):
        """Drafts, articles in review, archived and scheduled articles never appear."""
        response = self.client.get(SEARCH, {"q": "lighthouse"})
        assert not [title for title in result_titles(response) if "Hidden" in title]
        assert "Scheduled lighthouse" not in result_titles(response)
        assert "Hidden" not in response.content.decode()

    def test_keywords_are_searchable(self):
        """An article is found by one of its keywords even when its text lacks the word."""
        response = self.client.get(SEARCH, {"q": "insomnia"})
        assert result_titles(response) == ["Naming feelings"]

    def test_the_question_is_searchable(self):
        """A Q&A article is found by the reader's question."""
        response = self.client.get(SEARCH, {"q": "worrying stop"})
        assert "The lighthouse keeper's guide to worry" in result_titles(response)

    @pytest.mark.skipif(not HAS_STEMMING, reason="needs PostgreSQL or SQLite FTS5")
    def test_english_stemming_matches_other_forms_of_a_word(self):
        """“routines” finds “routine”, and “walks” finds “walk”."""
        assert result_titles(self.client.get(SEARCH, {"q": "routines"})) == [
            "Evenings that help you rest"
        ]
        assert result_titles(self.client.get(SEARCH, {"q": "walks"})) == ["Walking and mood"]

    def test_every_word_must_match(self):
        """Two words find only the articles that contain both."""
        assert result_titles(self.client.get(SEARCH, {"q": "lighthouse notebook"})) == [
            "Evenings that help you rest"
        ]

    def test_topic_and_kind_filters_narrow_the_results(self):
        """Choosing a topic or a kind keeps only matching articles, and the choice stays chosen."""
        by_topic = self.client.get(SEARCH, {"q": "lighthouse", "topic": "sleep"})
        assert result_titles(by_topic) == ["Evenings that help you rest"]
        assert '<option value="sleep" selected>Sleep</option>' in by_topic.content.decode()
        by_kind = self.client.get(SEARCH, {"q": "lighthouse", "kind": "qa"})
        assert result_titles(by_kind) == ["The lighthouse keeper's guide to worry"]

    def test_an_unknown_topic_or_kind_gets_a_friendly_message(self):
        """A forged filter value explains itself instead of failing."""
        response = self.client.get(SEARCH, {"q": "lighthouse", "topic": "nope", "kind": "x"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is no such topic" in html
        assert "There is no such kind of article" in html

    def test_editing_an_article_updates_what_search_finds(self):
        """Publishing a revision with new body text makes the new word findable and the old
        one not; while it waits for review, search still finds the live text."""
        article = make_article(title="Editable", body="Original wording with marigold.")
        assert result_titles(self.client.get(SEARCH, {"q": "marigold"})) == ["Editable"]
        revision = propose_revision(article, {"body": "Rewritten with sunflower."})
        assert result_titles(self.client.get(SEARCH, {"q": "sunflower"})) == []
        reviewer_user = make_user(groups=["Clinical reviewers"], is_staff=True)
        make_reviewer(user=reviewer_user)
        revision.publish(by=reviewer_user)
        assert result_titles(self.client.get(SEARCH, {"q": "marigold"})) == []
        assert result_titles(self.client.get(SEARCH, {"q": "sunflower"})) == ["Editable"]

    def test_keywords_added_later_are_found_after_refresh(self):
        """Keywords saved after the article reach the index once refresh_search_vector runs."""
        article = make_article(title="Late keywords", body="Plain text.")
        article.tags.add("rumination")
        article.refresh_search_vector()
        assert result_titles(self.client.get(SEARCH, {"q": "rumination"})) == ["Late keywords"]

    def test_the_header_search_box_is_on_every_page(self):
        """The header form on the home page sends its words to the search page."""
        html = self.client.get(reverse("articles:home")).content.decode()
        assert f'action="{SEARCH}"' in html
        assert 'name="q"' in html

    def test_the_search_page_has_one_search_box(self):
        """On the search page the reader sees its own labelled form only, not the header's
        box as well; it keeps the words searched for."""
        html = self.client.get(SEARCH, {"q": "lighthouse"}).content.decode()
        assert html.count('type="search"') == 1 and html.count('role="search"') == 1
        assert '<label for="search-page-q">Search for</label>' in html
        assert 'id="search-page-q" name="q" maxlength="200" value="lighthouse"' in html
        home = self.client.get(reverse("articles:home")).content.decode()
        assert home.count('type="search"') == 1 and 'id="site-search-q"' in home


def snippets(response) -> list[str]:
    """The snippets under the result titles, as a reader sees them (text, no tags)."""
    html = response.content.decode()
    found = re.findall(r'<p class="card__snippet">(.*?)</p>', html, re.S)
    return [html_lib.unescape(re.sub(r"<[^>]+>", "", snippet)) for snippet in found]


class SnippetTextTests(TestCase):
    """A snippet reads as the article does: list items, headings and cells stay apart."""

    @classmethod
    def setUpTestData(cls):
        make_article(
            title="Noticing low mood",
            body=(
                "Signs you may notice:\n\n"
                "- sleeping far more or much less than usual\n"
                "- changes in appetite\n"
                "- losing interest in hobbies\n\n"
                "## Cats & dogs\n\n"
                "| Pet | Effect |\n|---|---|\n| Lurcher | calming |\n\n"
                "Walking a dog gets you outside. A cat's purr settles."
            ),
        )

    def test_list_items_are_not_run_together(self):
        """ "… less than usual changes in appetite" reads as one sentence: a separator shows."""
        (snippet,) = snippets(self.client.get(SEARCH, {"q": "appetite"}))
        assert "less than usual · changes in appetite · losing interest" in snippet, snippet
        assert "usual changes" not in snippet

    def test_headings_and_table_cells_are_apart_and_text_is_not_escaped_twice(self):
        """A heading, a table cell and a sentence keep their bounds; "&" shows as "&"."""
        (snippet,) = snippets(self.client.get(SEARCH, {"q": "lurcher"}))
        assert "Cats & dogs · Pet · Effect · Lurcher · calming · Walking a dog" in snippet, snippet
        assert "&amp;" not in snippet

    def test_a_full_stop_needs_no_separator(self):
        """Where a paragraph ends with a full stop the next one simply follows."""
        make_article(title="Two paragraphs", body="First one ends here.\n\nSecond zephyr.")
        (snippet,) = snippets(self.client.get(SEARCH, {"q": "zephyr"}))
        assert "ends here. Second zephyr" in snippet, snippet


class SearchPaginationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for n in range(25):
            make_article(title=f"Breathing exercise {n}", body="Slow breathing calms.")

    def test_results_are_paginated_and_the_next_page_keeps_the_query(self):
        """25 matches show 20 on page one, with a next-page link that keeps the search."""
        response = self.client.get(SEARCH, {"q": "breathing", "kind": "basic"})
        html = response.content.decode()
        assert len(result_titles(response)) == 20
        assert "25 results" in html
        assert 'href="?q=breathing&amp;kind=basic&amp;page=2"' in html
        second = self.client.get(SEARCH, {"q": "breathing", "kind": "basic", "page": 2})
        assert len(result_titles(second)) == 5

    def test_the_query_count_does_not_grow_with_the_results(self):
        """A results page costs the same queries for 1 match as for 20 (no per-row queries)."""
        make_article(title="Unique zebra", body="zebra")
        self.client.get(SEARCH, {"q": "warm"})  # the first reader fills the shared values
        with CaptureQueriesContext(connection) as one:
            assert len(result_titles(self.client.get(SEARCH, {"q": "zebra"}))) == 1
        with CaptureQueriesContext(connection) as twenty:
            assert len(result_titles(self.client.get(SEARCH, {"q": "breathing"}))) == 20
        assert len(one) == len(twenty)
        # The topic filter's choices, the count (stopped at RESULT_CAP + 1) and the page (topic
        # joined, snippets included); PostgreSQL first parses the words in each language, ranks
        # the bounded candidates, then reads the page's 20 rows.
        assert len(twenty) == (5 if connection.vendor == "postgresql" else 3)


HOSTILE_QUERIES = [
    "' OR 1=1 --",
    '"',
    '"unbalanced quote',
    "*",
    "breathing*",
    "NEAR(breathing calm)",
    "breathing AND calm",
    "breathing OR NOT calm",
    "title:breathing",
    "summary : breathing",
    "^breathing",
    "{title summary}: breathing",
    "a\x00b",
    "\x00",
    "<script>alert(1)</script>",
    "'; DROP TABLE articles_article; --",
    "%_%",
    "\\",
    "café ☕ naïve",
    "😀",
    "ـــ",
    "- + ! & |",
]


class HostileQueryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_article(title="Breathing basics", body="Slow breathing calms the body.")

    def test_hostile_queries_give_a_friendly_page(self):
        """Operators, quotes, SQL, NUL bytes and emoji never cause an error page."""
        for query in HOSTILE_QUERIES:
            with self.subTest(query=query):
                response = self.client.get(SEARCH, {"q": query})
                html = response.content.decode()
                assert response.status_code == 200
                assert (
                    "result" in html
                    or "Nothing matched" in html
                    or "at least one letter or number" in html
                    or "Type a word or two" in html
                )
                assert "<script>alert" not in html

    def test_operators_are_searched_as_words(self):
        """FTS operators do not change the meaning: the words around them are still found."""
        for query in ("NEAR(breathing calm)", "title:breathing", "breathing*", '"breathing'):
            with self.subTest(query=query):
                titles = result_titles(self.client.get(SEARCH, {"q": query}))
                assert titles in (["Breathing basics"], [])  # never an error
        assert result_titles(self.client.get(SEARCH, {"q": "title:breathing"})) == []
        assert result_titles(self.client.get(SEARCH, {"q": "breathing*"})) == ["Breathing basics"]

    def test_punctuation_only_asks_for_a_word(self):
        """A query of punctuation explains what to type."""
        html = self.client.get(SEARCH, {"q": "?!*&"}).content.decode()
        assert "Please include at least one letter or number" in html
        assert 'role="alert"' in html

    def test_an_overlong_query_is_refused_politely(self):
        """More than 200 characters gets a message, not a search and not an error."""
        response = self.client.get(SEARCH, {"q": "breathing " * 30})
        html = response.content.decode()
        assert "Please search with 200 characters or fewer." in html
        assert result_titles(response) == []

    def test_an_empty_query_shows_a_prompt(self):
        """No words: a suggestion of what to type, and no results list."""
        for params in ({}, {"q": ""}, {"q": "   "}):
            html = self.client.get(SEARCH, params).content.decode()
            assert "Type a word or two" in html

    def test_the_query_is_shown_escaped(self):
        """Markup typed into the search box is shown as text on the results page."""
        html = self.client.get(SEARCH, {"q": "<b>breathing</b>"}).content.decode()
        assert "&lt;b&gt;breathing&lt;/b&gt;" in html
        assert "<b>breathing" not in html


class HighlightSafetyTests(TestCase):
    def test_article_markup_in_results_is_escaped_and_only_mark_is_added(self):
        """A title or body with HTML is shown as text; the only tags added are <mark>."""
        make_article(
            title="<img src=x onerror=alert(1)> coping",
            body="Text with <script>alert(1)</script> coping inside.",
        )
        html = self.client.get(SEARCH, {"q": "coping"}).content.decode()
        results = html.split('class="cards search-results"')[1].split("</ol>")[0]
        assert "<img" not in results and "<script" not in results
        assert "&lt;img src=x onerror=alert(1)&gt; <mark>coping</mark>" in results
        tags = set(re.findall(r"<\s*/?\s*([a-zA-Z0-9]+)", results))
        assert tags <= {"li", "h2", "a", "p", "mark", "time"}

    def test_mark_highlights_escapes_then_marks(self):
        """Marker pairs become <mark>; everything else, including stray markers, is inert."""
        raw = f"<b>{HIGHLIGHT_START}x&y{HIGHLIGHT_STOP}</b> {HIGHLIGHT_START}cut"
        marked = mark_highlights(raw, start=HIGHLIGHT_START, stop=HIGHLIGHT_STOP)
        assert marked == "&lt;b&gt;<mark>x&amp;y</mark>&lt;/b&gt; cut"


def test_search_terms_keep_letters_and_digits_only():
    """Words are lower-cased, de-duplicated and stripped of every operator and quote."""
    assert search_terms('NEAR("Sleep" sleep*) OR title:ÉTÉ 24/7') == [
        "near",
        "sleep",
        "or",
        "title",
        "été",
        "24",
        "7",
    ]
    assert search_terms("?! -- '\"") == []


def test_snippet_lines_join_with_a_separator_only_where_no_sentence_ended():
    """Line ends in a snippet (kept by the body text) become " · " after a bare item, a space
    after a full stop, and nothing next to an ellipsis; highlight markers stay in place."""
    raw = f"\n… than {HIGHLIGHT_START}usual{HIGHLIGHT_STOP}\nchanges.\n  Next\n … more\n"
    assert snippet_lines(raw) == (
        f"… than {HIGHLIGHT_START}usual{HIGHLIGHT_STOP} · changes. Next … more"
    )


def test_fts5_terms_are_quoted_strings():
    """Each FTS5 term is a quoted string, so MATCH syntax cannot be injected."""
    assert fts5_match_expression(["near", 'x"y']) == '"near" "x""y"'


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite fallback")
class SimpleFallbackTests(TestCase):
    """SQLite built without FTS5: a plain ranked match still finds and highlights."""

    @classmethod
    def setUpTestData(cls):
        make_article(title="Gentle evenings", body="Keep the same routine every evening.")
        make_article(title="Routine matters", body="Nothing else.")
        make_article(title="Unrelated", body="Nothing.", tags=["routine"])

    def test_fallback_finds_ranks_and_highlights(self):
        """Without FTS5, the title match ranks first and body words are marked."""
        with mock.patch("articles.search.sqlite_fts5_available", return_value=False):
            response = self.client.get(SEARCH, {"q": "routine"})
        titles = result_titles(response)
        assert titles[0] == "Routine matters"
        assert set(titles) == {"Gentle evenings", "Routine matters", "Unrelated"}
        assert "same <mark>routine</mark> every" in response.content.decode()


@pytest.mark.skipif(
    connection.vendor != "sqlite" or not sqlite_fts5_available(), reason="SQLite FTS5 only"
)
class SqliteIndexRepairTests(TestCase):
    def test_dropped_triggers_are_recreated_and_the_index_rebuilt(self):
        """A migration that rebuilds the article table drops triggers; migrate re-makes them."""
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER articles_article_fts_insert")
        make_article(title="Made while broken", body="orchid")
        assert result_titles(self.client.get(SEARCH, {"q": "orchid"})) == []
        assert ensure_sqlite_search_index(connection) is True
        assert result_titles(self.client.get(SEARCH, {"q": "orchid"})) == ["Made while broken"]
        assert ensure_sqlite_search_index(connection) is False  # nothing left to repair

    def test_renaming_a_keyword_updates_the_index(self):
        """Renaming a tag in the admin re-indexes the articles that carry it."""
        article = make_article(title="Tagged", body="text", tags=["worry"])
        tag = article.tags.get()
        tag.name = "apprehension"
        tag.save()
        assert result_titles(self.client.get(SEARCH, {"q": "apprehension"})) == ["Tagged"]
        article.tags.clear()
        assert result_titles(self.client.get(SEARCH, {"q": "apprehension"})) == []


class AdminIndexesKeywordsTests(TestCase):
    def test_saving_in_the_admin_indexes_the_new_keywords(self):
        """The admin saves keywords after the article, then refreshes the search index."""
        from types import SimpleNamespace

        from django.contrib.admin.sites import site
        from django.contrib.messages.storage.fallback import FallbackStorage
        from django.test import RequestFactory

        article = make_article(title="Admin edited", body="Plain words.")
        form = SimpleNamespace(instance=article, save_m2m=lambda: article.tags.add("serenity"))
        request = RequestFactory().post("/admin/")
        # The admin may warn (e.g. "published without references") through messages.
        request.session = {}
        request._messages = FallbackStorage(request)
        site._registry[Article].save_related(request, form, formsets=[], change=True)
        assert result_titles(self.client.get(SEARCH, {"q": "serenity"})) == ["Admin edited"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
class PostgresqlVectorTests(TestCase):
    def test_the_stored_vector_is_weighted_stemmed_and_gin_indexed(self):
        """save() stores title (A), keywords (B) and body (C) lexemes; a GIN index covers them."""
        article = make_article(title="Calming routines", body="Gentle evenings.", tags=["naps"])
        article.refresh_from_db(fields=["search_vector"])
        vector = str(article.search_vector)
        assert "'routin':2A" in vector
        assert "'nap':" in vector and "B" in vector.split("'nap':")[1].split(" ")[0]
        assert "'even':" in vector and "C" in vector.split("'even':")[1].split(" ")[0]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_vector_gin'"
            )
            assert "USING gin (search_vector)" in cursor.fetchone()[0]
