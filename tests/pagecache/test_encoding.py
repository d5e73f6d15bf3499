"""Compressed answers from the page cache: what browsers get, how validators and shared caches see them."""

import gzip

import brotli
import pytest

from newsdesk.pagecache import encoding
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def path():
    return ArticleFactory().get_absolute_url()


@pytest.mark.parametrize(
    ("accept_encoding", "expected"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0.5, br;q=0.2", "gzip"),
        ("GZIP", "gzip"),
        ("*", "br"),
        ("*;q=0, gzip;q=0.1", "gzip"),
        ("identity", None),
        ("gzip;q=0, br;q=0", None),
        ("gzip;q=nonsense", None),
        ("", None),
        (";;,,=", None),
    ],
)
def test_the_encoding_follows_accept_encoding_and_its_q_values(accept_encoding, expected):
    assert encoding.preferred(accept_encoding) == expected


def test_browsers_asking_for_brotli_get_the_same_page_compressed(layer, path):
    plain = layer.get(path)
    compressed = layer.get(path, ACCEPT_ENCODING="gzip, deflate, br")
    assert compressed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(compressed.body) == plain.body
    assert int(compressed.headers["Content-Length"]) == len(compressed.body) < len(plain.body) / 3
    assert compressed.headers["X-Page-Cache"] == "hit"


def test_gzip_for_browsers_without_brotli(layer, path):
    plain = layer.get(path)
    compressed = layer.get(path, ACCEPT_ENCODING="gzip")
    assert compressed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.body) == plain.body


def test_the_first_answer_a_miss_is_compressed_too(layer, path):
    answer = layer.get(path, ACCEPT_ENCODING="gzip")
    assert answer.headers["X-Page-Cache"] == "miss" and answer.headers["Content-Encoding"] == "gzip"


def test_every_answer_of_a_compressible_page_varies_by_accept_encoding(layer, path):
    for accept_encoding in ("", "gzip", "br"):
        answer = layer.get(path, ACCEPT_ENCODING=accept_encoding)
        assert answer.headers["Vary"] == "Accept-Encoding"
    assert "Content-Encoding" not in layer.get(path).headers


def test_each_encoding_has_its_own_etag_and_revalidates_with_it(layer, path):
    plain = layer.get(path).headers["ETag"]
    br = layer.get(path, ACCEPT_ENCODING="br").headers["ETag"]
    gz = layer.get(path, ACCEPT_ENCODING="gzip").headers["ETag"]
    assert len({plain, br, gz}) == 3
    revalidated = layer.get(path, ACCEPT_ENCODING="br", IF_NONE_MATCH=br)
    assert revalidated.status == 304 and revalidated.body == b""
    assert revalidated.headers["ETag"] == br
    assert layer.get(path, ACCEPT_ENCODING="br", IF_NONE_MATCH=plain).status == 200


def test_head_reports_the_compressed_length_without_a_body(layer, path):
    get = layer.get(path, ACCEPT_ENCODING="br")
    head = layer.request("HEAD", path, ACCEPT_ENCODING="br")
    assert head.body == b"" and head.headers["Content-Length"] == get.headers["Content-Length"]


def test_only_text_big_enough_to_gain_is_compressed():
    assert encoding.compressible("text/html; charset=utf-8", 20_000)
    assert encoding.compressible("application/rss+xml; charset=utf-8", 5_000)
    assert not encoding.compressible("text/html; charset=utf-8", 500)
    assert not encoding.compressible("image/jpeg", 50_000)


def test_feeds_are_compressed(layer, path):
    layer.get("/feeds/rss/")
    answer = layer.get("/feeds/rss/", ACCEPT_ENCODING="gzip")
    assert answer.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(answer.body) == layer.get("/feeds/rss/").body
