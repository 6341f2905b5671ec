"""What readers see of the editorial work: review line, evidence, notes, transparency pages."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import unescape

from django.contrib.auth import get_user_model
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.test import TestCase
from django.utils import timezone

from articles.models import Article
from articles.reviewed_content import reviewed_change
from articles.transparency import TRANSPARENCY_PAGES
from tests.factories import (
    make_article,
    make_author,
    make_helpline,
    make_reference,
    make_reviewer,
    make_user,
)
from tests.test_admin_articles import active_markup


def visible_text(page: str) -> str:
    """What a reader sees of the page's main content: tags dropped, spaces collapsed."""
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", main))).replace(" .", ".")


FOOTER_URLS = [address for _name, address, _title in TRANSPARENCY_PAGES]


class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        make_helpline(name="Samaritans")
        author = make_author(name="Ruth Adeyemi", credentials="MRCPsych", slug="ruth")
        cls.reviewer = make_reviewer(name="Ruth Adeyemi", credentials="MRCPsych", author=author)
        cls.article = make_article(slug="reviewed", body="Plain words.")
        with reviewed_change():  # arranging what the review covered
            Article.objects.filter(pk=cls.article.pk).update(
                reviewed_by=cls.reviewer,
                last_reviewed=date(2025, 2, 3),
                next_review_due=timezone.localdate() + timedelta(days=200),
                content_note="This article discusses suicide.",
                about_suicide=True,
                key_points="Sleep matters.\nRoutines help.",
            )
        make_reference(article=cls.article, citation="Second (2021).", order=2)
        make_reference(article=cls.article, citation="First (2020).", doi="10.1000/abc", order=1)

    def page(self, slug: str = "reviewed") -> str:
        return self.client.get(f"/articles/{slug}/").content.decode()

    def test_reviewed_by_with_dates_in_time_elements(self):
        """“Reviewed by NAME, CREDENTIALS · Page last reviewed DATE · Next review due DATE”."""
        page = self.page()
        due = timezone.localdate() + timedelta(days=200)
        text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
        assert (
            "Reviewed by Ruth Adeyemi, MRCPsych · Page last reviewed 3 February 2025 · "
            f"Next review due {due.day} {due:%B %Y}"
        ) in text
        assert '<time datetime="2025-02-03">3 February 2025</time>' in page
        assert f'<time datetime="{due.isoformat()}">' in page
        assert '<a href="/authors/ruth/">Ruth Adeyemi, MRCPsych</a>' in page
        assert "due for its regular clinical review" not in page

    def test_review_line_sits_directly_under_the_title_as_a_shaded_box(self):
        """The first thing after the headline is the review, in its own bordered box."""
        text = visible_text(self.page())
        after_title = text[text.index("Article ") :]  # the factory's title, "Article N"
        assert re.match(
            r"Article \d+ Reviewed by Ruth Adeyemi, MRCPsych · Page last reviewed 3 February 2025",
            after_title,
        )
        page = self.page()
        title_end = page.index("</h1>", page.index('<h1 id="article-title">'))
        assert page[title_end + 5 :].lstrip().startswith('<div class="review-line">')
        assert "due for clinical review" not in text
        assert "{#" not in text and "{% comment" not in text  # template comments stay hidden

    def test_overdue_review_is_said_plainly_to_readers(self):
        """An article past its review date says so, in words, inside the review box."""
        Article.objects.filter(pk=self.article.pk).update(next_review_due=date(2025, 2, 4))
        page = self.page()
        text = visible_text(page)
        assert (
            "Reviewed by Ruth Adeyemi, MRCPsych · Page last reviewed 3 February 2025 · "
            "Next review due 4 February 2025 This page is due for clinical review; it was last "
            "reviewed on 3 February 2025. It was accurate then, but it may not reflect newer "
            "evidence. If anything here worries you, check with a health professional."
        ) in text
        assert '<div class="review-line review-line--overdue">' in page

    def test_content_note_key_points_and_top_helplines_before_the_body(self):
        """The note, helplines (unique ids) and key points come before the body."""
        page = self.page()
        note = page.index("<strong>Content note:</strong> This article discusses suicide.")
        top = page.index('aria-labelledby="helplines-top"')
        points = page.index('<h2 id="key-points-heading">Key points</h2>')
        body = page.index('<div class="prose">')
        assert note < top < points < body
        assert "<li>Sleep matters.</li><li>Routines help.</li>" in page
        # Once on the page: above the text, not again beside it.
        assert page.count('id="helplines"') == 0 and page.count('id="helplines-top"') == 1

    def test_helplines_only_at_the_bottom_when_not_about_suicide(self):
        """Other articles keep a single helplines box beside (on a phone: after) the article."""
        make_article(slug="plain")
        page = self.page("plain")
        assert 'id="helplines-top"' not in page and page.count('id="helplines"') == 1
        assert "Content note" not in page and "Key points" not in page

    def test_references_are_a_numbered_list_in_order(self):
        """References appear as an ordered list, DOIs linked through doi.org."""
        page = self.page()
        refs = page[page.index('id="references-heading"') :]
        assert "<ol>" in refs and refs.index("First (2020).") < refs.index("Second (2021).")
        assert 'href="https://doi.org/10.1000/abc"' in refs

    def test_article_page_query_count_is_fixed(self):
        """Reviewer and references come with the page's fixed queries (7), however many refs."""
        for _ in range(5):
            make_reference(article=self.article)
        with reviewed_change():  # as a published revision would
            Article.objects.filter(pk=self.article.pk).update(about_suicide=False)
        with self.settings(KITH_PAGE_CACHE=False):
            self.client.get("/articles/reviewed/")  # reads the publish time, helplines
            with self.assertNumQueries(8):  # see ARTICLE_QUERIES in test_query_budgets.py
                self.client.get("/articles/reviewed/")


