"""``manage.py import_content``: what it stores, idempotence, options, failures and safety."""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, Author
from comments.models import Comment, ModeratedWord
from tests.factories import make_reviewer, make_topic, make_user
from topics.models import Topic
from transfer.models import ImportedComment, ImportedSource

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def run_import(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_content", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing_import(*args: str) -> tuple[str, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_content", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue(), str(raised.value)


def make_reviewer_account(username: str):
    """An account with a clinical reviewer profile, as ``--reviewed-by`` needs."""
    return make_reviewer(
        name="Ruth Adeyemi", credentials="MRCPsych", user=make_user(username=username)
    )


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Article, Author, Topic, Comment, ImportedSource, ImportedComment)
    }


def summary_row(output: str, kind: str) -> list[int]:
    line = next(line for line in output.splitlines() if line.startswith(kind + " "))
    return [int(n) for n in line.split()[1:]]


class ImportGoodFixturesTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.output, cls.progress = run_import(FIXTURES / "good")

    def test_summary_table_counts_what_was_created(self):
        """The table shows created / updated / unchanged / failed per kind of object."""
        assert summary_row(self.output, "files") == [5, 0, 0, 0]
        assert summary_row(self.output, "articles") == [5, 0, 0, 0]
        assert summary_row(self.output, "comments") == [5, 0, 0, 0]
        assert Article.objects.count() == 5

    def test_progress_is_shown_for_more_than_a_few_files(self):
        """Five files show a progress bar on stderr."""
        assert "[" in self.progress and "5/5" in self.progress

    def test_articles_are_drafts_with_original_dates_authors_and_topics(self):
        """Imports wait for an editor; dates, byline, credentials and topic are kept."""
        article = Article.objects.get(title="Putting Evening Worry Down")
        assert article.status == Article.Status.DRAFT
        assert article.content_updated_at.date().isoformat() == "2021-03-09"
        assert [a.display_name for a in article.ordered_authors] == [
            "Ruth Adeyemi, Ph.D.",
            "Tom Quayle, M.A.",
        ]
        assert article.primary_topic.name == "Worry and Rumination"
        assert {t.name for t in article.primary_topic.related.all()} == {
            "Sleep Problems",
            "Low Mood",
        }
        assert "<li>Schedule a fifteen-minute worry period" in article.body_html

    def test_qa_article_keeps_the_old_url_and_keywords(self):
        """The Q&A page's old address is recorded for a redirect; keywords become tags."""
        article = Article.objects.get(kind=Article.Kind.QA)
        source = article.import_sources.get()
        assert source.source_url == "/learn/sleep/questions/wind-down-racing-mind"
        assert sorted(article.tags.names()) == [
            "bedtime routine",
            "racing thoughts",
            "sleep",
            "worry",
        ]
        assert "<ol>" in article.body_html and "<strong>Write it down</strong>" in article.body_html

    def test_comments_are_classified_and_queued_with_their_original_dates(self):
        """Imported comments wait in the queue; risk and personal details keep their reasons."""
        comments = Comment.objects.order_by("created_at")
        assert set(comments.values_list("status", flat=True)) == {Comment.Status.PENDING}
        risky = Comment.objects.get(title="Tonight")
        assert risky.held_for_risk and risky.hold_reason_list == ["risk"]
        assert risky.created_at.date().isoformat() == "2021-06-01"
        assert Comment.objects.get(title="Call me").hold_reason_list == ["personal_details"]
        # Urgent first: the risky comment, and "Not sure" ("my worries came back at night"),
        # a known false alarm of the risk model, older, so ahead of it.
        queue = list(Comment.objects.in_moderation())
        urgent = [c for c in queue if c.held_for_risk]
        assert risky in urgent and queue[: len(urgent)] == urgent
        assert [c.title for c in urgent] == ["Not sure", "Tonight"]
        assert risky.events.get().note == "Imported from another site."

    def test_second_import_changes_nothing(self):
        """Re-importing the same files duplicates nothing and the summary says unchanged."""
        before = counts()
        saved = list(Article.objects.values_list("pk", "updated_at").order_by("pk"))
        output, _ = run_import(FIXTURES / "good")
        assert counts() == before
        assert list(Article.objects.values_list("pk", "updated_at").order_by("pk")) == saved
        assert summary_row(output, "files") == [0, 0, 5, 0]
        assert summary_row(output, "articles") == [0, 0, 5, 0]
        assert summary_row(output, "comments") == [0, 0, 5, 0]

    def test_reimport_updates_the_same_article_and_keeps_its_status(self, tmp_path=None):
        """A changed source updates its article; an editor's “published” is not undone, and
        the reviewed text stays live: the change waits as a revision for a reviewer."""
        article = Article.objects.get(title="Grounding when you feel overwhelmed")
        article.status = Article.Status.PUBLISHED
        article.reviewed_by = make_reviewer()
        article.last_reviewed = timezone.localdate()
        article.save()
        folder = Path(self.enterContext(_temporary_dir()))
        changed = (FIXTURES / "good" / "notes-on-grounding.md").read_text()
        (folder / "grounding.md").write_text(changed.replace("somewhere to land", "a place"))
        output, _ = run_import(folder)
        article.refresh_from_db()
        assert "somewhere to land" in article.body and article.status == Article.Status.PUBLISHED
        assert "a place" in article.revisions.get().content["body"]
        assert summary_row(output, "articles") == [0, 1, 0, 0]
        assert Article.objects.count() == 5


