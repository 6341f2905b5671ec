"""axe-core in Chromium finds no WCAG 2.2 A/AA violation on any public page type.

Every page of ``tests.browser.pages.PUBLIC_PAGES`` is scanned at a phone and a desktop
viewport against the live server, with the site's real stylesheet and Content-Security-Policy.
"""

from __future__ import annotations

import pytest

from tests.browser.fixtures import VIEWPORTS
from tests.browser.pages import PUBLIC_PAGES, PublicPage, build_demo_site

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"  {node['target']}: {node['failureSummary']}" for node in violation["nodes"])
    return "\n".join(lines)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("public_page", PUBLIC_PAGES, ids=str)
def test_no_axe_violations(
    public_page: PublicPage, viewport: str, live_server, open_page, axe_source: str
) -> None:
    """Each public page type passes axe-core's WCAG 2.2 A/AA rules on phone and desktop."""
    site = build_demo_site()
    page = open_page(viewport=VIEWPORTS[viewport])
    response = page.goto(live_server.url + public_page.path(site))
    assert response is not None and response.status == public_page.status
    # Evaluated through the DevTools protocol, so the page's CSP (no inline script) allows it.
    page.evaluate(axe_source)
    results = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    assert results["violations"] == [], _describe(results["violations"])
    assert page.watch.csp_violations() == []


def test_axe_reports_a_planted_violation(live_server, browser_page, axe_source: str) -> None:
    """The scan is real: an image without a text alternative is reported as image-alt."""
    browser_page.goto(live_server.url + "/no-such-page/")
    browser_page.evaluate(axe_source)
    results = browser_page.evaluate(
        """options => {
            const img = document.createElement("img");
            img.src = "/static/kith/kith.css";
            document.querySelector("main").append(img);
            return axe.run(document, options);
        }""",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    assert [v["id"] for v in results["violations"]] == ["image-alt"]
