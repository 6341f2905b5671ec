from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, so rate limits and page caches never leak."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
