"""``manage.py export_content``: the files it writes, and export → import into an empty database.

Run on SQLite and on PostgreSQL (``DATABASE_URL``): the round trip covers the editorial fields —
clinical review, references, key points, content note and the suicide/self-harm flag — too.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from io import StringIO
from pathlib import Path

import frontmatter
import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db.models import Model

from articles.models import Article, ArticleAuthor, Author, ClinicalReviewer, Reference
from articles.reviewed_content import reviewed_change
from articles.workflow import review_cycle
from comments.models import Comment
from tests.comments_factories import make_comment
from tests.factories import make_article, make_author, make_reference, make_reviewer, make_topic
from topics.models import Topic
from transfer.models import ImportedSource

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def build_content() -> None:
    parent = make_topic(name="Psychology", slug="psychology", introduction="About **minds**.")
    stress = make_topic(name="Stress", slug="stress", parent=parent, display_order=2)
    sleep = make_topic(name="Sleep", slug="sleep")
    stress.related.add(sleep)
    first = make_author(name="Ada Byrne", credentials="Ph.D.", slug="ada-byrne", bio="Bio *A*.")
    second = make_author(name="Ben Cole", credentials="LCSW", slug="ben-cole")
    reviewer = make_reviewer(name="Ruth Adeyemi", credentials="MBBS, MRCPsych")
    published = make_article(
        reviewed_by=reviewer,
        title="Calm breathing", slug="calm-breathing", primary_topic=stress, topics=[sleep],
        authors=[second, first], tags=["breathing", "Stress"], pull_quote="Breathe out slowly.",
        published_at=datetime(2024, 5, 1, 8, 30, tzinfo=UTC),
        content_updated_at=datetime(2024, 6, 2, tzinfo=UTC), body="## Steps\n\n- In\n- Out",
    )  # fmt: skip
    qa = make_article(
        title="Is worry normal?", slug="is-worry-normal", kind=Article.Kind.QA,
        status=Article.Status.DRAFT, question="Is it normal to worry every day?",
        primary_topic=stress, authors=[first],
    )  # fmt: skip
    make_article(
        title="A helpful site", slug="a-helpful-site", kind=Article.Kind.LINK,
        external_url="https://example.org/help", status=Article.Status.ARCHIVED,
        primary_topic=sleep,
    )  # fmt: skip
    published.related_articles.add(qa)
    make_article(
        title="¿Es normal preocuparse?", slug="es-normal-preocuparse", kind=Article.Kind.QA,
        language="es", status=Article.Status.DRAFT, question="¿Es normal preocuparse cada día?",
        primary_topic=stress, translation_of=qa,
    )  # fmt: skip
    with reviewed_change():  # arranging what the (fictional) review covered
        Article.objects.filter(pk=published.pk).update(
        reviewed_by=reviewer, last_reviewed=date(2024, 6, 1), next_review_due=date(2025, 6, 1),
        review_notes="Checked the breathing steps against current guidance.",
        key_points="Breathe out for longer than in.\nPractise when calm.",
        content_note="This article mentions panic attacks.", about_suicide=True,
        )  # fmt: skip
    # Only a review date, no reviewer: the next review date is filled in from the cycle on save.
    qa.last_reviewed = date(2023, 1, 10)
    qa.save()
    make_reference(
        article=published, citation="Smith J (2021). Slow breathing. J Sleep Res.",
        doi="10.1000/xyz123", order=1,
    )  # fmt: skip
    make_reference(
        article=published, citation="NHS (2024). Breathing exercises.",
        url="https://example.org/breathing", accessed=date(2024, 5, 30), order=0,
    )  # fmt: skip
    ImportedSource.objects.create(
        source_key="url:/old/calm", source_url="/old/calm", article=published
    )
    parent_comment = make_comment(article=published, title="Thanks", name="Ro", body="Helpful.")
    parent_comment.approve(note="Checked by a moderator.")
    make_comment(article=published, parent=parent_comment, name="Jo", body="Agreed, thank you.")
    make_comment(
        article=published, status=Comment.Status.PENDING, hold_reasons="risk",
        body="I want to end my life.",
    )  # fmt: skip
    make_comment(
        article=published, status=Comment.Status.APPROVED, hold_reasons="risk",
        body="When I wanted to end my life, calling the helpline helped me.",
    )  # fmt: skip
    make_comment(article=qa, status=Comment.Status.SPAM, body="Buy things at example.com")


def snapshot() -> dict[str, list]:
    """Everything an editor, reader or moderator sees, without database ids or save times."""

    def rows(model: type[Model], fields: list[str], order: list[str]) -> list[tuple]:
        return list(model.objects.order_by(*order).values_list(*fields))

    articles = []
    for article in Article.objects.order_by("slug"):
        articles.append(
            (
                article.slug, article.title, article.kind, article.status, article.summary,
                article.question, article.body.strip(), article.body_html, article.pull_quote,
                article.external_url, article.published_at, article.content_updated_at,
                article.comments_open, article.primary_topic.slug,
                sorted(t.slug for t in article.topics.all()), sorted(article.tags.names()),
                [a.slug for a in article.ordered_authors],
                sorted(a.slug for a in article.related_articles.all()),
                sorted(article.import_sources.values_list("source_key", "source_url")),
                article.reviewed_by and article.reviewed_by.display_name, article.last_reviewed,
                article.next_review_due, article.review_notes, article.key_points_list,
                article.content_note, article.about_suicide, article.reading_grade,
                list(article.references.values_list("citation", "url", "doi", "accessed", "order")),
                article.language, sorted(article.translations().values_list("slug", flat=True)),
            )
        )  # fmt: skip
    comments = [
        (c.article.slug, c.parent.body if c.parent else None, c.title, c.name, c.body,
         c.status, c.hold_reasons, c.held_for_risk, c.created_at, c.published_at,
         c.moderator_note)
        for c in Comment.objects.order_by("created_at", "body")
    ]  # fmt: skip
    topics = [
        (t.slug, t.name, t.summary, t.introduction, t.parent.slug if t.parent else None,
         t.display_order, sorted(r.slug for r in t.related.all()))
        for t in Topic.objects.order_by("slug")
    ]  # fmt: skip
    return {
        "articles": articles,
        "comments": comments,
        "topics": topics,
        "authors": rows(Author, ["slug", "name", "credentials", "bio", "photo_url"], ["slug"]),
        "reviewers": rows(ClinicalReviewer, ["name", "credentials", "is_active"], ["name"]),
    }


def flush() -> None:
    Topic.objects.update(parent=None)  # parents are protected from deletion
    for model in (
        # References go with their article: a published article's are reviewed content.
        Comment, ImportedSource, ArticleAuthor, Article, Reference, ClinicalReviewer, Author, Topic
    ):  # fmt: skip
        model.objects.all().delete()


@pytest.mark.django_db
def test_export_writes_front_matter_sidecars_and_topics(tmp_path):
    """Each article is a .md with all its fields; comments go to a sidecar, without e-mail."""
    build_content()
    out = StringIO()
    call_command("export_content", str(tmp_path), stdout=out)
    assert "Exported 4 articles, 5 comments and 3 topics" in out.getvalue()
    post = frontmatter.load(tmp_path / "calm-breathing.md")
    assert post["format"] == "kith-article/2" and post.content == "## Steps\n\n- In\n- Out"
    assert [a["name"] for a in post["authors"]] == ["Ben Cole", "Ada Byrne"]
    assert post["authors"][1]["credentials"] == "Ph.D."
    assert post["primary_topic"] == {"slug": "stress", "name": "Stress"}
    assert post["tags"] == ["breathing", "Stress"]
    assert post["published_at"] == "2024-05-01T08:30:00+00:00"
    assert post["sources"] == [{"key": "url:/old/calm", "url": "/old/calm"}]
    assert post["reviewed_by"] == {"name": "Ruth Adeyemi", "credentials": "MBBS, MRCPsych"}
    assert (post["last_reviewed"], post["next_review_due"]) == ("2024-06-01", "2025-06-01")
    assert post["review_notes"] == "Checked the breathing steps against current guidance."
    assert post["key_points"] == ["Breathe out for longer than in.", "Practise when calm."]
    assert post["content_note"] == "This article mentions panic attacks."
    assert post["about_suicide"] is True
    assert post["references"] == [
        {"citation": "NHS (2024). Breathing exercises.", "url": "https://example.org/breathing",
         "doi": "", "order": 0, "accessed": "2024-05-30"},
        {"citation": "Smith J (2021). Slow breathing. J Sleep Res.", "url": "",
         "doi": "10.1000/xyz123", "order": 1, "accessed": None},
    ]  # fmt: skip
    assert "reading_grade" not in post.metadata  # derived from the text on save
    draft = frontmatter.load(tmp_path / "is-worry-normal.md")
    assert draft["reviewed_by"] is None and draft["references"] == []
    assert draft["translations"] == ["es-normal-preocuparse"] and draft["language"] == "en"
    assert frontmatter.load(tmp_path / "es-normal-preocuparse.md")["translations"] == [
        "is-worry-normal"
    ]
    assert post["translations"] == []
    next_due = (date(2023, 1, 10) + review_cycle()).isoformat()
    assert (draft["last_reviewed"], draft["next_review_due"]) == ("2023-01-10", next_due)
    sidecar = yaml.safe_load((tmp_path / "calm-breathing.comments.yaml").read_text())
    statuses = [(c["status"], c["hold_reasons"]) for c in sidecar["comments"]]
    assert ("pending", ["risk"]) in statuses and ("approved", ["risk"]) in statuses
    assert "email" not in sidecar["comments"][0]
    assert (tmp_path / "topics.yaml").exists()
    assert not (tmp_path / "a-helpful-site.comments.yaml").exists()


@pytest.mark.django_db
def test_export_then_import_into_an_empty_database_gives_the_same_content(tmp_path):
    """Round trip: articles, authors, topics, comments and their moderation states survive."""
    build_content()
    before = snapshot()
    calm = next(row for row in before["articles"] if row[0] == "calm-breathing")
    assert "Ruth Adeyemi, MBBS, MRCPsych" in calm and len(calm[-3]) == 2  # the review is there
    call_command("export_content", str(tmp_path), stdout=StringIO())
    flush()
    assert not Article.objects.exists() and not Topic.objects.exists()
    out = StringIO()
    call_command("import_content", str(tmp_path), stdout=out, stderr=StringIO())
    assert snapshot() == before
    # ... and a second import of the same export changes nothing.
    again = StringIO()
    call_command("import_content", str(tmp_path), stdout=again, stderr=StringIO())
    assert snapshot() == before
    files = next(line for line in again.getvalue().splitlines() if line.startswith("files "))
    assert files.split()[1:4] == ["0", "0", "7"]
    qa = next(row for row in before["articles"] if row[0] == "is-worry-normal")
    assert qa[-2:] == ("en", ["es-normal-preocuparse"])  # the Spanish version came back with it


@pytest.mark.django_db
def test_a_translation_that_cannot_be_kept_is_reported_and_the_rest_imported(tmp_path):
    """Two English articles named as each other's translation: one article per language."""
    build_content()
    call_command("export_content", str(tmp_path), stdout=StringIO())
    path = next(tmp_path.rglob("calm-breathing.md"))
    post = frontmatter.load(path)
    post["translations"] = ["is-worry-normal", "no-such-article"]
    path.write_text(frontmatter.dumps(post, sort_keys=False) + "\n", encoding="utf-8")
    flush()
    out = StringIO()
    call_command("import_content", str(tmp_path), stdout=out, stderr=StringIO())
    calm = Article.objects.get(slug="calm-breathing")
    assert list(calm.translations()) == []
    assert [a.slug for a in Article.objects.get(slug="is-worry-normal").translations()] == [
        "es-normal-preocuparse"
    ]
    text = out.getvalue()
    assert "calm-breathing: translation not kept: no-such-article: not found" in text
    assert "translation not kept: is-worry-normal: language:" in text


