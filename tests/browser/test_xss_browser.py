"""No cross-site scripting payload of a public corpus runs in a real browser.

Every payload of tests/data/xss-payloads-browser.txt (PayloadsAllTheThings, MIT) is stored
where readers will see it — article bodies written in Markdown, article bodies imported as HTML
(through ``kith.markup.sanitize_html``), titles and summaries, and readers' comments (title,
display name and text, approved by a moderator) — and the pages are opened in Chromium.
The test fails if a dialog opens, a sentinel-wrapped function (alert, confirm, prompt, print)
is called, the page throws or navigates away, or the rendered DOM holds anything that
could run script (a script element, an ``on*`` attribute, a javascript: URL...).
``eval`` is not wrapped because Playwright's own ``page.evaluate`` goes through it; every
payload of the corpus that uses eval does so to reach alert, prompt or confirm, which are.

The browser context bypasses the Content-Security-Policy on purpose: the policy is the second
wall, and this test checks that the first one, sanitising, holds on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article
from comments import moderation
from comments.models import Comment
from kith.markup import sanitize_html
from tests.comments_factories import form_data
from tests.factories import make_article, make_topic

pytestmark = pytest.mark.browser

PAYLOADS_FILE = Path(__file__).resolve().parents[1] / "data" / "xss-payloads-browser.txt"
BATCH = 50
# Comments sent through the real form and posting view; the rest go straight to the pipeline
# the view calls (moderation.submit_comment), which is quicker and stores them the same way.
FORM_POSTS = 8

SENTINEL = """
window.__xss = [];
for (const name of ["alert", "confirm", "prompt", "print"]) {
  window[name] = function (...args) { window.__xss.push(name + ": " + args.join(" ")); };
}
"""

# Anything in the rendered page through which script could run. Kith's public pages ship
# no script at all, so even one <script> element is a failure — except the JSON-LD data block
# (type application/ld+json), which browsers never execute and which must parse as JSON.
DANGEROUS_DOM = """
() => {
  const found = [];
  const bad = "script, iframe, frame, object, embed, applet, svg, math, base, form, input, "
    + "button, textarea, select, link[rel=import], meta[http-equiv]";
  // Kith's own forms: search, the comment form and the report form (on its own page).
  const own = ".site-search, .search-form, .comment-form__form, .report-form";
  for (const el of document.querySelectorAll(bad)) {
    if (el.closest(own)) continue;
    if (el.matches('script[type="application/ld+json"]') && el.attributes.length === 1) {
      try { JSON.parse(el.textContent); continue; } catch (e) { /* reported below */ }
    }
    found.push("element: " + el.outerHTML.slice(0, 120));
  }
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const value = attr.value.trim().toLowerCase().replace(/[\\s\\u0000-\\u001f]+/g, "");
      if (attr.name.toLowerCase().startsWith("on")) {
        found.push("handler: " + attr.name + "=" + attr.value.slice(0, 80));
      } else if (["href", "src", "action", "formaction", "data", "xlink:href", "srcdoc"]
                   .includes(attr.name.toLowerCase())
                 && /^(javascript|vbscript|data):/.test(value)) {
        found.push("url: " + attr.name + "=" + attr.value.slice(0, 80));
      }
    }
  }
  return found;
}
"""


def load_payloads() -> list[str]:
    lines = PAYLOADS_FILE.read_text(encoding="utf-8").splitlines()
    return list(dict.fromkeys(line for line in lines if line.strip()))


def batches(items: list[str], size: int = BATCH) -> list[list[str]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def markdown_bodies(payloads: list[str]) -> list[str]:
    """Each batch as one article body in Markdown: as text, as a link and as an image."""
    paths = []
    topic = make_topic(name="Safety checks", slug="safety-checks")
    for n, batch in enumerate(batches(payloads)):
        body = "\n\n".join(
            f"{payload}\n\n[link {i}]({payload})\n\n![image {i}]({payload})"
            for i, payload in enumerate(batch)
        )
        article = make_article(
            title=f"Markdown batch {n}", slug=f"markdown-batch-{n}", body=body, primary_topic=topic
        )
        paths.append(article.get_absolute_url())
    return paths


def imported_html_bodies(payloads: list[str]) -> list[str]:
    """Each batch as imported HTML, stored the way an importer stores it: sanitised."""
    paths = []
    topic = make_topic(name="Imported pages", slug="imported-pages")
    for n, batch in enumerate(batches(payloads)):
        article = make_article(title=f"Imported batch {n}", slug=f"imported-batch-{n}",
                               primary_topic=topic)  # fmt: skip
        html = "\n".join(f"<p>{payload}</p>\n{payload}" for payload in batch)
        Article.objects.filter(pk=article.pk).update(body_html=sanitize_html(html))
        paths.append(article.get_absolute_url())
    return paths


def titles_and_summaries(payloads: list[str]) -> list[str]:
    """One article per payload as its title and summary, seen on its page and in listings."""
    topic = make_topic(name="Listed", slug="listed")
    articles = [
        make_article(
            title=payload[:200],
            summary=payload[:300],
            slug=f"titled-{i}",
            primary_topic=topic,
            tags=["payloads"],
            question=payload,
            kind=Article.Kind.QA,
        )  # fmt: skip
        for i, payload in enumerate(payloads)
    ]
    pages = -(-len(articles) // 20)  # listings show 20 a page
    paths = [f"/tags/payloads/?page={page}" for page in range(1, pages + 1)]
    paths += [f"/topics/listed/questions-and-answers/?page={p}" for p in range(1, pages + 1)]
    paths += [a.get_absolute_url() for a in articles[:: max(1, len(articles) // 10)]]
    return paths


def _post_through_the_form(article: Article, payload: str, n: int) -> None:
    """A reader sends the payload in every field of the real form (own address: no flood)."""
    client = Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
    data = form_data(title=payload[:120], name=payload[:60], body=payload)
    response = client.post(reverse("comments:post", args=[article.slug]), data)
    assert response.status_code == 302, response.content.decode()[:500]


def approved_comments(payloads: list[str]) -> list[str]:
    """Each batch as comments (title, name and text) under one article, approved; every tenth
    is a reply, shown nested under the batch's first comment."""
    topic = make_topic(name="Discussed", slug="discussed")
    paths = []
    for n, batch in enumerate(batches(payloads)):
        article = make_article(title=f"Comment batch {n}", slug=f"comment-batch-{n}",
                               primary_topic=topic)  # fmt: skip
        first = None
        for i, payload in enumerate(batch):
            if n == 0 and i < FORM_POSTS:
                _post_through_the_form(article, payload, i)
                continue
            comment, _token = moderation.submit_comment(
                article=article,
                commenter=f"xss-{n}-{i}",
                title=payload[:120],
                name=payload[:60],
                email="",
                body=payload,
                parent=first if i % 10 == 9 else None,
            )
            first = first or comment
        for comment in Comment.objects.filter(article=article):
            comment.approve(note="XSS check")
        assert Comment.objects.approved().filter(article=article).count() == len(batch)
        paths.append(article.get_absolute_url())
    return paths


