"""The interface in English and Spanish: how the language is chosen, what readers, commenters
and staff see in it, and that no cached page or stored card is served in the wrong one."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime

from django.conf import settings
from django.core import mail
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from articles.models import Article
from comments.language import panel_language, written_language
from comments.models import Comment
from tests.comments_factories import form_data, make_comment
from tests.factories import make_article, make_helpline, make_reviewer, make_user

SPANISH_HOME = "Entiende tu mente, en lenguaje sencillo"
ENGLISH_HOME = "Understand your mind, in plain language"
SPANISH_PANEL = "Gracias por contarnos cómo te sientes"
ENGLISH_PANEL = "Thank you for telling us how you feel"
SPANISH_RISKY = "Ya no puedo más, esta noche me voy a quitar la vida."
ENGLISH_RISKY = "I can't go on, I want to kill myself tonight."


def visible_text(response) -> str:
    """What a reader sees: the page without tags, scripts or styles, entities decoded."""
    page = response.content.decode()
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


class LanguageChoiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(slug="calm", title="Calm breathing")

    def test_the_browser_language_decides_before_any_choice(self):
        """es-MX (and any Spanish) gets Spanish; en-GB and en-US get English."""
        for header, heading, lang in (
            ("es-MX,es;q=0.9", SPANISH_HOME, "es"),
            ("es", SPANISH_HOME, "es"),
            ("en-GB,en;q=0.9", ENGLISH_HOME, "en-GB"),
            ("en-US", ENGLISH_HOME, "en-GB"),
            ("fr-FR", ENGLISH_HOME, "en-GB"),  # not offered: the default
        ):
            with self.subTest(header):
                response = self.client.get("/", headers={"accept-language": header})
                text = visible_text(response)
                assert heading in text
                assert html_lang(response) == lang
        spanish = visible_text(self.client.get("/", headers={"accept-language": "es-MX"}))
        assert "Temas" in spanish and "Todos los artículos" in spanish
        assert "Not medical advice" not in spanish and "Skip to main content" not in spanish

    def test_every_page_offers_both_languages_each_named_in_itself(self):
        page = self.client.get("/articles/calm/", headers={"accept-language": "es"})
        content = page.content.decode()
        switcher = content[content.index('class="language-switcher"') :]
        switcher = switcher[: switcher.index("</nav>")]
        assert 'aria-label="Idioma"' in content
        assert re.search(r'lang="en-GB" hreflang="en-GB"[^>]*>English</a>', switcher)
        assert re.search(r'lang="es" hreflang="es"[^>]*aria-current="true">Español</a>', switcher)
        assert "next=%2Farticles%2Fcalm%2F" in switcher

    def test_the_switcher_remembers_the_choice_and_goes_back(self):
        response = self.client.get(
            reverse("language"), {"language": "es", "next": "/articles/calm/"},
            headers={"accept-language": "en-GB"},
        )  # fmt: skip
        assert response.status_code == 302
        assert response["Location"] == "/articles/calm/"
        cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
        assert cookie.value == "es" and cookie["samesite"] == "Lax" and cookie["httponly"]
        assert response["Cache-Control"] == "private, no-store"
        # The cookie wins over the browser's English from now on.
        page = self.client.get("/articles/calm/", headers={"accept-language": "en-GB"})
        assert html_lang(page) == "es"
        assert "Si necesitas ayuda ahora" in visible_text(page)
        back = self.client.get(reverse("language"), {"language": "en-gb", "next": "/"})
        assert back.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en-gb"
        assert ENGLISH_HOME in visible_text(self.client.get("/"))

    def test_the_switcher_refuses_other_sites_and_unknown_languages(self):
        for next_url in ("https://evil.example/", "//evil.example/", "javascript:alert(1)", ""):
            with self.subTest(next_url):
                response = self.client.get(
                    reverse("language"), {"language": "es", "next": next_url}
                )
                assert response["Location"] == "/"
        for language in ("fr", "xx-yy", "es" * 40, ""):
            with self.subTest(language):
                response = self.client.get(reverse("language"), {"language": language})
                assert response.status_code == 302
                assert settings.LANGUAGE_COOKIE_NAME not in response.cookies

    def test_error_pages_speak_the_language(self):
        response = self.client.get("/no-such-page/", headers={"accept-language": "es-AR"})
        assert response.status_code == 404
        assert "No encontramos esa página" in visible_text(response)
        assert html_lang(response) == "es"


class CachedPagesTests(TestCase):
    """One stored page per address and language: never the other language's."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(slug="calm", title="Calm breathing")
        make_comment(article=cls.article, title="It helped")

    def fetch(self, url: str, language: str, **cookies: str):
        self.client.cookies.clear()
        for name, value in cookies.items():
            self.client.cookies[name] = value
        return self.client.get(url, headers={"accept-language": language})

    def test_a_page_cached_in_english_is_not_served_to_a_spanish_reader(self):
        for url in ("/", "/articles/calm/", "/topics/"):
            with self.subTest(url):
                english = self.fetch(url, "en-GB")
                with self.assertNumQueries(0):  # the English page is now a hit
                    assert self.fetch(url, "en-GB").content == english.content
                spanish = self.fetch(url, "es-MX")
                assert html_lang(spanish) == "es" and "Saltar al contenido principal" in (
                    visible_text(spanish)
                )
                with self.assertNumQueries(0):  # and the Spanish one has an entry of its own
                    again = self.fetch(url, "es-MX")  # same region: same helplines
                assert again.content == spanish.content
                assert html_lang(self.fetch(url, "en-US")) == "en-GB"
                # The cookie is the reader's choice: it wins over the browser on a hit too.
                with self.assertNumQueries(0):
                    chosen = self.fetch(url, "en-MX", **{settings.LANGUAGE_COOKIE_NAME: "es"})
                assert chosen.content == spanish.content
                vary = {part.strip() for part in spanish["Vary"].split(",")}
                assert {"Cookie", "Accept-Language"} <= vary

    def test_the_helplines_filled_into_a_cached_page_speak_its_language(self):
        make_helpline(name="Samaritans", phone="116 123", countries=["GB"])
        self.fetch("/articles/calm/", "en-GB")
        spanish = visible_text(self.fetch("/articles/calm/", "es-GB"))
        assert "Mostramos ayuda para: Reino Unido" in spanish
        assert "Llama al 116 123" in spanish
        english = visible_text(self.fetch("/articles/calm/", "en-GB"))
        assert "Showing help for: United Kingdom" in english and "Llama al" not in english


class DatesAndNumbersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        reviewer = make_reviewer(name="Ruth Adeyemi")
        cls.article = make_article(
            slug="calm", title="Calm breathing", reviewed_by=reviewer,
            last_reviewed=date(2026, 3, 2), next_review_due=date(2027, 3, 2),
        )  # fmt: skip
        Article.objects.filter(pk=cls.article.pk).update(
            published_at=cls.article.published_at.replace(year=2025, month=4, day=14, hour=12)
        )
        moment = datetime(2025, 5, 9, 12, tzinfo=UTC)
        make_comment(article=cls.article, title="It helped", created_at=moment)

    def test_the_review_line_and_dates_follow_the_language(self):
        spanish = visible_text(
            self.client.get("/articles/calm/", headers={"accept-language": "es"})
        )
        assert (
            "Revisado por Ruth Adeyemi" in spanish
            and "Última revisión de la página: 2 de marzo de 2026" in spanish
            and "Próxima revisión: 2 de marzo de 2027" in spanish
        )
        assert "Publicado el 14 de abril de 2025" in spanish
        assert "9 de mayo de 2025" in spanish  # the comment's date
        english = visible_text(
            self.client.get("/articles/calm/", headers={"accept-language": "en"})
        )
        assert "Page last reviewed 2 March 2026 · Next review due 2 March 2027" in english
        assert "Published 14 April 2025" in english and "9 May 2025" in english


