"""Demo data for the editorial work: seed_demo's reviews, references and pages; demo users."""

from __future__ import annotations

import re
import stat
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.flatpages.models import FlatPage
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from articles.management.commands import seed_demo_users
from articles.models import Article, ClinicalReviewer, Reference
from articles.transparency import TRANSPARENCY_PAGES
from tests.test_admin_articles import active_markup


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


class SeedDemoEditorialTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = run("seed_demo")

    def test_transparency_pages_are_seeded_and_served(self):
        """All six pages exist with original text and render in the site's design."""
        assert "6 transparency pages (6 written)" in self.output
        for _name, address, title in TRANSPARENCY_PAGES:
            page = FlatPage.objects.get(url=address)
            assert page.title == title and page.content.startswith("<")
            response = self.client.get(address)
            self.assertContains(response, f'<h1 id="page-title">{title}</h1>', html=True)
            assert active_markup(response.content.decode()) == []

    def test_reviews_references_and_overdue_article(self):
        """Seeded articles carry reviewers, references and one overdue review."""
        anxiety = Article.objects.get(slug="understanding-anxiety")
        assert anxiety.reviewed_by.display_name == "Dr Hana Brooks, MBBS, MRCPsych"
        assert anxiety.references.count() == 2 and len(anxiety.key_points_list) == 4
        assert Article.objects.review_overdue().filter(slug="panic-attacks-riding-them-out")
        low_mood = Article.objects.get(slug="low-mood-or-depression")
        assert low_mood.about_suicide and low_mood.content_note
        page = self.client.get(anxiety.get_absolute_url()).content.decode()
        assert "Reviewed by Dr Hana Brooks, MBBS, MRCPsych" in page

    def test_every_published_article_is_reviewed_and_exactly_two_are_overdue(self):
        """The home page's claim holds for the demo: all published articles are reviewed."""
        published = Article.objects.filter(status=Article.Status.PUBLISHED)
        assert published.count() == 18 and Article.objects.published().count() == 17  # + 1 ahead
        assert not published.filter(reviewed_by__isnull=True).exists()
        assert not published.filter(last_reviewed__isnull=True).exists()
        assert not published.filter(next_review_due__isnull=True).exists()
        overdue = set(Article.objects.review_overdue().values_list("slug", flat=True))
        assert overdue == {"panic-attacks-riding-them-out", "movement-and-mood-research"}

    def test_every_published_page_shows_its_review_under_the_title(self):
        """A reader of any demo article sees who reviewed it and when, right below the title."""
        for article in Article.objects.published().select_related("reviewed_by"):
            page = self.client.get(article.get_absolute_url()).content.decode()
            after_title = page[page.index("</h1>") + 5 :].lstrip()
            assert after_title.startswith('<div class="review-line'), article.slug
            line = re.sub(
                r"\s+", " ", re.sub(r"<[^>]+>", "", after_title[: after_title.index("</div>")])
            )
            assert (
                f"Reviewed by {article.reviewed_by.display_name} · Page last reviewed "
                f"{article.last_reviewed:%-d %B %Y} · Next review due"
            ) in line, article.slug
            overdue = "This page is due for clinical review; it was last reviewed on" in line
            assert overdue == article.is_review_overdue, article.slug

    def test_second_run_writes_nothing(self):
        """Re-running writes no reviewer, page, reference or article."""
        before = list(Reference.objects.values_list("pk", flat=True))
        output = run("seed_demo")
        assert "(0 written)" in output and output.count("(0 written)") == 3  # and the diagram
        assert output.strip().endswith("0 created, 0 updated, 43 unchanged.")
        assert list(Reference.objects.values_list("pk", flat=True)) == before
        assert ClinicalReviewer.objects.count() == 3


class SeedDemoUsersTests(TestCase):
    @pytest.fixture(autouse=True)
    def _password_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """Never touch the real BASE_DIR/.local-demo-users."""
        self.password_file = tmp_path / ".local-demo-users"
        monkeypatch.setattr(seed_demo_users, "PASSWORD_FILE", self.password_file)

    def logins(self, output: str) -> dict[str, str]:
        return dict(re.findall(r"username: (\S+)  password: (\S+)", output))

    def test_creates_editor_and_reviewer_and_skips_missing_moderators(self):
        """Editor and reviewer get their groups; Moderators absent → a note, no account."""
        Group.objects.filter(name="Moderators").delete()
        output = run("seed_demo_users")
        logins = self.logins(output)
        assert set(logins) == {"editor", "reviewer"}
        assert "Skipped moderator: the Moderators group does not exist yet" in output
        User = get_user_model()
        editor = User.objects.get(username="editor")
        assert editor.check_password(logins["editor"]) and not editor.is_superuser
        assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]
        reviewer = User.objects.get(username="reviewer")
        assert reviewer.clinical_reviewer.credentials
        assert stat.S_IMODE(self.password_file.stat().st_mode) == 0o600

    def test_rerun_keeps_passwords_and_adds_moderator_once_group_exists(self):
        """A second run prints the same passwords; a Moderators group adds the third account."""
        first = self.logins(run("seed_demo_users"))
        Group.objects.get_or_create(name="Moderators")
        second = self.logins(run("seed_demo_users"))
        assert second["editor"] == first["editor"] and second["reviewer"] == first["reviewer"]
        moderator = get_user_model().objects.get(username="moderator")
        assert moderator.check_password(second["moderator"])
        assert not moderator.has_perm("articles.change_article")
        assert ClinicalReviewer.objects.filter(user__username="reviewer").count() == 1

    @override_settings(HTTPS=True)
    def test_refuses_in_https_mode(self):
        """Production (DJANGO_HTTPS on) gets an error and no accounts."""
        with pytest.raises(CommandError, match="development only"):
            run("seed_demo_users")
        assert not get_user_model().objects.filter(username="editor").exists()
