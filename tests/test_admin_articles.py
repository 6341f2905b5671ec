from __future__ import annotations

import re
from datetime import timedelta
from html.parser import HTMLParser

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from articles.forms import BODY_MAX_CHARS
from articles.models import Article, ClinicalReviewer
from tests.factories import make_article, make_author, make_topic

ADD_URL = reverse("admin:articles_article_add")
CHANGELIST_URL = reverse("admin:articles_article_changelist")
BANNER = "Preview — not published"
CHANGELIST_QUERIES = 9


def change_url(article: Article) -> str:
    return reverse("admin:articles_article_change", args=[article.pk])


def workflow_url(article: Article, step: str) -> str:
    return reverse("admin:articles_article_workflow", args=[article.pk, step])


def publish_reviewed(article: Article, user) -> None:
    """Take a draft through submit and review (the workflow's methods) so it may be published."""
    reviewer = ClinicalReviewer.objects.create(name="Rae Viewer", credentials="MD")
    article.submit_for_review(by=user)
    article.mark_reviewed(by=user, reviewer=reviewer)


def publish_now(article: Article, user) -> None:
    publish_reviewed(article, user)
    article.publish(by=user)


class ElementCollector(HTMLParser):
    """Every start tag and attribute of a page, to prove hostile markup stayed inert."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def active_markup(html: str) -> list[str]:
    """Elements or attributes in ``html`` that could run script or restyle the page."""
    parser = ElementCollector()
    parser.feed(html)
    found = []
    for tag, attrs in parser.tags:
        # JSON-LD is data, never executed; its escaping is tested in test_metadata.py.
        is_json_ld = tag == "script" and attrs.get("type") == "application/ld+json"
        if (
            tag in {"script", "svg", "math", "style", "iframe", "object", "embed"}
            and not is_json_ld
        ):
            found.append(tag)
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                found.append(f"{tag}[{name}]")
            if name in {"href", "src"} and (value or "").strip().lower().startswith(
                ("javascript:", "data:text")
            ):
                found.append(f"{tag}[{name}={value}]")
    return found


class AdminArticleTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.editor = get_user_model().objects.create_superuser(
            username="editor", password="a-long-test-password"
        )
        cls.topic = make_topic(name="Sleep", slug="sleep")
        cls.other_topic = make_topic(name="Stress", slug="stress")
        cls.author = make_author(name="Ada Reviewer", credentials="PsyD", slug="ada-reviewer")
        cls.second_author = make_author(name="Ben Writer", credentials="LCSW", slug="ben-writer")

    def setUp(self) -> None:
        self.client.force_login(self.editor)

    def form_data(self, article: Article | None = None, **overrides) -> dict:
        """What the admin's add/change form posts, including the byline inline formset."""
        data = {
            "title": "Winding down before bed",
            "slug": "",
            "kind": Article.Kind.BASIC,
            "summary": "Simple steps that help the mind slow down at night.",
            "question": "",
            "body": "Some **calm** advice.\n\n## Steps\n\n- dim the lights\n- put the phone away",
            "pull_quote": "",
            "external_url": "",
            "primary_topic": str(self.topic.pk),
            "topics": [],
            "tags": "sleep, routines",
            "related_articles": [],
            "status": Article.Status.DRAFT,
            "published_at_0": "",
            "published_at_1": "",
            "content_updated_at_0": "",
            "content_updated_at_1": "",
            "comments_open": "on",
            "article_authors-TOTAL_FORMS": "2",
            "article_authors-INITIAL_FORMS": "0",
            "article_authors-MIN_NUM_FORMS": "1",
            "article_authors-MAX_NUM_FORMS": "1000",
            "article_authors-0-author": str(self.author.pk),
            "article_authors-0-order": "0",
            "article_authors-1-author": str(self.second_author.pk),
            "article_authors-1-order": "1",
            "references-TOTAL_FORMS": "0",
            "references-INITIAL_FORMS": "0",
            "references-MIN_NUM_FORMS": "0",
            "references-MAX_NUM_FORMS": "1000",
        }
        if article is not None:
            links = list(article.article_authors.order_by("order"))
            data["article_authors-INITIAL_FORMS"] = str(len(links))
            data["article_authors-TOTAL_FORMS"] = str(len(links))
            for i, link in enumerate(links):
                data[f"article_authors-{i}-id"] = str(link.pk)
                data[f"article_authors-{i}-article"] = str(article.pk)
                data[f"article_authors-{i}-author"] = str(link.author_id)
                data[f"article_authors-{i}-order"] = str(link.order)
        data.update(overrides)
        return data

    def post_errors(self, **overrides) -> dict[str, list[str]]:
        """Post the add form and return its field errors (the page must not be a 500)."""
        response = self.client.post(ADD_URL, self.form_data(**overrides))
        assert response.status_code == 200, response.status_code
        form = response.context["adminform"].form
        assert form.errors, "expected a form error"
        return {field: list(errors) for field, errors in form.errors.items()}


