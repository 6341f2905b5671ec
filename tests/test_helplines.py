"""Helplines by the reader's country (issue 18, first half).

A helpline answers in one or more countries, each with its own order; its channels carry the
link a phone understands. The reader chooses their country on a small page (a cookie, no
account, no IP lookup); before that, their browser's language region decides, else every
country's lines are listed. Shared cached pages stay exact: a reader never sees a block built
for another country's reader, on a cache hit or a miss.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client, RequestFactory, TestCase, TransactionTestCase
from django.urls import reverse
from django.utils import timezone

from articles.helplines import (
    COUNTRY_COOKIE,
    VERIFY_EVERY_DAYS,
    Helpline,
    country_from_accept_language,
)
from kith import page_cache
from kith.page_cache.middleware import PageCacheMiddleware
from tests.comments_factories import form_data, make_comment
from tests.factories import make_article, make_helpline, make_user
from tests.migration_steps import migrate_to, migrate_to_latest

CHOOSER = reverse("articles:helpline-country")


def helpline_blocks(page: str) -> list[str]:
    """The text of every helplines block on ``page``, unescaped."""
    return [
        html.unescape(b) for b in re.findall(r'<aside class="helplines".*?</aside>', page, re.S)
    ]


def make_lines() -> None:
    """Two countries that share one line (Samaritans) and each have one of their own."""
    make_helpline(name="Samaritans", phone="116 123", countries=["GB", "IE"])
    make_helpline(name="Shout", phone="", text_number="85258", text_keyword="SHOUT",
                  countries=["GB"])  # fmt: skip
    make_helpline(name="Text 50808", phone="", text_number="50808", text_keyword="HELLO",
                  countries=["IE"])  # fmt: skip
    make_helpline(name="988 Lifeline", phone="988", text_number="988", countries=["US"])


class HelplineModelTests(TestCase):
    def test_links_for_each_channel(self):
        line = Helpline(name="Shout", phone="+44 (0)116-123", text_number="85 258",
                        text_keyword="SHOUT")  # fmt: skip
        assert line.phone_href == "tel:+440116123"
        assert line.text_href == "sms:85258?&body=SHOUT"
        assert Helpline(name="988", text_number="988").text_href == "sms:988"
        assert Helpline(name="x", text_number="1", text_keyword="A B&C").text_href == (
            "sms:1?&body=A%20B%26C"
        )

    def test_languages_are_codes_shown_by_name(self):
        line = Helpline(name="x", languages="en, CY,es")
        assert line.language_names == ["English", "Welsh", "Spanish"]
        line.languages = "English; Welsh"
        with self.assertRaisesMessage(ValidationError, "not understood: english; welsh"):
            line.full_clean()

    def test_a_keyword_needs_a_number_to_text(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Helpline.objects.create(name="x", text_keyword="SHOUT")

    def test_a_country_must_be_iso_3166(self):
        line = make_helpline(countries=[])
        place = line.countries.model(helpline=line, country="UK", position=0)
        with self.assertRaisesMessage(ValidationError, "not a valid choice"):
            place.full_clean()

    def test_verification_overdue(self):
        today = timezone.localdate()
        fresh = make_helpline(name="Fresh", last_verified=today)
        old = make_helpline(name="Old", last_verified=today - timedelta(days=VERIFY_EVERY_DAYS + 1))
        never = make_helpline(name="Never")
        make_helpline(name="Off", is_active=False)
        assert set(Helpline.objects.verification_overdue()) == {old, never}
        assert not fresh.is_verification_overdue() and old.is_verification_overdue()


class AcceptLanguageTests(TestCase):
    def test_region_of_the_first_preferred_language_that_names_one(self):
        cases = {
            "en-GB,en;q=0.9": "GB",
            "es-MX": "MX",
            "en-ie": "IE",
            "en;q=0.9, fr-CA": "CA",  # quality decides the order, not the position
            "fr-CA;q=0.5, en-NZ": "NZ",
            "zh-Hant-TW": "TW",  # a script subtag before the region
            "en": "",
            "es-419": "",  # a UN M.49 area, not a country
            "en-UK": "",  # not an ISO code (the United Kingdom is GB)
            "": "",
            "*": "",
            "<script>-GB;q=x": "",
            "en-GB" * 500: "",
        }
        for header, country in cases.items():
            assert country_from_accept_language(header) == country, header


class ChooserTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_lines()
        cls.article = make_article(slug="calm", title="Calm breathing")

    def test_every_block_says_which_country_and_links_to_the_chooser(self):
        page = self.client.get("/articles/calm/", headers={"Accept-Language": "en-GB"})
        blocks = helpline_blocks(page.content.decode())
        assert blocks
        for block in blocks:
            assert "Showing help for: United Kingdom — change country" in re.sub(
                r"<[^>]+>", "", block
            )
            assert f'href="{CHOOSER}?next=%2Farticles%2Fcalm%2F%23' in block
            assert "Find A Helpline" in block

    def test_the_chooser_page_works_without_javascript(self):
        page = self.client.get(CHOOSER, {"next": "/articles/calm/#helplines"}).content.decode()
        assert '<form method="post"' in page and "<script" not in page
        assert '<label for="id_country">Your country' in page
        assert '<option value="IE">Ireland</option>' in page
        assert '<option value="international" selected>' in page  # no hint yet
        assert 'name="next" value="/articles/calm/#helplines"' in page

    def test_choosing_sets_a_cookie_and_goes_back_to_the_page(self):
        client = Client(enforce_csrf_checks=True)
        page = client.get(CHOOSER, {"next": "/articles/calm/#helplines"}).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        response = client.post(
            CHOOSER,
            {"country": "IE", "next": "/articles/calm/#helplines", "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302
        assert response["Location"] == "/articles/calm/#helplines"
        cookie = response.cookies[COUNTRY_COOKIE]
        assert cookie.value == "IE" and cookie["httponly"] and cookie["samesite"] == "Lax"
        assert int(cookie["max-age"]) > 300 * 24 * 3600
        assert "sessionid" not in response.cookies  # not a session: pages stay shared
        again = client.get("/articles/calm/", headers={"Accept-Language": "en-GB"})
        blocks = helpline_blocks(again.content.decode())
        assert all("Showing help for: Ireland" in re.sub(r"<[^>]+>", "", b) for b in blocks)
        assert all("Text 50808" in b and "Shout" not in b for b in blocks)
        assert '<option value="IE" selected>' in client.get(CHOOSER).content.decode()

    def test_a_post_from_another_site_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(CHOOSER, {"country": "US", "next": "/"})
        assert response.status_code == 403 and COUNTRY_COOKIE not in response.cookies

    def test_hostile_values_get_a_clear_error_never_a_500(self):
        for country in ("<script>alert(1)</script>", "", "GBR", "gb", "x" * 5000):
            response = self.client.post(CHOOSER, {"country": country, "next": "/"})
            assert response.status_code == 400, country
            page = response.content.decode()
            assert "Your choice was not saved" in page
            assert "Choose a country from the list" in page
            assert "<script>alert" not in page
            assert COUNTRY_COOKIE not in response.cookies

    def test_a_return_address_elsewhere_is_ignored(self):
        for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)", "x"):
            response = self.client.post(CHOOSER, {"country": "GB", "next": target})
            assert response.status_code == 302 and response["Location"] == CHOOSER, target
            assert response.cookies[COUNTRY_COOKIE].value == "GB"

    def test_international_choice_lists_every_country_under_its_name(self):
        self.client.cookies[COUNTRY_COOKIE] = "international"
        page = self.client.get("/articles/calm/", headers={"Accept-Language": "en-GB"})
        block = helpline_blocks(page.content.decode())[-1]
        assert "Showing help for: every country we list" in re.sub(r"<[^>]+>", "", block)
        for heading in ("<h3>Ireland</h3>", "<h3>United Kingdom</h3>", "<h3>United States"):
            assert heading in block
        assert block.index("<h3>Ireland</h3>") < block.index("Text 50808")

    def test_a_country_without_lines_says_so_and_shows_no_other_country(self):
        page = self.client.get("/articles/calm/", headers={"Accept-Language": "de-DE"})
        block = helpline_blocks(page.content.decode())[-1]
        assert "We do not list services in Germany yet." in block
        assert "Samaritans" not in block and "988" not in block
        assert 'href="https://findahelpline.com/"' in block

    def test_a_stale_or_forged_cookie_falls_back_to_the_browser_language(self):
        self.client.cookies[COUNTRY_COOKIE] = "ZZ<b>"
        page = self.client.get("/articles/calm/", headers={"Accept-Language": "en-US"})
        block = helpline_blocks(page.content.decode())[-1]
        assert "988 Lifeline" in block and "Samaritans" not in block


class ExactCacheTests(TestCase):
    """One stored page per address, and each reader sees only their own country's lines."""

    @classmethod
    def setUpTestData(cls):
        make_lines()
        cls.article = make_article(slug="calm", title="Calm breathing")

    def get(self, *, cookie: str = "", language: str = "", **headers):
        client = Client()
        if cookie:
            client.cookies[COUNTRY_COOKIE] = cookie
        if language:
            headers["Accept-Language"] = language
        return client.get("/articles/calm/", headers=headers)

    @staticmethod
    def stored_page() -> str:
        """The one entry the page cache holds for the address (any cache backend), its
        late-fragment markers (stored as found: name and arguments) written out again."""
        request = RequestFactory().get("/articles/calm/")
        pieces, *_rest = cache.get(PageCacheMiddleware._key(request))
        return "".join(
            piece.decode() if isinstance(piece, bytes) else f"<!--kith-late:{piece[0]}:-->"
            for piece in pieces
        )

    def assert_one_page_for_every_country(self) -> None:
        stored = self.stored_page()
        assert "<!--kith-late:helplines:" in stored
        assert "Samaritans" not in stored and "Text 50808" not in stored

    def assert_irish_only(self, response) -> None:
        blocks = helpline_blocks(response.content.decode())
        assert len(blocks) == 1  # once on the article page; the comment form points to it
        for block in blocks:
            assert "Samaritans" in block and "Text 50808" in block
            assert "Shout" not in block and "988" not in block and "<!--kith" not in block
        assert "<!--kith-late" not in response.content.decode()

    def assert_british_only(self, response) -> None:
        for block in helpline_blocks(response.content.decode()):
            assert "Shout" in block and "Text 50808" not in block and "988" not in block

    def test_cookie_readers_share_one_stored_page_and_see_their_own_lines(self):
        british = self.get(cookie="GB")  # a miss: stored with the marker
        self.assert_british_only(british)
        with self.assertNumQueries(0):  # a hit
            irish = self.get(cookie="IE")
        self.assert_irish_only(irish)
        self.assert_one_page_for_every_country()
        assert irish["ETag"] != british["ETag"]
        for response in (british, irish):
            vary = {v.strip() for v in response["Vary"].split(",")}
            assert {"Cookie", "Accept-Language"} <= vary
            assert int(response["Content-Length"]) == len(response.content)

    def test_the_first_reader_may_be_irish_too(self):
        self.assert_irish_only(self.get(cookie="IE"))  # a miss
        self.assert_british_only(self.get(cookie="GB"))  # a hit

    def test_browser_language_readers_on_a_hit_and_a_miss(self):
        self.assert_british_only(self.get(language="en-GB,en;q=0.8"))
        self.assert_irish_only(self.get(language="en-IE"))
        self.assert_british_only(self.get(language="en-GB"))
        self.assert_one_page_for_every_country()

    def test_the_cookie_wins_over_the_browser_language(self):
        self.get(language="en-GB")
        self.assert_irish_only(self.get(cookie="IE", language="en-GB"))

    def test_a_conditional_request_from_another_country_gets_the_whole_page(self):
        british = self.get(cookie="GB")
        again = self.get(cookie="GB", **{"If-None-Match": british["ETag"]})
        assert again.status_code == 304
        irish = self.get(cookie="IE", **{"If-None-Match": british["ETag"]})
        assert irish.status_code == 200
        self.assert_irish_only(irish)

    def test_a_new_line_shows_in_its_country_at_once(self):
        self.get(cookie="IE")
        make_helpline(name="Pieta", phone="1800 247 247", countries=["IE"])
        assert "Pieta" in helpline_blocks(self.get(cookie="IE").content.decode())[0]
        assert "Pieta" not in self.get(cookie="GB").content.decode()

    def test_order_of_preference_per_country(self):
        samaritans = Helpline.objects.get(name="Samaritans")
        samaritans.countries.filter(country="IE").update(position=9)
        Helpline.objects.get(name="Text 50808").save()  # any save bumps the content
        block = helpline_blocks(self.get(cookie="IE").content.decode())[0]
        assert block.index("Text 50808") < block.index("Samaritans")
        block = helpline_blocks(self.get(cookie="GB").content.decode())[0]
        assert block.index("Samaritans") < block.index("Shout")


class CrisisPathCountryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_lines()
        cls.article = make_article(slug="calm", title="Calm breathing")
        cls.url = reverse("comments:post", args=[cls.article.slug])

    def test_the_comment_form_shows_the_chosen_country(self):
        """The article page shows the lines once, beside the form; the reply page's form (no
        article around it) carries its own block. Both in the reader's country."""
        self.client.cookies[COUNTRY_COOKIE] = "US"
        page = self.client.get("/articles/calm/").content.decode()
        [block] = helpline_blocks(page)
        assert "988 Lifeline" in block and "Samaritans" not in block
        form = page[page.index('class="comment-form"') :]
        assert "contact one of the services above" in html.unescape(re.sub(r"<[^>]+>", "", form))
        comment = make_comment(article=self.article)
        reply_page = self.client.get(reverse("comments:reply", args=[comment.pk])).content
        block = helpline_blocks(reply_page.decode())[0]
        assert "988 Lifeline" in block and "Samaritans" not in block

    def test_the_crisis_panel_shows_the_chosen_country_first(self):
        """A refused post at risk answers at once (no redirect) with the reader's lines."""
        self.client.cookies[COUNTRY_COOKIE] = "IE"
        response = self.client.post(
            self.url,
            form_data(body="I want to kill myself tonight", website="http://example.org"),
            headers={"Referer": "http://testserver/articles/calm/"},
        )
        page = html.unescape(response.content.decode())
        panel = page[page.index('class="crisis-panel"') :]
        block = helpline_blocks(panel)[0]
        assert "Showing help for: Ireland" in re.sub(r"<[^>]+>", "", block)
        assert "Text 50808" in block and "Shout" not in block
        assert "next=%2Farticles%2Fcalm%2F%23crisis-helplines" in block

    def test_after_posting_the_crisis_panel_follows_the_browser_language(self):
        response = self.client.post(
            self.url,
            form_data(body="I want to kill myself tonight"),
            headers={"Accept-Language": "en-US"},
            follow=True,
        )
        page = html.unescape(response.content.decode())
        block = helpline_blocks(page[page.index('class="crisis-panel"') :])[0]
        assert "988 Lifeline" in block and "Samaritans" not in block


class AdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = make_user(is_superuser=True, is_staff=True)
        today = timezone.localdate()
        make_helpline(name="Checked line", last_verified=today, source_url="https://a.example/")
        make_helpline(name="Stale line", last_verified=date(2020, 1, 1))
        make_helpline(name="Unchecked line")

    def setUp(self):
        self.client.force_login(self.editor)

    def test_overdue_list_and_count_on_the_index(self):
        index = self.client.get("/admin/").content.decode()
        assert "2 helplines overdue for verification" in index
        listing = self.client.get("/admin/articles/helpline/?verification=overdue")
        page = listing.content.decode()
        assert "Stale line" in page and "Unchecked line" in page and "Checked line" not in page
        assert "Never — overdue" in page and "2020-01-01 — overdue" in page

    def test_editors_add_a_line_with_its_countries_and_source(self):
        response = self.client.post(
            "/admin/articles/helpline/add/",
            {
                "name": "Pieta",
                "description": "Anyone thinking of suicide or self-harm",
                "hours": "24 hours a day",
                "languages": "en, ga",
                "phone": "1800 247 247",
                "source_url": "https://www.pieta.ie/",
                "last_verified": "2026-12-01",
                "is_active": "on",
                "countries-TOTAL_FORMS": "2",
                "countries-INITIAL_FORMS": "0",
                "countries-0-country": "IE",
                "countries-0-position": "5",
                "countries-1-country": "GB",
                "countries-1-position": "30",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        line = Helpline.objects.get(name="Pieta")
        assert sorted((c.country.code, c.position) for c in line.countries.all()) == [
            ("GB", 30),
            ("IE", 5),
        ]
        change = self.client.get(f"/admin/articles/helpline/{line.pk}/change/").content.decode()
        assert 'value="https://www.pieta.ie/"' in change

    def test_a_wrong_country_is_refused_in_the_admin(self):
        response = self.client.post(
            "/admin/articles/helpline/add/",
            {
                "name": "Nowhere line",
                "is_active": "on",
                "countries-TOTAL_FORMS": "1",
                "countries-INITIAL_FORMS": "0",
                "countries-0-country": "UK",
                "countries-0-position": "0",
            },
        )
        assert response.status_code == 200
        assert "Select a valid choice. UK is not one of the available choices." in (
            response.content.decode()
        )
        assert not Helpline.objects.filter(name="Nowhere line").exists()


class QueryBudgetTests(TestCase):
    """The helplines cost one query per content generation, however many lines and blocks."""

    def test_constant_queries(self):
        make_article(slug="calm", title="Calm breathing")
        make_helpline(name="One", countries=["GB"])

        def measure() -> int:
            cache.clear()
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                self.client.get("/articles/calm/", headers={"Accept-Language": "en-GB"})
            return len(queries)

        small = measure()
        for n in range(6):
            make_helpline(name=f"Line {n}", countries=["GB", "IE", "US"][: 1 + n % 3])
        assert measure() == small
        with self.assertNumQueries(1):  # cold helplines: one query, pages cached
            (generation,) = page_cache.generations([page_cache.scope_key(page_cache.CONTENT)])
            cache.delete(f"kith:helplines:{generation}")
            Client().get("/articles/calm/", headers={"Accept-Language": "en-IE"})


class MigrationTests(TransactionTestCase):
    """0008–0010 turn each line's free-text region into countries and its SMS text into a
    number and a keyword; a region they cannot read leaves the line with no country."""

    BEFORE = [("articles", "0007_author_user_account")]
    AFTER = [("articles", "0010_remove_helpline_region_and_display_order")]

    def test_regions_become_countries_in_their_order(self):
        old = migrate_to(self.BEFORE).get_model("articles", "Helpline")
        try:
            old.objects.create(name="Samaritans", region="UK and Ireland", phone="116 123",
                               display_order=10)  # fmt: skip
            old.objects.create(name="Shout", region="UK", text_number="Text SHOUT to 85258",
                               display_order=20)  # fmt: skip
            old.objects.create(name="988", region="US", text_number="Text 988", display_order=30)
            old.objects.create(name="Somewhere", region="Atlantis", phone="1")
        finally:
            new = migrate_to(self.AFTER)
        try:
            places = new.get_model("articles", "HelplineCountry").objects.order_by(
                "helpline__name", "country"
            )
            assert [(p.helpline.name, p.country, p.position) for p in places] == [
                ("988", "US", 30),
                ("Samaritans", "GB", 10),
                ("Samaritans", "IE", 10),
                ("Shout", "GB", 20),
            ]
            lines = {h.name: h for h in new.get_model("articles", "Helpline").objects.all()}
            assert (lines["Shout"].text_number, lines["Shout"].text_keyword) == ("85258", "SHOUT")
            assert (lines["988"].text_number, lines["988"].text_keyword) == ("988", "")
            assert lines["Somewhere"].last_verified is None  # listed as overdue
        finally:
            migrate_to_latest()


class LateFragmentTests(TestCase):
    """kith.page_cache.late on its own: only HTML is filled, unknown or forged markers vanish."""

    def test_fill(self):
        from django.http import HttpResponse, JsonResponse

        from kith.page_cache import late

        request = RequestFactory().get("/", headers={"Accept-Language": "en-IE"})
        setattr(request, late.SEEN_ATTR, True)
        marker = late.late_fragment(request, "helplines", heading="Help", heading_id="h")
        page = HttpResponse(f"<main>{marker}<!--kith-late:nobody:e30=--></main>")
        page["Content-Length"] = "1"
        late.fill(request, page)
        text = page.content.decode()
        assert '<h2 id="h">Help</h2>' in text and "<!--kith" not in text
        assert page["Content-Length"] == str(len(page.content))
        assert "Accept-Language" in page["Vary"]
        data = JsonResponse({"html": str(marker)})
        late.fill(request, data)
        assert b"kith-late" in data.content and not data.has_header("Vary")
        assert late.late_fragment(RequestFactory().get("/"), "helplines") is None


class RenderedBlockReuseTests(TestCase):
    """A rendered block is reused across pages of one content generation (articles/helpline_block
    keeps it per process), but each page keeps its own way back from the chooser, each country
    and language its own lines and words, and a helpline change shows at once."""

    def setUp(self):
        from articles.helpline_block import render_block

        self.render = render_block
        make_helpline(name="Samaritans", phone="116 123", countries=["GB"])
        make_helpline(name="Pieta", phone="1800 247 247", countries=["IE"])

    def block(self, path: str, country: str, language: str = "en-gb") -> str:
        from django.utils import translation

        request = RequestFactory().get(path)
        request.COOKIES[COUNTRY_COOKIE] = country
        with translation.override(language):  # as LocaleMiddleware leaves it
            return html.unescape(self.render(request, {}))

    def test_each_page_country_and_language_gets_its_own_block(self):
        first, second = self.block("/articles/a/", "GB"), self.block("/articles/b/", "GB")
        assert "next=/articles/a/#helplines" in first.replace("%2F", "/").replace("%23", "#")
        assert "next=/articles/b/#helplines" in second.replace("%2F", "/").replace("%23", "#")
        assert "Samaritans" in second and "Pieta" not in second
        irish = self.block("/articles/a/", "IE")
        assert "Pieta" in irish and "Samaritans" not in irish
        spanish = self.block("/articles/a/", "GB", language="es")
        assert "Mostramos ayuda para" in spanish and "Showing help for" in first

    def test_a_new_helpline_shows_at_once(self):
        assert "Breathing Space" not in self.block("/articles/a/", "GB")
        make_helpline(name="Breathing Space", phone="0800 83 85 87", countries=["GB"])
        assert "Breathing Space" in self.block("/articles/a/", "GB")
