"""The crisis path no refusal can skip (issue 12, part 3).

A comment that may speak of suicide or self-harm is screened before any rule can refuse it:
whatever refuses it (closed comments, the honeypot, the signed timestamp, form errors, the
origin check, flood, duplicate, rate limit), its writer sees the crisis panel with the
helplines first and a calm line about the refusal under them, and keeps their words. Past the
flood, duplicate and rate limits, it is kept for the urgent queue a few times an hour at most.
"""

from __future__ import annotations

import html
import time
from unittest import mock

from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.db import DatabaseError
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from comments import moderation
from comments.models import Comment
from tests.comments_factories import form_data
from tests.factories import make_article, make_helpline, make_user

RISKY = "I want to kill myself tonight"
HELPLINE = "Samaritans"
POSTED = reverse("comments:posted")


class CrisisPathTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Sleep and stress")
        cls.url = reverse("comments:post", args=[cls.article.slug])
        make_helpline(name=HELPLINE, phone="116 123")
        moderators = Group.objects.get(name=moderation.MODERATORS_GROUP)
        make_user(email="mod@example.org").groups.add(moderators)

    def post(self, addr="10.0.0.1", **fields):
        return self.client.post(self.url, form_data(**fields), REMOTE_ADDR=addr)

    def assert_helplines_first(self, response, line, *, status):
        """The crisis panel leads the page, the refusal line comes under the helplines."""
        assert response.status_code == status
        page = html.unescape(response.content.decode())
        line = str(line)  # the refusal lines are lazy: read out in the crisis panel's language
        assert 'class="crisis-panel"' in page
        assert "116 123" in page
        assert page.index(HELPLINE) < page.index(line), "helplines before the refusal line"
        assert page.index('class="crisis-panel"') < page.index('class="comment-page__back"')
        assert "<title>You are not alone" in page
        self.assertTemplateNotUsed(response, "429.html")
        return page

    def assert_words_kept(self, page, text=RISKY):
        """The reader's words are still in the form, ready to send again."""
        textarea = page[page.index('<textarea name="body"') :]
        assert textarea[textarea.index(">") + 1 :].startswith(f"\n{text}</textarea>")
        assert 'name="consent"' in page

    def assert_nothing_stored(self):
        assert Comment.objects.count() == 0
        assert mail.outbox == []