class CommentCardTests(TestCase):
    """Stored cards are in the default language; a Spanish page never shows an English one."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(slug="calm", title="Calm breathing")
        cls.moderator = make_user(groups=["Moderators"], is_staff=True)

    def test_the_blank_comment_form_is_kept_once_per_language(self):
        """The form's fields are rendered once per language and process (comments/forms.py)."""
        for _round in range(2):
            spanish = visible_text(
                self.client.get("/articles/calm/", headers={"accept-language": "es"})
            )
            english = visible_text(
                self.client.get("/articles/calm/", headers={"accept-language": "en"})
            )
            assert "Nombre que se mostrará (opcional)" in spanish and "Display name" not in spanish
            assert "Display name (optional)" in english and "Nombre que se" not in english

    def test_a_card_approved_by_a_spanish_moderator_is_stored_in_english(self):
        comment = make_comment(article=self.article, status=Comment.Status.PENDING, title="Hola")
        with translation.override("es"):
            comment.approve(by=self.moderator)
        comment.refresh_from_db()
        assert ">Reply<" in comment.card_html and "Responder" not in comment.card_html

    def test_each_language_sees_its_own_card(self):
        make_comment(article=self.article, title="It helped", name="")
        spanish = self.client.get("/articles/calm/", headers={"accept-language": "es"})
        text = visible_text(spanish)
        assert "Responder a «It helped»" in text and "Denunciar este comentario" in text
        assert "Anónimo" in text
        assert ">Reply<" not in spanish.content.decode()
        english = visible_text(
            self.client.get("/articles/calm/", headers={"accept-language": "en"})
        )
        assert "Reply to “It helped”" in english and "Anonymous" in english
        assert "Responder" not in english


