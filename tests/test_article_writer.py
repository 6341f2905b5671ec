"""``articles.article_writer.write_article``: the one way seed_demo and import_content store an
article with its topics, byline, keywords, references and review."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from django.test import TestCase
from django.utils import timezone

from articles import article_writer
from articles.article_writer import ArticleRelations, ReferenceValues, WriteError, write_article
from articles.management.commands import seed_demo
from articles.models import Article
from tests.factories import make_author, make_reviewer, make_topic
from transfer import writer

ROOT = Path(__file__).resolve().parents[1]


class WriteArticleTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.topic = make_topic(name="Sleep", slug="sleep")
        cls.other = make_topic(name="Stress", slug="stress")
        cls.first, cls.second = make_author(name="Ada"), make_author(name="Ben")
        cls.reviewer = make_reviewer(name="Ruth Adeyemi", credentials="MRCPsych")
        cls.published_at = timezone.now()

    def values(self, **overrides) -> dict:
        return {
            "title": "Sleep and worry",
            "summary": "Why worry keeps us awake.",
            "body": "Some *words*.",
            "primary_topic": self.topic,
            "status": Article.Status.PUBLISHED,
            "published_at": self.published_at,
            "reviewed_by": self.reviewer,
            "last_reviewed": date(2025, 5, 1),
            **overrides,
        }

    def relations(self, **overrides) -> ArticleRelations:
        fields = {
            "topics": [self.topic, self.other],
            "byline": [self.second, self.first],
            "tags": ["sleep", "worry"],
            "references": [ReferenceValues("Smith J (2021). Sleep.", url="https://example.org")],
            **overrides,
        }
        return ArticleRelations(**fields)

    def write(self, existing=None, values=None, relations=None):
        return write_article(
            existing=existing,
            slug="sleep-and-worry",
            values=values or self.values(),
            relations=relations or self.relations(),
        )

    def test_writes_the_row_and_every_relation_then_changes_nothing_the_second_time(self):
        first = self.write()
        article = first.article
        assert first.state == "created" and first.relations_changed
        assert set(article.topics.all()) == {self.topic, self.other}
        assert article.ordered_authors == [self.second, self.first]
        assert sorted(article.tags.names()) == ["sleep", "worry"]
        assert [r.citation for r in article.references.all()] == ["Smith J (2021). Sleep."]
        assert article.next_review_due and article.is_published()
        saved = Article.objects.values_list("updated_at", flat=True).get()
        again = self.write(existing=Article.objects.get())
        assert (again.state, again.relations_changed) == ("unchanged", False)
        assert Article.objects.values_list("updated_at", flat=True).get() == saved

    def test_add_only_keeps_what_an_editor_added(self):
        article = self.write().article
        article.tags.add("editor-added")
        self.write(
            existing=article,
            relations=self.relations(topics=[self.topic], tags=["new"], add_only=True),
        )
        assert set(article.topics.all()) == {self.topic, self.other}
        assert sorted(article.tags.names()) == ["editor-added", "new", "sleep", "worry"]

    def test_a_published_article_without_a_review_is_refused_in_words(self):
        values = self.values(reviewed_by=None, last_reviewed=None)
        with self.assertRaisesMessage(WriteError, "needs a recorded clinical review"):
            self.write(values=values)
        assert not Article.objects.exists()

    def test_an_invalid_reference_names_the_article_and_the_reference(self):
        bad = [ReferenceValues("Fine."), ReferenceValues("Bad link.", url="javascript:alert(1)")]
        with self.assertRaises(WriteError) as caught:
            self.write(relations=self.relations(references=bad))
        assert str(caught.exception).startswith("article {'slug': 'sleep-and-worry'}: reference 2")


def test_seed_demo_and_the_importer_share_the_writer():
    """Both commands store articles through write_article, and neither keeps a copy."""
    assert seed_demo.write_article is article_writer.write_article
    assert writer.write_article is article_writer.write_article
    for module in (seed_demo, writer):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "ArticleAuthor" not in source and "Reference.objects" not in source


def test_articles_import_neither_comments_nor_transfer():
    """Dependencies point one way: transfer → comments → articles → topics."""
    pattern = re.compile(r"^\s*(from|import)\s+(comments|transfer)\b", re.MULTILINE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "articles").rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
