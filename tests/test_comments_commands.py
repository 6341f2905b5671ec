"""The comments app's management commands: screen_comments, purge_comment_data and
seed_demo_comments."""

from __future__ import annotations

import io
import json
import sys
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone

from comments.models import Comment, CommentReport, ModeratedWord
from tests.comments_factories import make_comment
from tests.factories import make_article


def _screen(monkeypatch, raw: bytes, *args: str) -> list[dict]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("screen_comments", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


@pytest.mark.django_db
def test_screen_comments_prints_one_json_object_per_line(monkeypatch):
    """Each input line gets its line number and hold reasons, in order."""
    ModeratedWord.objects.create(word="casino", kind="hold")
    lines = [
        "I want to kill myself tonight",
        "What a lovely, calm article.",
        "mail me at a@b.com",
        "",
        "see https://a.example and https://b.example at the casino",
    ]
    result = _screen(monkeypatch, "\n".join(lines).encode() + b"\n")
    assert [r["line"] for r in result] == [1, 2, 3, 4, 5]
    assert "risk" in result[0]["reasons"]
    assert result[1]["reasons"] == []
    assert "personal_details" in result[2]["reasons"]
    assert result[3]["reasons"] == []
    assert {"links", "moderation_words"} <= set(result[4]["reasons"])


@pytest.mark.django_db
def test_screen_comments_link_limit_option(monkeypatch):
    """--link-limit changes the links rule for a dry run of the word lists."""
    result = _screen(monkeypatch, b"one link https://a.example\n", "--link-limit", "1")
    assert result == [{"line": 1, "reasons": ["links"]}]


@pytest.mark.django_db
def test_screen_comments_invalid_utf8_is_a_clear_error(monkeypatch):
    """Undecodable input stops with a message naming the line, and a non-zero exit."""
    with pytest.raises(CommandError, match="Line 2 is not valid UTF-8"):
        _screen(monkeypatch, b"fine\n\xff\xfe broken\n")


@pytest.mark.django_db
def test_screen_comments_rejects_a_negative_link_limit(monkeypatch):
    """A nonsense option is an error, not a silent default."""
    with pytest.raises(CommandError, match="--link-limit"):
        _screen(monkeypatch, b"x\n", "--link-limit", "-1")


class PurgeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        article = make_article()
        old = timezone.now() - timedelta(days=200)
        cls.old = make_comment(
            article=article, email="old@example.org", client_hash="c" * 64, created_at=old
        )
        cls.recent = make_comment(article=article, email="new@example.org", client_hash="d" * 64)
        cls.old_spam = make_comment(article=article, status="spam", created_at=old)
        cls.old_rejected = make_comment(article=article, status="rejected", created_at=old)
        cls.recent_spam = make_comment(article=article, status="spam")
        CommentReport.objects.create(
            comment=cls.recent, reason="spam", reporter_hash="r" * 64, created_at=old
        )

    def test_purge_removes_old_personal_data_and_old_rejected_and_spam(self):
        """Old e-mails and address keys go; old rejected and spam comments are deleted."""
        out = io.StringIO()
        call_command("purge_comment_data", stdout=out)
        self.old.refresh_from_db()
        self.recent.refresh_from_db()
        assert (self.old.email, self.old.email_hash, self.old.client_hash) == ("", "", "")
        assert self.old.body  # the published text itself stays
        assert self.recent.email == "new@example.org" and self.recent.client_hash
        remaining = set(Comment.objects.values_list("pk", flat=True))
        assert self.old_spam.pk not in remaining and self.old_rejected.pk not in remaining
        assert self.recent_spam.pk in remaining
        assert not CommentReport.objects.exists()
        text = out.getvalue()
        assert "Removed e-mail addresses and address hashes from 1 comment(s) older" in text
        assert "Deleted 2 rejected or spam comment(s) older than 30 days" in text
        assert "Deleted 1 reader report(s)" in text

    def test_dry_run_changes_nothing(self):
        """--dry-run only counts."""
        out = io.StringIO()
        call_command("purge_comment_data", "--dry-run", stdout=out)
        assert "Would delete 2 rejected or spam" in out.getvalue()
        assert Comment.objects.count() == 5
        self.old.refresh_from_db()
        assert self.old.email == "old@example.org"


class SeedDemoCommentsTests(TestCase):
    def test_without_articles_it_says_so_and_succeeds(self):
        """No published articles: a message, exit 0, nothing created."""
        out = io.StringIO()
        call_command("seed_demo_comments", stdout=out)
        assert "No published articles" in out.getvalue()
        assert not Comment.objects.exists()

    def test_seeds_each_state_once(self):
        """Approved with titles, a reply, a pending and a risk-held comment; idempotent."""
        make_article()
        make_article()
        call_command("seed_demo_comments", stdout=io.StringIO())
        assert Comment.objects.approved().filter(parent=None).exclude(title="").count() == 2
        assert Comment.objects.approved().filter(parent__isnull=False).count() == 1
        assert Comment.objects.pending().filter(held_for_risk=False).count() == 1
        assert Comment.objects.pending().filter(held_for_risk=True).count() == 1
        count = Comment.objects.count()
        out = io.StringIO()
        call_command("seed_demo_comments", stdout=out)
        assert Comment.objects.count() == count
        assert "already present" in out.getvalue()
