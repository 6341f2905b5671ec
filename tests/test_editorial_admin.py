"""The article admin's editorial workflow, role by role, and its new fields' validation."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.redirects.models import Redirect
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    make_article,
    make_author,
    make_reference,
    make_reviewer,
    make_topic,
    make_user,
)
from tests.test_admin_articles import active_markup

CHANGELIST = reverse("admin:articles_article_changelist")
INDEX = reverse("admin:index")


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def step_url(article: Article, step: str) -> str:
    return reverse("admin:articles_article_workflow", args=[article.pk, step])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


class EditorialAdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.editor = make_user(username="ed", groups=["Editors"], is_staff=True)
        cls.reviewer_user = make_user(username="rev", groups=["Clinical reviewers"], is_staff=True)
        cls.reviewer = make_reviewer(
            name="Ruth Adeyemi", credentials="MRCPsych", user=cls.reviewer_user
        )
        # Like the comments app's Moderators: staff, comment permissions only, none on articles.
        cls.moderator = make_user(username="mod", is_staff=True)
        cls.superuser = get_user_model().objects.create_superuser(
            username="root", password="a-long-test-password"
        )
        cls.topic = make_topic(name="Sleep", slug="sleep")
        cls.author = make_author(name="Ada Writer")

    def form_data(self, article: Article, **overrides) -> dict:
        """The change form as posted, with the byline and references formsets."""
        data = {
            "title": article.title,
            "slug": article.slug,
            "kind": article.kind,
            "summary": article.summary,
            "question": article.question,
            "body": article.body,
            "content_note": article.content_note,
            "key_points": article.key_points,
            "pull_quote": "",
            "external_url": "",
            "primary_topic": str(article.primary_topic_id),
            "tags": "",
            "comments_open": "on",
            "article_authors-TOTAL_FORMS": "1",
            "article_authors-INITIAL_FORMS": "0",
            "article_authors-MIN_NUM_FORMS": "1",
            "article_authors-MAX_NUM_FORMS": "1000",
            "article_authors-0-author": str(self.author.pk),
            "article_authors-0-order": "0",
            "article_authors-0-article": str(article.pk),
            "references-TOTAL_FORMS": "0",
            "references-INITIAL_FORMS": "0",
            "references-MIN_NUM_FORMS": "0",
            "references-MAX_NUM_FORMS": "1000",
        }
        link = article.article_authors.first()
        if link is not None:  # saved before: the byline row is an existing one
            data["article_authors-INITIAL_FORMS"] = "1"
            data["article_authors-0-id"] = str(link.pk)
        data.update(overrides)
        return data

    def with_references(self, data: dict, *references: dict) -> dict:
        data["references-TOTAL_FORMS"] = str(len(references))
        for i, reference in enumerate(references):
            for key, value in reference.items():
                data[f"references-{i}-{key}"] = value
        return data


class RoleBoundaryTests(EditorialAdminTestCase):
    def test_editor_sees_submit_only(self):
        """An editor's draft offers “Submit for review”, never Publish; status is no field."""
        article = make_article(status=Article.Status.DRAFT, primary_topic=self.topic)
        self.client.force_login(self.editor)
        page = self.client.get(change_url(article)).content.decode()
        assert f'href="{step_url(article, "submit_for_review")}"' in page
        for step in ("publish", "mark_reviewed", "archive", "return_to_draft"):
            assert step_url(article, step) not in page
        assert 'name="status"' not in page and 'name="published_at_0"' not in page
        actions = self.client.get(CHANGELIST).content.decode()
        assert 'value="submit_selected"' in actions
        assert 'value="publish_selected"' not in actions
        assert 'value="mark_reviewed_selected"' not in actions

    def test_reviewer_sees_review_publish_return(self):
        """A reviewer's in-review page offers Mark reviewed, Return to draft and Publish."""
        article = make_article(status=Article.Status.IN_REVIEW, primary_topic=self.topic)
        self.client.force_login(self.reviewer_user)
        page = self.client.get(change_url(article)).content.decode()
        for step in ("mark_reviewed", "return_to_draft", "publish"):
            assert step_url(article, step) in page, step
        assert step_url(article, "submit_for_review") not in page
        actions = self.client.get(CHANGELIST).content.decode()
        assert 'value="publish_selected"' in actions and 'value="submit_selected"' not in actions

    def test_editor_trying_to_publish_is_refused(self):
        """The publish URL answers 403 to an editor, by GET or POST, and nothing changes."""
        article = make_article(status=Article.Status.IN_REVIEW, primary_topic=self.topic)
        article.mark_reviewed(by=self.reviewer_user)
        self.client.force_login(self.editor)
        assert self.client.get(step_url(article, "publish")).status_code == 403
        assert self.client.post(step_url(article, "publish")).status_code == 403
        response = self.client.post(
            CHANGELIST, {"action": "publish_selected", "_selected_action": [article.pk]}
        )
        assert response.status_code in (200, 302)
        assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW

    def test_editor_cannot_publish_through_the_form(self):
        """Posting status=published (or a date) in the change form changes neither."""
        article = make_article(status=Article.Status.DRAFT, primary_topic=self.topic)
        self.client.force_login(self.editor)
        data = self.form_data(
            article, status="published", published_at_0="2024-01-01", published_at_1="09:00"
        )
        response = self.client.post(change_url(article), data)
        assert response.status_code == 302
        stored = Article.objects.get(pk=article.pk)
        assert stored.status == Article.Status.DRAFT and stored.published_at is None

    def test_moderator_cannot_open_or_change_articles(self):
        """Staff without article permissions get 403 on every article admin page."""
        article = make_article(primary_topic=self.topic)
        self.client.force_login(self.moderator)
        compare = reverse("admin:articles_article_compare", args=[article.pk])
        for url in (
            CHANGELIST,
            change_url(article),
            step_url(article, "archive"),
            f"{compare}?from=1&to=2",
            reverse("admin:articles_article_history", args=[article.pk]),
        ):
            assert self.client.get(url).status_code == 403, url
        response = self.client.post(change_url(article), self.form_data(article, title="Hacked"))
        assert response.status_code == 403
        assert Article.objects.get(pk=article.pk).title == article.title

    def test_superuser_sees_every_action(self):
        """A superuser's changelist offers all four bulk actions."""
        make_article(primary_topic=self.topic)
        self.client.force_login(self.superuser)
        page = self.client.get(CHANGELIST).content.decode()
        for action in ("submit", "mark_reviewed", "publish", "archive"):
            assert f'value="{action}_selected"' in page, action


