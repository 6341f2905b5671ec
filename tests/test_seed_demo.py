from __future__ import annotations

import re
import statistics
import warnings
from datetime import UTC, date, datetime, time, timedelta
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.test import TestCase
from django.utils import timezone

from articles.management.commands import seed_demo
from articles.models import Article, ArticleAuthor, Author, Helpline, HelplineCountry
from articles.reviewed_content import reviewed_change
from topics.models import Topic

SEED_DIRS = [
    Path(settings.BASE_DIR).parent / "shared" / "seeds",
    Path(settings.BASE_DIR).parent.parent / "shared" / "seeds",
]


def run_seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue().strip()


def snapshot() -> dict:
    """Every stored value the command writes, including timestamps and relations."""
    rows = {}
    for model in (Topic, Author, Article, ArticleAuthor, Helpline):
        for obj in model.objects.order_by("pk"):
            values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
            values.update(model_to_dict(obj, fields=[f.name for f in obj._meta.many_to_many]))
            if model is Article:
                values["tags"] = sorted(obj.tags.names())
            rows[(model.__name__, obj.pk)] = repr(values)
    return rows


class SeedDemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.first_output = run_seed()

    def test_first_run_reports_what_it_created(self):
        """The one-line summary counts the rows the first run wrote."""
        assert self.first_output.splitlines()[-1] == (
            "Demo content (7 topics, 4 authors, 19 articles, 13 helplines): "
            "43 created, 0 updated, 0 unchanged."
        )

    def test_topics_have_a_parent_subject_intros_and_symmetrical_relations(self):
        """Topic pages have something to show: summaries, introductions, a subject, links."""
        topics = list(Topic.objects.prefetch_related("related", "subtopics"))
        assert len(topics) >= 6
        parent = Topic.objects.get(slug="psychology")
        assert parent.parent is None
        assert parent.subtopics.count() >= 5
        for topic in topics:
            assert topic.summary and topic.introduction_html.startswith("<p>"), topic.slug
            for other in topic.related.all():
                assert topic in other.related.all(), (topic.slug, other.slug)
        assert sum(1 for t in topics if t.related.exists()) >= 5
        assert len({t.display_order for t in topics}) == len(topics)

    def test_authors_are_credentialed_with_bios(self):
        """Bylines show named, credentialed authors with a biography page."""
        authors = list(Author.objects.all())
        assert len(authors) == 4
        assert {a.credentials for a in authors} == {
            "Ph.D.",
            "LCSW",
            "PsyD",
            "Psicóloga General Sanitaria",
        }
        for author in authors:
            assert "fictional" in author.bio_html
            assert author.bio_html.count("<p>") >= 2

    def test_articles_cover_every_kind_with_their_required_fields(self):
        """Every topic section has demo content, and kind-specific fields are filled in."""
        articles = list(Article.objects.prefetch_related("topics", "tags", "article_authors"))
        assert len(articles) == 19
        assert {a.kind for a in articles} == set(Article.Kind.values)
        visible_kinds = set(Article.objects.published().values_list("kind", flat=True))
        assert visible_kinds == set(Article.Kind.values)
        for article in articles:
            if article.kind in Article.KINDS_WITH_EXTERNAL_URL:
                assert article.external_url.startswith("https://"), article.slug
            if article.kind == Article.Kind.QA:
                assert article.question.endswith("?"), article.slug
            assert article.primary_topic in article.topics.all(), article.slug
            assert article.tags.exists(), article.slug
            assert article.article_authors.exists(), article.slug

    def test_articles_have_substantial_bodies(self):
        """Bodies show what the article page renders: paragraphs, a list and sub-headings."""
        for article in Article.objects.all():
            assert article.body_html.count("<p>") >= 3, article.slug
            assert "<ul>" in article.body_html and "<h2 " in article.body_html, article.slug
            assert article.reading_time >= 1

    def test_bylines_pull_quotes_updates_and_related_articles(self):
        """The page features that need data: two-author bylines, quotes, updates, related."""
        two_authors = [
            a for a in Article.objects.all() if a.article_authors.count() == 2
        ]  # fmt: skip
        assert len(two_authors) >= 3
        for article in two_authors:
            assert list(article.article_authors.values_list("order", flat=True)) == [0, 1]
        assert Article.objects.exclude(pull_quote="").count() >= 4
        updated = [a for a in Article.objects.published() if a.was_updated]
        assert len(updated) >= 3
        assert Article.related_articles.through.objects.count() >= 6

    def test_draft_and_scheduled_articles_are_hidden_from_readers(self):
        """The demo has a draft and a scheduled article, and readers see neither."""
        draft = Article.objects.get(status=Article.Status.DRAFT)
        scheduled = Article.objects.scheduled().get()
        published = Article.objects.published()
        assert draft not in published and scheduled not in published
        assert published.count() == 17
        assert scheduled.published_at.time() == time(0, 0)
        assert scheduled.published_at > timezone.now() + timedelta(days=28)

    def test_helplines_are_the_real_services(self):
        """Real public services in at least eight countries, each with its source to check."""
        helplines = {h.name: h for h in Helpline.objects.prefetch_related("countries")}
        assert len(helplines) == 13
        assert helplines["Samaritans"].phone == "116 123"
        assert [c.country.code for c in helplines["Samaritans"].countries.all()] == ["GB", "IE"]
        assert helplines["988 Suicide & Crisis Lifeline"].phone == "988"
        assert helplines["Crisis Text Line"].text_href == "sms:741741?&body=HOME"
        assert helplines["Shout"].text_href == "sms:85258?&body=SHOUT"
        assert helplines["Lifeline Australia"].phone == "13 11 14"
        assert helplines["Lifeline Aotearoa"].phone == "0800 543 354"
        assert helplines["Línea de la Vida"].phone == "800 911 2000"
        countries = set(HelplineCountry.objects.values_list("country", flat=True))
        assert {"GB", "IE", "US", "CA", "AU", "NZ", "ES", "MX"} <= countries
        for line in helplines.values():
            assert line.url.startswith("https://") and line.source_url.startswith("https://")
            assert line.is_active and line.hours and line.languages
        # A line not yet checked against its source is listed as overdue, not given a date.
        overdue = {h.name for h in Helpline.objects.verification_overdue(date(2026, 12, 3))}
        assert "Línea de la Vida" in overdue and "Samaritans" not in overdue

    def test_second_run_changes_nothing(self):
        """Re-running writes no row: same counts, same values, same updated_at timestamps."""
        before = snapshot()
        assert run_seed().endswith("0 created, 0 updated, 43 unchanged.")
        assert snapshot() == before

    def test_run_restores_edited_rows_and_relations(self):
        """Changed relations are set back exactly, and the rows reported as updated; the
        reviewed text of a published article is not: the demo's text waits as a revision."""
        article = Article.objects.get(slug="understanding-anxiety")
        article.title = "Edited"
        with reviewed_change():  # as if a reviewer had published the edit
            article.save()
        article.tags.add("extra keyword")
        article.topics.add(Topic.objects.get(slug="grief-and-loss"))
        Topic.objects.get(slug="anxiety").related.clear()
        output = run_seed()
        # The article and the anxiety topic (symmetrical links are restored from its side).
        assert output.endswith("0 created, 2 updated, 41 unchanged."), output
        article.refresh_from_db()
        assert article.title == "Edited"
        revision = article.revisions.get()
        assert revision.content["title"] == "Understanding anxiety: what it is and what helps"
        assert (revision.source, revision.state) == ("seed_demo", "submitted")
        assert "extra keyword" not in article.tags.names()
        assert set(article.topics.values_list("slug", flat=True)) == {"anxiety", "stress"}
        assert Topic.objects.get(slug="stress").related.filter(slug="anxiety").exists()

    def test_scheduled_date_is_kept_until_it_passes(self):
        """The scheduled article does not move on re-runs, but never falls into the past."""
        scheduled = Article.objects.scheduled().get()
        original = scheduled.published_at
        run_seed()
        scheduled.refresh_from_db()
        assert scheduled.published_at == original
        Article.objects.filter(pk=scheduled.pk).update(published_at=timezone.now())
        assert run_seed().endswith("1 updated, 42 unchanged.")
        scheduled.refresh_from_db()
        day = timezone.now().date() + timedelta(days=seed_demo.SCHEDULE_DAYS_AHEAD)
        assert scheduled.published_at == datetime.combine(day, time(0, 0), tzinfo=UTC)


