"""The Redis cache a pytest-xdist worker uses (tests/conftest.py): Kith's own backend, except that
clear() deletes this worker's keys (its KEY_PREFIX) instead of the whole Redis database that
the workers share."""

from __future__ import annotations

import re

from kith.resilient_cache import ResilientRedisCache


class WorkerRedisCache(ResilientRedisCache):
    def clear(self):
        # Redis glob patterns treat * ? [ ] and \ specially; the prefix is matched literally.
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self.key_prefix) + ":*"

        def delete_own_keys() -> bool:
            client = self._cache.get_client(write=True)
            keys = list(client.scan_iter(match=pattern, count=1000))
            if keys:
                client.delete(*keys)
            return True

        return self._guard(delete_own_keys, False)
