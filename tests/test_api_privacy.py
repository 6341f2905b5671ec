"""The API shows only what a reader may see: a crawl of every endpoint and every field.

Drafts, scheduled and archived articles, pending/rejected/spam comments, e-mail addresses,
their hashes, client hashes, moderator notes, hold reasons and reviewers' notes are all
planted with unmistakable values; the crawl starts from every path in the OpenAPI schema,
follows every ``api_url``/``next`` link it meets, and no planted value may appear in any
field of any answer.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

from django.test import TestCase
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tests.comments_factories import make_comment
from tests.factories import make_article, make_author, make_reviewer, make_topic

SECRET = "zzsecret"


def strings_in(value: object) -> list[str]:
    """Every key and string value in a JSON document, however deep."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in [k, *strings_in(v)]]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return [value] if isinstance(value, str) else []


class NothingPrivateTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        topic = make_topic(slug="anxiety")
        author = make_author(slug="author-visible")
        cls.public = make_article(title="Visible article", primary_topic=topic, authors=[author])
        Article.objects.filter(pk=cls.public.pk).update(
            reviewed_by=make_reviewer(), last_reviewed=timezone.localdate(),
            review_notes=f"{SECRET}-review-notes",
        )  # fmt: skip
        for status, when in [
            ("draft", None),
            ("review", None),
            ("archived", timezone.now() - timedelta(days=3)),
            ("published", timezone.now() + timedelta(days=3)),
        ]:
            make_article(
                title=f"{SECRET}-{status}-title", slug=f"{SECRET}-{status}", status=status,
                published_at=when, primary_topic=topic, authors=[author],
                summary=f"{SECRET} summary", body=f"{SECRET} body", tags=[f"{SECRET}-{status}"],
            )  # fmt: skip
        visible = make_comment(
            article=cls.public, name="Visible name", email=f"{SECRET}@example.org",
            client_hash=f"{SECRET}-client",
        )  # fmt: skip
        Comment.objects.filter(pk=visible.pk).update(moderator_note=f"{SECRET}-note")
        for status in ["pending", "rejected", "spam"]:
            make_comment(
                article=cls.public, status=status, title=f"{SECRET}-{status}",
                name=f"{SECRET}-name", email=f"{SECRET}-{status}@example.org",
                body=f"{SECRET} {status} body", hold_reasons="risk,personal_details",
                parent=visible if status == "pending" else None,
            )  # fmt: skip
        cls.hashes = list(Comment.objects.values_list("email_hash", flat=True))

    def crawl(self) -> dict[str, object]:
        schema = self.client.get("/api/v1/openapi.json").json()
        queue = []
        for path in schema["paths"]:
            queue += [
                path.replace("{slug}", slug)
                for slug in ("anxiety", "author-visible", self.public.slug, f"{SECRET}-draft")
            ]
        seen: dict[str, object] = {}
        while queue:
            url = queue.pop()
            parts = urlsplit(url)
            address = parts.path + (f"?{parts.query}" if parts.query else "")
            if address in seen:
                continue
            response = self.client.get(address)
            seen[address] = response.json()
            for text in strings_in(seen[address]):
                if re.match(r"http://testserver/api/v1/", text):
                    queue.append(text)
        return seen

    def test_no_private_value_in_any_field_of_any_answer(self) -> None:
        answers = self.crawl()
        # The crawl reached every kind of answer, including the visible comment and article.
        assert any(a.startswith("/api/v1/articles/?") for a in answers)
        assert any(a.endswith("/comments/") for a in answers)
        every_string = [s for body in answers.values() for s in strings_in(body)]
        assert "Visible name" in every_string
        assert "Visible article" in every_string
        leaks = [s for s in every_string if SECRET in s]
        assert leaks == []
        for digest in self.hashes:
            assert not any(digest and digest in s for s in every_string)
        forbidden_keys = {"email", "email_hash", "client_hash", "moderator_note", "hold_reasons",
                          "review_notes", "status", "deletion_token_hash"}  # fmt: skip
        keys = {k for body in answers.values() for k in _keys(body)}
        assert keys.isdisjoint(forbidden_keys)
        assert len(answers) > 15


def _keys(value: object) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for item in value for k in _keys(item)}
    return set()
