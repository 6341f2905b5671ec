"""kith/markup.py against a public list of XSS payloads (see tests/data/README.md).

Every payload goes in as editor Markdown, as imported HTML and as a reader comment; the output is
parsed again and must hold no scripting element, no event-handler attribute and no link or image
address outside http, https and mailto.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import TestCase

from kith.markup import render_comment, render_markdown, sanitize_html
from tests.factories import make_article

PAYLOAD_FILE = Path(__file__).parent / "data" / "xss-payloads.txt"
PAYLOADS = [
    line
    for line in PAYLOAD_FILE.read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("# ")
]

DANGEROUS_ELEMENTS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "svg", "math", "object", "embed",
        "noscript", "base", "link", "meta", "form", "input", "button", "textarea", "template",
    }
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "data", "poster", "background", "xlink:href"}
)
SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:", "sms:")
# Characters a browser ignores or strips when it reads a URL's scheme.
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")
# A URL's scheme as the WHATWG URL parser reads it; anything else is a relative address.
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


class ElementAudit(HTMLParser):
    """Collects every element, attribute and URL in a fragment, as a browser's tokenizer sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(tag)
        for name, value in attrs:
            self.attributes.append((tag, name, value or ""))

    handle_startendtag = handle_starttag


def problems_in(fragment: str) -> list[str]:
    """What would let script run in ``fragment``; empty when it is inert."""
    audit = ElementAudit()
    audit.feed(fragment)
    audit.close()
    found = [f"<{tag}>" for tag in audit.elements if tag in DANGEROUS_ELEMENTS]
    for tag, name, value in audit.attributes:
        if name.startswith("on"):
            found.append(f"<{tag} {name}>")
        if name == "style":
            found.append(f"<{tag} style>")
        if name in URL_ATTRIBUTES:
            # The parser has already decoded entities once, exactly as a browser does.
            url = _URL_NOISE.sub("", value).lower()
            scheme = _SCHEME.match(url)
            if scheme and f"{scheme.group(1)}:" not in SAFE_SCHEMES:
                found.append(f"<{tag} {name}={value!r}>")
    return found


def test_the_payload_list_is_large_enough():
    """The vendored list is a few hundred real payloads, not an accidentally empty file."""
    assert len(PAYLOADS) >= 300
    assert "<script>alert('XSS')</script>" in PAYLOADS
    assert any("\t" in payload for payload in PAYLOADS)


def test_the_audit_catches_what_it_must():
    """The checker itself fails on live payloads, so a passing sanitiser test means something."""
    assert problems_in("<script>alert(1)</script>") == ["<script>"]
    assert problems_in('<img src=x onerror="alert(1)">') == ["<img onerror>"]
    assert problems_in('<a href=" java&#x09;script&colon;alert(1)">x</a>')
    assert problems_in('<a href="JAVASCRIPT:alert(1)">x</a>')
    assert problems_in('<a href="&#x6A;avascript:alert(1)">x</a>')
    assert problems_in('<svg><math><noscript><iframe><object><embed><style>') == [
        "<svg>", "<math>", "<noscript>", "<iframe>", "<object>", "<embed>", "<style>",
    ]  # fmt: skip
    assert problems_in('<a href="https://example.org/a:b">x</a> <a href="/relative">y</a>') == []
    assert problems_in('<a href="mailto:a@example.org">x</a>') == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markdown_body_is_inert(payload):
    """An editor's Markdown can never put script, handlers or unsafe URLs on a page."""
    assert problems_in(render_markdown(payload)) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_imported_html_is_inert_and_stable(payload):
    """Imported HTML is cleaned to the allowlist, and cleaning twice changes nothing more."""
    once = sanitize_html(payload)
    assert problems_in(once) == []
    assert sanitize_html(once) == once


@pytest.mark.parametrize("payload", PAYLOADS)
def test_comment_text_is_inert(payload):
    """A reader's comment is text: any markup in it is shown, never run."""
    rendered = render_comment(payload)
    assert problems_in(rendered) == []
    audit = ElementAudit()
    audit.feed(rendered)
    assert set(audit.elements) <= {"p", "br", "a"}


