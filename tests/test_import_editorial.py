"""Importing Kith's editorial fields: review, references, key points, notes, versions, search.

Run on SQLite and on PostgreSQL (``DATABASE_URL``); the search test covers both backends' index.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import frontmatter
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, ClinicalReviewer, Reference
from tests.factories import make_article, make_reference, make_reviewer, make_topic, make_user

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def kith_file(folder: Path, slug: str = "imported-calm", **changes: Any) -> Path:
    """A valid ``kith-article/2`` export of one published article, with ``changes`` applied."""
    meta: dict[str, Any] = {
        "format": "kith-article/2",
        "title": "Imported calm",
        "slug": slug,
        "kind": "basic",
        "status": "published",
        "summary": "Slow breathing for hard evenings.",
        "published_at": "2024-05-01T08:30:00+00:00",
        "primary_topic": {"slug": "stress", "name": "Stress"},
        "tags": ["quokkafeeling"],
        "reviewed_by": {"name": "Ruth Adeyemi", "credentials": "MBBS, MRCPsych"},
        "last_reviewed": "2024-06-01",
        "next_review_due": "2025-06-01",
        "review_notes": "Checked against current guidance.",
        "key_points": ["Breathe out slowly.", "Practise when calm."],
        "content_note": "This article mentions panic.",
        "about_suicide": False,
        "references": [{"citation": "Smith J (2021). Slow breathing.", "doi": "10.1000/x1"}],
    }
    for name, value in changes.items():
        if value is ...:
            meta.pop(name, None)
        else:
            meta[name] = value
    path = folder / f"{slug}.md"
    body = "Breathe in for four and out for six."
    path.write_text(frontmatter.dumps(frontmatter.Post(body, **meta)) + "\n", encoding="utf-8")
    return path


def run_import(*paths: Path | str) -> str:
    out = StringIO()
    call_command("import_content", *map(str, paths), stdout=out, stderr=StringIO())
    return out.getvalue()


def failing_import(*paths: Path) -> str:
    """The import's error output; the command must exit with an error, not a traceback."""
    err = StringIO()
    with pytest.raises(CommandError, match="could not be imported"):
        call_command("import_content", *map(str, paths), stdout=StringIO(), stderr=err)
    return err.getvalue()


@pytest.mark.django_db
def test_review_references_and_notes_are_stored_as_the_file_has_them(tmp_path):
    """The reviewer (created), review dates, notes, key points and references are imported."""
    output = run_import(kith_file(tmp_path))
    reviewers = next(line for line in output.splitlines() if line.startswith("reviewers "))
    assert reviewers.split()[1:] == ["1", "0", "0", "0"]  # created, in the summary table
    article = Article.objects.get(slug="imported-calm")
    assert article.reviewed_by.display_name == "Ruth Adeyemi, MBBS, MRCPsych"
    assert (article.last_reviewed, article.next_review_due) == (date(2024, 6, 1), date(2025, 6, 1))
    assert article.review_notes == "Checked against current guidance."
    assert article.key_points == "Breathe out slowly.\nPractise when calm."
    assert article.content_note == "This article mentions panic." and not article.about_suicide
    assert list(article.references.values_list("citation", "doi", "order")) == [
        ("Smith J (2021). Slow breathing.", "10.1000/x1", 0)
    ]
    assert article.reading_grade is not None  # derived on save, never imported


@pytest.mark.django_db
def test_existing_reviewer_is_reused_and_a_second_import_changes_nothing(tmp_path):
    """A reviewer is found by name and credentials (any case); re-importing adds nobody."""
    existing = make_reviewer(name="ruth adeyemi", credentials="mbbs, mrcpsych")
    path = kith_file(tmp_path)
    run_import(path)
    again = run_import(path)
    assert list(ClinicalReviewer.objects.all()) == [existing]
    assert Article.objects.get(slug="imported-calm").reviewed_by == existing
    assert Reference.objects.count() == 1
    files = next(line for line in again.splitlines() if line.startswith("files "))
    assert files.split()[1:4] == ["0", "0", "1"]


@pytest.mark.django_db
def test_published_export_without_a_review_waits_in_review(client, tmp_path):
    """A Kith export published without a recorded review is not published here: it waits in
    review for a clinician, readers get 404, and the run says why."""
    output = run_import(
        kith_file(
            tmp_path,
            reviewed_by=None,
            last_reviewed=None,
            next_review_due=None,
            review_notes="",
            references=[],
        )  # fmt: skip
    )
    article = Article.objects.get(slug="imported-calm")
    assert article.status == Article.Status.IN_REVIEW and article.reviewed_by is None
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "no clinical review is recorded: it waits in review" in output


@pytest.mark.django_db
def test_published_export_with_its_own_review_keeps_it_even_with_reviewed_by(tmp_path):
    """--reviewed-by fills in only a missing review: the export's own review is kept."""
    user_reviewer = make_reviewer(name="Someone Else", credentials="MD")
    user_reviewer.user = make_user(username="else")
    user_reviewer.save()
    run_import(kith_file(tmp_path), "--status", "published", "--reviewed-by", "else")
    article = Article.objects.get(slug="imported-calm")
    assert article.status == Article.Status.PUBLISHED
    assert article.reviewed_by.name == "Ruth Adeyemi"
    assert article.last_reviewed == date(2024, 6, 1)


