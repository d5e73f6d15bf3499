"""Safe fetching (reliability row 12): every private target is refused before any connection is made."""

import gzip
import http.server
import socket
import threading
import zlib

import pytest

from newsdesk.wire.fetcher import FetchError, FetchRefused, fetch

from .conftest import PUBLIC, http_response

RSS = b"<?xml version='1.0'?><rss version='2.0'><channel><title>T</title></channel></rss>"

REFUSED_BEFORE_CONNECTING = [
    "http://127.0.0.1/",
    "http://127.1/",
    "http://localhost/",
    "http://[::1]/",
    "http://0.0.0.0/",
    "http://0/",
    "http://[::]/",
    "http://10.0.0.1/",
    "http://172.16.0.1/",
    "http://172.31.255.254/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://198.18.0.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0177.0.0.1/",
    "http://0x7f.0.0.1/",
    "http://017700000001/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:a9fe:a9fe]/",
    "http://[2002:7f00:1::1]/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://224.0.0.1/",
    "http://[ff02::1]/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://internal.example/",
    "http://metadata.example/",
    "http://mixed.example/",
    "https://internal.example:8443/feed",
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/_GET",
    "ftp://example.com/feed.xml",
    "http://user:secret@example.com/feed.xml",
    "http://example.com@127.0.0.1/",
    "http://example.com:80@10.0.0.1/",
    "javascript:alert(1)",
    "http:///feed.xml",
]


@pytest.mark.parametrize("url", REFUSED_BEFORE_CONNECTING)
def test_private_and_odd_targets_are_refused_before_connecting(net, url):
    net.names.update(
        {
            "localhost": ["127.0.0.1"],
            "internal.example": ["10.1.2.3"],
            "metadata.example": ["169.254.169.254"],
            "mixed.example": [PUBLIC, "192.168.0.10"],
            "example.com": [PUBLIC],
        }
    )
    with pytest.raises(FetchRefused):
        fetch(url)
    assert net.connections == []


def test_the_corpus_has_about_thirty_targets():
    assert len(REFUSED_BEFORE_CONNECTING) >= 30


def test_a_public_host_is_fetched_from_the_address_that_was_checked(net):
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response(RSS, ETag='"v1"')]
    fetched = fetch("http://feeds.example/rss?x=1")
    assert fetched.body == RSS
    assert fetched.etag == '"v1"'
    assert net.connections == [(PUBLIC, 80)]
    request = net.sockets[0].sent
    assert request.startswith(b"GET /rss?x=1 HTTP/1.1\r\n")
    assert b"Host: feeds.example\r\n" in request


def test_a_redirect_to_a_private_address_is_refused_after_the_first_hop(net):
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response(status="302 Found", Location="http://169.254.169.254/latest/")]
    with pytest.raises(FetchRefused, match=r"169\.254\.169\.254"):
        fetch("http://feeds.example/rss")
    assert net.connections == [(PUBLIC, 80)]


def test_a_redirect_to_a_name_resolving_privately_is_refused(net):
    net.names.update({"feeds.example": [PUBLIC], "intranet.example": ["10.0.0.5"]})
    net.responses[PUBLIC] = [http_response(status="301 Moved", Location="//intranet.example/feed")]
    with pytest.raises(FetchRefused, match=r"10\.0\.0\.5"):
        fetch("http://feeds.example/rss")
    assert net.connections == [(PUBLIC, 80)]


def test_a_resolver_that_changes_its_answer_cannot_redirect_the_connection(net, monkeypatch):
    """DNS rebinding: the first answer is public, any later one private; the fetcher resolves once per request and
    connects to exactly the address it checked."""
    answers = iter([[PUBLIC], ["127.0.0.1"], ["127.0.0.1"]])

    def rebinding(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in next(answers)]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    net.responses[PUBLIC] = [http_response(RSS)]
    assert fetch("http://rebind.example/").body == RSS
    assert net.connections == [(PUBLIC, 80)]


def test_redirects_are_followed_up_to_the_limit(net, settings):
    settings.WIRE_FETCH_MAX_REDIRECTS = 3
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response(status="302 Found", Location="/again")]
    with pytest.raises(FetchError, match="More than 3 redirects"):
        fetch("http://feeds.example/rss")
    assert len(net.connections) == 4


def test_a_body_over_the_size_limit_is_refused(net, settings):
    settings.WIRE_FETCH_MAX_BYTES = 1000
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response(b"x" * 5000)]
    with pytest.raises(FetchError, match="limit"):
        fetch("http://feeds.example/rss")


