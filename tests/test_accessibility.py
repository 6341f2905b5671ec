"""axe-core in Chromium finds no WCAG 2.2 A/AA violation on any public page type.

Every page of ``tests.browser.pages.PUBLIC_PAGES`` is scanned at a phone and a desktop
viewport against the live server, with the site's real stylesheet and Content-Security-Policy.
The pages of one viewport are scanned in one test (one demo site, one browser page), and every
page's violations are reported together; a page with violations is saved as a screenshot under
test-artifacts/.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from tests.browser.axe import axe_violations, describe
from tests.browser.fixtures import ARTIFACTS_DIR, VIEWPORTS
from tests.browser.pages import PUBLIC_PAGES, build_demo_site

pytestmark = pytest.mark.browser


# Both viewports in English; Spanish (longer words and sentences) on the narrower one.
SCANS = [(viewport, "en") for viewport in sorted(VIEWPORTS)] + [("phone", "es")]


@pytest.mark.parametrize(("viewport", "language"), SCANS)
def test_no_axe_violations(
    viewport: str, language: str, live_server, open_page, axe_source: str, capsys
) -> None:
    """Each public page type passes axe-core's WCAG 2.2 A/AA rules on phone and desktop."""
    site = build_demo_site()
    # A browser set to English (UK) or Spanish (Mexico): it says so in Accept-Language.
    page = open_page(viewport=VIEWPORTS[viewport], locale="en-GB" if language == "en" else "es-MX")
    problems: list[str] = []
    for public_page in PUBLIC_PAGES:
        cache.clear()  # each page is a new reader: no flood or rate limit from the last form
        page.context.clear_cookies()
        response = public_page.open(page, live_server.url, site)
        name = f"{public_page.name} ({viewport}, {language})"
        if response is None or response.status != public_page.status:
            problems.append(f"{name}: status {response and response.status}")
            continue
        main_text = page.locator("main").inner_text()
        shown = public_page.shows if language == "en" else ""
        if page.locator("main h1").count() != 1 or shown not in main_text:
            problems.append(f"{name}: not the expected page (one <h1>, {public_page.shows!r})")
        if page.locator("html").get_attribute("lang") != (
            "en-GB" if language == "en" else language
        ):
            problems.append(f"{name}: <html lang> is not the page's language")
        # Scan what readers can open too (the report forms under each comment sit in <details>).
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        violations = axe_violations(page, axe_source)
        if violations:
            problems.append(f"{name}:\n{describe(violations)}")
            ARTIFACTS_DIR.mkdir(exist_ok=True)
            shot = re.sub(r"[^A-Za-z0-9_.-]+", "_", f"axe-{viewport}-{public_page.name}")
            page.screenshot(path=str(ARTIFACTS_DIR / f"{shot}.png"), full_page=True)
    problems += [f"CSP: {message}" for message in page.watch.csp_violations()]
    with capsys.disabled():
        print(f"\naxe ({viewport}): {len(PUBLIC_PAGES)} page types scanned, "
              f"{len(problems)} with problems")  # fmt: skip
    assert problems == [], "\n".join(problems)


def test_axe_reports_a_planted_violation(live_server, browser_page, axe_source: str) -> None:
    """The scan is real: an image without a text alternative is reported as image-alt."""
    browser_page.goto(live_server.url + "/no-such-page/")
    plant = (
        "const img = document.createElement('img'); img.src = '/static/kith/kith.css';"
        " document.querySelector('main').append(img);"
    )
    violations = axe_violations(browser_page, axe_source, plant=plant)
    assert [v["id"] for v in violations] == ["image-alt"]
