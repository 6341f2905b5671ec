"""Property tests (hypothesis): no input makes the sanitiser leak, no query string gives a 500,
and no comment or report form, however hostile, gives a 500 or stores unsanitised HTML.

Examples are kept few so that the suite stays fast; hypothesis' database (.hypothesis/) keeps
any failing example for the next run.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import quote, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from articles.search import normalise_query
from comments.models import Comment
from kith.markup import (
    ARTICLE_ATTRIBUTES,
    ARTICLE_TAGS,
    COMMENT_ATTRIBUTES,
    COMMENT_TAGS,
    PROTOCOLS,
    plain_text,
    render_comment,
    render_markdown,
    sanitize_html,
)
from tests.browser.pages import build_demo_site
from tests.comments_factories import form_data

# Pieces that sanitiser bypasses are made of; hypothesis strings them together at random.
HOSTILE_PIECES = [
    "<", ">", "</", "/>", "=", '"', "'", "`", " ", "\n", "\t", "\x00", "&", ";", "#", ":",
    "script", "img", "a", "svg", "math", "style", "iframe", "object", "embed", "p", "table",
    "noscript", "template", "form", "input", "base", "meta", "title", "textarea", "xmp",
    " href=", " src=", " onerror=", " onload=", " ONCLICK=", " style=", " srcdoc=", " title=",
    "javascript:", "JaVaScRiPt:", "java\tscript:", "vbscript:", "data:text/html,", "mailto:",
    "http://example.org/", "https://example.org/a?b=1&c=2", "//evil.example", "alert(1)",
    "&#106;avascript:", "&#x6A;", "&lt;", "&amp;", "&quot;", "<!--", "-->", "<![CDATA[", "]]>",
    "**", "[", "](", ")", "![", "#", "##", "- ", "1. ", "> ", "```", "|", "---",
]  # fmt: skip
hostile_text = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(HOSTILE_PIECES), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=5)), max_size=30).map(
        "".join
    ),
)
PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


class _Elements(HTMLParser):
    """Collects every start tag and its attributes, as a browser's tokenizer would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


def assert_safe(html: str, *, tags: frozenset[str], attributes: dict) -> None:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.found:
        assert tag in tags, f"<{tag}> in {html!r}"
        for name, value in attrs:
            assert not name.startswith("on"), f"{name} on <{tag}> in {html!r}"
            allowed = attributes.get(tag, [])
            if callable(allowed):  # e.g. only Kith's own heading anchors (id="h-…") on <h2>
                assert allowed(tag, name, value or ""), f"{name} on <{tag}> in {html!r}"
            else:
                assert name in allowed, f"{name} on <{tag}> in {html!r}"
            if name in {"href", "src"}:
                # Browsers drop tabs and newlines inside URLs before reading the scheme.
                url = "".join((value or "").split())
                scheme = urlsplit(url).scheme.lower()
                assert scheme in PROTOCOLS or (scheme == "" and ":" not in url.split("/")[0]), (
                    f"{name}={value!r} in {html!r}"
                )


@PROPERTY_SETTINGS
@given(hostile_text)
@example('<a href="java\nscript:alert(1)">x</a>')
@example("<svg><a xlink:href=javascript:alert(1)>x</a></svg>")
@example("<a title='\"&amp;'>x</a>")
def test_sanitize_html_keeps_to_the_allowlist_and_is_idempotent(html: str) -> None:
    """Imported HTML comes out with allowed elements, attributes and URLs only; cleaning the
    result again changes nothing (stored HTML can be re-sanitised safely)."""
    cleaned = sanitize_html(html)
    assert_safe(cleaned, tags=ARTICLE_TAGS, attributes=ARTICLE_ATTRIBUTES)
    assert sanitize_html(cleaned) == cleaned
    assert "\x00" not in cleaned


@PROPERTY_SETTINGS
@given(hostile_text)
@example("[x](javascript:alert(1)) ![y](data:text/html,<script>alert(1)</script>)")
def test_render_markdown_keeps_to_the_allowlist(text: str) -> None:
    """Editor Markdown never yields a forbidden element, attribute or URL; its output is
    already clean, so sanitising it changes nothing."""
    html = render_markdown(text)
    assert_safe(html, tags=ARTICLE_TAGS, attributes=ARTICLE_ATTRIBUTES)
    assert sanitize_html(html) == html