def test_markdown_keeps_the_formatting_editors_use():
    """Sanitising does not strip the allowed Markdown: headings, emphasis, lists and safe links."""
    rendered = render_markdown(
        "# Title\n\nSome **bold** and *italic*.\n\n- one\n- two\n\n"
        "[a link](https://example.org/page) and [mail](mailto:a@example.org)"
    )
    assert '<h2 id="h-title">Title</h2>' in rendered
    assert "<strong>bold</strong>" in rendered
    assert "<em>italic</em>" in rendered
    assert "<li>one</li>" in rendered
    assert '<a href="https://example.org/page">a link</a>' in rendered
    assert '<a href="mailto:a@example.org">mail</a>' in rendered


def test_sanitize_html_keeps_allowed_markup():
    """Allowed imported markup survives unchanged, so imports keep their structure."""
    allowed = (
        '<h2 id="h-heading">Heading</h2><p><a href="https://example.org" title="t">x</a> '
        '<img src="/media/images/0123abcd0123abcd-4x3.png" alt="a" width="4" height="3" '
        'loading="lazy"></p><table><thead><tr>'
        '<th scope="col">h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>'
    )
    assert sanitize_html(allowed) == allowed


def test_comment_links_cannot_use_other_schemes():
    """Only http(s) links in comments become anchors; a javascript: address stays plain text."""
    rendered = render_comment("try javascript:alert(1) or https://example.org/help")
    assert 'href="https://example.org/help"' in rendered
    assert "javascript:alert(1)" in rendered
    assert rendered.count("<a ") == 1


class ArticlePagePayloadTests(TestCase):
    """Payloads stored through the model and served on the article page stay inert."""

    @classmethod
    def setUpTestData(cls):
        cls.payloads = PAYLOADS
        cls.article = make_article(
            slug="hostile",
            title="Hostile <script>alert('title')</script>",
            summary="Summary <img src=x onerror=alert(1)>",
            pull_quote="<svg onload=alert(1)>",
            body="\n\n".join(cls.payloads),
            question="<iframe src=javascript:alert(1)>",
            kind="qa",
        )

    def test_article_page_shows_payloads_as_inert_text(self):
        """The whole list in one stored body (and hostile title/summary) renders with no script."""
        response = self.client.get("/articles/hostile/")
        assert response.status_code == 200
        page = response.content.decode()
        # The comment form below the article is a form on purpose; audit the article itself.
        main = page[page.index('<main id="main"') : page.index('<section id="comments"')]
        assert problems_in(main) == []
        # The title, summary and question are escaped text the reader can still read.
        assert "Hostile &lt;script&gt;alert(&#x27;title&#x27;)&lt;/script&gt;" in main
        assert "&lt;iframe src=javascript:alert(1)&gt;" in main

    def test_stored_body_is_the_sanitised_render(self):
        """What is stored is exactly render_markdown's output, so the page serves cleaned HTML."""
        self.article.refresh_from_db()
        assert self.article.body_html == render_markdown(self.article.body)
        assert problems_in(self.article.body_html) == []


def test_cleaning_twice_keeps_ampersands_in_quoted_attributes():
    """A title holding both " and & is not re-escaped on every save (bleach quote-char bug)."""
    once = sanitize_html(
        '<a href="https://example.org/?a=1&amp;b=2" title=\'say "hi" &amp; go\'>x</a>'
    )
    assert once == (
        '<a href="https://example.org/?a=1&amp;b=2" title="say &quot;hi&quot; &amp; go">x</a>'
    )
    assert sanitize_html(sanitize_html(once)) == once


def test_headings_get_anchors_but_no_other_id_survives():
    """Kith's own ``h-`` anchors on h2 stay; an id that could clash with the page's is
    replaced by Kith's own; a heading stored without one (or with a taken one) gets one."""
    assert sanitize_html(
        '<h2 id="main">A</h2><h2 id="h-b">B</h2><p id="h-c">C</p><h2 id="h-b">B &amp; c</h2>'
    ) == ('<h2 id="h-a">A</h2><h2 id="h-b">B</h2><p>C</p><h2 id="h-b-c">B &amp; c</h2>')
    assert render_markdown("## Same\n\n## Same") == (
        '<h2 id="h-same">Same</h2>\n<h2 id="h-same-2">Same</h2>'
    )
