"""Per-client rate limiting through the shared cache (Redis in production).

A fixed window per client: ``cache.add`` starts the window, ``cache.incr`` counts in it —
both atomic on Redis, so every worker process shares one count. The client is known by a
keyed hash of its address (``comments.moderation.client_key``), never the address itself.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from comments.moderation import client_key


class ClientRateThrottle(BaseThrottle):
    def allow_request(self, request: HttpRequest) -> bool:
        window = settings.KITH_API_RATE_WINDOW_SECONDS
        started = int(time.time()) // window * window
        key = f"kith:api:rate:{client_key(request)}:{started}"
        if cache.add(key, 1, timeout=window + 1):
            return True
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: a new window
            cache.add(key, 1, timeout=window + 1)
            return True
        return count <= settings.KITH_API_RATE_LIMIT

    def wait(self) -> float:
        # Stateless (one instance serves every request): the rest of the current window.
        window = settings.KITH_API_RATE_WINDOW_SECONDS
        return max(1.0, window - time.time() % window)