# Where readers meet text someone else wrote.
SURFACES: dict[str, Callable[[list[str]], list[str]]] = {
    "markdown-bodies": markdown_bodies,
    "imported-html-bodies": imported_html_bodies,
    "titles-and-summaries": titles_and_summaries,
    "approved-comments": approved_comments,
}


@pytest.mark.parametrize("surface", list(SURFACES))
def test_no_payload_runs_in_chromium(surface: str, live_server, open_page, capsys) -> None:
    """Stored XSS payloads render as harmless text: no dialog, no script, no handler."""
    payloads = load_payloads()
    assert len(payloads) >= 150
    paths = SURFACES[surface](payloads)
    page = open_page(bypass_csp=True)
    page.context.add_init_script(SENTINEL)
    executed: list[str] = []
    for path in paths:
        url = live_server.url + path
        response = page.goto(url)
        assert response is not None and response.status == 200, path
        page.wait_for_timeout(50)  # let onload/onerror/autofocus handlers have their chance
        executed += [f"{path}: {call}" for call in page.evaluate("window.__xss")]
        executed += [f"{path}: {item}" for item in page.evaluate(DANGEROUS_DOM)]
        assert page.url == url, f"{path} navigated to {page.url}"
    executed += page.watch.dialogs + page.watch.page_errors
    with capsys.disabled():
        print(f"\nXSS {surface}: {len(payloads)} payloads tried on {len(paths)} pages, "
              f"{len(executed)} executed")  # fmt: skip
    assert executed == []


def test_the_sentinel_catches_a_running_payload(live_server, open_page) -> None:
    """The check is real: a payload that does run (planted after sanitising) is caught."""
    article = make_article(title="Planted", slug="planted")
    Article.objects.filter(pk=article.pk).update(
        body_html='<img src="/missing.png" onerror="alert(1)"><p onclick="x()">p</p>'
    )
    page = open_page(bypass_csp=True)
    page.context.add_init_script(SENTINEL)
    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_function("window.__xss.length > 0")
    assert page.evaluate("window.__xss") == ["alert: 1"]
    assert len(page.evaluate(DANGEROUS_DOM)) == 2