@pytest.mark.django_db
def test_exported_risk_comment_nobody_reviewed_is_not_published_on_import(tmp_path):
    """An edited export cannot publish a comment the classifier holds for risk."""
    build_content()
    call_command("export_content", str(tmp_path), stdout=StringIO())
    sidecar = tmp_path / "calm-breathing.comments.yaml"
    document = yaml.safe_load(sidecar.read_text())
    for comment in document["comments"]:
        if comment["body"] == "I want to end my life.":
            comment["status"], comment["hold_reasons"] = "approved", []
    sidecar.write_text(yaml.safe_dump(document))
    flush()
    call_command("import_content", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    comment = Comment.objects.get(body="I want to end my life.")
    assert comment.status == Comment.Status.PENDING and comment.held_for_risk


@pytest.mark.django_db
def test_export_refuses_a_path_that_is_a_file(tmp_path):
    """Exporting into an existing file is a clear error, not a traceback."""
    target = tmp_path / "file.txt"
    target.write_text("x")
    with pytest.raises(CommandError, match="exists and is not a folder"):
        call_command("export_content", str(target), stdout=StringIO())


@pytest.mark.django_db
def test_imported_fixtures_round_trip_too(tmp_path):
    """Content that came from captured pages exports and re-imports unchanged."""
    call_command("import_content", str(FIXTURES / "good"), stdout=StringIO(), stderr=StringIO())
    before = snapshot()
    call_command("export_content", str(tmp_path), stdout=StringIO())
    flush()
    call_command("import_content", str(tmp_path), stdout=StringIO(), stderr=StringIO())
    assert snapshot() == before