class SeedDemoErrorTests(TestCase):
    def write(self, tmp: Path, content: dict) -> str:
        path = tmp / "demo.yaml"
        path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        return str(path)

    def valid_content(self) -> dict:
        return yaml.safe_load(seed_demo.DEMO_CONTENT.read_text(encoding="utf-8"))

    @pytest.fixture(autouse=True)
    def _tmp(self, tmp_path: Path) -> None:
        self.tmp = tmp_path

    def test_missing_or_malformed_file_is_a_clear_error(self):
        """A bad --data file stops with a CommandError naming the problem, not a traceback."""
        with pytest.raises(CommandError, match="Cannot read"):
            run_seed("--data", str(self.tmp / "nope.yaml"))
        (self.tmp / "bad.yaml").write_text("topics: [unclosed", encoding="utf-8")
        with pytest.raises(CommandError, match="not valid YAML"):
            run_seed("--data", str(self.tmp / "bad.yaml"))
        (self.tmp / "list.yaml").write_text("- 1\n- 2\n", encoding="utf-8")
        with pytest.raises(CommandError, match="mapping"):
            run_seed("--data", str(self.tmp / "list.yaml"))

    def test_invalid_article_rolls_back_everything(self):
        """One bad article writes nothing at all: the run is one transaction."""
        content = self.valid_content()
        qa = next(a for a in content["articles"] if a["kind"] == "qa")
        qa["question"] = ""
        with pytest.raises(CommandError, match="need a question"):
            run_seed("--data", self.write(self.tmp, content))
        assert not Topic.objects.exists() and not Article.objects.exists()

    def test_a_published_article_without_a_review_is_refused(self):
        """The file cannot publish an article no clinician reviewed: the run names it."""
        content = self.valid_content()
        del content["reviews"]["waking-at-3am"]
        with pytest.raises(CommandError, match="waking-at-3am.*needs a recorded clinical review"):
            run_seed("--data", self.write(self.tmp, content))
        assert not Article.objects.exists()

    def test_unknown_references_and_invalid_values_are_reported(self):
        """Typos in slugs or values name the entry and the field."""
        cases = [
            (("articles", 0, "primary_topic"), "no-such-topic", "unknown no-such-topic"),
            (("articles", 0, "authors"), ["nobody"], "unknown nobody"),
            (("articles", 0, "kind"), "poem", "unknown kind"),
            (("articles", 0, "published_at"), "yesterday", "not an ISO date"),
            (("articles", 0, "published_at"), "2024-01-01T09:00:00", "needs a UTC offset"),
            (("articles", 0, "title"), "x" * 201, "at most 200 characters"),
            (("topics", 1, "parent"), "nowhere", "must be listed before"),
        ]
        for (section, index, field), value, message in cases:
            content = self.valid_content()
            content[section][index][field] = value
            with pytest.raises(CommandError, match=message):
                run_seed("--data", self.write(self.tmp, content))
        assert not Article.objects.exists()


