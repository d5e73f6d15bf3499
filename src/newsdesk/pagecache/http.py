"""The HTTP side of the page cache: which requests it may answer, the headers a cached page carries, and 304s."""

import hashlib
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.http.request import split_domain_port
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe

# Never answered from the cache, whatever the view says: staff pages, the API, search results (every query is
# different and the index changes all the time), preview links, static and media files (WhiteNoise and the
# front server handle those with their own headers).
BYPASS_PREFIXES = ("/newsroom/", "/api/", "/search/", "/preview/", "/static/", "/media/", "/accounts/")
# Files with caching of their own (WhiteNoise's immutable hashed names; uploads with Last-Modified).
FILE_PREFIXES = ("/static/", "/media/")
# The only query parameters public pages read: the keyset pager's cursors.
PAGE_PARAMETERS = frozenset({"before", "after"})
# Parameters added by share links and newsletters; no page reads them, so they are dropped before the cache
# key is made and before Django sees the request: a shared link to a breaking story is still a hit.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid"})


def canonical_query(query_string: str) -> str | None:
    """The query string the cache keys on, or None when the request must bypass the cache (a parameter no page
    uses, or a repeated one: answering those from the cache would let anyone fill it with variants)."""
    if not query_string:
        return ""
    kept = []
    for name, value in parse_qsl(query_string, keep_blank_values=True):
        if name.startswith(TRACKING_PREFIXES) or name in TRACKING_PARAMETERS:
            continue
        if name not in PAGE_PARAMETERS:
            return None
        kept.append((name, value))
    if len({name for name, _ in kept}) != len(kept):
        return None
    return urlencode(sorted(kept))


def request_scheme(environ, proxy_ssl_header: tuple[str, str] | None) -> str:
    if proxy_ssl_header:
        header, secure_value = proxy_ssl_header
        if environ.get(header, "").split(",")[0].strip() == secure_value:
            return "https"
    return environ.get("wsgi.url_scheme", "http")


def canonical_host(environ) -> str | None:
    """The Host the cache keys on, or None when the request must bypass the cache.

    Pages carry the host they were asked for (canonical links, feed URLs), so the key must keep it; but Django
    accepts any port and any letter case of an allowed host, and answering those from the cache would let anyone
    fill it with copies of the front page ("LOCALHOST:1", "localhost:2"...). Only the host as a browser or a proxy
    sends it is cached: lower case, no trailing dot, no port or the port this server listens on (or the scheme's)."""
    # As Django reads it (HttpRequest.get_host): a Host header, even an empty one, is what the request named.
    if "HTTP_HOST" not in environ:
        return f"{environ.get('SERVER_NAME', '')}:{environ.get('SERVER_PORT', '')}"
    host = environ["HTTP_HOST"]
    domain, port = split_domain_port(host)
    # An empty or invalid Host: Django answers 400, and no stored page may answer instead.
    if not domain or host != (f"{domain}:{port}" if port else domain):
        return None
    if port not in ("", environ.get("SERVER_PORT"), "80", "443"):
        return None
    return host