@PROPERTY_SETTINGS
@given(hostile_text)
@example("see www.example.org/<script> and javascript:alert(1)")
def test_render_comment_is_paragraphs_and_nofollow_links_only(text: str) -> None:
    """A reader's comment becomes only <p>, <br> and rel="nofollow ugc" links."""
    html = render_comment(text)
    assert_safe(html, tags=COMMENT_TAGS, attributes=COMMENT_ATTRIBUTES)
    parser = _Elements()
    parser.feed(html)
    for tag, attrs in parser.found:
        if tag == "a":
            assert ("rel", "nofollow ugc") in attrs


class _Text(HTMLParser):
    """The characters a browser shows, without the whitespace between elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.data: list[str] = []

    def handle_data(self, data: str) -> None:
        self.data.append(data)


@PROPERTY_SETTINGS
@given(hostile_text)
@example("<p>&lt;b&gt; &amp;amp;</p><ul><li>a</li><li>b</li></ul>")
def test_plain_text_is_the_visible_text(html: str) -> None:
    """Summaries and snippets made by plain_text hold the characters a reader sees, none lost,
    none added, entities decoded (text, escaped where it is shown); no line is blank."""
    cleaned = sanitize_html(html)
    text = plain_text(cleaned)
    shown = _Text()
    shown.feed(cleaned)
    shown.close()
    assert "".join(text.split()) == "".join("".join(shown.data).split())
    assert all(line.strip() == line and line for line in text.split("\n") if text)


# --- Public GET endpoints ------------------------------------------------------------------
query_values = st.text(
    alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300
) | st.sampled_from(["0", "-1", "2", "999999999999999999999", "last", "1e3", " 1", "\x00", "%"])


@pytest.fixture
def demo(db):
    return build_demo_site()


ENDPOINT_SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@ENDPOINT_SETTINGS
@given(q=query_values, page=query_values)
@example(q="sleep " * 40 + "\x00\x1f" * 3, page="")  # always one query over the limit
def test_search_never_fails(demo, q: str, page: str) -> None:
    """Any search text and page number gives a search page or a 404, never a server error; a
    query over 200 characters (as the reader meant it: control characters and runs of spaces
    count as one space) is answered with the limit."""
    response = Client().get("/search/", {"q": q, "page": page})
    assert response.status_code in {200, 404}
    if response.status_code == 200:
        assert b"<h1>Search</h1>" in response.content
        if len(normalise_query(q)) > 200:
            assert b"Please search with 200 characters or fewer." in response.content


@ENDPOINT_SETTINGS
@given(page=query_values, extra=query_values)
def test_listing_pages_never_fail(demo, page: str, extra: str) -> None:
    """Topic sections, tags and author pages take any page number (and stray parameters)
    without a server error."""
    for path in [
        f"/topics/{demo.topic.slug}/basic-information/",
        f"/tags/{demo.tag_slug}/",
        demo.author.get_absolute_url(),
    ]:
        response = Client().get(path, {"page": page, "q": extra})
        assert response.status_code in {200, 404}, path
        if response.status_code == 200:
            assert b'<main id="main"' in response.content


@ENDPOINT_SETTINGS
@given(slug=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=80))
def test_any_address_under_the_public_prefixes_is_a_page_or_a_404(demo, slug: str) -> None:
    """Arbitrary slugs under every public prefix answer 200 or 404, never 500."""
    encoded = quote(slug, safe="")
    for prefix in ["/articles/", "/authors/", "/tags/", "/topics/", f"/topics/{demo.topic.slug}/"]:
        response = Client().get(f"{prefix}{encoded}/")
        assert response.status_code in {200, 301, 404}, f"{prefix}{slug!r}"


# --- The comment form and the report form -------------------------------------------------
# Markup that may only reach a page through a sanitiser bug: Kith's public pages have none.
FORBIDDEN_ELEMENTS = {"script", "style", "iframe", "frame", "object", "embed", "applet", "svg",
                      "math", "base", "template", "noscript", "xmp", "plaintext"}  # fmt: skip


def assert_page_is_inert(html: str) -> None:
    """No forbidden element, event handler or non-web URL anywhere in a rendered page."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    for tag, attrs in parser.found:
        if tag == "script" and attrs == [("type", "application/ld+json")]:
            continue  # JSON-LD is data that browsers never run; test_metadata checks its escaping
        assert tag not in FORBIDDEN_ELEMENTS, f"<{tag}> on the page"
        for name, value in attrs:
            assert not name.startswith("on"), f"{name} on <{tag}>"
            if name in {"href", "src", "action"}:
                scheme = urlsplit("".join((value or "").split())).scheme.lower()
                assert scheme in {"", "http", "https", "mailto", "tel", "sms"}, f"{name}={value!r}"


