"""The CDN purge adapters against a fake CDN on 127.0.0.1."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsdesk.pagecache import purge
from newsdesk.pagecache.models import PurgeLog
from newsdesk.pagecache.purge import purge_keys
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


class FakeCdn(BaseHTTPRequestHandler):
    received: list = []
    status = 200
    origin = ""  # http://127.0.0.1:<the port the test's server got>

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        type(self).received.append((self.command, self.path, self.headers, body))
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"status": "ok", "success": true}')

    do_POST = do_PURGE = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn():
    FakeCdn.received, FakeCdn.status = [], 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeCdn)
    FakeCdn.origin = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield FakeCdn
    server.shutdown()
    server.server_close()


@pytest.fixture
def fastly(settings, cdn):
    settings.PAGECACHE_FASTLY_SERVICE_ID = "SERVICE1"
    settings.PAGECACHE_FASTLY_API_TOKEN = "fastly-token"
    settings.PAGECACHE_FASTLY_API_URL = cdn.origin


@pytest.fixture
def cloudflare(settings, cdn):
    settings.PAGECACHE_CLOUDFLARE_ZONE_ID = "ZONE1"
    settings.PAGECACHE_CLOUDFLARE_API_TOKEN = "cf-token"
    settings.PAGECACHE_CLOUDFLARE_API_URL = cdn.origin


def test_fastly_gets_one_bulk_purge_by_surrogate_key(cdn, fastly):
    purge_keys(["article-1", "home"], reason="test")
    [(method, path, headers, body)] = cdn.received
    assert (method, path) == ("POST", "/service/SERVICE1/purge")
    assert headers["Fastly-Key"] == "fastly-token"
    assert json.loads(body) == {"surrogate_keys": ["article-1", "home"]}
    assert PurgeLog.objects.get(adapter="fastly").outcome == "ok"


def test_fastly_batches_past_its_256_key_limit(cdn, fastly):
    purge_keys([f"article-{n}" for n in range(300)], reason="test")
    assert [len(json.loads(body)["surrogate_keys"]) for *_, body in cdn.received] == [256, 44]


def test_cloudflare_gets_purge_by_tag(cdn, cloudflare):
    purge_keys(["article-1", "home"], reason="test")
    [(method, path, headers, body)] = cdn.received
    assert (method, path) == ("POST", "/client/v4/zones/ZONE1/purge_cache")
    assert headers["Authorization"] == "Bearer cf-token"
    assert json.loads(body) == {"tags": ["article-1", "home"]}
    assert PurgeLog.objects.get(adapter="cloudflare").outcome == "ok"


def test_http_purge_names_the_keys_and_each_purged_page(cdn, settings, layer):
    settings.PAGECACHE_PURGE_URLS = [cdn.origin]
    article = ArticleFactory()
    layer.get(article.get_absolute_url())
    layer.get("/")
    purge_keys([f"article-{article.pk}"], reason="test")
    requests = [
        (method, path, headers.get("xkey-purge"), headers.get("Host"))
        for method, path, headers, _ in cdn.received
    ]
    assert requests[0] == ("PURGE", "/", f"article-{article.pk}", cdn.origin.removeprefix("http://"))
    assert sorted(requests[1:]) == sorted(
        [("PURGE", "/", None, "testserver"), ("PURGE", article.get_absolute_url(), None, "testserver")]
    )
    assert PurgeLog.objects.get(adapter="http").detail == "1 keys, 2 pages"


def test_a_failing_cdn_is_logged_and_does_not_stop_the_others(cdn, fastly, cloudflare, layer):
    article = ArticleFactory()
    layer.get(article.get_absolute_url())
    cdn.status = 500
    purged = purge_keys([f"article-{article.pk}"], reason="test")
    assert purged == [f"http://testserver{article.get_absolute_url()}"]
    outcomes = dict(PurgeLog.objects.values_list("adapter", "outcome"))
    assert outcomes == {"local": "ok", "fastly": "failed", "cloudflare": "failed"}
    assert "500" in PurgeLog.objects.get(adapter="fastly").detail


def test_an_unreachable_cdn_is_logged_as_failed(settings, port):
    settings.PAGECACHE_PURGE_URLS = [f"http://127.0.0.1:{port}"]
    purge_keys(["home"], reason="test")
    assert PurgeLog.objects.get(adapter="http").outcome == "failed"


def test_no_adapter_is_configured_by_default():
    purge_keys(["home"], reason="test")
    assert list(PurgeLog.objects.values_list("adapter", flat=True)) == ["local"]


def test_cdns_are_purged_only_after_every_worker_has_seen_the_purge(settings, monkeypatch):
    """Another worker may answer from its in-process copy for up to PAGECACHE_SIGNAL_CHECK_MS after a purge; a CDN
    purged sooner could refetch the old page from it and keep it for its whole s-maxage."""
    waits, order = [], []
    monkeypatch.setattr(purge.time, "sleep", lambda seconds: (waits.append(seconds), order.append("wait")))

    class RecordingCdn:
        name = "recording"

        def purge(self, keys, urls):
            order.append("cdn")
            return "ok"

    monkeypatch.setattr(purge.adapters, "configured", lambda: [RecordingCdn()])
    settings.PAGECACHE_SIGNAL_CHECK_MS = 100
    purge.purge_keys(["home"], reason="test")
    # 0.1 s on one machine; with Redis, plus the interval other machines read its purge counter at.
    expected = 0.1 + (settings.PAGECACHE_REDIS_CHECK_MS / 1000 if settings.PAGECACHE_REDIS_URL else 0)
    assert order == ["wait", "cdn"] and waits == [pytest.approx(expected)]
    monkeypatch.setattr(purge.adapters, "configured", lambda: [])
    purge.purge_keys(["home"], reason="test")
    assert len(waits) == 1  # no CDN, no wait


@pytest.fixture
def local_cache_down(monkeypatch):
    class Down:
        def purge(self, keys):
            raise ConnectionError("Redis went away")

        def propagation_seconds(self):
            return 0

    monkeypatch.setattr(purge, "page_cache", lambda: Down())


def test_a_failed_local_purge_still_purges_the_cdns_and_fails_the_task(cdn, fastly, local_cache_down):
    with pytest.raises(purge.LocalPurgeFailed, match="Redis went away"):
        purge.purge_pages.call(["home"], "test")
    outcomes = dict(PurgeLog.objects.values_list("adapter", "outcome"))
    assert outcomes == {"local": "failed", "fastly": "ok"}


def test_the_task_worker_records_a_failed_local_purge_as_a_failed_task(local_cache_down):
    result = purge.purge_pages.enqueue(["home"], "test")
    assert result.status == "FAILED"


def test_purging_by_hand_says_in_one_line_that_the_local_cache_failed(local_cache_down):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="the page cache could not be purged"):
        call_command("purge_pages", "home")


def test_a_deleted_picture_is_purged_from_cdns_by_key_and_by_each_address(
    cdn, fastly, settings, django_capture_on_commit_callbacks
):
    from newsdesk.news.images import stored_names
    from tests.factories import ImageFactory

    settings.PAGECACHE_PURGE_URLS = [cdn.origin]
    settings.ALLOWED_HOSTS = ["news.example", "www.news.example", ".example"]
    picture = ImageFactory()
    name, stem = picture.file.name, picture.file.name.rsplit("/", 1)[-1].split(".")[0]
    with django_capture_on_commit_callbacks(execute=True):
        picture.delete()
    fastly_bodies = [json.loads(body) for method, path, _, body in cdn.received if method == "POST"]
    assert {"surrogate_keys": [f"media-{stem}"]} in fastly_bodies
    purged = {
        (headers["Host"], path)
        for method, path, headers, _ in cdn.received
        if method == "PURGE" and path != "/"
    }
    assert purged == {
        (host, f"/media/{stored}")
        for host in ("news.example", "www.news.example")
        for stored in stored_names(name)
    }


def test_a_purge_by_bare_path_goes_to_the_cache_under_its_own_host(cdn, settings):
    """Where ALLOWED_HOSTS names no host (only wildcards), a picture's path is purged as it is."""
    settings.PAGECACHE_PURGE_URLS = [cdn.origin]
    purge_keys(["media-abc"], reason="test", files=["/media/images/ab/abc.png"])
    [(method, path, headers, _)] = [request for request in cdn.received if request[1] != "/"]
    assert (method, path, headers["Host"]) == (
        "PURGE",
        "/media/images/ab/abc.png",
        cdn.origin.removeprefix("http://"),
    )