class PreviewTests(TestCase):
    def test_editors_and_reviewers_see_the_draft_with_the_banner(self):
        """Both roles preview a draft exactly as readers will, marked as a preview."""
        draft = make_article(slug="draft-preview", status=Article.Status.DRAFT, body="Hello.")
        for group in ("Editors", "Clinical reviewers"):
            self.client.force_login(make_user(groups=[group], is_staff=True))
            response = self.client.get(draft.get_absolute_url())
            self.assertContains(response, "<strong>Preview — not published.</strong>")
            self.assertContains(response, "<p>Hello.</p>")
        self.client.logout()
        assert self.client.get(draft.get_absolute_url()).status_code == 404


class TransparencyPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        site = Site.objects.get_current()
        for _name, address, title in TRANSPARENCY_PAGES:
            page = FlatPage.objects.create(url=address, title=title, content=f"<p>{title} text</p>")
            page.sites.add(site)
        cls.superuser = get_user_model().objects.create_superuser(
            username="root", password="a-long-test-password"
        )

    def test_every_page_is_reachable(self):
        """Each transparency page answers with its title and content in the site's design."""
        for _name, address, title in TRANSPARENCY_PAGES:
            response = self.client.get(address)
            self.assertContains(response, f'<h1 id="page-title">{title}</h1>', html=True)
            self.assertContains(response, f"<p>{title} text</p>", html=True)
            self.assertContains(response, 'class="site-header"')

    def test_footer_links_all_six_on_every_page_at_no_query_cost(self):
        """Home, topic list, article, search and flatpages all carry the six footer links."""
        make_article(slug="footer")
        for url in ("/", "/topics/", "/articles/footer/", "/search/?q=x", "/about/", "/nope/"):
            page = self.client.get(url).content.decode()
            nav = page[page.index('<nav class="footer-nav"') :]
            for address in FOOTER_URLS:
                assert f'href="{address}"' in nav, (url, address)
        # A refused search reads only the topic filter's choices; the footer costs nothing.
        with self.assertNumQueries(1):
            self.client.get("/search/?q=" + "x" * 300)

    def test_admin_sanitises_page_html_on_save(self):
        """Script, handlers and styles are removed when an editor saves a page."""
        self.client.force_login(self.superuser)
        page = FlatPage.objects.get(url="/about/")
        response = self.client.post(
            f"/admin/flatpages/flatpage/{page.pk}/change/",
            {
                "url": "/about/",
                "title": "<script>alert(1)</script>About 🧠",
                "content": '<p onclick="x()">Hi</p><script>alert(2)</script><style>p{}</style>',
                "sites": [Site.objects.get_current().pk],
            },
        )
        assert response.status_code == 302
        page.refresh_from_db()
        assert page.content == "<p>Hi</p>alert(2)p{}"
        public = self.client.get("/about/").content.decode()
        assert active_markup(public) == []
        assert "&lt;script&gt;alert(1)&lt;/script&gt;About 🧠" in public

    def test_admin_refuses_overlong_or_nul_content(self):
        """A megabyte page or a NUL byte is a form error, not a 500."""
        self.client.force_login(self.superuser)
        page = FlatPage.objects.get(url="/contact/")
        for content in ("x" * 60_000, "bad\x00byte"):
            response = self.client.post(
                f"/admin/flatpages/flatpage/{page.pk}/change/",
                {"url": "/contact/", "title": "Contact", "content": content, "sites": ["1"]},
            )
            assert response.status_code == 200
            assert "content" in response.context["adminform"].form.errors

    def test_editors_may_edit_pages_moderators_may_not(self):
        """Editors reach the pages' admin; staff without the permission get 403."""
        self.client.force_login(make_user(groups=["Editors"], is_staff=True))
        assert self.client.get("/admin/flatpages/flatpage/").status_code == 200
        self.client.force_login(make_user(is_staff=True))
        assert self.client.get("/admin/flatpages/flatpage/").status_code == 403
