"""The two tiers together: each worker's in-process dict of pages in front of the shared tier, validated per
request by the purge signal (see store.py).

When the shared tier stops answering (Redis down or hung, the SQLite file locked), pages are not lost: a lookup is a
miss, Django renders the page and it is not stored, and the log says so once (serving/outage.py). The copies this
worker already holds are still served until they expire. Purges do not degrade: they raise, so their task fails
(purge.LocalPurgeFailed) instead of being recorded as done.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from newsdesk.serving.outage import Outage

from .store import UNAVAILABLE, Entry, GenerationFile, RedisStore, SqliteStore

logger = logging.getLogger(__name__)


class PageCache:
    def __init__(
        self,
        *,
        directory,
        redis_url: str = "",
        prefix: str = "newsdesk",
        redis_check_ms: int = 250,
        signal_check_ms: int = 0,
        local_max_bytes: int = 64 * 1024 * 1024,
        shared_max_bytes: int = 512 * 1024 * 1024,
        proxy_ssl_header: tuple[str, str] | None = None,
        stale_while_revalidate: int = 30,
    ):
        self.signal = GenerationFile(directory / "generation")
        # Settings the hit path needs, read once here: a Django setting costs ~0.2 us per read, a hit ~2 us in all.
        self.proxy_ssl_header = proxy_ssl_header
        self.stale_while_revalidate = stale_while_revalidate
        self.redis = RedisStore(redis_url, prefix) if redis_url else None
        self.shared = self.redis or SqliteStore(directory / "pages.sqlite3", max_bytes=shared_max_bytes)
        self.outage = Outage(
            logger,
            what=f"The page cache's shared tier ({'Redis' if self.redis else self.shared.path})",
            meanwhile="pages are rendered by Django and not stored",
        )
        self.redis_check = redis_check_ms / 1000
        self.signal_check = signal_check_ms / 1000
        self._signal = (self.signal.current(), time.monotonic())  # (value, monotonic time read)
        self.local_max_bytes = local_max_bytes
        self.local: dict[str, tuple[Entry, tuple]] = {}
        self.local_bytes = 0
        self._redis_generation = (0, -1.0)  # (value, monotonic time read)
        self._lock = threading.Lock()

    # --- the purge signal -----------------------------------------------------------------------------------------

    def generation(self, *, recent: bool = False, strict: bool = False) -> tuple:
        """Changes whenever any purge happened: on this machine at once (a file's mtime), on other machines within
        redis_check seconds (a Redis counter read at most that often, never on every hit).

        recent=True (the hit path) may answer with the file's value read up to signal_check seconds ago: the
        os.stat() is ~2 us, as much as the rest of a hit, and a purge made by this process is seen at once anyway
        (purge() drops the purged pages from this process's copies). Storing reads both signals afresh, so a
        render that overlapped a purge is never kept; strict=True (storing) reads Redis whatever the outage
        state and raises when it does not answer, rather than compare against the last value read."""
        now = time.monotonic()
        local, read_at = self._signal
        if not recent or now - read_at >= self.signal_check:
            local = self.signal.current()
            self._signal = (local, now)
        if self.redis is None:
            return (local,)
        value, read_at = self._redis_generation
        if not recent or now - read_at >= self.redis_check:
            # Redis away: the last value read stands, so this worker's copies are served until they expire (purges
            # on this machine still move the file's signal).
            value = self.redis.generation() if strict else self._shared_or(value, self.redis.generation)
            self._redis_generation = (value, now)
        return (local, value)

    def _shared_or(self, fallback, method, *args, **kwargs):
        """method(*args, **kwargs) on the shared tier, or fallback while the tier is unavailable."""
        return self.outage.call(fallback, method, *args, errors=UNAVAILABLE, **kwargs)

    # --- reads and writes -----------------------------------------------------------------------------------------

    def lookup(self, url: str) -> Entry | None:
        now = time.time()
        generation = self.generation(recent=True)
        held = self.local.get(url)
        if held is not None:
            entry, seen = held
            if entry.expires > now:
                if seen == generation:
                    return entry
                # Something was purged since this copy was checked: is it still the shared tier's version?
                if self._shared_or(None, self.shared.etag, url) == entry.etag:
                    self.local[url] = (entry, generation)
                    return entry
            self._forget(url)
        entry = self._shared_or(None, self.shared.get, url)
        if entry is None or entry.expires <= now:
            return None
        self._remember(entry, generation)
        return entry

    def store(self, entry: Entry, *, generation_at_start: tuple) -> bool:
        """Keep a page rendered from a request that began at generation_at_start, unless a purge happened since:
        the render may have read data the purge was about. Not kept either while the shared tier is unavailable:
        a copy only this worker holds could not be purged from another process."""

        def still_current() -> bool:
            try:
                return self.generation(strict=True) == generation_at_start
            except UNAVAILABLE:
                return False  # no purge signal to compare with: do not keep the page

        if not self._shared_or(False, self.shared.put, entry, still_current=still_current):
            return False
        self._remember(entry, generation_at_start)
        return True

    def purge(self, keys: list[str]) -> list[str]:
        """Delete the pages carrying any of these keys from the shared tier, then move the purge signal on so
        every worker re-checks its in-process copies. Returns the purged URLs.

        The signal moves before the delete too (inside the shared tier's write transaction on SQLite): a render
        that began before this purge then fails its store check instead of writing its old page back after the
        delete."""
        urls = self.shared.purge(sorted(set(keys)), first=self._bump) if keys else []
        self._bump()
        for url in urls:
            self._forget(url)
        return urls

    def propagation_seconds(self) -> float:
        """How long after a purge another worker may still answer from its in-process copy."""
        return self.signal_check + (self.redis_check if self.redis is not None else 0)

    def _bump(self) -> None:
        self.signal.bump()
        if self.redis is not None:
            self.redis.bump()

    def clear(self) -> None:
        self.shared.clear()
        self._bump()
        with self._lock:
            self.local.clear()
            self.local_bytes = 0

    def close(self) -> None:
        self.shared.close()

    def _remember(self, entry: Entry, generation: tuple) -> None:
        with self._lock:
            previous = self.local.pop(entry.url, None)
            if previous is not None:
                self.local_bytes -= previous[0].counted
            self.local[entry.url] = (entry, generation)
            entry.counted = entry.footprint
            self.local_bytes += entry.counted
            self._keep_within_budget()

    def grew(self, entry: Entry) -> None:
        """A worker made a compressed copy of a page it holds: count it against the in-process budget too (from
        the copies held, so two threads compressing the same page at once count it once)."""
        with self._lock:
            held = self.local.get(entry.url)
            if held is not None and held[0] is entry:
                footprint = entry.footprint
                self.local_bytes += footprint - entry.counted
                entry.counted = footprint
                self._keep_within_budget()

    def _keep_within_budget(self) -> None:
        # Oldest first: dicts keep insertion order, a cheap stand-in for LRU on a news site's hot set.
        while self.local_bytes > self.local_max_bytes and self.local:
            oldest = next(iter(self.local))
            self.local_bytes -= self.local.pop(oldest)[0].counted

    def _forget(self, url: str) -> None:
        with self._lock:
            held = self.local.pop(url, None)
            if held is not None:
                self.local_bytes -= held[0].counted


_current: tuple[tuple, PageCache] | None = None
_settled: PageCache | None = None  # _current's cache while no setting has changed since it was checked
_building = threading.Lock()


def page_cache() -> PageCache:
    """The PageCache for the current settings, one per process (tests change the directory per test; the previous
    one is closed then, so a long test run does not pile up open files). Settings are compared only after a
    setting_changed signal: on a server they never change, and the hit path should not pay for reading them."""
    global _current, _settled
    if _settled is not None:
        return _settled
    with _building:  # the first requests of a worker arrive together on its threads: one cache, not one each
        if _settled is not None:
            return _settled
        return _build()


def _build() -> PageCache:
    global _current, _settled
    options = {
        "directory": settings.PAGECACHE_DIR,
        "redis_url": settings.PAGECACHE_REDIS_URL,
        "prefix": settings.PAGECACHE_KEY_PREFIX,
        "redis_check_ms": settings.PAGECACHE_REDIS_CHECK_MS,
        "signal_check_ms": settings.PAGECACHE_SIGNAL_CHECK_MS,
        "local_max_bytes": settings.PAGECACHE_LOCAL_MAX_BYTES,
        "shared_max_bytes": settings.PAGECACHE_SHARED_MAX_BYTES,
        "proxy_ssl_header": getattr(settings, "SECURE_PROXY_SSL_HEADER", None),
        "stale_while_revalidate": settings.PAGECACHE_STALE_WHILE_REVALIDATE,
    }
    config = tuple(options.values())
    if _current is None or _current[0] != config:
        if _current is not None:
            _current[1].close()
        _current = (config, PageCache(**options))
    _settled = _current[1]
    return _settled


@receiver(setting_changed)
def _recheck_settings(**kwargs) -> None:
    global _settled
    _settled = None
