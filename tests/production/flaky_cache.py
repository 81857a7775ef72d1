"""A cache backend that stands in for Redis in tests and can be taken down and brought back.

Its name does not end in "LocMemCache", so the page cache treats it as shared (content version kept in
the cache, as with Redis); while ``FlakyCache.down`` is true every call fails as redis-py's would.
"""

from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import ConnectionError


class FlakyCache(LocMemCache):
    down = False

    def _check(self):
        if FlakyCache.down:
            raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    def get(self, *args, **kwargs):
        self._check()
        return super().get(*args, **kwargs)

    def set(self, *args, **kwargs):
        self._check()
        return super().set(*args, **kwargs)
