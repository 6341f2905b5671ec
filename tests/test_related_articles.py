"""Related articles at scale: only the newest few hundred sharing a topic or keyword are ranked."""

from __future__ import annotations

from unittest import mock

from django.test import TestCase

from articles.models import Article
from articles.page_queries import related_articles
from tests.factories import make_article, make_topic


class CandidateCapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.topics = [make_topic(), make_topic(), make_topic()]
        cls.article = make_article(slug="here", topics=cls.topics)
        # An article sharing all three topics, then four later ones (higher ids) sharing one.
        cls.old_close = make_article(slug="old-close", topics=cls.topics)
        cls.newer = [make_article(slug=f"newer-{n}", topics=cls.topics[:1]) for n in range(4)]

    def related(self) -> list[str]:
        article = Article.objects.for_detail().get(pk=self.article.pk)
        return [a.slug for a in related_articles(article)]

    def test_without_a_cap_the_closest_match_comes_first(self):
        assert self.related()[0] == "old-close"
        assert set(self.related()) == {"old-close", *(a.slug for a in self.newer)}

    def test_with_a_cap_the_newest_candidates_are_ranked(self):
        with mock.patch("articles.page_queries.RELATED_CANDIDATES", 2):
            related = self.related()
        # The two newest articles sharing a topic are ranked; the older, closer match is not
        # among them. That is the price of a bounded query, paid only at scale.
        assert set(related) == {"newer-3", "newer-2"}  # the highest ids
