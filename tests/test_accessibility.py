"""axe-core in Chromium finds no WCAG 2.2 A/AA violation on any public page type.

Every page of ``tests.browser.pages.PUBLIC_PAGES`` is scanned at a phone and a desktop
viewport against the live server, with the site's real stylesheet and Content-Security-Policy.
"""

from __future__ import annotations

import pytest

from tests.browser.axe import axe_violations, describe
from tests.browser.fixtures import VIEWPORTS
from tests.browser.pages import PUBLIC_PAGES, PublicPage, build_demo_site

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=str)
def test_no_axe_violations(
    public_page: PublicPage, viewport: str, live_server, open_page, axe_source: str
) -> None:
    """Each public page type passes axe-core's WCAG 2.2 A/AA rules on phone and desktop."""
    site = build_demo_site()
    page = open_page(viewport=VIEWPORTS[viewport])
    response = public_page.open(page, live_server.url, site)
    assert response is not None and response.status == public_page.status
    assert page.locator("main h1").count() == 1
    assert public_page.shows in page.locator("main").inner_text()
    # Scan what readers can open too (the report forms under each comment sit in <details>).
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    violations = axe_violations(page, axe_source)
    assert violations == [], describe(violations)
    assert page.watch.csp_violations() == []


def test_axe_reports_a_planted_violation(live_server, browser_page, axe_source: str) -> None:
    """The scan is real: an image without a text alternative is reported as image-alt."""
    browser_page.goto(live_server.url + "/no-such-page/")
    plant = (
        "const img = document.createElement('img'); img.src = '/static/kith/kith.css';"
        " document.querySelector('main').append(img);"
    )
    violations = axe_violations(browser_page, axe_source, plant=plant)
    assert [v["id"] for v in violations] == ["image-alt"]
