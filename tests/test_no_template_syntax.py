"""No page shows template syntax to the person reading it.

A Django comment written over two lines (``{# … #}`` is single-line only) or a mistyped tag is
printed as text. Every public page type (``tests.browser.pages.PUBLIC_PAGES``) and every admin
page a moderator, editor or clinical reviewer uses (``tests.browser.test_layout.STAFF_PAGES``,
plus the admin index) is rendered with Django's test client and its visible text read.
"""

from __future__ import annotations

from html.parser import HTMLParser

from django.core.cache import cache
from django.test import Client, TestCase
from django.urls import reverse

from comments.models import Comment
from tests.browser.pages import PUBLIC_PAGES, build_demo_site
from tests.browser.test_layout import STAFF_PAGES, add_staff

TEMPLATE_SYNTAX = ("{#", "#}", "{%", "%}", "{{", "}}")


class _VisibleText(HTMLParser):
    """Text a reader sees: text nodes outside script and style, and the page title."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        for name, value in attrs:
            if name in {"title", "alt", "placeholder", "aria-label"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style", "template"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def template_syntax_in(html: str) -> list[str]:
    text = visible_text(html)
    return [
        text[max(0, text.index(mark) - 40) : text.index(mark) + 40]
        for mark in TEMPLATE_SYNTAX
        if mark in text
    ]


class NoTemplateSyntaxTests(TestCase):
    def test_the_check_sees_a_two_line_template_comment(self):
        """The check is real: Django prints a two-line {# #} comment, and it is found."""
        page = "<main><p>{# first line\n second line #}</p><script>{{ x }}</script></main>"
        assert template_syntax_in(page) == [
            "{# first line second line #}",
            "{# first line second line #}",
        ]
        assert template_syntax_in("<script>const a = {{}};</script><p>fine</p>") == []

    def test_no_public_page_shows_template_syntax(self):
        site = build_demo_site()
        demo_comments = set(Comment.objects.values_list("pk", flat=True))
        problems = []
        for language in ("en-GB", "es-MX"):  # the Spanish pass: a new reader, new forms
            Comment.objects.exclude(pk__in=demo_comments).delete()
            cache.clear()
            for public_page in PUBLIC_PAGES:
                response = public_page.fetch(site, Client(), language=language)
                assert response.status_code == public_page.status, public_page.name
                problems += [
                    f"{public_page.name} ({language}): {bit}"
                    for bit in template_syntax_in(response.content.decode())
                ]
        assert problems == []

    def test_no_staff_page_shows_template_syntax(self):
        site = build_demo_site()
        add_staff(site)
        problems = []
        clients: dict[str, Client] = {}
        pages = [(page.name, page.username, page.path(site)) for page in STAFF_PAGES]
        for username in ("morgan", "edith", "ruth"):
            pages.append((f"admin-index ({username})", username, reverse("admin:index")))
        pages.append(
            (
                "admin-comment-list-all",
                "morgan",
                reverse("admin:comments_comment_changelist") + "?all=1",
            )
        )
        for name, username, path in pages:
            if username not in clients:
                clients[username] = Client()
                assert clients[username].login(username=username, password="a-long-test-password")
            for language in ("en-GB", "es"):
                headers = {"accept-language": language}
                response = clients[username].get(path, follow=True, headers=headers)
                assert response.status_code == 200, name
                problems += [
                    f"{name} ({language}): {bit}"
                    for bit in template_syntax_in(response.content.decode())
                ]
        assert problems == []