class JourneyTests(EditorialAdminTestCase):
    def test_editor_submits_reviewer_reviews_and_publishes(self):
        """The whole journey through the admin's buttons, with messages and stored audit."""
        article = make_article(status=Article.Status.DRAFT, primary_topic=self.topic)
        self.client.force_login(self.editor)
        response = self.client.post(step_url(article, "submit_for_review"), follow=True)
        assert "was submitted for review" in " ".join(messages_of(response))
        self.client.force_login(self.reviewer_user)
        form = self.client.get(step_url(article, "mark_reviewed")).content.decode()
        assert 'name="notes"' in form and 'name="reviewer"' in form
        response = self.client.post(
            step_url(article, "mark_reviewed"), {"notes": "Checked against guidance."}
        )
        assert response.status_code == 302
        response = self.client.post(step_url(article, "publish"), {"at": ""}, follow=True)
        shown = " ".join(messages_of(response))
        assert "was published" in shown and "without references" in shown
        stored = Article.objects.get(pk=article.pk)
        assert stored.is_published() and stored.reviewed_by == self.reviewer
        assert stored.review_notes == "Checked against guidance."
        page = self.client.get(change_url(stored)).content.decode()
        assert "Ruth Adeyemi, MRCPsych" in page

    def test_publish_without_review_shows_the_reason(self):
        """Publishing an unreviewed article re-shows the form with the model's message."""
        article = make_article(status=Article.Status.IN_REVIEW, primary_topic=self.topic)
        self.client.force_login(self.reviewer_user)
        response = self.client.post(step_url(article, "publish"), {"at": ""})
        self.assertContains(response, "Record a clinical review")
        assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW

    def test_bulk_mark_reviewed_asks_then_applies(self):
        """The changelist action shows an intermediate form, then records the review on each."""
        articles = [make_article(primary_topic=self.topic) for _ in range(2)]
        self.client.force_login(self.reviewer_user)
        ids = [a.pk for a in articles]
        data = {"action": "mark_reviewed_selected", "_selected_action": ids}
        response = self.client.post(CHANGELIST, data)
        self.assertContains(response, 'name="notes"')
        response = self.client.post(CHANGELIST, {**data, "apply": "1", "notes": "Yearly check"})
        assert response.status_code == 302
        for article in Article.objects.filter(pk__in=ids):
            assert article.reviewed_by == self.reviewer and article.review_notes == "Yearly check"

    def test_bulk_publish_reports_refusals(self):
        """Bulk publishing an unreviewed article says why it was not published."""
        article = make_article(status=Article.Status.IN_REVIEW, primary_topic=self.topic)
        self.client.force_login(self.reviewer_user)
        response = self.client.post(
            CHANGELIST,
            {"action": "publish_selected", "_selected_action": [article.pk]},
            follow=True,
        )
        assert "Record a clinical review" in " ".join(messages_of(response))
        assert Article.objects.get(pk=article.pk).status == Article.Status.IN_REVIEW


