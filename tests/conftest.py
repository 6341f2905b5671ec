from __future__ import annotations

import pytest

# Chromium/Playwright fixtures (browser_page, open_page, axe_source) for any test module.
pytest_plugins = ["tests.browser.fixtures"]


@pytest.fixture(autouse=True, scope="session")
def _media_root_outside_the_checkout(tmp_path_factory):
    """Uploaded images (the image library, seed_demo's diagram) go to a temporary folder."""
    from django.conf import settings

    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so rate limits and page caches never leak."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
