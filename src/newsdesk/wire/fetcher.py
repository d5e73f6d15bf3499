"""Fetching a partner's feed without letting a feed URL reach inside our network (SSRF).

Every request and every redirect is checked the same way: http or https only, no user:password@ in the URL, and
every address the host name resolves to must be a public one. The connection then goes to the address that was
checked (the Host header and TLS SNI still carry the name), so a resolver that answers differently the second time
(DNS rebinding) cannot slip a private address in between the check and the connect.
"""

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings

USER_AGENT = "Newsdesk wire desk (+https://github.com/newsdesk)"
REDIRECTS = {301, 302, 303, 307, 308}
CHUNK = 64 * 1024


class FetchError(Exception):
    """The fetch failed; the message says why in words an editor can read."""


class FetchRefused(FetchError):
    """The URL or an address it leads to is not one we fetch from."""


@dataclass(frozen=True)
class Fetched:
    url: str
    status: int
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def _ip_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host written as a number means, in any form the C resolver accepts: 127.0.0.1, 2130706433,
    0x7f000001, 0177.0.0.1, 127.1; or an IPv6 literal."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour or (address.teredo[1] if address.teredo else None)
        if embedded is not None and not _is_public(embedded):
            return False
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_loopback or address.is_unspecified
    )


def checked_address(host: str, port: int) -> str:
    """The one address to connect to for `host`, after checking every address it resolves to."""
    allowed = set(settings.WIRE_FETCH_ALLOW)
    literal = _ip_literal(host)
    if literal is not None:
        candidates = [literal]
    else:
        try:
            answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise FetchError(f"Could not resolve {host}: {error}") from error
        candidates = [ipaddress.ip_address(answer[4][0].split("%")[0]) for answer in answers]
        if not candidates:
            raise FetchError(f"Could not resolve {host}.")
    if host in allowed:
        return str(candidates[0])
    for address in candidates:
        if str(address) not in allowed and not _is_public(address):
            raise FetchRefused(f"Refused {host}: it resolves to {address}, which is not a public address.")
    return str(candidates[0])


def _split(url: str) -> tuple[str, str, int, str]:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise FetchRefused(f"Refused {url!r}: not a valid URL ({error}).") from error
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(f"Refused {url!r}: only http and https URLs are fetched.")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise FetchRefused(f"Refused {url!r}: URLs with a user name or password are not fetched.")
    host = parts.hostname or ""
    if not host:
        raise FetchRefused(f"Refused {url!r}: it names no host.")
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80), target


def _connection(
    scheme: str, host: str, port: int, address: str, timeout: float
) -> http.client.HTTPConnection:
    """An HTTP(S) connection to `address` that still says `host` in the Host header and in TLS SNI."""
    if scheme == "https":
        connection = http.client.HTTPSConnection(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(host, port, timeout=timeout)

    def connect_to_checked_address(_host_and_port, timeout=None, source_address=None):
        return socket.create_connection((address, port), timeout)

    connection._create_connection = connect_to_checked_address
    return connection


def _decoded(body: bytes, encoding: str, host: str, max_bytes: int) -> bytes:
    """The body as sent before compression. We ask for none (Accept-Encoding: identity), but some servers gzip
    anyway, and the parser then said the feed "holds no XML element". gzip and deflate are undone within the same
    size limit (a small bomb must not expand past it); any other coding is named in the error."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"{host} sent the feed compressed as {encoding[:40]!r}, which Newsdesk cannot read.")
    # wbits 47: gzip or zlib framing, whichever the header says; servers send either under "deflate" too.
    decompressor = zlib.decompressobj(wbits=47)
    try:
        plain = decompressor.decompress(body, max_bytes + 1)
    except zlib.error as error:
        raise FetchError(f"{host} sent a {encoding} body that does not decompress: {error}.") from error
    if len(plain) > max_bytes:
        raise FetchError(f"{host} sent more than {max_bytes:,} bytes once decompressed; the limit.")
    return plain


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GETs `url` (conditionally, when etag/last_modified are given), following at most a few redirects."""
    max_bytes = settings.WIRE_FETCH_MAX_BYTES
    timeout = settings.WIRE_FETCH_TIMEOUT
    deadline = time.monotonic() + timeout
    for _hop in range(settings.WIRE_FETCH_MAX_REDIRECTS + 1):
        scheme, host, port, target = _split(url)
        address = checked_address(host, port)
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", "Accept": "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        connection = _connection(scheme, host, port, address, timeout)
        try:
            connection.request("GET", target, headers=headers)
            response = connection.getresponse()
            if response.status in REDIRECTS and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location"))
                continue
            if response.status == 304:
                return Fetched(url=url, status=304, etag=etag, last_modified=last_modified)
            if not 200 <= response.status < 300:
                raise FetchError(f"{host} answered HTTP {response.status} {response.reason}.")
            declared = response.getheader("Content-Length")
            if declared and declared.isascii() and declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(f"{host} sent {int(declared):,} bytes; the limit is {max_bytes:,}.")
            body = bytearray()
            # read1: one receive at a time, so a server dripping a byte every few seconds still meets the deadline.
            while chunk := response.read1(CHUNK):
                body += chunk
                if len(body) > max_bytes:
                    raise FetchError(f"{host} sent more than {max_bytes:,} bytes; the limit.")
                if time.monotonic() > deadline:
                    raise FetchError(f"{host} took longer than {timeout:g} s.")
            return Fetched(
                url=url,
                status=response.status,
                body=_decoded(bytes(body), response.getheader("Content-Encoding") or "", host, max_bytes),
                etag=response.getheader("ETag") or "",
                last_modified=response.getheader("Last-Modified") or "",
            )
        except TimeoutError as error:
            raise FetchError(f"{host} took longer than {timeout:g} s.") from error
        except (OSError, http.client.HTTPException) as error:
            raise FetchError(f"Could not fetch from {host}: {error or type(error).__name__}.") from error
        finally:
            connection.close()
    raise FetchError(f"More than {settings.WIRE_FETCH_MAX_REDIRECTS} redirects; stopped at {url}.")
