from __future__ import annotations

import pytest

# Chromium/Playwright fixtures (browser_page, open_page, axe_source) for any test module.
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so rate limits and page caches never leak."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