class ChangelistTests(AdminArticleTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.visible = make_article(title="Visible piece", primary_topic=cls.topic)
        cls.draft = make_article(
            title="Draft piece", status=Article.Status.DRAFT, primary_topic=cls.other_topic
        )
        cls.scheduled = make_article(
            title="Scheduled piece",
            kind=Article.Kind.QA,
            question="Why?",
            published_at=timezone.now() + timedelta(days=3),
            primary_topic=cls.topic,
        )

    def titles(self, query: str = "") -> list[str]:
        response = self.client.get(CHANGELIST_URL + query)
        assert response.status_code == 200
        return sorted(str(a) for a in response.context["cl"].result_list)

    def test_changelist_shows_visibility_as_a_tick(self):
        """Editors see at a glance which articles readers can see: a tick or a cross."""
        response = self.client.get(CHANGELIST_URL)
        html = response.content.decode()
        assert "Visible to readers" in html
        assert html.count('src="/static/admin/img/icon-yes.svg" alt="True"') == 1
        assert html.count('src="/static/admin/img/icon-no.svg" alt="False"') == 2
        assert "Ada Reviewer" not in html  # bylines come from the rows, none here

    def test_changelist_dates_are_short_and_columns_sort(self):
        """Dates without the time ("2 Dec 2026"), so the list fits a 1280 px screen; the short
        columns still sort by their field."""
        published = timezone.localdate(self.visible.published_at)
        due = self.visible.next_review_due
        html = self.client.get(CHANGELIST_URL).content.decode()
        row = html.split(">Visible piece</a>")[1].split("</tr>")[0]
        assert f'<td class="field-published_on">{published:%-d %b %Y}</td>' in row, row
        assert f'<td class="field-review_due">{due:%-d %b %Y}</td>' in row, row
        assert "p.m." not in row and "a.m." not in row
        assert '<td class="field-published_on">—</td>' in html  # the draft
        for column in ("published_on", "review_due", "topic"):
            assert re.search(rf'<th scope="col" class="sortable column-{column}[ "]', html), column

    def test_filters_by_status_kind_topic_and_visibility(self):
        """Each list filter narrows the changelist to the matching articles."""
        assert self.titles("?status=draft") == ["Draft piece"]
        assert self.titles("?kind=qa") == ["Scheduled piece"]
        assert self.titles(f"?topics__id__exact={self.other_topic.pk}") == ["Draft piece"]
        assert self.titles("?visibility=visible") == ["Visible piece"]
        assert self.titles("?visibility=scheduled") == ["Scheduled piece"]
        assert self.titles("?visibility=hidden") == ["Draft piece"]
        assert self.titles("?q=scheduled") == ["Scheduled piece"]

    def test_changelist_query_count_does_not_grow_with_articles(self):
        """The changelist costs a fixed number of queries, however many rows it shows."""
        # Session, user, topic filter, two counts, rows, bylines, date hierarchy (two).
        with self.assertNumQueries(CHANGELIST_QUERIES):
            response = self.client.get(CHANGELIST_URL)
        assert len(response.context["cl"].result_list) == 3
        for n in range(10):
            make_article(
                title=f"More {n}",
                primary_topic=self.topic if n % 2 else self.other_topic,
                authors=[self.author, self.second_author],
                tags=["extra"],
            )
        with self.assertNumQueries(CHANGELIST_QUERIES) as queries:
            response = self.client.get(CHANGELIST_URL)
        assert len(response.context["cl"].result_list) == 13
        assert not any('"body_html"' in query["sql"] for query in queries.captured_queries)
        assert "Ada Reviewer, Ben Writer" in response.content.decode()


class AddAndPublishTests(AdminArticleTestCase):
    def test_add_then_publish_shows_the_article_to_readers(self):
        """An article added in the admin appears on its topic and article pages once published."""
        response = self.client.post(ADD_URL, self.form_data())
        assert response.status_code == 302, response.context["adminform"].form.errors
        article = Article.objects.get(slug="winding-down-before-bed")
        assert sorted(article.tags.names()) == ["routines", "sleep"]
        assert article.ordered_authors == [self.author, self.second_author]
        assert list(article.topics.all()) == [self.topic]  # primary topic added on save
        assert '<h2 id="h-steps">Steps</h2>' in article.body_html
        self.client.logout()
        assert self.client.get(article.get_absolute_url()).status_code == 404
        assert "Winding down" not in self.client.get(self.topic.get_absolute_url()).content.decode()

        self.client.force_login(self.editor)
        # Status is not a form field: the superuser takes the workflow's steps instead.
        reviewer = ClinicalReviewer.objects.create(name="Ada Reviewer", credentials="PsyD")
        for step, data in [
            ("submit_for_review", {}),
            ("mark_reviewed", {"reviewer": str(reviewer.pk)}),
            ("publish", {}),
        ]:
            response = self.client.post(workflow_url(article, step), data)
            assert response.status_code == 302, response.context["form"].errors
        article.refresh_from_db()
        assert article.is_published() and article.published_at <= timezone.now()

        self.client.logout()
        page = self.client.get(article.get_absolute_url()).content.decode()
        assert '<h1 id="article-title">Winding down before bed</h1>' in page
        assert BANNER not in page
        topic_page = self.client.get(self.topic.get_absolute_url()).content.decode()
        assert "Winding down before bed" in topic_page

    def test_draft_is_previewable_by_the_editor_only(self):
        """A draft answers 404 to readers; the editor sees it with the preview banner."""
        self.client.post(ADD_URL, self.form_data())
        article = Article.objects.get(slug="winding-down-before-bed")
        response = self.client.get(article.get_absolute_url())
        assert BANNER in response.content.decode()
        assert response.headers["Cache-Control"] == "private, no-store"
        change_page = self.client.get(change_url(article)).content.decode()
        assert f'href="{article.get_absolute_url()}" class="viewsitelink"' in change_page
        assert "“View on site” shows a preview" in change_page
        self.client.logout()
        response = self.client.get(article.get_absolute_url())
        assert response.status_code == 404
        assert BANNER not in response.content.decode()

    def test_primary_topic_is_added_to_topics(self):
        """Choosing only a primary topic still lists the article on that topic's page."""
        self.client.post(ADD_URL, self.form_data(topics=[str(self.other_topic.pk)]))
        article = Article.objects.get(slug="winding-down-before-bed")
        assert set(article.topics.all()) == {self.topic, self.other_topic}

    def test_publishing_with_a_future_time_schedules(self):
        """A published article with a future time is scheduled, not shown yet."""
        self.client.post(ADD_URL, self.form_data())
        article = Article.objects.get(slug="winding-down-before-bed")
        publish_reviewed(article, self.editor)
        response = self.client.post(workflow_url(article, "publish"), {"at": "2999-01-01T09:00"})
        assert response.status_code == 302, response.context["form"].errors
        article.refresh_from_db()
        assert article.is_scheduled and not article.is_published()
        self.client.logout()
        assert self.client.get(article.get_absolute_url()).status_code == 404


class KindRuleTests(AdminArticleTestCase):
    def test_videos_and_links_need_an_external_url(self):
        """Videos and Links without an address are refused with a field error."""
        for kind in (Article.Kind.VIDEO, Article.Kind.LINK):
            errors = self.post_errors(kind=kind)
            assert errors["external_url"] == [
                "Videos and Links need the address of the video or resource."
            ]
        assert not Article.objects.exists()

    def test_questions_need_a_question(self):
        """A Q&A without the reader's question is refused."""
        errors = self.post_errors(kind=Article.Kind.QA, question="   ")
        assert errors["question"] == ["Questions and Answers need the reader's question."]

    def test_slug_is_made_from_the_title_and_must_be_unique(self):
        """Without JavaScript the slug is filled from the title; a clash is a form error."""
        assert self.client.post(ADD_URL, self.form_data()).status_code == 302
        errors = self.post_errors()
        assert errors["slug"] == ["Article with this Slug already exists."]


class HostileInputTests(AdminArticleTestCase):
    def test_overlong_and_empty_fields_are_form_errors(self):
        """Too-long or missing required values are refused with the field's own message."""
        errors = self.post_errors(title="x" * 201)
        assert errors["title"] == ["Ensure this value has at most 200 characters (it has 201)."]
        errors = self.post_errors(title="  ", summary="", primary_topic="", kind="")
        for field in ("title", "summary", "primary_topic", "kind"):
            assert errors[field] == ["This field is required."], field
        assert not Article.objects.exists()

    def test_byline_needs_an_author(self):
        """An article without any author is refused: health content names its authors."""
        response = self.client.post(
            ADD_URL,
            self.form_data(**{"article_authors-TOTAL_FORMS": "1", "article_authors-0-author": ""}),
        )
        assert response.status_code == 200
        formset, _references = response.context["inline_admin_formsets"]
        assert formset.formset.errors == [{"author": ["This field is required."]}]
        assert not Article.objects.exists()

    def test_nul_bytes_are_refused(self):
        """NUL bytes (which PostgreSQL cannot store) are a form error, not a 500."""
        errors = self.post_errors(title="Bad\x00title", body="Bad\x00body", tags="a\x00b")
        for field in ("title", "body", "tags"):
            assert errors[field] == ["Null characters are not allowed."], field

    def test_megabyte_body_is_refused(self):
        """A 1 MB paste is refused with the limit, before it is rendered."""
        errors = self.post_errors(body="word " * 200_000)
        assert errors["body"] == [
            f"The body is 999,999 characters long; the limit is {BODY_MAX_CHARS:,}. "
            "Split it into several articles."
        ]

    def test_unicode_title_and_body_are_stored_and_shown(self):
        """Emoji and right-to-left text survive the round trip; an empty slug must be typed."""
        title = "🧠 مرحبا بكم — Ünïcödé"
        errors = self.post_errors(title="🧠🌙")
        assert errors["slug"] == [
            "Give the article a web address using letters, numbers or hyphens."
        ]
        response = self.client.post(
            ADD_URL,
            self.form_data(title=title, slug="unicode", body="שלום 👋🏽"),
        )
        assert response.status_code == 302
        article = Article.objects.get(slug="unicode")
        publish_now(article, self.editor)
        assert article.title == title
        self.client.logout()
        page = self.client.get(article.get_absolute_url()).content.decode()
        assert title in page and "שלום 👋🏽" in page

    def test_hostile_markup_is_stored_and_rendered_inert(self):
        """Script, event handlers, javascript: links, SVG/MathML/style/iframe never become live."""
        body = "\n\n".join(
            [
                "<script>alert(1)</script>",
                '<img src=x onerror="alert(2)">',
                "[click](javascript:alert(3)) and [data](data:text/html,<b>x</b>)",
                '![pic](x" onerror="alert(4))',
                "<svg onload=alert(5)></svg> <math><mi>x</mi></math>",
                "<style>body{display:none}</style>",
                '<iframe src="https://evil.example"></iframe>',
                '<a href="javascript:alert(6)">raw link</a>',
            ]
        )
        title = "<script>alert('title')</script> Title"
        response = self.client.post(
            ADD_URL,
            self.form_data(
                title=title,
                slug="hostile",
                body=body,
                summary='<img src=x onerror="alert(7)">',
                pull_quote="<svg onload=alert(8)>",
            ),
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        article = Article.objects.get(slug="hostile")
        publish_now(article, self.editor)
        assert article.body == body and article.title == title  # stored as typed
        assert active_markup(article.body_html) == []
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article.body_html

        for url in (CHANGELIST_URL, change_url(article)):
            page = self.client.get(url).content.decode()
            assert "<script>alert('title')" not in page
        self.client.logout()
        page = self.client.get(article.get_absolute_url()).content.decode()
        assert active_markup(page) == []
        assert "&lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt; Title" in page
        topic_page = self.client.get(self.topic.get_absolute_url()).content.decode()
        assert active_markup(topic_page) == []

    def test_javascript_external_url_is_refused(self):
        """A javascript: address for a Link is not a URL."""
        errors = self.post_errors(kind=Article.Kind.LINK, external_url="javascript:alert(1)")
        assert errors["external_url"] == ["Enter a valid URL."]
