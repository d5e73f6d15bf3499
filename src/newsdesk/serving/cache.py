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


# Keys whose write or delete was dropped during an outage, per Redis location: deleted when Redis answers again.
# A dropped write can be an invalidation (the archive's version bump, site settings deleted on save), and Redis
# would otherwise go on answering the value from before the outage for as long as it was set to live (24 h for
# the archive's month counts). Bounded: past it, the log names what may stay stale.
_dropped: dict[str, set] = {}
MAX_DROPPED_KEYS = 10_000


class DegradingRedisCacheClient(RedisCacheClient):
    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self.location = ",".join(servers)
        self.outage = outage_of(self.location)

    def _or(self, fallback, method, *args):
        return self.outage.call(fallback, method, *args, errors=RedisError, on_recovery=self._forget_dropped)

    def _written(self, keys, method, *args):
        """A write or delete: when it cannot reach Redis, its keys are remembered and deleted once Redis is back,
        so nothing keeps a value the dropped write was meant to replace."""
        if (result := self._or(_MISSING, method, *args)) is _MISSING:
            dropped = _dropped.setdefault(self.location, set())
            if len(dropped) + len(keys) > MAX_DROPPED_KEYS:
                logger.warning(
                    "Redis (the cache): more writes dropped than can be redone; %s may stay stale.", keys
                )
            else:
                dropped.update(keys)
            return _MISSING
        return result

    def _forget_dropped(self) -> None:
        keys = _dropped.pop(self.location, set())
        if keys:
            try:
                super().delete_many(list(keys))
            except RedisError as error:
                _dropped.setdefault(self.location, set()).update(keys)
                self.outage.failed(error)

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
        self._written([key], super().set, key, value, timeout)

    def set_many(self, data, timeout):
        self._written(list(data), super().set_many, data, timeout)
        return []

    def touch(self, key, timeout):
        return self._or(False, super().touch, key, timeout)

    def delete(self, key):
        result = self._written([key], super().delete, key)
        return False if result is _MISSING else result

    def delete_many(self, keys):
        self._written(list(keys), super().delete_many, keys)

    def incr(self, key, delta):
        result = self._written([key], super().incr, key, delta)
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
