import os
import uuid
from dataclasses import dataclass
from io import BytesIO
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from newsdesk.pagecache.cache import page_cache
from newsdesk.pagecache.wsgi import PageCacheMiddleware


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    header_list: list[tuple[str, str]]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


class Layer:
    """The WSGI application `newsdesk serve` loads (the page cache in front of Django), called in-process."""

    def __init__(self):
        self.application = PageCacheMiddleware(WSGIHandler())

    def request(
        self, method: str, path: str, *, query: str = "", cookies: dict | None = None, **headers
    ) -> Answer:
        environ: dict = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "HTTP_HOST": "testserver",
            "wsgi.input": BytesIO(b""),
        }
        if cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        environ.update({f"HTTP_{name.upper()}": value for name, value in headers.items()})
        setup_testing_defaults(environ)
        captured = {}

        def start_response(status, header_list, exc_info=None):
            captured["status"], captured["headers"] = status, header_list
            return lambda data: None

        # Like Django's test client: the test's transaction must survive the handler's end-of-request clean-up.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = self.application(environ, start_response)
            try:
                body = b"".join(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        header_list = captured["headers"]
        return Answer(int(captured["status"][:3]), dict(header_list), header_list, body)

    def get(self, path: str, **kwargs) -> Answer:
        return self.request("GET", path, **kwargs)


@pytest.fixture(autouse=True)
def shared_tier(settings):
    """The Redis tier when REDIS_URL is set (the PostgreSQL+Redis run), the embedded SQLite tier otherwise; each
    test under its own prefix, removed afterwards."""
    redis_url = os.environ.get("REDIS_URL", "")
    settings.PAGECACHE_REDIS_URL = redis_url
    settings.PAGECACHE_KEY_PREFIX = f"pagecache-test-{uuid.uuid4().hex[:12]}"
    yield
    if redis_url:
        page_cache().shared.clear()  # every key under the test's prefix, the purge counter included


@pytest.fixture
def layer(db):
    return Layer()


@pytest.fixture
def stored():
    """The URLs in the shared tier, as paths."""

    def paths() -> set[str]:
        return {url.removeprefix("http://testserver") for url in page_cache().shared.urls()}

    return paths
