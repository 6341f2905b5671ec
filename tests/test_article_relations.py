"""The article page reads its references, byline, topics and keywords with four hand-written
queries (``articles.page_queries.load_page_relations``); they give what the ORM's prefetches
(``Article.objects.for_detail()``) give, in the same order, and no query after."""

from __future__ import annotations

from django.test import TestCase

from articles.models import Article
from articles.page_queries import load_page_relations
from tests.factories import make_article, make_author, make_reference, make_topic


def shown(article: Article) -> dict[str, list]:
    return {
        "references": [(r.pk, r.citation, r.order) for r in article.references.all()],
        "authors": [(a.pk, a.name, a.credentials, a.slug) for a in article.ordered_authors],
        "topics": [(t.pk, t.name, t.slug) for t in article.topics.all()],
        "tags": [(t.pk, t.name, t.slug) for t in article.tags.all()],
    }


class PageRelationsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        second, first = make_author(name="Second Writer"), make_author(name="First Writer")
        cls.article = make_article(
            primary_topic=make_topic(name="Zeta", display_order=2),
            topics=[make_topic(name="Beta", display_order=1), make_topic(name="Alpha")],
            authors=[first, second],
            tags=["worry", "sleep", "breathing"],
        )
        make_article(tags=["sleep", "other"])  # keywords shared with another article
        for order, citation in [(2, "Later ref"), (1, "Earlier ref")]:
            make_reference(article=cls.article, citation=citation, order=order)

    def test_same_rows_in_the_same_order_as_the_orm_prefetches(self):
        by_orm = Article.objects.for_detail().get(pk=self.article.pk)
        by_hand = Article.objects.for_page().get(pk=self.article.pk)
        with self.assertNumQueries(4):
            load_page_relations(by_hand)
        with self.assertNumQueries(0):
            relations = shown(by_hand)
        orm = shown(by_orm)
        # The ORM's keyword prefetch has no ORDER BY (its order is the database's); the page's
        # keywords come in the order they were added.
        assert sorted(relations.pop("tags")) == sorted(orm.pop("tags"))
        assert relations == orm
        relations = shown(by_hand)
        assert [name for _, name, *_ in relations["authors"]] == ["First Writer", "Second Writer"]
        assert [name for _, name, _ in relations["topics"]] == ["Alpha", "Beta", "Zeta"]
        assert [c for _, c, _ in relations["references"]] == ["Earlier ref", "Later ref"]
        assert [name for _, name, _ in relations["tags"]] == ["worry", "sleep", "breathing"]

    def test_the_page_shows_them(self):
        html = self.client.get(self.article.get_absolute_url()).content.decode()
        assert html.index("First Writer") < html.index("Second Writer")
        assert "Earlier ref" in html and html.index("Earlier ref") < html.index("Later ref")
        assert html.index(">worry<") < html.index(">sleep<") < html.index(">breathing<")


class PageRowTests(TestCase):
    """``page_article`` (hand-written) loads what ``for_page()`` loads, relations included."""

    @classmethod
    def setUpTestData(cls):
        from tests.factories import make_reviewer

        cls.with_author = make_article(
            reviewed_by=make_reviewer(author=make_author(name="Dr Page")), tags=["calm"]
        )
        cls.plain = make_article()
        cls.draft = make_article(status=Article.Status.DRAFT)

    def test_same_fields_and_relations_as_the_orm(self):
        from articles.page_queries import page_article

        for article in (self.with_author, self.plain):
            orm = Article.objects.for_page().published().get(pk=article.pk)
            with self.assertNumQueries(1):
                by_hand = page_article(article.slug)
                relations = (by_hand.primary_topic, by_hand.reviewed_by)
                reviewer_author = by_hand.reviewed_by.author
            assert by_hand.get_deferred_fields() == orm.get_deferred_fields()
            loaded = [f.attname for f in Article._meta.concrete_fields]
            loaded = [name for name in loaded if name not in orm.get_deferred_fields()]
            assert [getattr(by_hand, n) for n in loaded] == [getattr(orm, n) for n in loaded]
            assert relations == (orm.primary_topic, orm.reviewed_by)
            assert reviewer_author == orm.reviewed_by.author
            assert by_hand.primary_topic.updated_at == orm.primary_topic.updated_at
        assert self.with_author.reviewed_by.author.name == "Dr Page"

    def test_drafts_only_for_editors_and_unknown_slugs_are_none(self):
        from articles.page_queries import page_article

        assert page_article(self.draft.slug) is None
        assert page_article(self.draft.slug, published_only=False).pk == self.draft.pk
        assert page_article("no-such-article") is None
        assert self.client.get(self.draft.get_absolute_url()).status_code == 404
