"""bench/generate_bulk.py: synthetic data that the site serves like real content."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import models
from django.test import TestCase, override_settings
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, ArticleAuthor, TaggedArticle
from bench import generate_bulk
from comments.models import Comment
from tests.factories import make_article, make_topic
from topics.models import Topic


def generate(**counts: int) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    args = [f"--{name}={value}" for name, value in counts.items()]
    call_command(generate_bulk.Command(), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


class GenerateBulkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.existing = make_article(slug="existing", title="Written by hand")
        cls.out, cls.err = generate(articles=60, comments=600, topics=12)

    def test_counts_and_progress(self):
        """The rows asked for are added (next to existing ones), with a progress bar on stderr."""
        assert Topic.objects.count() == 12 + 1
        assert Article.objects.count() == 60 + 1
        assert Comment.objects.count() == 600
        assert "Added 12 topics, 60 articles and 600 comments." in self.out
        assert "comments" in self.err and "100%" in self.err and "600/600" in self.err

    def test_the_data_looks_like_a_real_site(self):
        """Articles have topics, authors and keywords; comments are mostly approved, some
        pending, some replies on the same article; one article has a tenth of them."""
        published = Article.objects.published().exclude(pk=self.existing.pk)
        assert published.count() >= 45
        article = published.first()
        assert article.topics.filter(pk=article.primary_topic_id).exists()
        assert ArticleAuthor.objects.filter(article=article).count() >= 1
        assert TaggedArticle.objects.filter(content_object=article).count() >= 2
        assert Tag.objects.exists()
        assert Comment.objects.approved().count() > 500
        assert Comment.objects.pending().exists()
        replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
        assert replies.exists()
        assert all(reply.parent.article_id == reply.article_id for reply in replies)
        busiest = Comment.objects.values("article").order_by().annotate(n=models_count())
        assert max(row["n"] for row in busiest) >= 60
        assert not Comment.objects.filter(article__in=Article.objects.scheduled()).exists()

    def test_every_generated_published_article_has_a_clinical_review(self):
        """The generator writes rows without save(), yet obeys the review rule: each published
        (or scheduled) article has a credentialed reviewer, a review date and a due date."""
        published = Article.objects.filter(status=Article.Status.PUBLISHED)
        assert published.count() >= 50
        assert not published.filter(reviewed_by__isnull=True).exists()
        assert not published.filter(last_reviewed__isnull=True).exists()
        assert not published.filter(last_reviewed__gt=timezone.localdate()).exists()
        assert not published.filter(next_review_due__lte=models.F("last_reviewed")).exists()
        article = published.exclude(pk=self.existing.pk).select_related("reviewed_by").first()
        assert article.reviewed_by.credentials
        page = self.client.get(article.get_absolute_url()).content.decode()
        assert f"Reviewed by {article.reviewed_by.display_name}" in page

    def test_the_site_serves_the_generated_content(self):
        """Home, the article with most comments, its topic and search all work."""
        busiest = (
            Comment.objects.values("article").order_by().annotate(n=models_count()).order_by("-n")
        )[0]["article"]
        article = Article.objects.get(pk=busiest)
        page = self.client.get(article.get_absolute_url())
        assert page.status_code == 200
        assert article.title in page.content.decode()
        assert page.content.decode().count('class="comment"') >= 10
        assert self.client.get(article.primary_topic.get_absolute_url()).status_code == 200
        found = self.client.get("/search/", {"q": article.title.split(" (")[0]})
        assert f'href="{article.get_absolute_url()}"' in found.content.decode()

    def test_sequences_continue_after_the_generated_rows(self):
        """New rows made the ordinary way get fresh keys after a bulk run."""
        topic = make_topic()
        article = make_article(primary_topic=topic)
        assert article.pk > Article.objects.exclude(pk=article.pk).latest("pk").pk


class GenerateBulkErrorTests(TestCase):
    def test_bad_counts_are_refused(self):
        """A negative or absurd count stops with a clear message and changes nothing."""
        for counts in ({"articles": -1}, {"comments": 10**12}):
            with pytest.raises(CommandError, match="must be between 0 and"):
                generate(**counts)
        assert not Article.objects.exists()

    def test_non_numbers_are_refused(self):
        """--articles abc is an argument error (non-zero exit), not a traceback."""
        with pytest.raises(CommandError, match="invalid int value"):
            generate(articles="abc")  # type: ignore[arg-type]

    def test_comments_need_articles_and_articles_need_topics(self):
        """Each impossible combination is explained."""
        with pytest.raises(CommandError, match="need published articles"):
            generate(articles=0, comments=5, topics=0)
        with pytest.raises(CommandError, match="need topics"):
            generate(articles=5, comments=0, topics=0)
        assert not Comment.objects.exists() and not Article.objects.exists()

    @override_settings(HTTPS=True)
    def test_production_is_refused_without_force(self):
        """With DJANGO_HTTPS on it refuses, unless --force."""
        with pytest.raises(CommandError, match="DJANGO_HTTPS is on"):
            generate(articles=2, comments=0, topics=1)
        assert not Article.objects.exists()
        call_command(
            generate_bulk.Command(), "--articles=2", "--comments=0", "--topics=1", "--force",
            stdout=StringIO(), stderr=StringIO(),
        )  # fmt: skip
        assert Article.objects.count() == 2

    def test_generated_content_reaches_cached_pages(self):
        """A cached topic list shows the new topics at once (the command bumps the cache)."""
        make_article(title="Hand made")
        assert "bulk-topic-" not in self.client.get("/topics/").content.decode()
        generate(articles=3, comments=0, topics=2)
        assert "/topics/bulk-topic-" in self.client.get("/topics/").content.decode()


def models_count():
    from django.db.models import Count

    return Count("pk")
