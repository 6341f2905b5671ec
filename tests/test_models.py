"""What the database and the models guarantee, whatever a view or an import does."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone

from articles.models import Article, Author
from articles.reviewed_content import reviewed_change
from tests.factories import make_article, make_author, make_topic
from topics.models import Topic


class ArticleConstraintTests(TestCase):
    """The CHECK and UNIQUE constraints hold even for writes that skip the model's save()."""

    @classmethod
    def setUpTestData(cls):
        cls.topic = make_topic()
        cls.article = make_article(slug="constrained", primary_topic=cls.topic)

    def assert_rejected(self, **fields) -> None:
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=self.article.pk).update(**fields)
        self.article.refresh_from_db()
        assert self.article.status == Article.Status.PUBLISHED

    def test_status_outside_the_choices_is_rejected(self):
        """A typo'd status cannot be stored, so published() never meets an unknown state."""
        self.assert_rejected(status="live")

    def test_kind_outside_the_choices_is_rejected(self):
        """An unknown kind cannot be stored, so every article lands in a topic section."""
        self.assert_rejected(kind="poem")

    def test_published_article_needs_a_publication_time(self):
        """A published article without published_at would be invisible yet 'published'."""
        self.assert_rejected(published_at=None)

    def test_video_and_link_need_an_external_url(self):
        """A video or link entry without its address would be an empty page."""
        self.assert_rejected(kind=Article.Kind.VIDEO)
        self.assert_rejected(kind=Article.Kind.LINK)
        with reviewed_change():  # the address is reviewed content: as a published revision would
            Article.objects.filter(pk=self.article.pk).update(
                kind=Article.Kind.VIDEO, external_url="https://example.org/v"
            )
        self.article.refresh_from_db()
        assert self.article.kind == Article.Kind.VIDEO

    def test_draft_may_have_no_publication_time(self):
        """Only published rows need a date: a draft without one is stored."""
        Article.objects.filter(pk=self.article.pk).update(
            status=Article.Status.DRAFT, published_at=None
        )
        self.article.refresh_from_db()
        assert self.article.status == Article.Status.DRAFT
        assert self.article.published_at is None

    def test_article_slugs_are_unique_and_not_empty(self):
        """Two articles cannot share an address, and none can have an empty one."""
        with pytest.raises(IntegrityError), transaction.atomic():
            make_article(slug="constrained", primary_topic=self.topic)
        self.assert_rejected(slug="")
        assert Article.objects.filter(slug="constrained").count() == 1

    def test_author_and_topic_slugs_are_unique(self):
        """Author and topic pages have one address each."""
        make_author(slug="same-author")
        with pytest.raises(IntegrityError), transaction.atomic():
            make_author(slug="same-author")
        make_topic(slug="same-topic")
        with pytest.raises(IntegrityError), transaction.atomic():
            make_topic(slug="same-topic")
        assert Author.objects.filter(slug="same-author").count() == 1
        assert Topic.objects.filter(slug="same-topic").count() == 1

    def test_topic_cannot_be_its_own_parent_in_the_database(self):
        """The simplest cycle is stopped by the database too, not only by the form."""
        with pytest.raises(IntegrityError), transaction.atomic():
            Topic.objects.filter(pk=self.topic.pk).update(parent=self.topic.pk)
        self.topic.refresh_from_db()
        assert self.topic.parent_id is None


