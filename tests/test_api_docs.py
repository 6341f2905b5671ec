"""The API's docs page: served from Kith's own static files, and working under the strict CSP."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import TestCase
from playwright.sync_api import expect

from tests.factories import make_article, make_topic


class DocsPageTests(TestCase):
    def test_docs_use_only_our_static_files_and_no_inline_code(self) -> None:
        response = self.client.get("/api/v1/docs")
        html = response.content.decode()
        assert "<title>Kith API</title>" in html
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources and all(s.startswith("/static/ninja/") for s in sources), sources
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
        # Every script is a file of ours, except the settings, a JSON data block that never runs.
        for attributes, _code in scripts:
            assert 'src="/static/' in attributes or 'type="application/json"' in attributes
        assert "<style" not in html and "style=" not in html
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        for path in sources:  # collectstatic (and so WhiteNoise) will find and serve each
            assert finders.find(path.removeprefix("/static/")), path


@pytest.mark.browser
def test_docs_page_renders_the_api_in_chromium_under_the_csp(live_server, browser_page) -> None:
    make_article(title="Panic, explained", primary_topic=make_topic(slug="anxiety"))
    page = browser_page
    page.goto(f"{live_server.url}/api/v1/docs")
    page.get_by_text("/api/v1/articles/{slug}/comments/").first.wait_for()
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("Kith API")
    # "Try it out" on the article list runs a real request from the page (connect-src 'self').
    page.get_by_text("Published articles, newest first").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    # The documented responses carry example bodies too: wait for the live one, the server's answer.
    live = page.locator(".live-responses-table tbody .response-col_description").first
    expect(live).to_contain_text("Panic, explained", timeout=15_000)
    assert page.watch.csp_violations() == []
    assert page.watch.page_errors == []