class RefusedBeforeStoringTests(CrisisPathTestCase):
    """Rules that refuse before anything is stored: the helplines first, nothing kept."""

    def test_honeypot_with_risky_text_shows_helplines_and_stores_nothing(self):
        """A filled honeypot stores nothing, but a writer at risk sees the helplines and can
        send again (a browser's autofill may have filled the hidden field)."""
        response = self.post(body=RISKY, website="http://example.org")
        page = self.assert_helplines_first(response, moderation.NOT_SENT_DISCARDED, status=400)
        self.assert_words_kept(page)
        assert 'name="website" id="id_website" tabindex="-1" autocomplete="off">' in page
        self.assert_nothing_stored()

    def test_honeypot_without_risk_is_still_discarded_silently(self):
        """An ordinary text in the honeypot case behaves as before: “thank you”, nothing kept."""
        response = self.post(website="http://spam.example")
        assert response["Location"] == POSTED
        self.assertContains(self.client.get(POSTED), "Your comment will appear once")
        self.assert_nothing_stored()

    def test_missing_or_forged_timestamp_with_risky_text(self):
        """No signed timestamp, or a forged one: helplines first, then “reload the page”."""
        for timestamp in ("", "1700000000", moderation.sign_timestamp()[:-2] + "xx"):
            response = self.post(body=RISKY, timestamp=timestamp)
            page = self.assert_helplines_first(
                response, moderation.NOT_SENT_FORM_ERRORS, status=400
            )
            assert page.index(str(moderation.NOT_SENT_FORM_ERRORS)) < page.index("reload the page")
            self.assert_words_kept(page)
        self.assert_nothing_stored()

    def test_too_fast_with_risky_text(self):
        """Sent within seconds of the form being shown: helplines first, then the reason."""
        response = self.post(body=RISKY, timestamp=moderation.sign_timestamp(time.time()))
        page = self.assert_helplines_first(response, "quicker than a person", status=400)
        self.assert_words_kept(page)
        self.assert_nothing_stored()

    def test_form_errors_with_risky_text(self):
        """A missing consent box: the helplines, the calm line, then the form's own errors."""
        response = self.post(body=RISKY, consent="")
        page = self.assert_helplines_first(response, moderation.NOT_SENT_FORM_ERRORS, status=400)
        assert page.index(str(moderation.NOT_SENT_FORM_ERRORS)) < page.index("Please tick the box")
        self.assert_words_kept(page)
        # The panel's helplines are not repeated beside the form.
        assert page.count(f"<strong>{HELPLINE}</strong>") == 1
        assert "one of the services above" in page
        self.assert_nothing_stored()

    def test_too_long_comment_with_risky_text(self):
        """Past 5,000 characters: helplines first, and the whole text is kept to shorten."""
        body = RISKY + ". " + "I have nobody. " * 400
        response = self.post(body=body)
        page = self.assert_helplines_first(response, moderation.NOT_SENT_FORM_ERRORS, status=400)
        assert "at most 5000 characters" in page
        self.assert_words_kept(page, text=body)
        self.assert_nothing_stored()

    def test_risky_title_alone_is_enough(self):
        """The title is screened with the body."""
        response = self.post(title=RISKY, body="Nothing else to say.", consent="")
        self.assert_helplines_first(response, moderation.NOT_SENT_FORM_ERRORS, status=400)

    def test_hostile_megabyte_is_answered_without_error(self):
        """A huge post is screened within bounds and refused as too long, never a 500."""
        body = RISKY + " " + "a" * 1_000_000
        start = time.perf_counter()
        response = self.post(body=body)
        assert time.perf_counter() - start < 5
        self.assert_helplines_first(response, moderation.NOT_SENT_FORM_ERRORS, status=400)
        self.assert_nothing_stored()

    def test_closed_article_with_risky_text(self):
        """Closed comments: the helplines first, then why the comment was not sent."""
        self.article.comments_open = False
        self.article.save()
        response = self.post(body=RISKY)
        line = "Comments are closed on this article. Your comment was not sent."
        page = self.assert_helplines_first(response, line, status=403)
        assert page.count("Comments are closed on this article.") == 1
        self.assert_nothing_stored()

    def test_cross_site_post_with_risky_text(self):
        """The origin check refuses a cross-site post; a risky one still shows the helplines."""
        client = Client(enforce_csrf_checks=True)
        data = form_data(body=RISKY)
        response = client.post(self.url, data, headers={"origin": "https://elsewhere.example"})
        page = self.assert_helplines_first(response, moderation.NOT_SENT_ORIGIN, status=403)
        assert RISKY not in page  # another site's words are not echoed into this site's page
        ordinary = client.post(
            self.url, form_data(), headers={"origin": "https://elsewhere.example"}
        )
        self.assertTemplateUsed(ordinary, "403_csrf.html")
        assert "crisis-panel" not in ordinary.content.decode()
        self.assert_nothing_stored()


