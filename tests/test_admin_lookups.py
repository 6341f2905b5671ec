"""Moderators cannot read hidden e-mail addresses or hashes through admin URL lookups.

Django's admin applies any lookup on a model's own fields from the URL; the probe in issue 15
recovered an address a character at a time from ``?email__regex=``. Only the filters a list
shows may be applied; e-mail addresses and hashes are never filterable or searchable.
"""

from __future__ import annotations

from django.contrib.admin import site
from django.contrib.auth.models import Group
from django.test import TestCase
from django.urls import reverse

from comments import moderation
from comments.models import Comment, ModerationEvent
from kith.admin_lookups import OfferedFiltersOnlyMixin
from tests.comments_factories import make_comment
from tests.factories import make_article, make_user

COMMENTS = reverse("admin:comments_comment_changelist")
EVENTS = reverse("admin:comments_moderationevent_changelist")
SECRET = "hidden.person@example.org"


def _personal(field_name: str) -> bool:
    # A hash of a person's address, e-mail or token; an imported page's content hash is not.
    return "email" in field_name or (field_name.endswith("_hash") and field_name != "content_hash")


class HiddenFieldLookupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        article = make_article(title="On worry")
        cls.secret = make_comment(
            article=article, title="Has a hidden address", email=SECRET, client_hash="3f" * 32
        )
        cls.other = make_comment(article=article, title="Another comment", email="b@example.org")
        cls.moderator = make_user(username="mod", is_staff=True)
        cls.moderator.groups.add(Group.objects.get(name=moderation.MODERATORS_GROUP))

    def setUp(self):
        self.client.force_login(self.moderator)

    def refused(self, url: str) -> None:
        response = self.client.get(url)
        # Django's refusal: 400 for a disallowed lookup, or a redirect to ?e=1.
        if response.status_code == 302:
            assert response["Location"].endswith("?e=1")
        else:
            assert response.status_code == 400
            page = response.content.decode()
            assert "Has a hidden address" not in page and "Another comment" not in page

    def test_email_and_hash_lookups_on_comments_are_refused(self):
        email_hash = Comment.objects.get(pk=self.secret.pk).email_hash
        for query in (
            "email__regex=^hidden",
            "email__startswith=h",
            "email=" + SECRET,
            "email__iexact=" + SECRET,
            "client_hash__startswith=3f",
            "email_hash=" + email_hash,
            "email_hash__startswith=" + email_hash[:2],
            "deletion_token_hash__startswith=a",
            "body__contains=number",
            "parent__email__startswith=h",
        ):
            with self.subTest(query):
                self.refused(f"{COMMENTS}?{query}")

    def test_lookups_through_the_moderation_log_are_refused(self):
        for query in ("comment__email__startswith=h", "comment__client_hash=x", "note__regex=."):
            with self.subTest(query):
                self.refused(f"{EVENTS}?{query}")

    def test_the_filters_the_list_offers_still_work(self):
        """The status and hold-reason filters, and search by title, are unchanged."""
        response = self.client.get(f"{COMMENTS}?status__exact=approved&reason=links")
        assert response.status_code == 200
        response = self.client.get(f"{COMMENTS}?status__exact=approved&q=Another")
        page = response.content.decode()
        assert "Another comment" in page and "Has a hidden address" not in page
        response = self.client.get(f"{EVENTS}?action__exact=approve")
        assert response.status_code == 200

    def test_searching_for_an_address_finds_nothing(self):
        response = self.client.get(f"{COMMENTS}?q={SECRET}")
        assert "Has a hidden address" not in response.content.decode()


def test_every_admin_with_personal_fields_applies_only_offered_filters():
    """Any Kith admin whose model holds e-mail or hash fields uses the mixin (Django itself
    refuses lookups through a relation the list does not filter by), and no admin searches
    such a field."""
    for model, model_admin in site._registry.items():
        if model._meta.app_label in {"auth", "sites", "redirects", "flatpages"}:
            continue
        if any(_personal(field.name) for field in model._meta.fields):
            assert isinstance(model_admin, OfferedFiltersOnlyMixin), model.__name__
        for search in model_admin.search_fields:
            assert not any(_personal(part) for part in search.lstrip("^=@").split("__")), search
    assert isinstance(site._registry[ModerationEvent], OfferedFiltersOnlyMixin)
