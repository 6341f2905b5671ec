"""The read-only JSON API under /api/v1/: what each endpoint shows, its filters, paging,
conditional requests, cache and CORS headers, rate limit and JSON errors."""

from __future__ import annotations

import json
import time
from datetime import date, timedelta

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Article
from articles.reviewed_content import reviewed_change
from comments.models import Comment
from comments.moderation import keyed_hash
from tests.comments_factories import make_comment
from tests.factories import (
    make_article,
    make_author,
    make_helpline,
    make_reference,
    make_reviewer,
    make_topic,
    make_user,
)

API = "/api/v1"


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["items"]]


class ArticleListTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        now = timezone.now()
        cls.anxiety = make_topic(name="Anxiety", slug="anxiety")
        cls.grief = make_topic(name="Grief", slug="grief")
        cls.old = make_article(
            title="Worry at night", primary_topic=cls.anxiety, tags=["sleep"],
            published_at=now - timedelta(days=3),
        )  # fmt: skip
        cls.new = make_article(
            title="Panic, explained", primary_topic=cls.anxiety, kind=Article.Kind.QA,
            question="Why does my heart race?", published_at=now - timedelta(days=1),
        )  # fmt: skip
        cls.other = make_article(
            title="After a loss", primary_topic=cls.grief, published_at=now - timedelta(days=2)
        )
        make_article(
            title="Draft on anxiety", primary_topic=cls.anxiety, status=Article.Status.DRAFT
        )
        make_article(
            title="Scheduled on anxiety", primary_topic=cls.anxiety,
            published_at=now + timedelta(days=2),
        )  # fmt: skip

    def test_lists_published_articles_newest_first_with_their_addresses(self) -> None:
        response = self.client.get(f"{API}/articles/")
        assert titles(response) == ["Panic, explained", "After a loss", "Worry at night"]
        first = response.json()["items"][0]
        assert first["url"] == f"http://testserver/articles/{self.new.slug}/"
        assert first["api_url"] == f"http://testserver/api/v1/articles/{self.new.slug}/"
        assert first["primary_topic"]["name"] == "Anxiety"
        assert first["kind_label"] == "Questions and Answers"
        assert response.json()["next"] is None

    def test_filters_by_topic_tag_and_kind(self) -> None:
        by_topic = self.client.get(f"{API}/articles/?topic=anxiety")
        assert titles(by_topic) == ["Panic, explained", "Worry at night"]
        assert titles(self.client.get(f"{API}/articles/?tag=sleep")) == ["Worry at night"]
        assert titles(self.client.get(f"{API}/articles/?topic=anxiety&kind=qa")) == [
            "Panic, explained"
        ]
        assert titles(self.client.get(f"{API}/articles/?topic=no-such-topic")) == []

    def test_filters_by_updated_since(self) -> None:
        later = timezone.now() + timedelta(minutes=5)
        Article.objects.filter(pk=self.old.pk).update(updated_at=later + timedelta(minutes=1))
        since = (later).isoformat().replace("+00:00", "Z")
        response = self.client.get(f"{API}/articles/", {"updated_since": since})
        assert titles(response) == ["Worry at night"]

    def test_updated_since_at_the_ends_of_the_calendar(self) -> None:
        everything = self.client.get(f"{API}/articles/?updated_since=0001-01-01T00:00:00%2B14:00")
        assert len(titles(everything)) == 3
        nothing = self.client.get(f"{API}/articles/?updated_since=9999-12-31T23:59:59-14:00")
        assert titles(nothing) == []

    def test_cursor_walks_every_article_once(self) -> None:
        seen, url = [], f"{API}/articles/?limit=1"
        while url:
            page = self.client.get(url).json()
            seen += [item["title"] for item in page["items"]]
            url = page["next"]
        assert seen == ["Panic, explained", "After a loss", "Worry at night"]

    def test_cursor_keeps_the_filters_of_the_page(self) -> None:
        page = self.client.get(f"{API}/articles/?topic=anxiety&limit=1").json()
        assert "topic=anxiety" in page["next"]
        second = self.client.get(f"{API}/articles/", {"topic": "anxiety", "limit": 1,
                                                     "cursor": page["next_cursor"]})  # fmt: skip
        assert titles(second) == ["Worry at night"]


class LanguageFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        now = timezone.now()
        topic = make_topic(name="Ansiedad", slug="ansiedad")
        cls.english = make_article(title="Worry at night", published_at=now - timedelta(days=3))
        cls.spanish = make_article(
            title="Preocupación de noche", primary_topic=topic, published_at=now - timedelta(days=2)
        )
        cls.mexican = make_article(
            title="Ansiedad y trabajo", primary_topic=topic, published_at=now - timedelta(days=1)
        )
        cls.british = make_article(title="Panic at work", published_at=now - timedelta(hours=5))
        draft = make_article(title="Borrador", status=Article.Status.DRAFT)
        for article, language in [
            (cls.spanish, "es"), (cls.mexican, "es-mx"), (cls.british, "en-gb"), (draft, "es"),
        ]:  # fmt: skip
            article.language = language
            article.save()

    def test_lists_only_the_published_articles_in_that_language(self) -> None:
        response = self.client.get(f"{API}/articles/?language=es")
        assert titles(response) == ["Ansiedad y trabajo", "Preocupación de noche"]
        languages = [item["language"] for item in response.json()["items"]]
        assert languages == ["es-mx", "es"]
        assert titles(self.client.get(f"{API}/articles/?language=es-mx")) == ["Ansiedad y trabajo"]
        assert titles(self.client.get(f"{API}/articles/?language=en")) == [
            "Panic at work",
            "Worry at night",
        ]
        assert titles(self.client.get(f"{API}/articles/?language=fr")) == []

    def test_codes_are_read_in_any_case_and_with_an_underscore(self) -> None:
        assert titles(self.client.get(f"{API}/articles/?language=ES_MX")) == ["Ansiedad y trabajo"]
        assert titles(self.client.get(f"{API}/articles/?language=EN-GB")) == ["Panic at work"]

    def test_the_filter_combines_with_the_others_and_the_cursor(self) -> None:
        page = self.client.get(f"{API}/articles/?language=es&topic=ansiedad&limit=1").json()
        assert [item["title"] for item in page["items"]] == ["Ansiedad y trabajo"]
        assert "language=es" in page["next"]
        second = self.client.get(page["next"]).json()
        assert [item["title"] for item in second["items"]] == ["Preocupación de noche"]
        assert second["next"] is None

    def test_the_article_shows_its_language(self) -> None:
        detail = self.client.get(f"{API}/articles/{self.mexican.slug}/").json()
        assert detail["title"] == "Ansiedad y trabajo"
        assert detail["language"] == "es-mx"
        assert self.client.get(f"{API}/articles/{self.english.slug}/").json()["language"] == "en"

    def test_unknown_and_malformed_languages_are_clear_400s(self) -> None:
        for value in ["zz", "und", "qq-gb", "xyz"]:
            response = self.client.get(f"{API}/articles/", {"language": value})
            assert response.status_code == 400, value
            assert response.json()["error"] == (
                f"“{value}” is not a known language code: use an ISO 639 code such as “en” or "
                "“es”, optionally with a region such as “en-gb”."
            )
            assert response["Cache-Control"] == "private, no-store"
        for value in ["e", "english", "en-", "en-gb-oed", "es%", "es_", "'; --", "é", "1a", ""]:
            response = self.client.get(f"{API}/articles/", {"language": value})
            assert response.status_code == 400, value
            body = response.json()
            assert body["error"] == "Some parameters are not valid."
            assert body["details"][0].startswith("language: "), body


class HostileParameterTests(TestCase):
    def assert_bad_request(self, query: dict, says: str, path: str = "/articles/") -> None:
        response = self.client.get(f"{API}{path}", query)
        assert response.status_code == 400, response.content
        assert response["Content-Type"] == "application/json; charset=utf-8"
        body = response.json()
        assert says in body["error"] + " ".join(body["details"])
        assert response["Cache-Control"] == "private, no-store"

    def test_bad_page_sizes(self) -> None:
        self.assert_bad_request({"limit": 0}, "greater than or equal to 1")
        self.assert_bad_request({"limit": -5}, "greater than or equal to 1")
        self.assert_bad_request({"limit": 10**40}, "less than or equal to 100")
        self.assert_bad_request({"limit": "ten"}, "limit")

    def test_bad_cursors(self) -> None:
        for cursor in ["abc", "x" * 5000, "IjEtMSI:1tzZ:forged", "🙂", "\x00"]:
            self.assert_bad_request({"cursor": cursor}, "cursor", path="/articles/")
            self.assert_bad_request({"cursor": cursor}, "cursor", path="/authors/")

    def test_a_cursor_for_a_text_is_not_a_position(self) -> None:
        from api.cursors import encode_cursor

        self.assert_bad_request({"cursor": encode_cursor("author-1")}, "cursor")

    def test_unknown_parameters_and_invalid_values(self) -> None:
        self.assert_bad_request({"topics": "anxiety"}, "Unknown parameters: topics")
        self.assert_bad_request({"kind": "poem"}, "kind")
        self.assert_bad_request({"updated_since": "yesterday"}, "updated_since")
        self.assert_bad_request({"topic": "é" * 500}, "topic")
        self.assert_bad_request({"region": "x" * 61}, "region", path="/helplines/")
        self.assert_bad_request({"page": "2"}, "Unknown parameters: page", path="/topics/")

    def test_unknown_addresses_and_methods_answer_json(self) -> None:
        missing = self.client.get(f"{API}/articles/no-such-article/")
        assert missing.status_code == 404
        assert missing.json()["error"] == "No published article at this address."
        nowhere = self.client.get(f"{API}/no/such/endpoint")
        assert nowhere.status_code == 404
        assert "/api/v1/docs" in nowhere.json()["error"]
        post = self.client.post(f"{API}/articles/", {"title": "x"})
        assert post.status_code == 405
        assert post.json()["error"] == "This API is read-only: use GET."
        assert post["Allow"] == "GET, HEAD, OPTIONS"


class ArticleDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.topic = make_topic(name="Anxiety", slug="anxiety")
        cls.author = make_author(name="Amara Okafor", credentials="LCSW", slug="amara")
        reviewer = make_reviewer(name="Ruth Adeyemi", credentials="MRCPsych", author=cls.author)
        cls.article = make_article(
            title="Panic, explained", kind=Article.Kind.QA, question="Why does my heart race?",
            body="Your **body** is getting ready.", primary_topic=cls.topic,
            authors=[cls.author], tags=["panic", "breathing"],
        )  # fmt: skip
        with reviewed_change():  # arranging what the review covered
            Article.objects.filter(pk=cls.article.pk).update(
                reviewed_by=reviewer, last_reviewed=date(2025, 3, 1),
                next_review_due=date(2028, 3, 1), review_notes="Checked the dosage table.",
                key_points="Panic passes.\nBreathe slowly.",
            )  # fmt: skip
        make_reference(article=cls.article, citation="Smith J (2021). Panic.", doi="10.1000/xyz")

    def test_shows_what_the_article_page_shows(self) -> None:
        body = self.client.get(f"{API}/articles/{self.article.slug}/").json()
        assert body["title"] == "Panic, explained"
        assert body["question"] == "Why does my heart race?"
        assert body["body_html"] == "<p>Your <strong>body</strong> is getting ready.</p>"
        assert body["key_points"] == ["Panic passes.", "Breathe slowly."]
        assert body["authors"][0]["display_name"] == "Amara Okafor, LCSW"
        assert [t["slug"] for t in body["topics"]] == ["anxiety"]
        assert sorted(t["name"] for t in body["tags"]) == ["breathing", "panic"]
        assert body["references"][0]["link"] == "https://doi.org/10.1000/xyz"
        review = body["clinical_review"]
        assert review["reviewed_by"]["display_name"] == "Ruth Adeyemi, MRCPsych"
        assert review["reviewed_by"]["author_url"] == "http://testserver/authors/amara/"
        assert (review["last_reviewed"], review["next_review_due"]) == ("2025-03-01", "2028-03-01")
        assert review["review_overdue"] is False
        assert "Checked the dosage table" not in json.dumps(body)
        assert body["url"] == f"http://testserver/articles/{self.article.slug}/"

    def test_drafts_and_scheduled_articles_are_not_found(self) -> None:
        for status, when in [("draft", None), ("published", timezone.now() + timedelta(days=1))]:
            hidden = make_article(status=status, published_at=when)
            response = self.client.get(f"{API}/articles/{hidden.slug}/")
            assert response.status_code == 404
            assert response.json()["error"] == "No published article at this address."
            assert self.client.get(f"{API}/articles/{hidden.slug}/comments/").status_code == 404

    def test_conditional_requests_answer_304(self) -> None:
        url = f"{API}/articles/{self.article.slug}/"
        first = self.client.get(url)
        self.article.refresh_from_db()
        assert first["Last-Modified"] == http_date(self.article.updated_at.timestamp())
        assert first["ETag"]
        again = self.client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304
        assert again.content == b""
        since = self.client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert since.status_code == 304
        self.article.title = "Panic, explained again"
        with reviewed_change():  # as a published revision does
            self.article.save()
        changed = self.client.get(url, headers={"If-None-Match": first["ETag"]})
        assert changed.status_code == 200
        assert changed.json()["title"] == "Panic, explained again"

    def test_public_cache_headers_stop_before_a_scheduled_article_appears(self) -> None:
        url = f"{API}/articles/"
        assert self.client.get(url)["Cache-Control"] == (
            "public, max-age=60, stale-while-revalidate=300"
        )
        make_article(published_at=timezone.now() + timedelta(seconds=20))
        max_age = self.client.get(url)["Cache-Control"].split(",")[1]
        assert max_age.strip() in {"max-age=19", "max-age=20"}


class CommentTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.article = make_article(title="Grief")
        cls.first = make_comment(article=cls.article, title="It helped", name="Sam")
        make_comment(article=cls.article, parent=cls.first, body="Me too.", name="Jo")
        make_comment(article=cls.article, parent=cls.first, body="Waiting reply.",
                     status=Comment.Status.PENDING)  # fmt: skip
        cls.removed = make_comment(article=cls.article, body="Later removed.", name="Kim")
        make_comment(article=cls.article, parent=cls.removed, body="A kept reply.")
        Comment.objects.filter(pk=cls.removed.pk).update(status=Comment.Status.REMOVED)
        make_comment(article=cls.article, body="Still pending.", status=Comment.Status.PENDING)

    def test_approved_threads_with_their_approved_replies(self) -> None:
        response = self.client.get(f"{API}/articles/{self.article.slug}/comments/")
        items = response.json()["items"]
        assert [(c["title"], c["name"]) for c in items] == [("It helped", "Sam"), ("", "")]
        assert [r["body_html"] for r in items[0]["replies"]] == ["<p>Me too.</p>"]
        assert items[0]["replies"][0]["name"] == "Jo"
        tombstone = items[1]
        assert tombstone["removed"] is True and tombstone["body_html"] == ""
        assert [r["body_html"] for r in tombstone["replies"]] == ["<p>A kept reply.</p>"]
        assert "pending" not in response.content.decode().lower()
        assert "Later removed" not in response.content.decode()

    def test_comment_pages_follow_the_cursor(self) -> None:
        first = self.client.get(f"{API}/articles/{self.article.slug}/comments/?limit=1").json()
        assert [c["title"] for c in first["items"]] == ["It helped"]
        second = self.client.get(first["next"]).json()
        assert [c["removed"] for c in second["items"]] == [True]
        assert second["next"] is None


class TopicAuthorHelplineTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.psychology = make_topic(name="Psychology", slug="psychology", display_order=1)
        cls.anxiety = make_topic(name="Anxiety", slug="anxiety", parent=cls.psychology,
                                 introduction="Anxiety is **common**.")  # fmt: skip
        cls.stress = make_topic(name="Stress", slug="stress")
        cls.anxiety.related.add(cls.stress)
        make_article(primary_topic=cls.anxiety, kind=Article.Kind.QA)
        make_article(primary_topic=cls.anxiety, kind=Article.Kind.QA)
        make_article(primary_topic=cls.anxiety, status=Article.Status.DRAFT, kind=Article.Kind.NEWS)
        make_author(name="Bea Nwosu", credentials="Ph.D.", slug="bea", bio="Works in *Leeds*.")
        make_helpline(name="Samaritans", phone="116 123", countries=["GB", "IE"])
        make_helpline(name="988 Lifeline", phone="988", countries=["US"], text_number="988")
        make_helpline(name="Shout", phone="", countries=["GB"], text_number="85258",
                      text_keyword="SHOUT", last_verified=date(2026, 1, 2))  # fmt: skip
        make_helpline(name="Closed line", is_active=False)

    def test_topic_tree(self) -> None:
        tree = self.client.get(f"{API}/topics/").json()
        assert [(n["name"], [c["name"] for c in n["children"]]) for n in tree] == [
            ("Stress", []),
            ("Psychology", ["Anxiety"]),
        ]

    def test_topic_detail_with_related_topics_and_sections(self) -> None:
        body = self.client.get(f"{API}/topics/anxiety/").json()
        assert body["introduction_html"] == "<p>Anxiety is <strong>common</strong>.</p>"
        assert body["parent"]["name"] == "Psychology"
        assert [t["name"] for t in body["related"]] == ["Stress"]
        assert body["sections"] == [
            {
                "kind": "qa",
                "label": "Questions and Answers",
                "article_count": 2,
                "url": "http://testserver/topics/anxiety/questions-and-answers/",
                "api_url": "http://testserver/api/v1/articles/?topic=anxiety&kind=qa",
            }
        ]
        assert self.client.get(f"{API}/topics/nothing/").status_code == 404

    def test_authors(self) -> None:
        listing = self.client.get(f"{API}/authors/").json()
        assert [a["display_name"] for a in listing["items"]] == ["Bea Nwosu, Ph.D."]
        detail = self.client.get(f"{API}/authors/bea/").json()
        assert detail["bio_html"] == "<p>Works in <em>Leeds</em>.</p>"

    def test_helplines_shown_and_by_country(self) -> None:
        everything = self.client.get(f"{API}/helplines/").json()
        assert sorted(h["name"] for h in everything) == ["988 Lifeline", "Samaritans", "Shout"]
        shout = next(h for h in everything if h["name"] == "Shout")
        assert shout["countries"] == ["GB"] and shout["phone_href"] is None
        assert shout["text_href"] == "sms:85258?&body=SHOUT"
        assert shout["last_verified"] == "2026-01-02"
        ireland = self.client.get(f"{API}/helplines/?country=ie").json()
        assert [(h["name"], h["phone_href"]) for h in ireland] == [("Samaritans", "tel:116123")]
        assert ireland[0]["countries"] == ["GB", "IE"]
        us = self.client.get(f"{API}/helplines/?country=US").json()
        assert [(h["name"], h["text_href"]) for h in us] == [("988 Lifeline", "sms:988")]

    def test_helplines_by_unknown_country_is_a_clear_error(self) -> None:
        for value, words in (("XX", "not an ISO 3166-1"), ("GBR", "pattern"), ("<1", "pattern")):
            response = self.client.get(f"{API}/helplines/", {"country": value})
            assert response.status_code == 400
            assert words in str(response.json()), response.json()
        old = self.client.get(f"{API}/helplines/?region=UK")
        assert old.status_code == 400 and "Unknown parameters: region" in old.json()["error"]


