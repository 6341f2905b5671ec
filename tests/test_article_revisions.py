"""Reviewed means reviewed: a published article's content changes only through review.

An editor's edit waits as a draft revision (readers keep the reviewed version) until a clinical
reviewer publishes it; a reviewer may reject it; an editor a reviewer trusted may publish a
minor correction (a typo) directly; every path — the admin, the history's restore, the
importer, ``write_article`` (``seed_demo``), ``save()``, ``update()`` — obeys it.
Run on SQLite and on PostgreSQL (``DATABASE_URL``).
"""

from __future__ import annotations

import html
import re
import time
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from articles.admin_revisions import SAVED_AS_DRAFT
from articles.article_revisions import propose_revision, publish_minor_edit
from articles.article_writer import ArticleRelations, ReferenceValues, write_article
from articles.models import Article, ArticleRevision, MinorEditGrant, Reference
from articles.reviewed_content import minor_edit_refusal
from tests.factories import make_article, make_reference, make_reviewer, make_topic, make_user
from tests.test_editorial_admin import EditorialAdminTestCase, change_url, messages_of
from tests.test_import_editorial import kith_file, run_import
from tests.test_no_template_syntax import template_syntax_in

LIVE_BODY = "Slep comes easier with a routine. Take 20 mg only if your doctor says so."
NEW_BODY = "Sleep comes easier with a calm routine and a dark room."


def revision_url(revision: ArticleRevision, action: str = "change") -> str:
    return reverse(f"admin:articles_articlerevision_{action}", args=[revision.pk])


def visible_text(page: str) -> str:
    """The page as a reader reads it: tags removed, entities decoded, spaces collapsed."""
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


class RevisionAdminTestCase(EditorialAdminTestCase):
    def setUp(self) -> None:
        self.article = make_article(
            title="Sleep well",
            slug="sleep-well",
            body=LIVE_BODY,
            primary_topic=self.topic,
            reviewed_by=self.reviewer,
            last_reviewed=date(2025, 1, 10),
        )

    def reader_text(self) -> str:
        self.client.logout()
        return visible_text(self.client.get("/articles/sleep-well/").content.decode())

    def edit_as(self, user, **fields):
        self.client.force_login(user)
        data = self.form_data(self.article, **fields)
        return self.client.post(change_url(self.article), data, follow=True)


class EditorEditTests(RevisionAdminTestCase):
    def test_edit_waits_as_a_draft_revision_and_readers_keep_the_reviewed_text(self):
        response = self.edit_as(self.editor, body=NEW_BODY)
        assert SAVED_AS_DRAFT in " ".join(messages_of(response))
        text = self.reader_text()
        assert "Slep comes easier with a routine." in text and NEW_BODY not in text
        assert "Reviewed by Ruth Adeyemi, MRCPsych · Page last reviewed 10 January 2025" in text
        revision = self.article.revisions.get()
        assert (revision.state, revision.created_by, revision.changed) == (
            ArticleRevision.State.DRAFT,
            self.editor,
            ["body"],
        )
        assert revision.content["body"] == NEW_BODY
        assert Article.objects.get(pk=self.article.pk).body == LIVE_BODY

    def test_the_form_reopens_on_the_draft_and_says_so(self):
        """The editor keeps working on their draft, told plainly it is not what readers see."""
        self.edit_as(self.editor, body=NEW_BODY)
        revision = self.article.revisions.get()
        page = visible_text(self.client.get(change_url(self.article)).content.decode())
        assert "Readers see the clinically reviewed version." in page
        assert f"This form shows revision {revision.pk} (draft" in page
        assert NEW_BODY in page
        assert "Revision history" in page

    def test_saving_again_supersedes_the_draft_and_keeps_its_text(self):
        self.edit_as(self.editor, body=NEW_BODY)
        self.edit_as(self.editor, body=NEW_BODY + " Keep screens out of the bedroom.")
        first, second = self.article.revisions.order_by("pk")
        assert first.state == ArticleRevision.State.SUPERSEDED and first.content["body"] == NEW_BODY
        assert second.state == ArticleRevision.State.DRAFT
        assert second.content["body"].endswith("out of the bedroom.")
        # Saving the form unchanged (only a setting) keeps the same draft.
        self.edit_as(self.editor, body=second.content["body"], comments_open="")
        assert self.article.revisions.count() == 2
        assert not Article.objects.get(pk=self.article.pk).comments_open

    def test_settings_and_keywords_are_saved_at_once_without_a_revision(self):
        self.edit_as(self.editor, tags="sleep, rest", comments_open="")
        stored = Article.objects.get(pk=self.article.pk)
        assert not stored.comments_open and sorted(stored.tags.names()) == ["rest", "sleep"]
        assert not self.article.revisions.exists()

    def test_restoring_an_old_version_from_history_also_waits_for_review(self):
        old = self.article.history.earliest()
        self.edit_as(self.editor, body=NEW_BODY)  # a draft, not live
        revert = reverse("admin:articles_article_simple_history", args=[self.article.pk, old.pk])
        data = self.form_data(self.article, body="An old text brought back.")
        assert self.client.post(revert, data).status_code == 302
        assert Article.objects.get(pk=self.article.pk).body == LIVE_BODY
        assert self.article.revisions.open().get().content["body"] == "An old text brought back."

    def test_drafts_are_still_edited_directly(self):
        draft = make_article(status=Article.Status.DRAFT, primary_topic=self.topic)
        self.client.force_login(self.editor)
        response = self.client.post(change_url(draft), self.form_data(draft, body=NEW_BODY))
        assert response.status_code == 302
        assert Article.objects.get(pk=draft.pk).body == NEW_BODY
        assert not draft.revisions.exists()


