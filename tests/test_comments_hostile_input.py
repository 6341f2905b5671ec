"""Hostile input in every field: a clear error or a safe result — never a 500, never a lost or
half-saved comment."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode

from django.test import Client, TestCase, override_settings
from django.urls import reverse

from comments.models import Comment
from tests.comments_factories import form_data
from tests.factories import make_article

# Classic payloads from public XSS cheat sheets (OWASP, PortSwigger), written out by hand.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<a href=javascript:alert(1)>click</a>",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "javascript:alert(document.cookie)",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<!--<img src=--><img src=x onerror=alert(1)//-->",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<marquee onstart=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<base href=javascript:alert(1)//>",
    '<img src="x` `<script>alert(1)</script>"` `>',
    "{{ 7*7 }}{% debug %}",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
]
# Every element the comment list itself renders; anything else came from a reader.
SAFE_TAGS = {
    "h2", "h3", "h4", "p", "span", "a", "ol", "li", "article", "header", "time", "div", "br",
    "details", "summary", "form", "input", "fieldset", "legend", "label", "button", "nav", "ul",
}  # fmt: skip


def _elements(html: str) -> tuple[set[str], list[tuple[str, str | None]]]:
    """The element names and attributes a browser would build from ``html``."""
    tags: set[str] = set()
    attributes: list[tuple[str, str | None]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.add(tag)
            attributes.extend(attrs)

    Collector().feed(html)
    return tags, attributes


class HostileInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = make_article()
        cls.url = reverse("comments:post", args=[cls.article.slug])

    def post(self, n=1, **fields):
        return self.client.post(self.url, form_data(**fields), REMOTE_ADDR=f"10.1.0.{n}")

    @override_settings(KITH_COMMENTS_FLOOD_SECONDS=0, KITH_COMMENTS_RATE_LIMIT=1000)
    def test_xss_payloads_are_stored_as_typed_and_rendered_inert(self):
        """Each payload in title, name and body is kept as text and shows up escaped."""
        for n, payload in enumerate(XSS_PAYLOADS):
            response = self.post(n, title=payload[:120], name=payload[:60], body=f"{n}: {payload}")
            assert response.status_code == 302, payload
            comment = Comment.objects.get(body=f"{n}: {payload}")
            assert comment.title == payload[:120]
            comment.approve()
        html = self.client.get(self.article.get_absolute_url()).content.decode()
        region = html[html.index('id="comments"') : html.index('id="comment-form-heading"')]
        tags, attributes = _elements(region)
        assert tags <= SAFE_TAGS, tags - SAFE_TAGS
        assert not [a for a in attributes if a[0].startswith("on")]
        assert not [a for a in attributes if "javascript" in (a[1] or "").lower()]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in region
        for feed in ("comments:feed-rss", "comments:feed-atom"):
            body = self.client.get(reverse(feed, args=[self.article.slug])).content.decode()
            assert "<script" not in body

    def test_nul_bytes_are_a_clear_error(self):
        """NUL characters get the form's error message; nothing is stored."""
        for field in ("title", "name", "body"):
            response = self.post(**{field: "hello\x00world"})
            self.assertContains(response, "Null characters are not allowed", status_code=400)
        assert Comment.objects.count() == 0

    def test_one_megabyte_body_is_a_clear_error(self):
        """A 1 MB body says how long a comment may be; nothing is stored."""
        response = self.post(body="a" * 1_000_000)
        self.assertContains(response, "at most 5000 characters", status_code=400)
        assert Comment.objects.count() == 0

    def test_overlong_title_and_name_are_clear_errors(self):
        """Title and name have limits with clear messages."""
        response = self.post(title="t" * 121, name="n" * 61)
        self.assertContains(response, "at most 120 characters", status_code=400)
        self.assertContains(response, "at most 60 characters", status_code=400)

    def test_empty_and_whitespace_bodies_are_refused(self):
        """An empty comment asks for text."""
        for body in ("", "   \n\t  "):
            response = self.post(body=body)
            self.assertContains(response, "Please write your comment.", status_code=400)
        assert Comment.objects.count() == 0

    def test_invalid_email_is_a_clear_error(self):
        """A malformed address is refused, not stored."""
        response = self.post(email="not an address<script>")
        self.assertContains(response, "valid email address", status_code=400)
        assert Comment.objects.count() == 0

    def test_invalid_utf8_in_the_post_body_is_safe(self):
        """Broken bytes never cause a 500: the text is stored with replacement characters."""
        data = form_data(body="placeholder")
        raw = urlencode({k: v for k, v in data.items() if k != "body"}).encode()
        raw += b"&body=caf%C3%28+and+\xff\xfe+bytes"
        response = self.client.generic(
            "POST", self.url, raw, content_type="application/x-www-form-urlencoded",
            REMOTE_ADDR="10.9.9.9",
        )  # fmt: skip
        assert response.status_code == 302
        stored = Comment.objects.get()
        assert stored.body.startswith("caf\ufffd(") and "\ufffd" in stored.body_html

    def test_unicode_text_is_kept_exactly(self):
        """Scripts, emoji and right-to-left text survive as typed."""
        body = "Merci 🙏 — שלום — 你好 — Zoë"
        assert self.post(body=body, title="Ça va 🌱").status_code == 302
        assert Comment.objects.get().body == body

    def test_wrong_types_in_hidden_fields_are_clear_errors(self):
        """Forged hidden fields never raise a 500."""
        for n, fields in enumerate(
            [{"parent": "1 OR 1=1"}, {"parent": "99999999999999999999"}, {"timestamp": "x" * 300}]
        ):
            response = self.post(n, **fields)
            assert response.status_code == 400, fields
        assert Comment.objects.count() == 0

    def test_missing_csrf_token_gets_the_sites_403_page(self):
        """Without the CSRF token the site's friendly 403 page answers; nothing is stored."""
        client = Client(enforce_csrf_checks=True)
        response = client.post(self.url, form_data())
        assert response.status_code == 403
        self.assertContains(response, "Please try again", status_code=403)
        self.assertContains(response, "Nothing you typed has been published", status_code=403)
        assert Comment.objects.count() == 0

    def test_report_with_forged_reason_is_refused(self):
        """A report with an unknown reason is refused with a message, not stored."""
        from tests.comments_factories import make_comment

        comment = make_comment(article=self.article)
        response = self.client.post(
            reverse("comments:report", args=[comment.pk]), {"reason": "<script>"}
        )
        self.assertContains(response, "Please choose one of the reasons.", status_code=400)
        assert "<script>" not in response.content.decode()
        assert not comment.reports.exists()