# Mostly (eight times in ten) values that pass the form's own checks, so that most examples
# reach the pipeline and storage; the rest arbitrary.
def mostly(*usual: str) -> st.SearchStrategy[str]:
    return st.integers(0, 9).flatmap(lambda n: st.sampled_from(usual) if n < 8 else hostile_text)


def fitting(size: int) -> st.SearchStrategy[str]:
    return st.one_of(hostile_text, hostile_text.map(str.upper)).map(lambda text: text[:size])


consent_values = mostly("on")
timestamp_values = mostly("valid")
email_values = mostly("", "reader@example.org")
bodies = st.integers(0, 9).flatmap(
    lambda n: hostile_text.map(lambda text: "I found this: " + text) if n < 8 else hostile_text
)


class TestCommentForms:
    """Whatever a reader (or a bot) types into the comment and report forms, the answer is a
    page — never a server error — and nothing unsanitised is stored or shown."""

    @ENDPOINT_SETTINGS
    @given(title=fitting(120), name=fitting(60), email=email_values, body=bodies,
           parent=mostly(""), consent=consent_values, timestamp=timestamp_values)  # fmt: skip
    @example(title="<script>alert(1)</script>", name="<img src=x onerror=alert(1)>",
             email="a@example.org", body='<a href="javascript:alert(1)">hi</a> www.example.org',
             parent="", consent="on", timestamp="valid")  # fmt: skip
    @example(title="T", name="N", email="x", body="b\x00c", parent="999999999999999999999",
             consent="on", timestamp="valid")  # fmt: skip
    def test_any_comment_gives_a_page_and_stores_only_sanitised_html(
        self, demo, title: str, name: str, email: str, body: str, parent: str, consent: str,
        timestamp: str,
    ) -> None:  # fmt: skip
        """Every field arbitrary: 302, 400 or 429, never 500; a stored comment's HTML keeps
        to the comment allowlist, and once approved its page is inert and shows its title
        and name escaped."""
        cache.clear()  # each example is a new reader: no flood or rate limit from the last
        Comment.objects.exclude(client_hash="").delete()  # posted by earlier examples: no
        # "already posted" refusals (the demo's own comments have no client key)
        before = set(Comment.objects.values_list("pk", flat=True))
        data = form_data(title=title, name=name, email=email, body=body, parent=parent,
                         consent=consent)  # fmt: skip
        if timestamp != "valid":
            data["timestamp"] = timestamp
        response = Client().post(reverse("comments:post", args=[demo.article.slug]), data)
        assert response.status_code in {302, 400, 429}
        event(f"answered {response.status_code}")  # --hypothesis-show-statistics
        new = Comment.objects.exclude(pk__in=before)
        if response.status_code != 302:
            assert not new.exists()
            assert b'<main id="main"' in response.content
            return
        comment = new.get()
        assert_safe(comment.body_html, tags=COMMENT_TAGS, attributes=COMMENT_ATTRIBUTES)
        assert "\x00" not in comment.title + comment.name + comment.body
        comment.approve(note="property test")
        page = Client().get(demo.article.get_absolute_url()).content.decode()
        assert_page_is_inert(page)
        assert escape(comment.display_name) in page
        assert escape(comment.title) in page

    @ENDPOINT_SETTINGS
    @given(reason=st.one_of(st.sampled_from(["risk", "spam", "abuse"]), hostile_text),
           comment=st.sampled_from(["first", "missing", "pending"]))  # fmt: skip
    def test_any_report_gives_a_page(self, demo, reason: str, comment: str) -> None:
        """Any reason for any comment id: the report page (thanks, or the reasons again with an
        error) or a 404, never 500."""
        cache.clear()
        approved = Comment.objects.approved().filter(article=demo.article).first()
        pending = Comment.objects.pending().first()
        pk = {"first": approved.pk, "pending": pending.pk, "missing": 10**12}[comment]
        response = Client().post(reverse("comments:report", args=[pk]), {"reason": reason})
        assert response.status_code in {200, 400, 404}
        if response.status_code == 200:
            assert "Thank you for your report" in response.content.decode()
        if response.status_code == 400:
            assert "Your report was not sent" in response.content.decode()
