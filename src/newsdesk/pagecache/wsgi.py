"""The thin WSGI layer in front of Django: a hit is answered from memory without entering Django at all (no
middleware, no URL resolving, no database), which is what lets a cached page approach a static file's speed."""

import logging
import threading
import time

from django.utils import timezone

from . import encoding, http, keys
from .cache import page_cache
from .store import Entry

logger = logging.getLogger(__name__)

STATUS_OK = "200 OK"
STATUS_NOT_MODIFIED = "304 Not Modified"
# A 304 repeats the headers that describe the cached page, not its body's type and length (RFC 9110 15.4.5).
NOT_MODIFIED_HEADERS = frozenset(
    {"cache-control", "etag", "last-modified", "surrogate-key", "cache-tag", "vary", "x-page-cache"}
)


# How long a request waits for another thread's render of the same page before rendering it itself.
COALESCE_WAIT_SECONDS = 10


class PageCacheMiddleware:
    def __init__(self, application):
        self.application = application
        self._renders: dict[str, threading.Event] = {}  # URLs this worker is rendering now
        self._renders_lock = threading.Lock()

    def __call__(self, environ, start_response):
        try:
            cache = page_cache()
            url = http.cache_url(environ, cache.proxy_ssl_header)
        except Exception:  # Odd bytes in a query string must never cost a 500: Django will judge the request.
            url = None
        if url is None:
            return self.pass_through(environ, start_response)
        try:
            entry = cache.lookup(url)
        except Exception:
            logger.exception("page cache: lookup failed, serving from Django")
            return self.pass_through(environ, start_response)
        if entry is not None:
            return answer(entry, environ, start_response, state="hit", cache=cache)
        return self.render_once(cache, url, environ, start_response)

    def pass_through(self, environ, start_response):
        """Django answers, and the layer keeps nothing; what says nothing about caching is told not to be kept."""
        if environ.get("PATH_INFO", "").startswith(http.FILE_PREFIXES):
            return self.application(environ, start_response)

        def saying_how_long(status, headers, exc_info=None):
            return start_response(status, http.with_default_cache_control(headers), exc_info)

        return self.application(environ, saying_how_long)

    def render_once(self, cache, url, environ, start_response, *, waits_left: int = 2):
        """A miss. When another thread of this worker is already rendering the page (the home page just purged by a
        publish, under a spike), wait for that render and answer with it: one render per worker, not one per
        request, so a purge never turns into a pile of identical renders fighting over the GIL and the database."""
        with self._renders_lock:
            running = self._renders.get(url)
            if running is None:
                mine = self._renders[url] = threading.Event()
        if running is not None:
            if waits_left and running.wait(COALESCE_WAIT_SECONDS):
                entry = cache.lookup(url)
                if entry is not None:
                    return answer(entry, environ, start_response, state="hit", cache=cache)
                if getattr(running, "storable", False):
                    # Fit to keep, but a purge refused it: one of the waiting requests renders it again for all.
                    return self.render_once(cache, url, environ, start_response, waits_left=waits_left - 1)
            # Never kept (a 404, a page that is not cacheable), refused again, or too slow: render it here.
            return self.render(cache, url, environ, start_response)
        try:
            return self.render(cache, url, environ, start_response, outcome=mine)
        finally:
            with self._renders_lock:
                self._renders.pop(url).set()

    def render(self, cache, url, environ, start_response, outcome=None):
        """A miss: let Django render the page, collecting its keys, and keep it when it is fit for everyone."""
        # Django sees the canonical query (tracking parameters gone), so the stored page is what any variant gets;
        # and a GET for a HEAD, so a HEAD that misses stores the page for the GETs after it.
        query = url.partition("?")[2]
        django_environ = {**environ, "QUERY_STRING": query, "REQUEST_METHOD": "GET"}
        generation = cache.generation()
        started = timezone.now()
        captured: dict = {}
        chunks: list[bytes] = []

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return chunks.append

        token = keys.start()
        try:
            result = self.application(django_environ, capture)
            try:
                chunks.extend(result)
                collection = keys.finish(token)
                token = None
                entry = self.entry_for(url, captured, b"".join(chunks), collection, started)
            finally:
                if hasattr(result, "close"):
                    result.close()
        finally:
            if token is not None:
                keys.finish(token)
        if outcome is not None:
            outcome.storable = entry is not None  # tells the requests waiting on this render what to do next
        if entry is None:
            start_response(captured["status"], http.with_default_cache_control(captured["headers"]))
            return [b""] if environ["REQUEST_METHOD"] == "HEAD" else chunks
        try:
            cache.store(entry, generation_at_start=generation)
        except Exception:
            logger.exception("page cache: could not store %s", url)
        return answer(entry, environ, start_response, state="miss", cache=cache)

    def entry_for(self, url, captured, body, collection, started) -> Entry | None:
        if not (collection.cacheable and http.storable(captured["status"], captured["headers"])):
            return None
        if "?" in url and not collection.reads_query:
            return None
        try:
            # Asked before the response is closed: Django closes the request's database connection then.
            seconds = http.lifetime(started)
        except Exception:
            logger.exception("page cache: no lifetime for %s", url)
            return None
        if seconds <= 0:
            return None
        content_type = next(
            (value for name, value in captured["headers"] if name.lower() == "content-type"), ""
        )
        page_keys = set(collection.keys)
        if content_type.startswith("text/html"):
            page_keys.update(keys.LAYOUT_KEYS)
        now = int(time.time())
        last_modified = http.last_modified_of(captured["headers"], now)
        etag = http.etag_of(body)
        ordered_keys = sorted(page_keys)
        return Entry(
            url=url,
            etag=etag,
            last_modified=last_modified,
            expires=started.timestamp() + seconds,
            headers=http.cached_headers(
                captured["headers"],
                etag=etag,
                last_modified=last_modified,
                keys=ordered_keys,
                compressible=encoding.compressible(content_type, len(body)),
            ),
            body=body,
            keys=ordered_keys,
        )


