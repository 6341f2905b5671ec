"""What each public page costs, pinned, and shown not to grow with the rows it shows.

Query budgets when a page is rendered from nothing — the page cache off, as for the first
reader after a change, a new address, or a signed-in editor. Nothing else is cached: every page
is built from the database each time. Anonymous reader, SQLite and PostgreSQL alike:
    home 3 · topics A–Z 1 · topic 5 · topic section 3 · article 8 (9 with comments) · author 3 ·
    tag 4
The helplines, like the next publish time, are read once per content generation (one query,
then a cache read, whatever the reader's country): see tests/test_helplines.py.
"""

from __future__ import annotations

import re

from django.test import TestCase, override_settings

from articles.models import Article
from tests.factories import make_article, make_author, make_helpline, make_topic
from tests.test_public_pages import card_titles, region

# article (+ primary topic, reviewer), references, bylines, topics, tags, related articles,
# the primary topic's sections, comment counts (+ one page of comments with their replies when
# there are any).
ARTICLE_QUERIES = 8
HOME_QUERIES = 3  # latest articles, top-level subjects, their sub-topics
TOPIC_LIST_QUERIES = 1
TOPIC_QUERIES = 5  # topic, sub-topics, related topics, per-kind counts, newest per kind
TOPIC_SECTION_QUERIES = 3  # topic, count, page
AUTHOR_QUERIES = 3  # author, count, page
TAG_QUERIES = 4  # tag, exists (allow_empty=False), count, page


@override_settings(KITH_PAGE_CACHE=False)
class QueryBudgetTests(TestCase):
    """Each page costs a fixed number of queries, however many rows it shows.

    Measured as a reader meets a page the page cache does not hold, after another page has read
    the next scheduled publish time for this content generation (one query per generation).
    """

    def assert_budget(self, urls: list[str], budget: int) -> list:
        """Every url in ``urls`` costs exactly ``budget`` queries; returns the responses."""
        responses = []
        for url in urls:
            self.client.get(url)  # reads the next publish time, as the first reader does
            with self.assertNumQueries(budget):
                response = self.client.get(url)
            assert response.status_code == 200, url
            responses.append(response)
        return responses

    def test_article_page_does_not_grow_with_authors_topics_tags_or_related(self):
        """1 vs 10 authors, topics, keywords and related articles: the same queries."""
        make_helpline(name="Line one")
        make_helpline(name="Line two")
        urls = []
        for n in (1, 10):
            topics = [make_topic() for _ in range(n)]
            article = make_article(
                slug=f"budget-{n}", primary_topic=topics[0], topics=topics[1:],
                authors=[make_author() for _ in range(n)], tags=[f"kw{n}-{i}" for i in range(n)],
            )  # fmt: skip
            article.related_articles.add(*[make_article() for _ in range(n)])
            for topic in topics:
                make_article(primary_topic=topic)
            urls.append(f"/articles/budget-{n}/")
        _one, ten = self.assert_budget(urls, ARTICLE_QUERIES)
        assert ten.content.decode().count('rel="author"') == 10
        assert ten.content.decode().count('href="/tags/kw10-') == 10
        assert len(card_titles(region(ten, '<section class="related"'))) == 5

    def test_topic_page_does_not_grow_with_articles(self):
        """1 vs 30 articles across every kind, sub-topics and related topics: the same queries."""
        urls = []
        for n in (1, 30):
            topic = make_topic(slug=f"budget-{n}")
            for i in range(n):
                kind = Article.Kind.values[i % len(Article.Kind.values)]
                make_article(kind=kind, primary_topic=topic, tags=["sleep"])
                make_topic(parent=topic)
                topic.related.add(make_topic())
            urls.append(f"/topics/budget-{n}/")
        _one, thirty = self.assert_budget(urls, TOPIC_QUERIES)
        assert len(re.findall(r'class="topic-section"', thirty.content.decode())) == 8
        section_urls = [f"{url}questions-and-answers/" for url in urls]
        Article.objects.update(kind=Article.Kind.QA)
        self.assert_budget(section_urls, TOPIC_SECTION_QUERIES)

    def test_list_pages_do_not_grow_with_rows(self):
        """Home, topics A–Z, author and keyword pages: the same queries for 1 or 30 rows."""
        author = make_author(slug="budget-author")
        budgets = {
            "/": HOME_QUERIES,
            "/topics/": TOPIC_LIST_QUERIES,
            "/authors/budget-author/": AUTHOR_QUERIES,
            "/tags/budget/": TAG_QUERIES,
        }
        for rows in (1, 30):
            while Article.objects.count() < rows:
                topic = make_topic(parent=make_topic())
                make_article(authors=[author], tags=["budget"], primary_topic=topic)
            for url, budget in budgets.items():
                self.assert_budget([url], budget)
        home = self.client.get("/")
        assert len(card_titles(region(home, 'aria-labelledby="latest-heading"'))) == 8
        assert self.client.get("/topics/").content.decode().count('class="h-card"') == 60
