"""Django's Redis cache, made so that an unreachable Redis is never a reason to fail a request.

Django's ``RedisCache`` raises when Redis is down (every request a 500) and waits for the
client's default timeouts when Redis is frozen (seconds per call). This backend:

- connects and reads with short timeouts (``socket_connect_timeout``/``socket_timeout``, from
  ``KITH_REDIS_TIMEOUT_SECONDS`` in settings) and never retries, so one call waits at most one
  timeout;
- answers as an *empty cache that forgets what is written* when Redis cannot be reached: ``get``
  returns the default, ``get_many`` nothing, ``add`` True (stored, then forgotten), ``incr``
  raises ``ValueError`` (a missing key), ``set``/``delete`` do nothing. Pages are then built from
  the database, and the counters behind the comment and API limits start from zero: the limits
  fail open while Redis is away (pre-moderation still holds every comment for a moderator);
- opens a circuit breaker after a failure: for ``KITH_REDIS_RETRY_AFTER_SECONDS`` no call goes to
  Redis at all, so a frozen Redis costs each process at most one timeout per that interval;
- logs the outage once when it starts and once when Redis answers again (logger ``kith.cache``),
  never per request; on recovery it runs the callbacks registered with ``on_recovery`` (the page
  cache sends again there the generation bumps that this process lost during the outage).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger("kith.cache")

_recovery_callbacks: list[Callable[[], None]] = []


def on_recovery(callback: Callable[[], None]) -> None:
    """``callback()`` runs (in this process) each time Redis answers again after an outage."""
    if callback not in _recovery_callbacks:
        _recovery_callbacks.append(callback)


def _unreachable_errors() -> tuple[type[BaseException], ...]:
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (RedisConnectionError, RedisTimeoutError, OSError)


_MISSING = object()


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that degrades to an empty cache while Redis cannot be reached."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("retry_after", 5.0))
        timeout = float(options.pop("timeout_seconds", 0.5))
        options.setdefault("socket_connect_timeout", timeout)
        options.setdefault("socket_timeout", timeout)
        options.setdefault("retry_on_timeout", False)
        if "retry" not in options:
            from redis.backoff import NoBackoff
            from redis.retry import Retry

            options["retry"] = Retry(NoBackoff(), 0)  # one call waits at most one timeout
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._errors = _unreachable_errors()
        self._skip_until = 0.0  # monotonic time before which Redis is not tried
        self._down_since: float | None = None

    # --- the breaker ---
    def _guard(self, call: Callable[[], Any], miss: Any) -> Any:
        if self._down_since is not None and time.monotonic() < self._skip_until:
            return miss() if callable(miss) else miss
        try:
            result = call()
        except self._errors as error:
            self._failed(error)
            return miss() if callable(miss) else miss
        if self._down_since is not None:
            self._recovered()
        return result

    def _failed(self, error: BaseException) -> None:
        now = time.monotonic()
        self._skip_until = now + self.retry_after
        if self._down_since is None:
            self._down_since = now
            logger.warning(
                "The cache (Redis) cannot be reached (%s): pages are built from the database "
                "and limits kept in the cache are off until it answers again.",
                type(error).__name__,
            )

    def _recovered(self) -> None:
        seconds = time.monotonic() - (self._down_since or time.monotonic())
        self._down_since = None
        self._skip_until = 0.0
        logger.warning("The cache (Redis) answers again after %.1f s.", seconds)
        for callback in list(_recovery_callbacks):
            try:
                callback()
            except Exception:  # a callback must not fail the request that noticed recovery
                logger.exception("A cache recovery callback failed.")

    @property
    def is_down(self) -> bool:
        return self._down_since is not None

    # --- the cache API: each call guarded, with what an empty cache would answer ---
    def get(self, key, default=None, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).get(key, default, version), default
        )

    def get_many(self, keys, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).get_many(keys, version), dict)

    def has_key(self, key, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), True
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._guard(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guard(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False
        )

    def delete(self, key, version=None):
        return self._guard(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def delete_many(self, keys, version=None):
        self._guard(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None)

    def incr(self, key, delta=1, version=None):
        result = self._guard(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), _MISSING
        )
        if result is _MISSING:
            raise ValueError(f"Key {key!r} not found (the cache cannot be reached).")
        return result

    def clear(self):
        return self._guard(lambda: super(ResilientRedisCache, self).clear(), False)
