from __future__ import annotations

import os

import pytest

# Chromium/Playwright fixtures (browser_page, open_page, axe_source) for any test module.
pytest_plugins = ["tests.browser.fixtures"]

# `make test` runs the suite in several processes (pytest-xdist, ``-n auto --dist loadgroup``).
# Each test file stays in one process, so its module- and class-wide set-up is done once. The
# tests that start servers of their own (gunicorn, nginx, Redis, PostgreSQL) and time their
# answers run one after another in one process, never two at once on a two-core machine.
SERVER_GROUP = "servers-of-their-own"
SERVER_TEST_FILES = (
    "tests/resilience/test_nginx_front.py",
    "tests/resilience/test_outages.py",
    "tests/test_ratelimit_two_processes.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Names each test's xdist group (used by ``--dist loadgroup``, ignored otherwise): its
    file's path, or SERVER_GROUP for the files that start servers."""
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        path = item.nodeid.split("::", 1)[0]
        group = SERVER_GROUP if path in SERVER_TEST_FILES else path
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(autouse=True, scope="session")
def _media_root_outside_the_checkout(tmp_path_factory):
    """Uploaded images (the image library, seed_demo's diagram) go to a temporary folder."""
    from django.conf import settings

    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


@pytest.fixture(autouse=True, scope="session")
def _a_redis_cache_of_this_worker_only():
    """Under pytest-xdist with REDIS_URL, each worker keeps its keys under a prefix of its own,
    and clearing the cache removes only those: Django's RedisCache.clear() empties the whole
    Redis database, which would throw away another worker's page cache and rate-limit counts
    in the middle of its test. One process (no xdist) is left exactly as configured."""
    from django.conf import settings
    from django.test import override_settings

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    default = settings.CACHES["default"]
    if not worker or default["BACKEND"] != "kith.resilient_cache.ResilientRedisCache":
        yield
        return
    caches = {
        **settings.CACHES,
        "default": {
            **default,
            "BACKEND": "tests.worker_cache.WorkerRedisCache",
            "KEY_PREFIX": f"{default.get('KEY_PREFIX') or 'kith'}-test-{worker}",
        },
    }
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache(_a_redis_cache_of_this_worker_only):
    """Each test starts with an empty cache, so rate limits and page caches never leak."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