class ReviewerTests(RevisionAdminTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.edit_as(self.editor, body=NEW_BODY, title="Sleeping well")
        self.revision = self.article.revisions.get()

    def test_reviewer_sees_a_readable_diff_and_publishes(self):
        """Publishing shows the new text at once under a review dated today, in their name."""
        self.client.force_login(self.reviewer_user)
        page = self.client.get(revision_url(self.revision)).content.decode()
        assert '<del class="diff-del">Sleep</del><ins class="diff-ins">Sleeping</ins> well' in page
        assert '<del class="diff-del">Slep</del><ins class="diff-ins">Sleep</ins> comes' in page
        assert 'value="Publish revision"' in page and 'value="Reject revision"' in page
        response = self.client.post(
            revision_url(self.revision, "publish"), {"significant": "on"}, follow=True
        )
        assert "published. Readers see it now" in " ".join(messages_of(response))
        text = self.reader_text()
        today = date_format(timezone.localdate(), "j F Y")
        assert NEW_BODY in text and "Slep comes easier" not in text
        assert "Sleeping well" in text
        assert f"Reviewed by Ruth Adeyemi, MRCPsych · Page last reviewed {today}" in text
        self.revision.refresh_from_db()
        assert self.revision.state == ArticleRevision.State.PUBLISHED
        assert (self.revision.decided_by, self.revision.reviewed_by) == (
            self.reviewer_user,
            self.reviewer,
        )
        stored = Article.objects.get(pk=self.article.pk)
        assert stored.last_reviewed == timezone.localdate()
        assert stored.review_recorded_by == self.reviewer_user
        assert (
            stored.history.first().history_change_reason == f"Published revision {self.revision.pk}"
        )

    def test_the_article_page_lists_the_revision_history(self):
        self.client.force_login(self.reviewer_user)
        self.client.post(revision_url(self.revision, "publish"), {"significant": "on"})
        self.client.force_login(self.editor)
        page = visible_text(self.client.get(change_url(self.article)).content.decode())
        history = page[page.index("Revision history") :]
        today = date_format(timezone.localdate(), "j M Y")
        assert f"{self.revision.pk} " in history and "title, body" in history
        assert f"Published {today} by rev, reviewed by Ruth Adeyemi, MRCPsych" in history

    def test_reject_keeps_the_live_article_and_needs_a_reason(self):
        self.client.force_login(self.reviewer_user)
        page = self.client.post(revision_url(self.revision, "reject"), {"note": "  "})
        assert "This field is required." in page.content.decode()
        assert ArticleRevision.objects.get(pk=self.revision.pk).is_open
        self.client.post(revision_url(self.revision, "reject"), {"note": "Cite the guideline."})
        self.revision.refresh_from_db()
        assert self.revision.state == ArticleRevision.State.REJECTED
        assert self.revision.note == "Cite the guideline."
        assert "Slep comes easier" in self.reader_text()
        # Closed: a second decision is refused in words, not applied.
        self.client.force_login(self.reviewer_user)
        again = self.client.post(
            revision_url(self.revision, "publish"), {"significant": "on"}, follow=True
        )
        assert "This revision was already rejected." in messages_of(again)
        assert "Slep comes easier" in self.reader_text()

    def test_editors_and_moderators_cannot_publish(self):
        """No Publish button for an editor, 403 when posting it; a moderator sees nothing."""
        self.client.force_login(self.editor)
        page = self.client.get(revision_url(self.revision)).content.decode()
        assert "Publish revision" not in page and "Reject revision" not in page
        assert 'value="Submit for review"' in page
        for action in ("publish", "reject"):
            response = self.client.post(revision_url(self.revision, action), {"note": "x"})
            assert response.status_code == 403, action
        self.client.force_login(self.moderator)
        assert self.client.get(revision_url(self.revision)).status_code == 403
        assert ArticleRevision.objects.get(pk=self.revision.pk).is_open
        assert "Slep comes easier" in self.reader_text()

    def test_editor_submits_and_reviewers_find_it(self):
        self.client.force_login(self.editor)
        self.client.post(revision_url(self.revision, "submit"))
        assert ArticleRevision.objects.get(pk=self.revision.pk).state == "submitted"
        self.client.force_login(self.reviewer_user)
        index = visible_text(self.client.get(reverse("admin:index")).content.decode())
        assert "1 revision of a published article submitted for review" in index
        listing = self.client.get(
            reverse("admin:articles_article_changelist") + "?revision=submitted"
        )
        assert [a.pk for a in listing.context["cl"].result_list] == [self.article.pk]
        queue = self.client.get(
            reverse("admin:articles_articlerevision_changelist") + "?state=waiting"
        )
        assert [r.pk for r in queue.context["cl"].result_list] == [self.revision.pk]

    def test_revision_pages_show_no_template_syntax(self):
        """The change form's notice and history, the revision page, the queue and the grants
        read as text for each role (a two-line {# #} comment would be printed)."""
        pages = [
            change_url(self.article),
            revision_url(self.revision),
            reverse("admin:articles_articlerevision_changelist"),
            reverse("admin:articles_minoreditgrant_changelist"),
            reverse("admin:index"),
        ]
        for user in (self.editor, self.reviewer_user):
            self.client.force_login(user)
            for url in pages:
                response = self.client.get(url)
                assert response.status_code == 200, (user, url)
                assert template_syntax_in(response.content.decode()) == [], (user, url)

    def test_hostile_revision_ids_are_404(self):
        self.client.force_login(self.reviewer_user)
        base = reverse("admin:articles_articlerevision_changelist")
        for bad in ("abc", "9" * 40, "0", "99999"):
            assert self.client.get(f"{base}{bad}/change/").status_code == 404, bad


class MinorCorrectionTests(RevisionAdminTestCase):
    def grant(self) -> None:
        self.client.force_login(self.reviewer_user)
        add = reverse("admin:articles_minoreditgrant_add")
        response = self.client.post(add, {"user": self.editor.pk, "note": "Typos only."})
        assert response.status_code == 302

    def test_only_reviewers_grant_and_the_grant_names_them(self):
        self.client.force_login(self.editor)
        add = reverse("admin:articles_minoreditgrant_add")
        assert self.client.post(add, {"user": self.editor.pk}).status_code == 403
        self.grant()
        grant = MinorEditGrant.objects.get()
        assert (grant.user, grant.granted_by) == (self.editor, self.reviewer_user)

    def test_a_typo_fix_goes_live_at_once_without_moving_the_review(self):
        self.grant()
        response = self.edit_as(self.editor, body=LIVE_BODY.replace("Slep", "Sleep"))
        assert "published as a minor correction" in " ".join(messages_of(response))
        text = self.reader_text()
        assert "Sleep comes easier with a routine." in text
        assert "Page last reviewed 10 January 2025" in text
        revision = self.article.revisions.get()
        assert revision.minor and revision.state == ArticleRevision.State.PUBLISHED
        assert revision.decided_by == self.editor and revision.changed == ["body"]

    def test_a_dose_change_becomes_a_revision(self):
        self.grant()
        response = self.edit_as(self.editor, body=LIVE_BODY.replace("20 mg", "40 mg"))
        said = " ".join(messages_of(response))
        assert "Not a minor correction: it changes a number in body." in said
        assert SAVED_AS_DRAFT in said
        assert "Take 20 mg" in self.reader_text()
        assert self.article.revisions.get().state == ArticleRevision.State.DRAFT

    def test_without_the_grant_a_typo_fix_waits_too(self):
        self.edit_as(self.editor, body=LIVE_BODY.replace("Slep", "Sleep"))
        assert "Slep comes easier" in self.reader_text()
        assert not self.article.revisions.get().minor


class MinorEditRuleTests(TestCase):
    live = {"title": "Sleep well", "body": "Slep comes easier. Take 20 mg at night.",
            "about_suicide": False, "references": []}  # fmt: skip

    def refusal(self, **proposed) -> str | None:
        return minor_edit_refusal(self.live, {**self.live, **proposed})

    def test_what_counts_as_minor(self):
        assert self.refusal(body="Sleep comes easier. Take 20 mg at night.") is None
        assert self.refusal(title="Sleep Well") is None
        assert "number" in self.refusal(body="Slep comes easier. Take 40 mg at night.")
        assert "number" in self.refusal(body="Slep comes easier. Take two 20 mg at night.")
        assert "negation" in self.refusal(body="Slep comes easier. Do not take 20 mg at night.")
        assert "dose" in self.refusal(body="Slep comes easier. Take 20 mcg at night.")
        assert "link" in self.refusal(
            body="Slep comes easier, see https://x.org. Take 20 mg at night."
        )
        assert "more than 20 characters" in self.refusal(
            body="Slumber arrives sooner. Take 20 mg at night.", title="Rest better"
        )
        assert "cannot change about_suicide" in self.refusal(about_suicide=True)
        assert "cannot change references" in self.refusal(references=[{"citation": "A"}])
        assert self.refusal() == "nothing changed"

    def test_a_long_body_is_judged_quickly(self):
        """100,000 characters of repetitive text (difflib's worst case) in well under a second
        each; what cannot be aligned cheaply is refused (a reviewer then checks it), never slow."""
        started = time.perf_counter()
        one_line = "Calm words here. " * 6000
        live = {**self.live, "body": one_line}
        assert minor_edit_refusal(live, {**live, "body": "Clam" + one_line[4:]}) is None
        lines = "Calm words here.\n\n" * 5000
        live = {**self.live, "body": lines}
        far_apart = "Clam" + lines[4:-20] + "Calm words hear.\n\n"
        assert minor_edit_refusal(live, {**live, "body": far_apart}) is not None
        middle = lines[:40000] + "Clam" + lines[40004:]
        assert minor_edit_refusal(live, {**live, "body": middle}) is None
        assert time.perf_counter() - started < 5


class ModelLayerTests(TestCase):
    """Every path that skips the admin is refused in the same words; drafts are unaffected."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.topic = make_topic()
        cls.article = make_article(title="Live", body=LIVE_BODY, primary_topic=cls.topic)
        make_reference(article=cls.article, citation="Reviewed source (2024).")

    def assert_refused(self, action) -> None:
        with (
            pytest.raises(ValidationError, match="changes only through a revision"),
            transaction.atomic(),
        ):
            action()
        stored = Article.objects.get(pk=self.article.pk)
        assert stored.body == LIVE_BODY and stored.title == "Live"
        assert list(stored.references.values_list("citation", flat=True)) == [
            "Reviewed source (2024)."
        ]

    def test_save_update_and_bulk_update_are_refused(self):
        def save():
            article = Article.objects.get(pk=self.article.pk)
            article.body = NEW_BODY
            article.save()

        def save_one_field():
            article = Article.objects.get(pk=self.article.pk)
            article.title = "Changed"
            article.save(update_fields=["title"])

        def bulk_update():
            article = Article.objects.get(pk=self.article.pk)
            article.body = NEW_BODY
            Article.objects.bulk_update([article], ["body"])

        self.assert_refused(save)
        self.assert_refused(save_one_field)
        self.assert_refused(lambda: Article.objects.filter(pk=self.article.pk).update(body="x"))
        self.assert_refused(bulk_update)

    def test_references_are_reviewed_content_too(self):
        reference = self.article.references.get()
        self.assert_refused(lambda: Reference.objects.create(article=self.article, citation="New"))
        self.assert_refused(lambda: self.article.references.all().delete())
        self.assert_refused(reference.delete)
        self.assert_refused(lambda: self.article.references.update(citation="Edited"))
        self.assert_refused(
            lambda: Reference.objects.bulk_create([Reference(article=self.article, citation="B")])
        )

    def test_other_fields_and_workflow_steps_still_save(self):
        article = Article.objects.get(pk=self.article.pk)
        article.comments_open = False
        article.save()
        Article.objects.filter(pk=article.pk).update(comments_open=True)
        draft = make_article(status=Article.Status.DRAFT, primary_topic=self.topic)
        draft.body = NEW_BODY
        draft.save()
        make_reference(article=draft)
        Reference.objects.create(article=draft, citation="Fine on a draft.")
        assert Article.objects.get(pk=draft.pk).body == NEW_BODY

    def test_the_database_keeps_one_open_revision_per_article(self):
        propose_revision(self.article, {"body": NEW_BODY})
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticleRevision.objects.create(article=self.article, content={}, state="submitted")
        with pytest.raises(IntegrityError), transaction.atomic():
            ArticleRevision.objects.filter(article=self.article).update(state="published")

    def test_minor_correction_needs_a_grant(self):
        editor = make_user(groups=["Editors"], is_staff=True)
        with pytest.raises(Exception, match="has not allowed you"):
            publish_minor_edit(
                self.article, {"body": LIVE_BODY.replace("Slep", "Sleep")}, by=editor
            )
        assert Article.objects.get(pk=self.article.pk).body == LIVE_BODY


class WriterAndImporterTests(TestCase):
    """``write_article`` (``seed_demo``) and ``import_content`` keep live what was reviewed."""

    def test_write_article_on_a_published_article_proposes_a_revision(self):
        article = make_article(title="Live", body=LIVE_BODY)
        written = write_article(
            existing=Article.objects.get(pk=article.pk),
            slug=article.slug,
            values={"body": NEW_BODY, "comments_open": False},
            relations=ArticleRelations(references=[ReferenceValues("New source (2025).")]),
            source="seed_demo",
        )
        stored = Article.objects.get(pk=article.pk)
        assert stored.body == LIVE_BODY and not stored.references.exists()
        assert not stored.comments_open  # not reviewed content: written directly
        revision = written.revision
        assert written.new_revision and revision.source == "seed_demo"
        assert revision.state == ArticleRevision.State.SUBMITTED
        assert revision.changed == ["body", "references"]
        assert revision.content["references"][0]["citation"] == "New source (2025)."

    def test_a_proposal_the_article_could_not_publish_is_refused_now(self):
        article = make_article(title="Live", body=LIVE_BODY)
        with pytest.raises(ValidationError, match="at most 200 characters"):
            propose_revision(article, {"title": "x" * 201})
        bad_reference = {"references": [{"citation": "A", "url": "javascript:alert(1)"}]}
        with pytest.raises(ValidationError, match="Reference 1"):
            propose_revision(article, bad_reference)
        assert not article.revisions.exists()


@pytest.mark.django_db
def test_reimporting_a_published_article_waits_for_review(tmp_path, client):
    """A changed file re-imported: readers keep the reviewed text, a revision waits, the output
    says so; importing it again adds nothing; a reviewer's publish brings the new text."""
    run_import(kith_file(tmp_path))
    article = Article.objects.get(slug="imported-calm")
    path = kith_file(tmp_path)
    path.write_text(path.read_text().replace("out for six", "out for eight"), encoding="utf-8")
    output = run_import(path)
    assert "waits as revision" in output and "readers still see the reviewed version" in output
    page = visible_text(client.get("/articles/imported-calm/").content.decode())
    assert "Breathe in for four and out for six." in page and "eight" not in page
    revision = article.revisions.get()
    assert revision.source == "import" and revision.changed == ["body"]
    again = run_import(path)
    assert "waits as revision" not in again and article.revisions.count() == 1
    reviewer_user = make_user(groups=["Clinical reviewers"], is_staff=True)
    make_reviewer(user=reviewer_user)
    revision.publish(by=reviewer_user)
    page = visible_text(client.get("/articles/imported-calm/").content.decode())
    assert "Breathe in for four and out for eight." in page


class PageCacheTests(TestCase):
    def test_publishing_a_revision_refreshes_the_cached_page(self):
        reviewer_user = make_user(groups=["Clinical reviewers"], is_staff=True)
        make_reviewer(user=reviewer_user)
        make_article(slug="cached", body=LIVE_BODY)
        first = self.client.get("/articles/cached/").content
        with self.assertNumQueries(0):
            assert self.client.get("/articles/cached/").content == first
        revision = propose_revision(Article.objects.get(slug="cached"), {"body": NEW_BODY})
        assert NEW_BODY not in visible_text(self.client.get("/articles/cached/").content.decode())
        revision.publish(by=reviewer_user)
        assert NEW_BODY in visible_text(self.client.get("/articles/cached/").content.decode())


class QueryBudgetTests(RevisionAdminTestCase):
    def measure(self) -> tuple[int, int]:
        revision = self.article.revisions.open().get()
        with CaptureQueriesContext(connection) as change:
            assert self.client.get(change_url(self.article)).status_code == 200
        with CaptureQueriesContext(connection) as review:
            assert self.client.get(revision_url(revision)).status_code == 200
        return len(change), len(review)

    def test_change_view_and_revision_page_do_not_grow_with_revisions(self):
        self.edit_as(self.editor, body=f"{NEW_BODY} 0")
        one = self.measure()
        for n in range(1, 6):
            self.edit_as(self.editor, body=f"{NEW_BODY} {n}")
        assert self.article.revisions.count() == 6
        assert self.measure() == one
        assert one[0] <= 30 and one[1] <= 12, one
