"""Pytest fixtures that drive Debian's Chromium through Python Playwright.

Loaded from tests/conftest.py (``pytest_plugins``) so that any test module may ask for
``browser_page`` or ``axe``. One browser per test session, one fresh context (cookies, storage,
viewport) per test. Without /usr/bin/chromium or the vendored axe-core the tests that need them
skip and say why; ``bash tests/browser/setup.sh`` installs both.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VENDOR_DIR = Path(__file__).resolve().parent / ".vendor"
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"
SETUP_HINT = "run `bash tests/browser/setup.sh` (as root) to install it"


def skip_or_fail(reason: str) -> None:
    """Skip on a developer's machine; fail where .ci/run has installed everything
    (KITH_REQUIRE_BROWSER=1), so that CI can never pass by skipping the browser tests."""
    if os.environ.get("KITH_REQUIRE_BROWSER") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    """Keeps each phase's report on the test item, so fixtures can tell that a test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        skip_or_fail(f"Chromium is not installed at {CHROMIUM}: {SETUP_HINT}")
    # Playwright's sync API runs an asyncio event loop in this thread for as long as it is
    # open. Django then believes every ORM call from the test (making rows, reading them back)
    # comes from async code and raises SynchronousOnlyOperation. The calls are in fact
    # synchronous and never share the loop, so the check is switched off for the session.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh temporary user-data-dir of its own (and refuses
        # --user-data-dir in args), so no profile, cache or cookie outlives the session.
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class PageWatch:
    """What a page did that a test may want to fail on."""

    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        return [m for m in self.console_errors if "Content Security Policy" in m]


def _open_page(chromium: Any, **context_options: Any) -> tuple[Any, Any]:
    context = chromium.new_context(
        viewport=context_options.pop("viewport", DESKTOP),
        locale=context_options.pop("locale", "en-GB"),
        service_workers="block",
        **context_options,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    watch = PageWatch()
    page.on(
        "console",
        lambda msg: watch.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda exc: watch.page_errors.append(str(exc)))

    def on_dialog(dialog: Any) -> None:
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.watch = watch  # type: ignore[attr-defined]
    return context, page


def _save_screenshot_on_failure(request: pytest.FixtureRequest, page: Any) -> None:
    report = getattr(request.node, "report_call", None)
    if report is None or not report.failed:
        return
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)[-150:]
    try:
        page.screenshot(path=str(ARTIFACTS_DIR / f"{name}.png"), full_page=True)
    except Exception as exc:  # a crashed page must not hide the test's own failure
        print(f"could not save a screenshot for {request.node.nodeid}: {exc}")


@pytest.fixture
def browser_page(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh desktop-sized page; ``page.watch`` collects console errors and dialogs."""
    context, page = _open_page(chromium)
    try:
        yield page
    finally:
        _save_screenshot_on_failure(request, page)
        context.close()


@pytest.fixture
def open_page(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A factory for pages with other context options (viewport, ``bypass_csp``)."""
    opened: list[tuple[Any, Any]] = []

    def factory(**context_options: Any) -> Any:
        context, page = _open_page(chromium, **context_options)
        opened.append((context, page))
        return page

    try:
        yield factory
    finally:
        for context, page in opened:
            _save_screenshot_on_failure(request, page)
            context.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """The vendored axe-core script (fetched from the npm registry by setup.sh)."""
    found = sorted(VENDOR_DIR.glob("axe-core-*/axe.min.js"))
    if not found:
        skip_or_fail(f"axe-core is not vendored under {VENDOR_DIR}: {SETUP_HINT}")
    return found[-1].read_text(encoding="utf-8")