@pytest.mark.django_db
def test_an_export_of_version_one_still_imports(tmp_path):
    """A ``kith-article/1`` file imports, and leaves an existing review and references alone."""
    run_import(FIXTURES / "kith-v1" / "old-calm.md")
    article = Article.objects.get(slug="old-calm")
    assert article.title == "An older export" and article.tags.names().count() == 1
    assert article.reviewed_by is None and not article.references.exists()
    reviewer = make_reviewer(name="Ruth Adeyemi")
    Article.objects.filter(pk=article.pk).update(
        reviewed_by=reviewer, last_reviewed=date(2024, 6, 1), key_points="A point."
    )
    make_reference(article=article, citation="Kept (2020).")
    run_import(FIXTURES / "kith-v1" / "old-calm.md")
    article.refresh_from_db()
    assert (article.reviewed_by, article.last_reviewed) == (reviewer, date(2024, 6, 1))
    assert article.key_points == "A point."
    assert list(article.references.values_list("citation", flat=True)) == ["Kept (2020)."]


@pytest.mark.django_db
def test_a_version_from_the_future_is_refused_clearly(tmp_path):
    """An export from a newer Kith fails with the versions this one reads."""
    err = failing_import(kith_file(tmp_path, format="kith-article/3"))
    assert "'kith-article/3' is not supported" in err and "kith-article/2" in err
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_html_and_nul_in_editorial_fields_are_stored_as_inert_text(client, tmp_path):
    """Script in the reviewer, notes, key points and citation is shown as text, never run."""
    script = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    run_import(
        kith_file(
            tmp_path,
            reviewed_by={"name": f"Eve\x00 {script}", "credentials": "<b>Ph.D.</b>"},
            review_notes=f"Notes\x00 {script}",
            key_points=[f"Point {script}", "\x00"],
            content_note=f"Note {script}",
            references=[{"citation": f"Cite\x00 {script}", "url": "https://example.org/a?b=<c>"}],
        )
    )
    article = Article.objects.get(slug="imported-calm")
    stored = [
        article.reviewed_by.name, article.review_notes, article.key_points,
        article.content_note, article.references.get().citation,
    ]  # fmt: skip
    assert all("\x00" not in text and script in text for text in stored)
    assert article.key_points_list == [f"Point {script}"]
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert escape(f"Cite {script}") in page and escape(f"Note {script}") in page


BAD_EDITORIAL_FIELDS = [
    ({"references": [{"citation": "x" * 600}]}, "reference 1: the citation is 600 characters"),
    ({"references": [{"citation": "Ok", "url": "javascript:alert(1)"}]}, "reference 1: url"),
    ({"references": [{"citation": "Ok", "doi": "not a doi"}]}, "Enter a DOI"),
    ({"references": [{"url": "https://example.org"}]}, "reference 1 has no citation"),
    ({"references": [{"citation": "Ok", "order": -1}]}, "order must be a whole number"),
    ({"references": [{"citation": "Ok", "accessed": "someday"}]}, "'someday' is not a date"),
    ({"references": "Smith 2021"}, "references must be a list"),
    ({"reviewed_by": {"name": "Ruth"}}, "reviewed_by needs both a name and credentials"),
    ({"reviewed_by": "Ruth, MD"}, "reviewed_by must be a mapping"),
    ({"reviewed_by": {"name": "R" * 300, "credentials": "MD"}}, "name: Ensure this value"),
    ({"review_notes": "n" * 2001}, "review_notes is 2,001 characters; the limit is 2,000"),
    ({"content_note": "c" * 301}, "content_note is 301 characters; the limit is 300"),
    ({"key_points": [f"Point {n}" for n in range(7)]}, "key_points: 7 points; the limit is 6"),
    ({"key_points": ["k" * 201]}, "key point 1 is 201 characters"),
    ({"about_suicide": "perhaps"}, "about_suicide"),
    ({"last_reviewed": "2024-13-45"}, "last_reviewed: '2024-13-45' is not a date"),
    ({"last_reviewed": "2024-06-01", "next_review_due": "2024-05-01"}, "must be after"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "reason"), BAD_EDITORIAL_FIELDS)
def test_bad_editorial_fields_fail_that_file_with_a_reason(tmp_path, changes, reason):
    """Bad review, reference or key-point values fail only their file, saying why."""
    bad = kith_file(tmp_path, slug="bad-one", **changes)
    good = kith_file(tmp_path, slug="good-one")
    err = failing_import(bad, good)
    assert f"Failed: {bad}:" in err and reason in err
    assert list(Article.objects.values_list("slug", flat=True)) == ["good-one"]
    assert Reference.objects.filter(article__slug="good-one").count() == 1


@pytest.mark.django_db
def test_a_review_dated_in_the_future_is_refused(tmp_path):
    """An import cannot record a review ahead, as the admin cannot."""
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    err = failing_import(kith_file(tmp_path, last_reviewed=tomorrow, next_review_due=...))
    assert f"last_reviewed: {tomorrow} is in the future" in err


@pytest.mark.django_db
def test_imported_article_is_found_by_search_by_its_keyword_and_text(client, tmp_path):
    """/search/ finds an import by a word only in its keywords (index refreshed after tags)."""
    make_article(title="Unrelated page", primary_topic=make_topic(name="Sleep"))
    run_import(kith_file(tmp_path))
    for query in ("quokkafeeling", "breathe"):
        response = client.get(reverse("articles:search"), {"q": query})
        titles = re.findall(r'<h2 class="card__title"><a href="[^"]+">(.*?)</a></h2>',
                            response.content.decode())  # fmt: skip
        assert [re.sub(r"</?mark>", "", title) for title in titles] == ["Imported calm"]