def cache_url(environ, proxy_ssl_header: tuple[str, str] | None = None) -> str | None:
    """The cache key of a request (scheme, host, path, kept query), or None when the cache must not answer it."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in environ:
        return None
    path = environ.get("PATH_INFO", "")
    if not path.startswith("/") or path.startswith(BYPASS_PREFIXES):
        return None
    query = environ.get("QUERY_STRING", "")
    if query:
        query = canonical_query(query)
        if query is None:
            return None
    host = canonical_host(environ)
    if host is None:
        return None
    return f"{request_scheme(environ, proxy_ssl_header)}://{host}{path}" + (f"?{query}" if query else "")


def storable(status: str, headers: list[tuple[str, str]]) -> bool:
    """Only a plain 200 meant for everyone: anything setting a cookie, varying by cookie, marked private or
    carrying a CSP nonce is per-response and never stored."""
    if not status.startswith("200"):
        return False
    for name, value in headers:
        lowered = name.lower()
        if lowered == "set-cookie":
            return False
        if lowered == "vary" and ("cookie" in value.lower() or "authorization" in value.lower()):
            return False
        if lowered == "cache-control" and any(
            word in value.lower() for word in ("private", "no-store", "no-cache")
        ):
            return False
        # A CSP nonce must differ on every response: a page that uses one cannot be shared.
        if lowered == "content-security-policy" and "'nonce-" in value:
            return False
    return True


def with_default_cache_control(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """An answer the layer does not keep (a 404, a redirect, a page with an unknown query parameter) that said
    nothing about caching: shared caches must ask again every time, and one that sets or varies on a cookie is
    the visitor's own. Left unsaid, a CDN applies its own default lifetime (an hour at Fastly) to a 404 for a
    story about to go live, or to a redirect the next headline change moves, and no purge reaches it."""
    personal = False
    for name, value in headers:
        lowered = name.lower()
        if lowered == "cache-control":
            return headers
        personal = personal or lowered == "set-cookie" or (lowered == "vary" and "cookie" in value.lower())
    return [*headers, ("Cache-Control", "private, no-cache" if personal else "no-cache")]


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def cache_control(remaining: float, stale_while_revalidate: int) -> str:
    """Browsers revalidate every time (a 304 from the layer is cheap); shared caches keep the page for what is
    left of its lifetime and may serve it stale briefly while they refetch."""
    seconds = max(0, int(remaining))
    return f"public, max-age=0, s-maxage={seconds}, stale-while-revalidate={stale_while_revalidate}"


def not_modified(environ, etag: str, last_modified: int) -> bool:
    """RFC 9110 section 13.2.2: If-None-Match wins over If-Modified-Since when both are sent."""
    if "HTTP_IF_NONE_MATCH" not in environ and "HTTP_IF_MODIFIED_SINCE" not in environ:
        return False
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_modified_since:
        since = parse_http_date_safe(if_modified_since)
        return since is not None and last_modified <= since
    return False


def last_modified_of(headers: list[tuple[str, str]], default: int) -> int:
    for name, value in headers:
        if name.lower() == "last-modified":
            return parse_http_date_safe(value) or default
    return default


def lifetime(started: datetime) -> float:
    """How long a page rendered at `started` may be kept: the configured age, cut at the next scheduled story's
    time (it becomes public by the clock alone, with no purge), when the breaking banner's story leaves it, and
    at the outlet's midnight (the masthead shows the date). A story that went live while the page rendered
    gives zero: the page is not stored."""
    from newsdesk.news.models import Article
    from newsdesk.sitesettings.models import SiteSettings

    ends = [started + timedelta(seconds=settings.PAGECACHE_MAX_AGE)]
    next_live = (
        Article.objects.filter(status=Article.Status.SCHEDULED, published_at__gt=started)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if next_live is not None:
        ends.append(next_live)
    site = SiteSettings.load()
    newest_breaking = (
        Article.objects.breaking_now(site.breaking_window, at=started)
        .values_list("published_at", flat=True)
        .first()
    )
    if newest_breaking is not None:
        ends.append(newest_breaking + site.breaking_window)
    local = timezone.localtime(started, site.zone)
    ends.append(datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), tzinfo=local.tzinfo))
    return (min(ends) - started).total_seconds()


def cached_headers(
    django_headers, *, etag: str, last_modified: int, keys: list[str], compressible: bool = False
) -> list[tuple[str, str]]:
    """What every answer for this page carries, hit or miss (Cache-Control is added per answer). A compressible
    page says it varies by Accept-Encoding in every answer, identity included, so shared caches keep them apart."""
    dropped = {"cache-control", "etag", "last-modified", "surrogate-key", "cache-tag", "expires", "vary"}
    headers = [(name, value) for name, value in django_headers if name.lower() not in dropped]
    vary = [value for name, value in django_headers if name.lower() == "vary"]
    if compressible:
        vary.append("Accept-Encoding")
    if vary:
        headers.append(("Vary", ", ".join(vary)))
    headers += [
        ("ETag", etag),
        ("Last-Modified", http_date(last_modified)),
        # Fastly (and Varnish xkey) read space-separated keys; Cloudflare reads comma-separated tags.
        ("Surrogate-Key", " ".join(keys)),
        ("Cache-Tag", ",".join(keys)),
    ]
    return headers
