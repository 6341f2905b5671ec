"""Each rule of the moderation pipeline, one at a time (comments/moderation.py)."""

from __future__ import annotations

import time

import pytest
from django.core import mail
from django.test import RequestFactory, TestCase, override_settings

from comments import moderation
from comments.classify import HoldReason
from comments.models import Comment, ModeratedWord, ModerationEvent
from tests.comments_factories import make_comment
from tests.factories import make_article, make_user


def _submit(article, **fields):
    values = {
        "commenter": "client-a",
        "title": "",
        "name": "",
        "email": "",
        "body": "A kind and ordinary comment.",
    }
    values.update(fields)
    return moderation.submit_comment(article=article, **values)


class HoneypotTests(TestCase):
    def test_empty_honeypot_passes(self):
        """People leave the hidden field empty and are let through."""
        moderation.check_honeypot("")

    def test_filled_honeypot_is_discarded(self):
        """A bot that fills the hidden field is discarded (silently, by the view)."""
        with pytest.raises(moderation.Discarded):
            moderation.check_honeypot("http://spam.example")


class TimestampTests(TestCase):
    def _code(self, value, *, now=None):
        with pytest.raises(moderation.Refused) as refused:
            moderation.check_timestamp(value, now=now)
        return refused.value.code

    def test_a_minute_old_form_passes(self):
        """A form shown a minute ago is accepted."""
        moderation.check_timestamp(moderation.sign_timestamp(time.time() - 60))

    def test_missing_timestamp_is_refused(self):
        """A post without the timestamp (not sent from our form) gets a form error."""
        assert self._code("") == "timestamp_missing"

    def test_tampered_timestamp_is_refused(self):
        """Changing the signed value breaks the signature."""
        signed = moderation.sign_timestamp(time.time() - 60)
        assert self._code(signed[:-2] + "xx") == "timestamp_invalid"
        assert self._code("1700000000") == "timestamp_invalid"

    def test_too_fast_is_refused(self):
        """Sent under 3 seconds after the form was shown: a bot."""
        assert self._code(moderation.sign_timestamp(time.time() - 1)) == "too_fast"

    def test_too_old_is_refused(self):
        """A form open for more than two hours must be reloaded."""
        assert self._code(moderation.sign_timestamp(time.time() - 3 * 3600)) == "too_old"


class FloodDuplicateRateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def test_second_comment_within_flood_window_is_429(self):
        """The same commenter twice within 15 s is a flood (HTTP 429)."""
        _submit(self.article, body="First thoughts.")
        with pytest.raises(moderation.Refused) as refused:
            _submit(self.article, body="Second thoughts.")
        assert (refused.value.code, refused.value.status) == ("flood", 429)
        assert Comment.objects.count() == 1

    def test_other_commenter_is_not_flooding(self):
        """The flood rule is per commenter."""
        _submit(self.article, body="First thoughts.")
        _submit(self.article, body="Other thoughts.", commenter="client-b")
        assert Comment.objects.count() == 2

    @override_settings(KITH_COMMENTS_FLOOD_SECONDS=0)
    def test_same_body_same_article_is_duplicate(self):
        """The same text on the same article within a day: “you already posted this”."""
        _submit(self.article, body="Exactly this.")
        with pytest.raises(moderation.Refused) as refused:
            _submit(self.article, body="Exactly this.", commenter="client-b")
        assert refused.value.code == "duplicate"
        assert "already posted" in refused.value.message

    @override_settings(KITH_COMMENTS_FLOOD_SECONDS=0)
    def test_same_body_on_another_article_is_fine(self):
        """Duplicates are per article."""
        _submit(self.article, body="Exactly this.")
        _submit(make_article(), body="Exactly this.")
        assert Comment.objects.count() == 2

    @override_settings(KITH_COMMENTS_FLOOD_SECONDS=0, KITH_COMMENTS_RATE_LIMIT=2)
    def test_rate_limit_per_commenter(self):
        """After the limit the commenter gets 429 until the window ends; others do not."""
        _submit(self.article, body="One.")
        _submit(self.article, body="Two.")
        with pytest.raises(moderation.Refused) as refused:
            _submit(self.article, body="Three.")
        assert (refused.value.code, refused.value.status) == ("rate_limit", 429)
        _submit(self.article, body="Three.", commenter="client-b")
        assert Comment.objects.count() == 3


class ClassificationAndDecisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def test_premoderation_holds_a_clean_comment(self):
        """By default every comment waits for a moderator."""
        comment, _ = _submit(self.article)
        assert comment.status == Comment.Status.PENDING
        assert comment.hold_reasons == ""

    def test_risk_is_stored_and_flagged(self):
        """Risk language is stored as a hold reason and flags the comment as urgent."""
        comment, _ = _submit(self.article, body="I want to kill myself tonight")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING
        assert HoldReason.RISK in comment.hold_reason_list
        assert comment.held_for_risk

    def test_personal_details_are_held(self):
        """An e-mail address in the body is a personal-details hold."""
        comment, _ = _submit(self.article, body="mail me at a@b.com")
        assert HoldReason.PERSONAL_DETAILS in comment.hold_reason_list

    def test_links_hold_at_the_limit(self):
        """Two links (the default limit) hold the comment."""
        comment, _ = _submit(self.article, body="https://a.example and https://b.example")
        assert HoldReason.LINKS in comment.hold_reason_list

    def test_moderation_word_from_admin_list_holds(self):
        """A word on the admin's hold list holds the comment."""
        ModeratedWord.objects.create(word="casino", kind=ModeratedWord.Kind.HOLD)
        comment, _ = _submit(self.article, body="I like the casino.")
        assert comment.hold_reason_list == [HoldReason.MODERATION_WORDS]

    def test_disallowed_word_goes_straight_to_spam(self):
        """A disallowed word sends the comment to spam, with an audit event."""
        ModeratedWord.objects.create(word="viagra", kind=ModeratedWord.Kind.DISALLOW)
        comment, _ = _submit(self.article, body="cheap viagra here")
        assert comment.status == Comment.Status.SPAM
        assert list(comment.events.values_list("action", flat=True)) == ["posted", "spam"]

    def test_decide(self):
        """Disallowed → spam; any reason → pending; pre-moderation or a stranger → pending."""
        spam = moderation.decide([HoldReason.DISALLOWED_WORDS], known_commenter=True)
        assert spam == Comment.Status.SPAM
        assert moderation.decide(["links"], known_commenter=True) == Comment.Status.PENDING
        with override_settings(KITH_COMMENTS_PREMODERATION=True):
            assert moderation.decide([], known_commenter=True) == Comment.Status.PENDING
        with override_settings(KITH_COMMENTS_PREMODERATION=False):
            assert moderation.decide([], known_commenter=True) == Comment.Status.APPROVED
            assert moderation.decide([], known_commenter=False) == Comment.Status.PENDING

    @override_settings(KITH_COMMENTS_PREMODERATION=False)
    def test_known_commenter_is_auto_approved_without_premoderation(self):
        """With pre-moderation off, an e-mail with an approved comment is trusted."""
        make_comment(article=self.article, email="Known@Example.org")
        comment, _ = _submit(self.article, email="known@example.org ")
        assert comment.status == Comment.Status.APPROVED
        assert comment.published_at is not None
        stranger, _ = _submit(
            self.article, email="new@example.org", commenter="client-b", body="Hello there."
        )
        assert stranger.status == Comment.Status.PENDING

    @override_settings(KITH_COMMENTS_PREMODERATION=False)
    def test_known_commenter_with_risk_is_still_held(self):
        """Risk is never auto-published, not even for a trusted commenter."""
        make_comment(article=self.article, email="known@example.org")
        comment, _ = _submit(
            self.article, email="known@example.org", body="I want to kill myself tonight"
        )
        assert comment.status == Comment.Status.PENDING


class StorageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()

    def test_posted_event_and_hashes_are_stored_not_raw_values(self):
        """The client key and e-mail key are HMACs; the deletion token is stored hashed."""
        comment, token = _submit(self.article, commenter="k" * 64, email="me@example.org")
        assert comment.client_hash == "k" * 64
        assert comment.email_hash == moderation.email_key("me@example.org")
        assert "me@example.org" not in comment.email_hash
        assert token not in comment.deletion_token_hash
        assert comment.deletion_token_matches(token)
        assert not comment.deletion_token_matches(token + "x")
        assert comment.consent_at is not None
        assert comment.events.get().action == ModerationEvent.Action.POSTED

    def test_client_key_uses_remote_addr_not_forwarded_for(self):
        """A client cannot choose its key by sending X-Forwarded-For."""
        rf = RequestFactory()
        plain = rf.get("/", REMOTE_ADDR="10.0.0.1")
        forged = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1")
        assert moderation.client_key(plain) == moderation.client_key(forged)
        assert moderation.client_key(plain) != moderation.client_key(
            rf.get("/", REMOTE_ADDR="10.0.0.2")
        )
        assert "10.0.0.1" not in moderation.client_key(plain)
        assert len(moderation.client_key(plain)) == 64

    @override_settings(KITH_COMMENTS_TRUSTED_PROXY_COUNT=1)
    def test_trusted_proxy_count_reads_forwarded_for(self):
        """Behind one trusted proxy, the address that proxy saw is used."""
        request = RequestFactory().get(
            "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 2.2.2.2"
        )
        assert moderation.client_address(request) == "2.2.2.2"


class RiskEmailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(title="Coping with grief")
        from django.contrib.auth.models import Group

        moderators = Group.objects.get(name=moderation.MODERATORS_GROUP)
        cls.mod = make_user(email="mod@example.org")
        cls.mod.groups.add(moderators)
        make_user(email="inactive@example.org", is_active=False).groups.add(moderators)
        make_user(email="", username="noemail").groups.add(moderators)
        make_user(email="boss@example.org", is_superuser=True, is_staff=True)
        make_user(email="editor@example.org")

    def test_every_active_moderator_and_superuser_is_emailed_at_once(self):
        """A risk comment e-mails each active moderator with an address, without its text."""
        _submit(self.article, body="I want to kill myself tonight")
        recipients = sorted(m.to[0] for m in mail.outbox)
        assert recipients == ["boss@example.org", "mod@example.org"]
        message = mail.outbox[0]
        assert "Urgent" in message.subject
        assert "Coping with grief" in message.body
        assert "/admin/comments/comment/" in message.body
        assert "kill myself" not in message.body

    def test_no_email_without_risk(self):
        """Ordinary comments do not wake moderators."""
        _submit(self.article, body="Lovely article.")
        assert mail.outbox == []


class SimultaneousPostTests(TestCase):
    """Two posts that both passed the read-only checks cannot both take the last slot."""

    @override_settings(KITH_COMMENTS_FLOOD_SECONDS=15)
    def test_second_simultaneous_claim_is_a_flood(self):
        """The flood slot is claimed atomically: the second of two racing posts gets a 429."""
        moderation.claim_posting_slot("racer")
        with pytest.raises(moderation.Refused) as refused:
            moderation.claim_posting_slot("racer")
        assert refused.value.code == "flood" and refused.value.status == 429

    @override_settings(KITH_COMMENTS_FLOOD_SECONDS=0, KITH_COMMENTS_RATE_LIMIT=3)
    def test_claims_past_the_limit_are_refused(self):
        """With the flood rule off, the rate limit still stops at exactly its number."""
        for _ in range(3):
            moderation.claim_posting_slot("busy")
        with pytest.raises(moderation.Refused) as refused:
            moderation.claim_posting_slot("busy")
        assert refused.value.code == "rate_limit"
        moderation.claim_posting_slot("someone-else")  # others are not affected
