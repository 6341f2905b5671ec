"""What Kith works out once per process gives the same answers as Django would each time:
translations from one dictionary per interface language, and remembered URL reversing."""

from __future__ import annotations

from gettext import GNUTranslations, NullTranslations

import pytest
from django.test import SimpleTestCase, override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation
from django.utils.translation import trans_real

from kith.gettext_table import _messages, flatten
from kith.reversing import remembered_reverse


def _walked(language: str) -> GNUTranslations:
    """Django's own translation object for ``language``, built afresh (never flattened)."""
    return trans_real.DjangoTranslation(language)


class TranslationTableTests(SimpleTestCase):
    def test_each_interface_language_answers_from_one_dictionary(self) -> None:
        for language in ("en-gb", "es"):
            with self.subTest(language=language):
                assert "gettext" in vars(trans_real.translation(language))

    def test_every_known_message_gets_the_answer_of_djangos_own_walk(self) -> None:
        for language in ("en-gb", "es"):
            walked = _walked(language)
            flattened = trans_real.translation(language)
            messages = _messages(walked)
            assert len(messages) > 300, language  # Django's catalogues and Kith's
            for message in messages:
                assert flattened.gettext(message) == walked.gettext(message), (language, message)

    def test_a_page_in_spanish_still_reads_in_spanish(self) -> None:
        with translation.override("es"):
            assert translation.gettext("Reader comments") == "Comentarios de los lectores"
            assert translation.pgettext("verb", "Report") != "Report"
            assert translation.gettext("A sentence no catalogue holds") == (
                "A sentence no catalogue holds"
            )
        with translation.override("en-gb"):
            assert translation.gettext("Reader comments") == "Reader comments"

    def test_flattening_twice_or_a_plain_object_changes_nothing(self) -> None:
        walked = _walked("es")
        flatten(walked)
        table_lookup = walked.gettext
        flatten(walked)
        assert walked.gettext is table_lookup
        flatten(NullTranslations())  # nothing to flatten: no error


class RememberedReverseTests(SimpleTestCase):
    def test_the_same_address_as_reverse(self) -> None:
        for name, kwargs in [
            ("articles:detail", {"slug": "panic-attacks"}),
            ("topics:detail", {"slug": "anxiety"}),
            ("articles:home", {}),
        ]:
            assert remembered_reverse(name, **kwargs) == reverse(name, kwargs=kwargs)

    def test_positional_arguments_as_in_the_url_tag(self) -> None:
        expected = reverse("topics:section", args=["anxiety", "basic-information"])
        assert remembered_reverse("topics:section", "anxiety", "basic-information") == expected
        assert remembered_reverse("comments:reply", 7) == reverse("comments:reply", args=[7])

    def test_different_arguments_are_different_addresses(self) -> None:
        assert remembered_reverse("articles:detail", slug="a") == "/articles/a/"
        assert remembered_reverse("articles:detail", slug="b") == "/articles/b/"

    def test_the_script_prefix_is_part_of_the_answer(self) -> None:
        set_script_prefix("/kith/")
        try:
            assert remembered_reverse("articles:detail", slug="a") == "/kith/articles/a/"
        finally:
            set_script_prefix("/")
        assert remembered_reverse("articles:detail", slug="a") == "/articles/a/"

    def test_another_urlconf_is_asked_afresh(self) -> None:
        assert remembered_reverse("articles:detail", slug="a") == "/articles/a/"
        with override_settings(ROOT_URLCONF="tests.urls_elsewhere"):
            assert remembered_reverse("articles:detail", slug="a") == "/elsewhere/articles/a/"

    def test_an_address_that_cannot_be_made_raises_like_reverse(self) -> None:
        with pytest.raises(NoReverseMatch):
            remembered_reverse("articles:tag", slug="!!!")