class EditingTests(EditorialAdminTestCase):
    def test_significant_update_moves_updated_and_typo_fix_does_not(self):
        """Only the ticked box moves “Updated”; neither moves the last review."""
        article = make_article(primary_topic=self.topic)
        article.mark_reviewed(by=self.reviewer_user)
        reviewed = Article.objects.get(pk=article.pk).last_reviewed
        self.client.force_login(self.editor)
        data = self.form_data(article, body=article.body + " typo")
        assert self.client.post(change_url(article), data).status_code == 302
        assert Article.objects.get(pk=article.pk).content_updated_at is None
        data = self.form_data(article, body="New advice.", significant_update="on")
        assert self.client.post(change_url(article), data).status_code == 302
        stored = Article.objects.get(pk=article.pk)
        assert timezone.now() - stored.content_updated_at < timedelta(minutes=1)
        assert stored.last_reviewed == reviewed

    def test_slug_change_on_published_article_redirects_permanently(self):
        """The old address answers 301 to the new one; chains are collapsed."""
        article = make_article(slug="old-name", primary_topic=self.topic)
        self.client.force_login(self.editor)
        self.client.post(change_url(article), self.form_data(article, slug="new-name"))
        self.client.post(change_url(article), self.form_data(article, slug="newest-name"))
        self.client.logout()
        for old in ("/articles/old-name/", "/articles/new-name/"):
            response = self.client.get(old)
            assert response.status_code == 301, old
            assert response["Location"] == "/articles/newest-name/"
        assert self.client.get("/articles/newest-name/").status_code == 200

    def test_slug_change_on_draft_makes_no_redirect(self):
        """A draft's address was never public: no redirect is created."""
        article = make_article(
            slug="draft-name", status=Article.Status.DRAFT, primary_topic=self.topic
        )
        self.client.force_login(self.editor)
        self.client.post(change_url(article), self.form_data(article, slug="draft-renamed"))
        assert not Redirect.objects.exists()

    def test_references_are_saved_in_order_and_numbered_on_the_page(self):
        """References edited inline appear as a numbered list in their order — on a published
        article once a clinical reviewer has published the revision that adds them."""
        article = make_article(primary_topic=self.topic)
        self.client.force_login(self.editor)
        data = self.with_references(
            self.form_data(article),
            {"citation": "Second source (2020).", "url": "https://example.org/b", "order": "2"},
            {"citation": "First (2019).", "doi": "https://doi.org/10.1000/xyz", "order": "1"},
        )
        response = self.client.post(change_url(article), data)
        assert response.status_code == 302
        assert not article.references.exists()  # waiting in the revision
        revision = article.revisions.get()
        self.client.force_login(self.reviewer_user)
        publish = reverse("admin:articles_articlerevision_publish", args=[revision.pk])
        assert self.client.post(publish, {"significant": "on"}).status_code == 302
        assert list(article.references.values_list("citation", "doi")) == [
            ("First (2019).", "10.1000/xyz"),
            ("Second source (2020).", ""),
        ]
        page = self.client.get(article.get_absolute_url()).content.decode()
        refs = page[page.index('id="references-heading"') :]
        assert refs.index("First (2019)") < refs.index("Second source")
        assert '<a href="https://doi.org/10.1000/xyz" rel="noopener nofollow">' in refs

    def test_published_without_references_warns(self):
        """Saving a published article that cites nothing shows a warning; with one it does not."""
        article = make_article(primary_topic=self.topic)
        self.client.force_login(self.editor)
        response = self.client.post(change_url(article), self.form_data(article), follow=True)
        assert "without references" in " ".join(messages_of(response))
        make_reference(article=article)
        data = self.form_data(article)
        data["references-INITIAL_FORMS"] = "0"
        response = self.client.post(change_url(article), data, follow=True)
        assert "without references" not in " ".join(messages_of(response))

    @override_settings(KITH_READING_GRADE_TARGET=8)
    def test_readability_in_list_and_form_with_warning_above_target(self):
        """The grade shows with the target; above it, a warning appears in list and form."""
        easy = make_article(title="Easy", body="The cat sat on the mat. It was a sunny day.")
        hard = make_article(
            title="Hard",
            body="Notwithstanding considerable epidemiological heterogeneity, psychotherapeutic "
            "interventions demonstrate substantial effectiveness.",
        )
        self.client.force_login(self.editor)
        listing = self.client.get(CHANGELIST).content.decode()
        assert '<span class="readability-warning">35.1 — above 8</span>' in listing
        assert ">0.0<" in listing
        form = self.client.get(change_url(hard)).content.decode()
        assert "Reading grade 35.1 (Flesch–Kincaid; target 8 or lower)" in form
        assert "Above the target" in form
        assert "Above the target" not in self.client.get(change_url(easy)).content.decode()

    def test_a_spanish_article_names_its_own_formula(self):
        spanish = make_article(
            title="Ansiedad", language="es",
            body="La ansiedad es una respuesta normal del cuerpo ante una amenaza.",
        )  # fmt: skip
        self.client.force_login(self.editor)
        form = self.client.get(change_url(spanish)).content.decode()
        assert f"Reading grade {spanish.reading_grade} (Crawford; target 8 or lower)" in form