def test_a_body_over_the_limit_without_content_length_is_cut_off(net, settings):
    settings.WIRE_FETCH_MAX_BYTES = 100_000
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [b"HTTP/1.0 200 OK\r\n\r\n" + b"x" * 300_000]
    with pytest.raises(FetchError, match="more than 100,000 bytes"):
        fetch("http://feeds.example/rss")


FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Trend</title></channel></rss>'


@pytest.mark.parametrize("encoding", ["gzip", "x-gzip", "deflate"])
def test_a_feed_compressed_though_we_asked_for_none_is_read(net, encoding):
    # Some servers gzip whatever Accept-Encoding says; the parser then said the feed "holds no XML element".
    packed = gzip.compress(FEED) if "gzip" in encoding else zlib.compress(FEED)
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response(packed, Content_Encoding=encoding)]
    assert fetch("http://feeds.example/rss").body == FEED


def test_a_compressed_body_is_held_to_the_size_limit_once_decompressed(net, settings):
    settings.WIRE_FETCH_MAX_BYTES = 100_000
    bomb = gzip.compress(b" " * 10_000_000)  # ~10 kB on the wire
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response(bomb, Content_Encoding="gzip")]
    with pytest.raises(FetchError, match="more than 100,000 bytes once decompressed"):
        fetch("http://feeds.example/rss")


@pytest.mark.parametrize(
    ("encoding", "body", "said"),
    [
        ("br", b"\x1b\x03", "compressed as 'br', which Newsdesk cannot read"),
        ("gzip", b"not gzip at all", "gzip body that does not decompress"),
    ],
)
def test_a_body_in_a_coding_we_cannot_undo_is_a_failure_in_words(net, encoding, body, said):
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response(body, Content_Encoding=encoding)]
    with pytest.raises(FetchError, match=said):
        fetch("http://feeds.example/rss")


def test_an_http_error_is_reported_in_words(net):
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response(status="503 Service Unavailable")]
    with pytest.raises(FetchError, match="HTTP 503"):
        fetch("http://feeds.example/rss")


def test_an_unknown_host_is_a_failure_not_a_crash(net):
    with pytest.raises(FetchError, match=r"Could not resolve nowhere\.example"):
        fetch("http://nowhere.example/rss")


class _ConditionalFeed(http.server.BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_GET(self):
        type(self).requests.append(dict(self.headers))
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("ETag", '"v1"')
        self.send_header("Last-Modified", "Tue, 24 Nov 2026 10:00:00 GMT")
        self.send_header("Content-Length", str(len(RSS)))
        self.end_headers()
        self.wfile.write(RSS)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_feed_server(settings):
    """The one test server on 127.0.0.1, reachable only because the allow-list names it."""
    settings.WIRE_FETCH_ALLOW = ["127.0.0.1"]
    _ConditionalFeed.requests = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _ConditionalFeed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/feed.xml", _ConditionalFeed.requests
    server.shutdown()
    server.server_close()


def test_conditional_get_sends_the_etag_and_honours_304(local_feed_server):
    url, requests = local_feed_server
    first = fetch(url)
    assert (first.status, first.etag, first.body) == (200, '"v1"', RSS)
    second = fetch(url, etag=first.etag, last_modified=first.last_modified)
    assert second.not_modified
    assert second.body == b""
    assert requests[1]["If-None-Match"] == '"v1"'
    assert requests[1]["If-Modified-Since"] == "Tue, 24 Nov 2026 10:00:00 GMT"


def test_the_allow_list_is_empty_and_the_limits_are_the_batterys_unless_set():
    from newsdesk import settings as project_settings

    assert project_settings.WIRE_FETCH_ALLOW == []
    assert project_settings.WIRE_FETCH_TIMEOUT <= 10
    assert project_settings.WIRE_FETCH_MAX_BYTES <= 5 * 1024 * 1024
    assert project_settings.WIRE_FETCH_MAX_REDIRECTS <= 3


def test_a_server_that_drips_past_the_time_limit_is_cut_off(net, settings, monkeypatch):
    """The clock is stubbed: each receive "takes" four seconds, so the third one passes the 10-second limit."""
    from newsdesk.wire import fetcher

    ticks = iter(range(0, 1000, 4))
    monkeypatch.setattr(fetcher.time, "monotonic", lambda: next(ticks))
    monkeypatch.setattr(fetcher, "CHUNK", 10)
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response(b"x" * 100)]
    with pytest.raises(FetchError, match="longer than 10 s"):
        fetch("http://feeds.example/rss")