class KeptForTheUrgentQueueTests(CrisisPathTestCase):
    """Flood, duplicate and rate limit: a risky comment is kept, a few times an hour at most."""

    def kept_comments(self):
        return Comment.objects.filter(held_for_risk=True, status=Comment.Status.PENDING)

    def test_risky_comment_posted_twice_within_15_seconds(self):
        """The issue's case: both posts show the helplines and both reach the urgent queue."""
        for kept_line in ("", "You sent a comment a moment ago. We kept this one too"):
            response = self.post(body=RISKY)
            assert response["Location"] == POSTED
            page = self.client.get(POSTED).content.decode()
            assert 'class="crisis-panel"' in page
            assert page.index(HELPLINE) < page.index("Your comment was received.")
            assert kept_line in page
            assert "/delete/" in page  # the writer can still erase what they sent
        first, second = self.kept_comments().order_by("pk")
        assert (first.body, second.body) == (RISKY, RISKY)
        assert first.events.get().note == ""
        assert "flood limit" in second.events.get().note
        assert [m.to for m in mail.outbox] == [["mod@example.org"], ["mod@example.org"]]
        assert all(m.body.count("/admin/comments/comment/") == 1 for m in mail.outbox)

    def test_kept_past_the_flood_up_to_the_bound_and_no_further(self):
        """Three kept past the flood limit in an hour (the default); the fourth is refused
        with the helplines first and the words in the form, and nothing more is stored."""
        self.post(body=RISKY)
        for n in range(3):
            assert self.post(body=f"{RISKY} ({n})")["Location"] == POSTED
        response = self.post(body=f"{RISKY} (again)")
        page = self.assert_helplines_first(response, "a moment ago", status=429)
        assert "has not been sent, but your words are still in the form below" in page
        assert response["Retry-After"]
        self.assert_words_kept(page, text=f"{RISKY} (again)")
        assert self.kept_comments().count() == 4
        assert len(mail.outbox) == 4
        # Another commenter has places of their own.
        assert self.post(addr="10.0.0.2", body=RISKY)["Location"] == POSTED

    @override_settings(KITH_COMMENTS_RISK_OVERFLOW_PER_HOUR=1)
    def test_the_bound_is_a_setting(self):
        """KITH_COMMENTS_RISK_OVERFLOW_PER_HOUR sets how many are kept past a limit."""
        self.post(body=RISKY)
        assert self.post(body=f"{RISKY}!")["Location"] == POSTED
        assert self.post(body=f"{RISKY}!!").status_code == 429
        assert self.kept_comments().count() == 2

    @override_settings(KITH_COMMENTS_FLOOD_SECONDS=0)
    def test_duplicate_risky_comment_is_kept(self):
        """The same risky words again: kept, with a note naming the duplicate check."""
        self.post(body=RISKY)
        response = self.post(body=RISKY, addr="10.0.0.2")
        assert response["Location"] == POSTED
        page = self.client.get(POSTED).content.decode()
        assert page.index(HELPLINE) < page.index("These words were already sent.")
        assert self.kept_comments().count() == 2
        assert "duplicate check" in self.kept_comments().last().events.get().note

    @override_settings(KITH_COMMENTS_FLOOD_SECONDS=0, KITH_COMMENTS_RISK_OVERFLOW_PER_HOUR=0)
    def test_duplicate_refused_when_nothing_may_be_kept(self):
        """With no places, a risky duplicate is refused: helplines first, words in the form."""
        self.post(body=RISKY)
        response = self.post(body=RISKY, addr="10.0.0.2")
        page = self.assert_helplines_first(response, "already posted this comment", status=400)
        self.assert_words_kept(page)
        assert Comment.objects.count() == 1

    @override_settings(KITH_COMMENTS_FLOOD_SECONDS=0, KITH_COMMENTS_RATE_LIMIT=1)
    def test_rate_limited_risky_comment_is_kept(self):
        """Past the rate limit: kept, with a note naming the rate limit; then refused."""
        self.post(body="An ordinary first comment.")
        for n in range(3):
            assert self.post(body=f"{RISKY} {n}")["Location"] == POSTED
        kept = self.kept_comments()
        assert kept.count() == 3
        assert all("rate limit" in c.events.get().note for c in kept)
        page = self.client.get(POSTED).content.decode()  # the last of them
        assert page.index(HELPLINE) < page.index("We kept this one anyway")
        response = self.post(body=f"{RISKY} 4")
        self.assert_helplines_first(response, "several comments in a short time", status=429)
        assert self.kept_comments().count() == 3

    @override_settings(KITH_COMMENTS_PREMODERATION=False)
    def test_kept_comment_is_never_published_or_spam_by_itself(self):
        """A kept comment waits for a moderator even from a trusted commenter, and a word on
        the disallowed list does not hide it in spam."""
        from comments.models import ModeratedWord

        ModeratedWord.objects.create(word="casino", kind=ModeratedWord.Kind.DISALLOW)
        self.post(body="Thank you for this.")
        self.post(body=f"{RISKY}, the casino took everything")
        kept = Comment.objects.get(body__startswith=RISKY)
        assert kept.status == Comment.Status.PENDING
        assert kept.hold_reason_list[0] == "risk"

    def test_ordinary_comment_refused_by_flood_behaves_as_before(self):
        """Without risk, the flood rule answers the 429 page and keeps nothing."""
        self.post(body="First.")
        response = self.post(body="Second.")
        self.assertTemplateUsed(response, "429.html")
        assert list(Comment.objects.values_list("body", flat=True)) == ["First."]


class FailedStorageTests(CrisisPathTestCase):
    def test_failed_insert_gives_back_the_flood_slot(self):
        """When the comment cannot be stored, the reader may send it again at once."""
        fields = {
            "article": self.article, "commenter": "c" * 64, "title": "", "name": "",
            "email": "", "body": "Words that could not be stored.",
        }  # fmt: skip
        with (
            mock.patch.object(moderation, "_store_comment", side_effect=DatabaseError),
            self.assertRaises(DatabaseError),
        ):
            moderation.submit_comment(**fields)
        assert cache.get(f"comments:flood:{'c' * 64}") is None
        assert cache.get(f"comments:rate:{'c' * 64}") == 0
        comment, _token = moderation.submit_comment(**fields)
        assert Comment.objects.get() == comment