class _temporary_dir:
    def __enter__(self) -> str:
        import tempfile

        self.path = tempfile.mkdtemp()
        return self.path

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


class ImportOptionsTests(TestCase):
    def test_dry_run_writes_nothing_but_reports(self):
        """--dry-run parses and counts, and the database stays empty."""
        output, _ = run_import(FIXTURES / "good", "--dry-run")
        assert summary_row(output, "articles") == [5, 0, 0, 0]
        assert "Dry run: nothing was written." in output
        assert counts() == dict.fromkeys(counts(), 0)

    def test_status_published_publishes_with_the_original_date_and_the_review(self):
        """--status published --reviewed-by: readers see the article, dated as on the old
        site, under the named clinician's review of today."""
        reviewer = make_reviewer_account("ruth")
        run_import(
            FIXTURES / "good" / "notes-on-grounding.md",
            "--status", "published", "--reviewed-by", "ruth",
        )  # fmt: skip
        article = Article.objects.published().get()
        assert article.published_at.date().isoformat() == "2023-11-02"
        today = timezone.localdate()
        assert (article.reviewed_by, article.last_reviewed) == (reviewer, today)
        assert article.review_recorded_by == reviewer.user and article.next_review_due > today
        page = self.client.get(article.get_absolute_url()).content.decode()
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
        assert f"Reviewed by Ruth Adeyemi, MRCPsych · Page last reviewed {today:%-d %B %Y}" in text

    def test_status_published_without_a_reviewer_refuses_to_publish_and_says_why(self):
        """No --reviewed-by: the article is imported but waits in review, the command says
        plainly why it was not published, and readers see nothing."""
        _out, err = run_import(FIXTURES / "good" / "notes-on-grounding.md", "--status", "published")
        assert "Not published: --status published needs --reviewed-by USERNAME" in err
        article = Article.objects.get()
        assert article.status == Article.Status.IN_REVIEW
        assert article.reviewed_by is None
        assert not Article.objects.published().exists()
        assert self.client.get(f"/articles/{article.slug}/").status_code == 404

    def test_reviewed_by_must_name_a_clinical_reviewer(self):
        """An unknown account, an account without a reviewer profile, a reviewer who may not
        review: each is refused by name before anything is read."""
        make_user(username="editor")
        retired = make_reviewer_account("retired")
        retired.is_active = False
        retired.save()
        note = FIXTURES / "good" / "notes-on-grounding.md"
        for username, reason in (
            ("nobody", "there is no account with the username 'nobody'"),
            ("editor", "'editor' is not a clinical reviewer"),
            ("retired", "cannot review: they need credentials"),
        ):
            _out, _err, message = run_failing_import(
                note, "--status", "published", "--reviewed-by", username
            )
            assert message == f"--reviewed-by: {reason}" or reason in message, message
        assert not Article.objects.exists()

    def test_without_status_published_imports_wait_unpublished(self):
        """Without --status published nothing is published: readers see none of it."""
        run_import(FIXTURES / "good")
        assert set(Article.objects.values_list("status", flat=True)) == {"draft"}
        assert not Article.objects.published().exists()

    def test_topic_option_files_articles_that_name_none(self):
        """--topic SLUG is used for a file without a topic of its own."""
        topic = make_topic(name="Sleep", slug="sleep")
        run_import(FIXTURES / "good" / "sleep-diary-utf16.txt", "--topic", "sleep")
        assert Article.objects.get().primary_topic == topic

    def test_unknown_topic_is_a_clear_error(self):
        """--topic with a slug that does not exist stops before importing anything."""
        with pytest.raises(CommandError, match="no topic with the slug 'nope'"):
            run_import(FIXTURES / "good", "--topic", "nope")
        assert Article.objects.count() == 0

    def test_comments_approved_publishes_only_what_nothing_holds(self):
        """--comments approved never publishes a risk or personal-details comment."""
        run_import(FIXTURES / "good", "--comments", "approved")
        assert Comment.objects.get(title="This helped").is_approved()
        risky = Comment.objects.get(title="Tonight")
        assert risky.status == Comment.Status.PENDING and risky.hold_reason_list == ["risk"]
        assert Comment.objects.get(title="Call me").status == Comment.Status.PENDING
        approved = Comment.objects.get(title="This helped")
        assert approved.published_at == approved.created_at  # keeps its place in the thread

    def test_disallowed_words_send_an_imported_comment_to_spam(self):
        """The moderators' word lists apply to imports too."""
        ModeratedWord.objects.create(word="notebook", kind=ModeratedWord.Kind.DISALLOW)
        run_import(FIXTURES / "good" / "evening-worry-capture.txt", "--comments", "approved")
        assert Comment.objects.get(title="This helped").status == Comment.Status.SPAM