def _seed_dir() -> Path | None:
    return next((path for path in SEED_DIRS if path.is_dir()), None)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def test_no_text_from_the_seed_pages_leaks_into_demo_content():
    """The demo content is original: no run of eight words matches the real seed pages."""
    seeds = _seed_dir()
    if seeds is None:
        pytest.skip("the shared seed pages are not on this machine")
    demo = " ".join(_words(seed_demo.DEMO_CONTENT.read_text(encoding="utf-8")))
    checked = 0
    for page in sorted(seeds.glob("*.txt")):
        words = _words(page.read_text(encoding="utf-8", errors="replace"))
        for start in range(0, max(0, len(words) - 8)):
            phrase = " ".join(words[start : start + 8])
            assert phrase not in demo, f"{page.name}: {phrase!r}"
            checked += 1
    assert checked > 1000


def test_demo_articles_are_plain_language():
    """Psychoeducation aims at reading grade 8: the demo content shows editors the standard."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # textstat 0.7.4 imports the deprecated pkg_resources
        import textstat
    content = yaml.safe_load(seed_demo.DEMO_CONTENT.read_text(encoding="utf-8"))
    bodies = {
        language: [
            re.sub(r"[#*_-]", " ", article["body"])
            for article in content["articles"]
            if article.get("language", "en") == language
        ]
        for language in ("en", "es")
    }
    grades = [textstat.flesch_kincaid_grade(body) for body in bodies["en"]]
    assert statistics.median(grades) <= 8
    assert max(grades) <= 10
    # Spanish is scored on its own scale (Szigriszt-Pazos, INFLESZ: 65 and over is “bastante
    # fácil”, about the reading age English articles aim at); English formulas misjudge it.
    textstat.set_lang("es")
    try:
        ease = [textstat.szigriszt_pazos(body) for body in bodies["es"]]
    finally:
        textstat.set_lang("en_US")
    assert len(ease) >= 3 and min(ease) >= 65


class SpanishDemoContentTests(TestCase):
    """The demo shows articles in more than one language (issue 18)."""

    @classmethod
    def setUpTestData(cls) -> None:
        run_seed()

    def test_at_least_three_reviewed_spanish_articles_in_two_topics(self):
        spanish = Article.objects.published().filter(language="es")
        assert spanish.count() >= 3
        assert spanish.values("primary_topic").distinct().count() >= 2
        for article in spanish.select_related("reviewed_by"):
            assert article.reviewed_by.name == "Dra. Elena Ruiz", article.slug
            assert article.last_reviewed and article.next_review_due, article.slug
            assert article.key_points_list, article.slug
            assert article.article_authors.filter(
                author__credentials="Psicóloga General Sanitaria"
            ).exists(), article.slug

    def test_the_spanish_panic_article_and_its_english_original_link_each_other(self):
        english = Article.objects.get(slug="panic-attacks-riding-them-out")
        spanish = Article.objects.get(slug="ataques-de-panico-como-atravesarlos")
        assert english.translation_group == spanish.translation_group is not None
        english_page = self.client.get(english.get_absolute_url()).content.decode()
        assert 'href="/articles/ataques-de-panico-como-atravesarlos/" hreflang="es"' in english_page
        assert ">Español</a>" in english_page
        spanish_page = self.client.get(spanish.get_absolute_url()).content.decode()
        assert 'href="/articles/panic-attacks-riding-them-out/" hreflang="en"' in spanish_page
        assert '<h1 id="article-title" lang="es">' in spanish_page

    def test_a_second_run_keeps_the_translation_link_and_writes_nothing(self):
        group = Article.objects.get(slug="panic-attacks-riding-them-out").translation_group
        assert run_seed().endswith("0 created, 0 updated, 43 unchanged.")
        assert Article.objects.get(slug="panic-attacks-riding-them-out").translation_group == group

    @pytest.fixture(autouse=True)
    def _tmp(self, tmp_path: Path) -> None:
        self.tmp = tmp_path

    def test_a_second_version_in_one_language_is_refused(self):
        content = yaml.safe_load(seed_demo.DEMO_CONTENT.read_text(encoding="utf-8"))
        for entry in content["articles"]:
            if entry["slug"] == "cuando-la-mente-no-te-deja-dormir":
                entry["translation_of"] = "panic-attacks-riding-them-out"
        path = self.tmp / "two-spanish.yaml"
        path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
        with pytest.raises(CommandError, match="already this article's Español version"):
            run_seed("--data", str(path))


class SeedDemoImageTests(TestCase):
    """The demo's one library image is drawn by Kith (no third-party picture) and shown."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.first_output = run_seed()

    def test_the_diagram_is_a_checked_library_image_shown_in_its_article(self):
        from articles.images import ArticleImage
        from articles.management import demo_image

        assert "Image library: 1 demo diagram (1 written)." in self.first_output
        image = ArticleImage.objects.get()
        assert image.file.name == demo_image.NAME and (image.width, image.height) == (960, 540)
        assert image.file.storage.exists(image.file.name)
        article = Article.objects.get(slug="how-stress-affects-body-and-mind")
        assert image.markdown() in article.body
        page = self.client.get(article.get_absolute_url()).content.decode()
        assert f'<img src="{image.file.url}" alt="Diagram: stress as a loop. A demand' in page
        assert 'width="960" height="540" loading="lazy">' in page
        assert "Diagram: Kith, CC BY 4.0" in page
        assert "Image library: 1 demo diagram (0 written)." in run_seed()
        assert ArticleImage.objects.count() == 1
