"""Django's cache on Redis (REDIS_URL), for a site that must keep answering when Redis goes away.

Every public page reads the cache (site settings on every page, the archive's month counts, feed file sizes, the
API's and allauth's rate limits), and Django's RedisCache raises when Redis does not answer: every page became a
500. Here Redis away is a miss and a write dropped, so each of those recomputes from the database or lets the
request through; sessions live in the database and are not affected. Rate limits are then not enforced (allauth's
and the API's; django-axes' lockouts, kept in the database, still are): refusing every sign-in and API read for as
long as Redis is down would be worse.
"""

import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import RedisError

from .outage import Outage

logger = logging.getLogger(__name__)

# One per Redis location and process: Django builds a cache client per thread, and an outage is one warning line
# for the whole process, not one per thread.
_outages: dict[str, Outage] = {}

_MISSING = object()


def outage_of(location: str) -> Outage:
    if location not in _outages:
        _outages.setdefault(
            location,
            Outage(
                logger, what="Redis (the cache)", meanwhile="cache reads are misses and writes are dropped"
            ),
        )
    return _outages[location]


class DegradingRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self.outage = outage_of(",".join(servers))

    def _or(self, fallback, method, *args):
        if self.outage.skipping():
            return fallback
        try:
            result = method(*args)
        except RedisError as error:
            self.outage.failed(error)
            return fallback
        self.outage.answered()
        return result

    def get(self, key, default):
        return self._or(default, super().get, key, default)

    def get_many(self, keys):
        return self._or(None, super().get_many, keys) or {}

    def has_key(self, key):
        return self._or(False, super().has_key, key)

    def add(self, key, value, timeout):
        # True, as if added: allauth waits up to a second for a lock key it cannot add, then refuses the sign-in.
        return self._or(True, super().add, key, value, timeout)

    def set(self, key, value, timeout):
        self._or(None, super().set, key, value, timeout)

    def set_many(self, data, timeout):
        self._or(None, super().set_many, data, timeout)

    def touch(self, key, timeout):
        return self._or(False, super().touch, key, timeout)

    def delete(self, key):
        return self._or(False, super().delete, key)

    def delete_many(self, keys):
        self._or(None, super().delete_many, keys)

    def incr(self, key, delta):
        result = self._or(_MISSING, super().incr, key, delta)
        if result is _MISSING:  # what Django's backends say of a key they do not hold; callers handle it
            raise ValueError(f"Key '{key}' not found.")
        return result


class DegradingRedisCache(RedisCache):
    """Django's RedisCache, except that Redis not answering is a miss (reads answer their default) and a dropped
    write, logged in one line per outage (serving/outage.py). clear() still raises: it is never on a reader's path,
    and whoever empties the cache must know it did not happen."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = DegradingRedisCacheClient