class CrisisPanelLanguageTests(TestCase):
    """The crisis panel speaks the comment's language, else the article's, else the page's."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(slug="calm", title="Calm breathing")
        cls.spanish_article = make_article(slug="calma", title="Respirar con calma")
        Article.objects.filter(pk=cls.spanish_article.pk).update(language="es")
        make_helpline(name="Línea de la Vida", phone="800 911 2000", countries=["MX"])

    def post(self, article: Article, body: str, language: str):
        url = reverse("comments:post", args=[article.slug])
        return self.client.post(
            url, form_data(title="", body=body), follow=True,
            headers={"accept-language": language},
        )  # fmt: skip

    def panel(self, response) -> str:
        page = response.content.decode()
        start = page.index('<section class="crisis-panel"')
        return page[start : page.index("</section>", start)]

    def test_a_spanish_crisis_comment_gets_the_spanish_panel_on_an_english_page(self):
        response = self.post(self.article, SPANISH_RISKY, "en-GB")
        panel = self.panel(response)
        text = visible_text(response)
        assert SPANISH_PANEL in text and ENGLISH_PANEL not in text
        assert 'lang="es"' in panel
        assert "Habla con alguien ahora" in panel
        assert "Hemos recibido tu comentario" in text
        assert Comment.objects.get().held_for_risk

    def test_a_spanish_reader_in_mexico_sees_mexican_lines_in_spanish(self):
        response = self.post(self.article, SPANISH_RISKY, "es-MX")
        panel = self.panel(response)
        assert "Mostramos ayuda para: <strong>México</strong>" in panel
        assert "Línea de la Vida" in panel and "800 911 2000" in panel

    def test_an_english_comment_gets_the_english_panel_on_a_spanish_page(self):
        text = visible_text(self.post(self.article, ENGLISH_RISKY, "es"))
        assert ENGLISH_PANEL in text and SPANISH_PANEL not in text

    def test_without_a_clear_language_the_article_decides_then_the_page(self):
        assert SPANISH_PANEL in visible_text(self.post(self.spanish_article, "kms", "en-GB"))
        Comment.objects.all().delete()
        self.client.cookies.clear()
        assert ENGLISH_PANEL in visible_text(self.post(self.article, "kms", "en-GB"))

    def test_a_refused_spanish_post_keeps_its_refusal_line_in_spanish(self):
        url = reverse("comments:post", args=[self.article.slug])
        data = form_data(title="", body=SPANISH_RISKY, consent="")
        response = self.client.post(url, data, headers={"accept-language": "en-GB"})
        assert response.status_code == 400
        panel = html.unescape(self.panel(response))
        assert SPANISH_PANEL in panel
        assert "Tu comentario aún no se ha enviado" in panel
        assert "Your comment has not been sent yet" not in panel

    def test_the_comment_language_is_told_by_its_common_words(self):
        assert written_language(SPANISH_RISKY) == "es"
        assert written_language(ENGLISH_RISKY) == "en"
        assert written_language("kms") == ""
        assert written_language("ok la la") == ""
        assert (
            panel_language(text="kms", article_language="es-MX", interface_language="en-gb") == "es"
        )
        assert panel_language(text="kms", article_language="fr", interface_language="es") == "es"


class EmailLanguageTests(TestCase):
    def test_the_deletion_link_is_mailed_in_the_writers_language(self):
        article = make_article(slug="calm", title="Calm breathing")
        url = reverse("comments:post", args=[article.slug])
        data = form_data(email="sam@example.org")
        self.client.post(url, data, headers={"accept-language": "es-ES"})
        (message,) = mail.outbox
        assert message.subject == "Tu comentario en Kith"
        assert "Gracias por tu comentario en «Calm breathing»" in message.body


class AdminInSpanishTests(TestCase):
    """A Spanish-speaking moderator sees Django's admin and Kith's own words in Spanish."""

    @classmethod
    def setUpTestData(cls):
        cls.moderator = make_user(groups=["Moderators"], is_staff=True)
        cls.article = make_article(slug="calm", title="Calm breathing")
        make_comment(article=cls.article, status=Comment.Status.PENDING, title="Held one")

    def test_the_admin_index_and_moderation_queue(self):
        self.client.force_login(self.moderator)
        headers = {"accept-language": "es-CO"}
        index = visible_text(self.client.get(reverse("admin:index"), headers=headers))
        assert "Administración de Kith" in index and "Contenido y moderación" in index
        assert "Comentarios en espera" in index
        assert "Terminar sesión" in index or "Cerrar sesión" in index  # Django's own catalogue
        queue = self.client.get(
            reverse("admin:comments_comment_changelist"), headers=headers, follow=True
        )
        text = visible_text(queue)
        assert "Aprobar los comentarios seleccionados" in queue.content.decode()
        assert "Pendiente" in text and "Held one" in text
        assert "Approve selected comments" not in queue.content.decode()


class AddressesAndApiTests(TestCase):
    """Addresses and the API do not change with the interface language."""

    @classmethod
    def setUpTestData(cls):
        cls.article = make_article(slug="calm", title="Calm breathing")
        cls.topic = cls.article.primary_topic

    def test_a_topic_section_has_one_address_in_every_language(self):
        url = reverse("topics:section", args=[self.topic.slug, "basic-information"])
        spanish = self.client.get(url, headers={"accept-language": "es"})
        assert spanish.status_code == 200
        assert f"{self.topic.name}: Información básica" in visible_text(spanish)
        topic_page = self.client.get(
            self.topic.get_absolute_url(), headers={"accept-language": "es"}
        )
        assert f'href="{url}"' in topic_page.content.decode()

    def test_the_api_answers_in_the_sites_language(self):
        response = self.client.get(
            reverse("api:topic", args=[self.topic.slug]), headers={"accept-language": "es"}
        )
        assert response.status_code == 200
        assert response.json()["sections"][0]["label"] == "Basic Information"
