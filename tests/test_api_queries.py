"""What each API endpoint costs, pinned, and shown not to grow with the rows it returns.

    article list 2 · article 6 · comments 3 · topics 2 · topic 5 · authors 2 · author 2 ·
    helplines 3 (the lines, then their countries)
Each count is an answer built from nothing (an empty page cache) and includes one query for the
next scheduled publish time, which caps ``max-age`` (the page cache's deadline: asked once per
content change and then shared by every page and endpoint). The rate limit and the cursor cost
no query; an answer the page cache holds costs none at all.
"""

from __future__ import annotations

from django.core.cache import cache
from django.test import TestCase

from articles.models import ArticleAuthor
from tests.comments_factories import make_comment
from tests.factories import make_article, make_author, make_helpline, make_reference, make_topic

API = "/api/v1"
BUDGETS = {
    "articles": 2,  # scheduled, page
    "article": 6,  # scheduled, article (+ reviewer, topic), references, bylines, topics, tags
    "comments": 3,  # scheduled, article, threads with their replies (one UNION)
    "topics": 2,  # scheduled, every topic
    "topic": 5,  # scheduled, topic (+ parent), sub-topics, related, counts per kind
    "authors": 2,
    "author": 2,
    "helplines": 3,
}


class ApiQueryBudgetTests(TestCase):
    def grow(self, n: int) -> None:
        """``n`` more of everything each endpoint shows."""
        for _ in range(n):
            topic = make_topic(parent=self.topic)
            self.topic.related.add(make_topic())
            author = make_author()
            article = make_article(
                primary_topic=topic, topics=[self.topic], authors=[author], tags=[f"t{topic.pk}"]
            )
            make_reference(article=article)
            self.article.topics.add(topic)
            make_reference(article=self.article)
            self.article.tags.add(f"tag-{topic.pk}")
            ArticleAuthor.objects.create(article=self.article, author=author, order=topic.pk)
            thread = make_comment(article=self.article)
            make_comment(article=self.article, parent=thread)
            make_helpline()

    def urls(self) -> dict[str, str]:
        return {
            "articles": f"{API}/articles/?limit=100&topic={self.topic.slug}",
            "article": f"{API}/articles/{self.article.slug}/",
            "comments": f"{API}/articles/{self.article.slug}/comments/?limit=100",
            "topics": f"{API}/topics/",
            "topic": f"{API}/topics/{self.topic.slug}/",
            "authors": f"{API}/authors/?limit=100",
            "author": f"{API}/authors/{self.author.slug}/",
            "helplines": f"{API}/helplines/",
        }

    def measure(self) -> dict[str, int]:
        counts = {}
        for name, url in self.urls().items():
            cache.clear()  # built from nothing, as after a change
            with self.assertNumQueries(BUDGETS[name]):
                response = self.client.get(url)
            assert response.status_code == 200, (name, response.content)
            counts[name] = len(response.content)
            with self.assertNumQueries(0):  # then shared from the page cache
                again = self.client.get(url)
            assert again.content == response.content
        return counts

    def test_budgets_do_not_grow_with_the_rows(self) -> None:
        self.topic = make_topic()
        self.author = make_author()
        self.article = make_article(primary_topic=self.topic, authors=[self.author])
        self.grow(1)
        small = self.measure()
        self.grow(6)
        large = self.measure()
        # The same queries, over more rows: every answer grew.
        assert all(large[name] > small[name] for name in small if name != "author"), (small, large)