def answer(entry: Entry, environ, start_response, *, state: str, cache):
    chosen = None
    if entry.compressible:
        accept_encoding = environ.get("HTTP_ACCEPT_ENCODING")
        if accept_encoding:
            chosen = encoding.preferred(accept_encoding)
    body, etag, page_headers = representation(entry, chosen, cache)
    remaining = int(entry.expires - time.time())
    answered = entry.answered.get(chosen)
    if answered is not None and answered[0] == remaining and answered[1] == state:
        headers = answered[2]
    else:
        headers = [
            *page_headers,
            ("Cache-Control", http.cache_control(remaining, cache.stale_while_revalidate)),
            ("X-Page-Cache", state),
        ]
        entry.answered[chosen] = (remaining, state, headers)
    if http.not_modified(environ, etag, entry.last_modified):
        start_response(
            STATUS_NOT_MODIFIED,
            [(name, value) for name, value in headers if name.lower() in NOT_MODIFIED_HEADERS],
        )
        return [b""]
    start_response(STATUS_OK, list(headers))  # a copy: the memoised list is shared by every thread's answers
    return [b""] if environ["REQUEST_METHOD"] == "HEAD" else [body]


def representation(entry: Entry, chosen: str | None, cache) -> tuple[bytes, str, list[tuple[str, str]]]:
    """The page's body, ETag and headers in the chosen encoding (None: as Django rendered it). A new compressed
    copy is kept with the page and counted against the worker's in-process budget."""
    if chosen is None:
        return entry.body, entry.etag, entry.headers
    held = entry.encoded.get(chosen)
    if held is None:
        body = encoding.compress(entry.body, chosen)
        etag = encoding.variant_etag(entry.etag, chosen)
        held = (
            body,
            etag,
            encoding.encoded_headers(entry.headers, encoding=chosen, etag=etag, size=len(body)),
        )
        entry.encoded[chosen] = held
        cache.grew(entry)
    return held


def wrap(application):
    """newsdesk.wsgi's hook: the layer in front of Django unless PAGECACHE_ENABLED is off."""
    from django.conf import settings

    return PageCacheMiddleware(application) if settings.PAGECACHE_ENABLED else application
