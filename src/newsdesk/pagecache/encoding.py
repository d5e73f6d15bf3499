"""Compressed copies of cached pages. A public page carries no secret (no CSRF token, no per-user text), so
compressing it is safe from BREACH-style attacks; the newsroom's pages are never cached and never compressed here.

Each worker compresses a page once, on the first request that asks for that encoding, and keeps the copy beside the
page in memory: brotli for browsers that take it (about a fifth of the HTML's size), gzip for the rest.
"""

import gzip

try:
    import brotli
except ImportError:  # whitenoise[brotli] brings it; without it, gzip alone
    brotli = None

# Below this, the encoding headers and framing outweigh what compression saves (the figure CDNs use).
MIN_BYTES = 860
COMPRESSIBLE_TYPES = (
    "text/",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/json",
    "image/svg+xml",
)
ENCODINGS = ("br", "gzip") if brotli is not None else ("gzip",)

# Accept-Encoding header -> the encoding to use; browsers send few distinct headers.
_preferences: dict[str, str | None] = {}


def compressible(content_type: str, size: int) -> bool:
    return size >= MIN_BYTES and content_type.startswith(COMPRESSIBLE_TYPES)


def preferred(accept_encoding: str) -> str | None:
    """The encoding to answer with for this Accept-Encoding header (RFC 9110 12.5.3): the acceptable one with the
    highest q-value, brotli on a tie; None for identity."""
    choice = _preferences.get(accept_encoding, "")
    if choice != "":
        return choice
    weights: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, _, parameters = part.strip().partition(";")
        weight = 1.0
        parameter, _, value = parameters.strip().partition("=")
        if parameter.strip() == "q":
            try:
                weight = float(value)
            except ValueError:
                weight = 0.0
        weights[name.strip()] = weight
    wildcard = weights.get("*", 0.0)
    ranked = [(weights.get(name, wildcard), -index, name) for index, name in enumerate(ENCODINGS)]
    best_weight, _, best = max(ranked)
    choice = best if best_weight > 0 else None
    if len(_preferences) < 512:  # a bound, so odd headers cannot grow the memo without end
        _preferences[accept_encoding] = choice
    return choice


def compress(body: bytes, encoding: str) -> bytes:
    if encoding == "br":
        return brotli.compress(body, quality=5)  # ~1 ms for a 20 KB page, near quality 11's size for HTML
    return gzip.compress(body, compresslevel=6, mtime=0)


def variant_etag(etag: str, encoding: str) -> str:
    """A strong ETag names one representation, so each encoding gets its own (RFC 9110 8.8.3)."""
    return f'{etag[:-1]}-{encoding}"'


def encoded_headers(
    headers: list[tuple[str, str]], *, encoding: str, etag: str, size: int
) -> list[tuple[str, str]]:
    replaced = {"content-length", "etag", "content-encoding"}
    return [
        *((name, value) for name, value in headers if name.lower() not in replaced),
        ("Content-Encoding", encoding),
        ("Content-Length", str(size)),
        ("ETag", etag),
    ]