class PublishedDefinitionTests(TestCase):
    """``published()`` (many rows) and ``is_published()`` (one row) give the same answer."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        topic = make_topic()
        cls.by_state = {
            "draft": make_article(status=Article.Status.DRAFT, primary_topic=topic),
            "dated draft": make_article(
                status=Article.Status.DRAFT, published_at=now - timedelta(days=2),
                primary_topic=topic,
            ),
            "review": make_article(status=Article.Status.IN_REVIEW, primary_topic=topic),
            "published": make_article(published_at=now - timedelta(hours=1), primary_topic=topic),
            "scheduled": make_article(published_at=now + timedelta(hours=1), primary_topic=topic),
            "archived": make_article(
                status=Article.Status.ARCHIVED, published_at=now - timedelta(days=9),
                primary_topic=topic,
            ),
        }  # fmt: skip

    def test_only_published_and_due_articles_are_visible(self):
        """Drafts, reviews, scheduled and archived articles are all hidden from readers."""
        visible = set(Article.objects.published().values_list("pk", flat=True))
        assert visible == {self.by_state["published"].pk}

    def test_queryset_and_row_agree_for_every_state(self):
        """The list pages and the article page can never disagree about one article."""
        visible = set(Article.objects.published().values_list("pk", flat=True))
        for state, article in self.by_state.items():
            assert article.is_published() == (article.pk in visible), state

    def test_scheduled_is_the_published_but_not_yet_due(self):
        """``scheduled()`` and ``is_scheduled`` name exactly the future-dated published article."""
        scheduled = self.by_state["scheduled"]
        assert list(Article.objects.scheduled()) == [scheduled]
        assert [s for s, a in self.by_state.items() if a.is_scheduled] == ["scheduled"]

    def test_scheduled_article_becomes_visible_when_its_time_comes(self):
        """No job is needed: the same query shows the article once the clock passes its time."""
        scheduled = self.by_state["scheduled"]
        later = scheduled.published_at + timedelta(seconds=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            assert scheduled in Article.objects.published()
            assert scheduled.is_published()


class TopicHierarchyTests(TestCase):
    """Topic.clean() refuses parent chains that loop back to the topic."""

    @classmethod
    def setUpTestData(cls):
        cls.subject = make_topic(name="Psychology", slug="psychology")
        cls.child = make_topic(name="Resilience", slug="resilience", parent=cls.subject)
        cls.grandchild = make_topic(name="Coping", slug="coping", parent=cls.child)

    def test_topic_under_itself_is_rejected(self):
        """A topic cannot be its own parent."""
        self.subject.parent = self.subject
        with pytest.raises(ValidationError) as error:
            self.subject.full_clean()
        assert error.value.message_dict == {
            "parent": ["A topic cannot sit under itself or under one of its sub-topics."]
        }

    def test_cycle_error_carries_its_code(self):
        """Forms and the admin can tell a cycle error apart by its code."""
        self.subject.parent = self.subject
        with pytest.raises(ValidationError) as error:
            self.subject.full_clean()
        assert error.value.error_dict["parent"][0].code == "parent_cycle"

    def test_topic_under_its_own_descendant_is_rejected(self):
        """Moving a subject under its grandchild would make the topic index loop forever."""
        self.subject.parent = self.grandchild
        with pytest.raises(ValidationError) as error:
            self.subject.full_clean()
        assert "cannot sit under itself" in error.value.messages[0]

    def test_ordinary_parent_is_accepted(self):
        """A real hierarchy still validates."""
        other = make_topic(name="Wellbeing", slug="wellbeing")
        self.grandchild.parent = other
        self.grandchild.full_clean()


class StoredMarkupTests(TestCase):
    """Markdown becomes sanitised HTML when saved; reading a page never renders it again."""

    @classmethod
    def setUpTestData(cls):
        cls.author = make_author(slug="writer", bio="Trained in **CBT**.")
        cls.topic = make_topic(slug="stress", introduction="About *stress*.")
        cls.article = make_article(
            slug="stored",
            body="# Heading\n\nSome **bold** text <script>alert(1)</script>",
            primary_topic=cls.topic,
            authors=[cls.author],
            tags=["sleep"],
        )

    def test_markdown_is_stored_as_sanitised_html(self):
        """The stored HTML is the rendered, cleaned body: one h2, bold, script shown as text."""
        self.article.refresh_from_db()
        assert self.article.body_html.startswith('<h2 id="h-heading">Heading</h2>')
        assert "<strong>bold</strong>" in self.article.body_html
        assert "<script" not in self.article.body_html
        assert "&lt;script&gt;" in self.article.body_html
        self.author.refresh_from_db()
        assert self.author.bio_html == "<p>Trained in <strong>CBT</strong>.</p>"
        self.topic.refresh_from_db()
        assert self.topic.introduction_html == "<p>About <em>stress</em>.</p>"

    def test_update_fields_save_refreshes_the_html(self):
        """Saving only ``body`` still refreshes body_html and reading time with it."""
        self.article = make_article(status=Article.Status.DRAFT, primary_topic=self.topic)
        self.article.body = "New *text*. " + "word " * 450
        self.article.save(update_fields=["body"])
        self.article.refresh_from_db()
        assert self.article.body_html.startswith("<p>New <em>text</em>.")
        assert self.article.reading_time == 3

    def test_pages_do_not_render_markdown_per_request(self):
        """Article, topic and author pages serve stored HTML; rendering would be a per-hit cost."""
        boom = mock.Mock(side_effect=AssertionError("render_markdown called during a GET"))
        with (
            mock.patch("kith.markup.render_markdown", boom),
            mock.patch("articles.models.render_markdown", boom),
            mock.patch("topics.models.render_markdown", boom),
        ):
            article_page = self.client.get("/articles/stored/")
            topic_page = self.client.get("/topics/stress/")
            author_page = self.client.get("/authors/writer/")
        boom.assert_not_called()
        self.assertContains(article_page, '<h2 id="h-heading">Heading</h2>', html=True)
        self.assertContains(topic_page, "<em>stress</em>", html=True)
        self.assertContains(author_page, "<strong>CBT</strong>", html=True)


@pytest.mark.django_db
def test_author_has_display_name_and_address():
    """An author reads as “Name, Credentials” everywhere and has its own page address."""
    author = make_author(name="Amara Okafor", credentials="Ph.D.", slug="amara")
    assert str(author) == "Amara Okafor, Ph.D."
    assert author.get_absolute_url() == "/authors/amara/"


class KindLabelTests(TestCase):
    def test_kind_label_is_what_django_gives_in_every_language(self):
        """``Article.get_kind_display`` (a fast lookup: every article card shows it) answers as
        Django's generated method does, for every kind, in English and Spanish, and shows an
        unknown stored value as it is."""
        from django.db.models import Model
        from django.utils import translation

        field = Article._meta.get_field("kind")
        article = Article()
        for language in ("en", "es"):
            with translation.override(language):
                for kind in [*Article.Kind.values, "not-a-kind"]:
                    article.kind = kind
                    assert article.get_kind_display() == Model._get_FIELD_display(article, field)
        with translation.override("es"):
            article.kind = Article.Kind.QA
            assert article.get_kind_display() == "Preguntas y respuestas"