class ImportFailureTests(TestCase):
    def test_broken_files_are_reported_and_the_rest_still_import(self):
        """Each broken file is named with its reason; good files import; exit is non-zero."""
        out, err, message = run_failing_import(FIXTURES / "broken", FIXTURES / "good")
        assert message == "5 file(s) could not be imported."
        for name, reason in [
            ("bad-yaml.md", "front matter is not valid YAML"),
            ("empty.txt", "the file is empty"),
            ("binary.txt", "binary file"),
            ("latin1.txt", "not UTF-8"),
            ("no-title.html", "no title found"),
        ]:
            assert f"broken/{name}: " in err and reason in err
        assert Article.objects.count() == 5
        assert summary_row(out, "files") == [5, 0, 0, 5]

    def test_missing_path_is_a_clear_error(self):
        """A path that does not exist is reported and the command exits non-zero."""
        _out, err, message = run_failing_import("/no/such/folder")
        assert "Failed: /no/such/folder: no such file or folder" in err
        assert message == "1 file(s) could not be imported."

    def test_twenty_megabyte_file_fails_with_its_size(self):
        """A huge file is refused with its size, and nothing is stored."""
        folder = Path(self.enterContext(_temporary_dir()))
        with (folder / "huge.md").open("wb") as handle:
            handle.write(b"---\ntitle: Huge\n---\n")
            handle.truncate(20 * 1024 * 1024)
        _out, err, _message = run_failing_import(folder / "huge.md")
        assert "huge.md: the file is 20.0 MB; the limit is 5 MB per file" in err
        assert Article.objects.count() == 0

    def test_article_text_far_beyond_any_real_article_fails_with_a_reason(self):
        """A 250,000-character body is refused (rendering it would take minutes)."""
        folder = Path(self.enterContext(_temporary_dir()))
        (folder / "long.md").write_text("---\ntitle: Long\n---\n" + "- item\n\n" * 31_250)
        _out, err, _message = run_failing_import(folder)
        assert "long.md: the article text is 249,998 characters; the limit is 200,000" in err
        assert Article.objects.count() == 0

    def test_odd_yaml_types_never_crash_the_command(self):
        """Lists, numbers and mappings where text belongs import or fail with a reason."""
        folder = Path(self.enterContext(_temporary_dir()))
        (folder / "list.md").write_text("---\n- a\n- b\n---\nBody\n")
        (folder / "types.md").write_text(
            "---\ntitle: {a: 1}\ntags: 5\ndate: [1, 2]\nseo: text\nauthor: {x: 1}\n---\nBody\n"
        )
        (folder / "topics.yaml").write_text(
            "format: kith-topics/1\ntopics:\n  - {slug: a, name: A, display_order: zz}\n"
        )
        (folder / "x.comments.yaml").write_text(
            "format: kith-comments/1\narticle: a\ncomments: [1]\n"
        )
        _out, err, message = run_failing_import(folder)
        assert message == "4 file(s) could not be imported."
        assert "list.md: the front matter is empty or not a mapping of fields" in err
        assert "x.comments.yaml: every comment must be a mapping of fields" in err
        # A mapping is never turned into the text “{'a': 1}”: the error names the field.
        assert "types.md: front matter field 'title' must be text, not a mapping" in err
        assert Article.objects.count() == 0

    def test_a_failing_file_is_rolled_back_entirely(self):
        """A file that fails while storing leaves no topic or author behind."""
        folder = Path(self.enterContext(_temporary_dir()))
        (folder / "bad-kind.md").write_text(
            "---\nformat: kith-article/1\ntitle: T\nslug: t\nkind: link\nsummary: S\n"
            "primary_topic: {slug: new-topic, name: New Topic}\n"
            "authors: [{name: New Author, slug: new-author}]\n---\nBody\n"
        )
        _out, err, _message = run_failing_import(folder)
        assert "bad-kind.md: article" in err
        assert not Topic.objects.exists() and not Author.objects.exists()


class HostileInputTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_reviewer_account("hostile-reviewer")
        cls.output, _ = run_import(
            FIXTURES / "hostile", "--status", "published", "--reviewed-by", "hostile-reviewer"
        )

    def test_nul_bytes_are_removed_and_overlong_titles_shortened_with_a_warning(self):
        """NUL bytes never reach the database; a 375-character title is cut with a warning."""
        article = Article.objects.get(title__startswith="Nul bytes")
        assert "\x00" not in article.title + article.body
        assert len(article.title) <= 200 and article.title.endswith("…")
        assert "The title was 375 characters; shortened to" in self.output
        assert "NUL bytes were removed." in self.output

    def test_html_and_javascript_in_every_field_end_inert(self):
        """Stored HTML is sanitised; plain-text fields are escaped on the page."""
        # Files without an author wait as drafts (no invented facts): publish them to look.
        Article.objects.filter(published_at__isnull=True).update(published_at=timezone.now())
        today = timezone.localdate()
        Article.objects.update(
            status=Article.Status.PUBLISHED, reviewed_by=make_reviewer(), last_reviewed=today,
            next_review_due=today + timezone.timedelta(days=365),
        )  # fmt: skip
        for article in Article.objects.all():
            for html in (article.body_html, *[a.bio_html for a in article.ordered_authors]):
                assert "<script" not in html and 'href="javascript' not in html
                assert "<img" not in html and "<iframe" not in html and "<svg" not in html
                assert "<style" not in html
            content = self.client.get(article.get_absolute_url()).content.decode()
            assert escape(article.title) in content
            for payload in ("<script>alert", "<img src=x", 'href="javascript', "<svg", "<iframe"):
                assert payload not in content
        for comment in Comment.objects.all():
            assert "<script" not in comment.body_html and "javascript:" not in comment.body_html


@pytest.mark.django_db
def test_old_address_is_kept_on_the_import_record():
    """The old URL is stored on the import record as well as in a redirect."""
    run_import(FIXTURES / "good" / "qa-winding-down.md")
    source = ImportedSource.objects.get()
    assert source.source_url == "/learn/sleep/questions/wind-down-racing-mind"
    assert source.article.title.startswith("How can I wind down")


@pytest.mark.django_db
def test_redirect_is_created_when_the_redirects_app_is_installed():
    """With django.contrib.redirects installed the old path redirects to the new article."""
    from django.contrib.redirects.models import Redirect

    output, _ = run_import(FIXTURES / "good" / "qa-winding-down.md")
    redirect = Redirect.objects.get()
    article = Article.objects.get()
    assert redirect.old_path == "/learn/sleep/questions/wind-down-racing-mind"
    assert redirect.new_path == article.get_absolute_url()
    assert summary_row(output, "redirects") == [1, 0, 0, 0]
    output, _ = run_import(FIXTURES / "good" / "qa-winding-down.md")
    assert Redirect.objects.count() == 1
    assert summary_row(output, "redirects") == [0, 0, 1, 0]


@pytest.mark.django_db
def test_admin_lists_old_addresses_read_only(client):
    """Editors find each old address and its article in the admin, and cannot edit them."""
    from django.contrib.auth import get_user_model

    run_import(FIXTURES / "good" / "qa-winding-down.md")
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw-long-1234")
    client.force_login(admin)
    page = client.get("/admin/transfer/importedsource/")
    content = page.content.decode()
    assert "/learn/sleep/questions/wind-down-racing-mind" in content
    assert "How can I wind down before bed" in content
    assert client.get("/admin/transfer/importedsource/add/").status_code == 403