class OverdueTests(EditorialAdminTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        today = timezone.localdate()
        for title, due in [("Overdue one", -3), ("Overdue two", -400), ("Soon", 7), ("Fine", 300)]:
            article = make_article(title=title, primary_topic=cls.topic)
            Article.objects.filter(pk=article.pk).update(
                reviewed_by=cls.reviewer,
                last_reviewed=today - timedelta(days=1200),
                next_review_due=today + timedelta(days=due),
            )

    def titles(self, query: str) -> set[str]:
        response = self.client.get(CHANGELIST + query)
        return {a.title for a in response.context["cl"].result_list}

    def test_list_filters_overdue_and_due_soon(self):
        """“Review overdue” and “Due in 30 days” list exactly the right articles."""
        self.client.force_login(self.editor)
        assert self.titles("?review=overdue") == {"Overdue one", "Overdue two"}
        assert self.titles("?review=soon") == {"Soon"}

    def test_admin_index_shows_the_overdue_count(self):
        """Editors see the overdue count on the admin index; moderators do not."""
        self.client.force_login(self.editor)
        page = self.client.get(INDEX).content.decode()
        assert "2 articles overdue for review" in page and "1 due in 30 days" in page
        assert f'href="{CHANGELIST}?review=overdue"' in page
        self.client.force_login(self.moderator)
        assert "overdue for review" not in self.client.get(INDEX).content.decode()


class HostileInputTests(EditorialAdminTestCase):
    def test_hostile_article_fields_are_form_errors(self):
        """Overlong content note, too many or too long key points, NUL bytes: field errors."""
        article = make_article(primary_topic=self.topic)
        self.client.force_login(self.editor)
        cases = {
            "content_note": ["x" * 301, "bad\x00note"],
            "key_points": ["\n".join(f"point {i}" for i in range(7)), "y" * 201, "a\x00b"],
        }
        for field, values in cases.items():
            for value in values:
                data = self.form_data(article, **{field: value})
                response = self.client.post(change_url(article), data)
                assert response.status_code == 200, (field, value[:20])
                assert field in response.context["adminform"].form.errors, (field, value[:20])

    def test_hostile_markup_in_new_fields_is_inert(self):
        """HTML/JS and unicode in content note, key points and references render as text."""
        article = make_article(primary_topic=self.topic)
        self.client.force_login(self.editor)
        script = "<script>alert(1)</script><img src=x onerror=alert(2)>"
        data = self.with_references(
            self.form_data(
                article, content_note=f"{script} 🧠 שלום", key_points=f"{script}\nسلام 👋🏽"
            ),
            {"citation": script, "url": "https://example.org/ok", "order": "0"},
        )
        assert self.client.post(change_url(article), data).status_code == 302
        admin_page = self.client.get(change_url(article)).content.decode()
        assert "<script>alert(1)" not in admin_page and "<img src=x" not in admin_page
        # The reviewer's comparison shows the markup as text, then publishes it.
        revision = article.revisions.get()
        self.client.force_login(self.reviewer_user)
        review = self.client.get(
            reverse("admin:articles_articlerevision_change", args=[revision.pk])
        ).content.decode()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in review
        assert "<script>alert(1)" not in review and "<img src=x" not in review
        publish = reverse("admin:articles_articlerevision_publish", args=[revision.pk])
        assert self.client.post(publish, {"note": ""}).status_code == 302
        page = self.client.get(article.get_absolute_url()).content.decode()
        assert "<script>alert(1)" not in page and active_markup(page) == []
        assert "🧠 שלום" in page and "سلام 👋🏽" in page

    def test_hostile_reference_fields_are_form_errors(self):
        """javascript: URLs, bad DOIs, future dates, overlong citations and NUL are refused."""
        article = make_article(primary_topic=self.topic)
        self.client.force_login(self.editor)
        future = (timezone.localdate() + timedelta(days=3)).isoformat()
        for bad in (
            {"citation": "Ok", "url": "javascript:alert(1)"},
            {"citation": "Ok", "doi": "not-a-doi"},
            {"citation": "Ok", "accessed": future},
            {"citation": "c" * 501},
            {"citation": "nul\x00here"},
            {"citation": "Ok", "accessed": "31/02/2024"},
        ):
            data = self.with_references(self.form_data(article), {"order": "0", **bad})
            response = self.client.post(change_url(article), data)
            assert response.status_code == 200, bad
            assert not article.references.exists()

    def test_hostile_workflow_input_never_500s(self):
        """Garbage reviewer ids, dates, overlong notes, unknown steps and ids: errors or 404."""
        article = make_article(status=Article.Status.IN_REVIEW, primary_topic=self.topic)
        self.client.force_login(self.superuser)
        url = step_url(article, "mark_reviewed")
        for data in (
            {"reviewer": "abc"},
            {"reviewer": "99999"},
            {"reviewed_on": "2024-13-45"},
            {"next_due": "<script>"},
            {"notes": "n" * 2001},
            {"notes": "a\x00b"},
        ):
            response = self.client.post(url, data)
            assert response.status_code == 200 and response.context["form"].errors, data
        response = self.client.post(step_url(article, "publish"), {"at": "<script>alert(1)"})
        assert response.status_code == 200 and "at" in response.context["form"].errors
        assert "<script>alert(1)" not in response.content.decode()
        for bad in ("explode", "delete"):
            assert self.client.get(step_url(article, bad)).status_code == 404
        for bad_id in ("99999", "abc"):
            url = reverse("admin:articles_article_workflow", args=[bad_id, "publish"])
            assert self.client.get(url).status_code == 404
        assert Article.objects.get(pk=article.pk).reviewed_by is None