class ApiPageCacheTests(TestCase):
    """Anonymous API answers are shared through the page cache with the pages' invalidation:
    the second request costs no query, and a change readers would see shows at once."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.topic = make_topic(name="Anxiety", slug="anxiety")
        cls.article = make_article(title="Worry at night", primary_topic=cls.topic)
        cls.first = make_comment(article=cls.article, title="It helped", name="Sam")

    def cached(self, url: str, **headers):
        """``url`` fetched twice: the second answer comes from the page cache (no query)."""
        first = self.client.get(url, headers=headers)
        with self.assertNumQueries(0):
            again = self.client.get(url, headers=headers)
        assert again.content == first.content
        return again

    def test_an_edited_article_shows_at_once_in_the_list_and_the_detail(self) -> None:
        listing, detail = f"{API}/articles/", f"{API}/articles/{self.article.slug}/"
        assert titles(self.cached(listing)) == ["Worry at night"]
        assert self.cached(detail).json()["title"] == "Worry at night"
        self.article.title = "Worry in the small hours"
        with reviewed_change():  # as a published revision does
            self.article.save()
        assert titles(self.client.get(listing)) == ["Worry in the small hours"]
        assert self.client.get(detail).json()["title"] == "Worry in the small hours"

    def test_a_new_and_an_archived_article_show_at_once(self) -> None:
        listing = f"{API}/articles/?topic=anxiety"
        detail = f"{API}/articles/{self.article.slug}/"
        self.cached(detail)
        assert titles(self.cached(listing)) == ["Worry at night"]
        make_article(
            title="Panic, explained", primary_topic=self.topic,
            published_at=timezone.now() - timedelta(minutes=1),
        )  # fmt: skip
        assert titles(self.client.get(listing)) == ["Panic, explained", "Worry at night"]
        editor = make_user(is_staff=True, is_superuser=True)
        self.article.archive(by=editor)
        assert titles(self.client.get(listing)) == ["Panic, explained"]
        gone = self.client.get(detail)
        assert gone.status_code == 404
        assert gone.json()["error"] == "No published article at this address."

    def test_an_approved_comment_shows_at_once(self) -> None:
        url = f"{API}/articles/{self.article.slug}/comments/"
        assert [c["title"] for c in self.cached(url).json()["items"]] == ["It helped"]
        waiting = make_comment(article=self.article, title="Me too", status=Comment.Status.PENDING)
        assert [c["title"] for c in self.client.get(url).json()["items"]] == ["It helped"]
        waiting.approve()
        assert [c["title"] for c in self.client.get(url).json()["items"]] == [
            "It helped",
            "Me too",
        ]

    def test_a_cached_answer_carries_the_same_headers_and_answers_304(self) -> None:
        url = f"{API}/articles/{self.article.slug}/"
        fresh = self.client.get(url, headers={"Origin": "https://partner.example"})
        hit = self.cached(url, Origin="https://partner.example")
        for header in ("ETag", "Last-Modified", "Content-Type", "Access-Control-Allow-Origin"):
            assert hit[header] == fresh[header], header
        assert hit["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
        assert hit.json()["title"] == "Worry at night"
        with self.assertNumQueries(0):
            tag = self.client.get(url, headers={"If-None-Match": fresh["ETag"]})
            since = self.client.get(url, headers={"If-Modified-Since": fresh["Last-Modified"]})
        assert (tag.status_code, since.status_code) == (304, 304)
        assert tag.content == since.content == b""

    def test_a_client_with_a_session_gets_a_fresh_private_answer(self) -> None:
        url = f"{API}/articles/"
        self.cached(url)
        self.client.cookies["sessionid"] = "anything"
        response = self.client.get(url)
        assert titles(response) == ["Worry at night"]
        assert response["Cache-Control"] == "private, no-store"

    @override_settings(KITH_API_CORS_ORIGINS=["https://partner.example"])
    def test_answers_that_depend_on_the_origin_are_not_shared(self) -> None:
        url = f"{API}/articles/"
        partner = self.client.get(url, headers={"Origin": "https://partner.example"})
        assert partner["Access-Control-Allow-Origin"] == "https://partner.example"
        other = self.client.get(url, headers={"Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in other
        assert titles(other) == ["Worry at night"]
        assert other["Cache-Control"] == "public, max-age=60, stale-while-revalidate=300"
        self.article.title = "Worry in the small hours"
        with reviewed_change():  # as a published revision does, but without a signal
            Article.objects.filter(pk=self.article.pk).update(title=self.article.title)
        assert titles(self.client.get(url)) == ["Worry in the small hours"]


class CorsTests(TestCase):
    def test_any_origin_may_read_by_default(self) -> None:
        response = self.client.get(f"{API}/topics/", headers={"Origin": "https://partner.example"})
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response["Access-Control-Expose-Headers"]
        assert "Access-Control-Allow-Credentials" not in response

    def test_preflight_allows_get_only(self) -> None:
        response = self.client.options(
            f"{API}/articles/",
            headers={"Origin": "https://partner.example", "Access-Control-Request-Method": "GET"},
        )
        assert response.status_code == 204
        assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
        assert response["Access-Control-Allow-Headers"] == "If-None-Match, If-Modified-Since"

    @override_settings(KITH_API_CORS_ORIGINS=["https://partner.example"])
    def test_listed_origins_only(self) -> None:
        allowed = self.client.get(f"{API}/topics/", headers={"Origin": "https://partner.example"})
        assert allowed["Access-Control-Allow-Origin"] == "https://partner.example"
        assert "Origin" in allowed["Vary"]
        other = self.client.get(f"{API}/topics/", headers={"Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in other
        assert other.status_code == 200  # CORS only stops a browser script from reading it


@override_settings(KITH_API_RATE_LIMIT=3, KITH_API_RATE_WINDOW_SECONDS=60)
class RateLimitTests(TestCase):
    def test_too_many_requests_answer_429_with_retry_after(self) -> None:
        # The second and third answers come from the page cache: they count all the same.
        statuses = [self.client.get(f"{API}/helplines/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        response = self.client.get(f"{API}/topics/")
        assert response.status_code == 429
        assert 1 <= int(response["Retry-After"]) <= 60
        assert response.json()["error"].startswith("Too many requests")
        assert response["Cache-Control"] == "private, no-store"
        other = self.client.get(f"{API}/topics/", REMOTE_ADDR="203.0.113.9")
        assert other.status_code == 200

    def test_the_count_is_kept_under_a_hash_not_the_address(self) -> None:
        before = int(time.time()) // 60 * 60
        self.client.get(f"{API}/helplines/", REMOTE_ADDR="198.51.100.77")
        self.client.get(f"{API}/helplines/", REMOTE_ADDR="198.51.100.77")
        digest = keyed_hash("198.51.100.77", purpose="client")
        assert "198.51.100.77" not in digest
        windows = {before, int(time.time()) // 60 * 60}
        counts = [cache.get(f"kith:api:rate:{digest}:{start}") for start in windows]
        assert sum(count or 0 for count in counts) == 2
