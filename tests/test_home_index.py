"""The home page's topic index stays short and cheap however many topics there are."""

from __future__ import annotations

from django.test import TestCase, override_settings

from articles.views import SUBJECTS_ON_HOME, SUBTOPICS_PER_SUBJECT
from tests.factories import make_topic
from tests.test_public_pages import region


@override_settings(KITH_PAGE_CACHE=False)
class HomeTopicIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Subjects in the editors' order; the last ones fall off the home page.
        cls.subjects = [
            make_topic(name=f"Subject {n:02d}", display_order=n)
            for n in reversed(range(SUBJECTS_ON_HOME + 3))  # created last, shown first
        ][::-1]
        first = cls.subjects[0]
        for n in range(SUBTOPICS_PER_SUBJECT + 3):
            make_topic(name=f"Inner {n}", parent=first, display_order=n)
        make_topic(name="Only child", parent=cls.subjects[1])

    def index(self) -> str:
        return region(self.client.get("/"), 'id="topics-heading"')

    def test_the_first_subjects_with_their_first_sub_topics_and_a_link_to_the_rest(self):
        index = self.index()
        shown = [s.name for s in self.subjects if f">{s.name}<" in index]
        assert shown == [s.name for s in self.subjects[:SUBJECTS_ON_HOME]]
        assert [f"Inner {n}" in index for n in range(SUBTOPICS_PER_SUBJECT + 3)] == [True] * (
            SUBTOPICS_PER_SUBJECT
        ) + [False] * 3
        first = self.subjects[0]
        assert f'href="/topics/{first.slug}/#subtopics-heading">3 more' in index
        assert "Only child" in index
        assert index.count(" more<") == 1  # no link where every sub-topic is shown
        assert "All topics A–Z" in self.client.get("/").text

    def test_the_index_costs_the_same_queries_with_ten_times_the_topics(self):
        self.client.get("/")
        with self.assertNumQueries(3):  # latest articles, subjects, their first sub-topics
            self.client.get("/")
        for subject in self.subjects:
            for n in range(10):
                make_topic(name=f"{subject.name} {n}", parent=subject)
        self.client.get("/")
        with self.assertNumQueries(3):
            response = self.client.get("/")
        assert response.text.count(" more<") == SUBJECTS_ON_HOME
