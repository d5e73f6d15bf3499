"""CDN purge adapters, configured by environment variables (read in settings.py):

Fastly      PAGECACHE_FASTLY_SERVICE_ID + PAGECACHE_FASTLY_API_TOKEN     bulk purge by surrogate key
Cloudflare  PAGECACHE_CLOUDFLARE_ZONE_ID + PAGECACHE_CLOUDFLARE_API_TOKEN purge by Cache-Tag
HTTP PURGE  PAGECACHE_PURGE_URLS (comma-separated origins of Varnish/nginx) one PURGE per purged page's path, plus
            one PURGE of "/" naming the keys in xkey-purge and Surrogate-Key headers (Varnish's xkey vmod)

Each adapter is a small class with purge(keys, urls) that raises on failure; purge.py logs the outcome.
"""

import json
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

TIMEOUT = 10


def _send(request: urllib.request.Request) -> int:
    # Only configured operator URLs are ever opened here (https or a local cache's http), never reader input.
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
        return response.status


def _batches(items: list[str], size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Fastly:
    name = "fastly"
    batch = 256  # Fastly's limit per bulk purge request

    def __init__(self, service_id: str, token: str, api_url: str):
        self.service_id, self.token, self.api_url = service_id, token, api_url.rstrip("/")

    def purge(self, keys: list[str], urls: list[str]) -> str:
        for batch in _batches(keys, self.batch):
            request = urllib.request.Request(
                f"{self.api_url}/service/{self.service_id}/purge",
                data=json.dumps({"surrogate_keys": batch}).encode(),
                method="POST",
                headers={
                    "Fastly-Key": self.token,
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                },
            )
            _send(request)
        return f"{len(keys)} keys"


class Cloudflare:
    name = "cloudflare"
    batch = 30  # the smallest per-request tag limit across Cloudflare plans

    def __init__(self, zone_id: str, token: str, api_url: str):
        self.zone_id, self.token, self.api_url = zone_id, token, api_url.rstrip("/")

    def purge(self, keys: list[str], urls: list[str]) -> str:
        for batch in _batches(keys, self.batch):
            request = urllib.request.Request(
                f"{self.api_url}/client/v4/zones/{self.zone_id}/purge_cache",
                data=json.dumps({"tags": batch}).encode(),
                method="POST",
                headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
            )
            _send(request)
        return f"{len(keys)} tags"


class HttpPurge:
    name = "http"

    def __init__(self, origin: str):
        self.origin = origin.rstrip("/")

    def purge(self, keys: list[str], urls: list[str]) -> str:
        _send(
            urllib.request.Request(
                f"{self.origin}/",
                method="PURGE",
                headers={"xkey-purge": " ".join(keys), "Surrogate-Key": " ".join(keys)},
            )
        )
        for url in urls:
            parts = urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            # A bare path (a picture where no host can be named) goes to the cache under its own name.
            headers = {"Host": parts.netloc} if parts.netloc else {}
            _send(urllib.request.Request(f"{self.origin}{path}", method="PURGE", headers=headers))
        return f"{len(keys)} keys, {len(urls)} pages"


def configured() -> list:
    adapters: list = []
    if settings.PAGECACHE_FASTLY_SERVICE_ID and settings.PAGECACHE_FASTLY_API_TOKEN:
        adapters.append(
            Fastly(
                settings.PAGECACHE_FASTLY_SERVICE_ID,
                settings.PAGECACHE_FASTLY_API_TOKEN,
                settings.PAGECACHE_FASTLY_API_URL,
            )
        )
    if settings.PAGECACHE_CLOUDFLARE_ZONE_ID and settings.PAGECACHE_CLOUDFLARE_API_TOKEN:
        adapters.append(
            Cloudflare(
                settings.PAGECACHE_CLOUDFLARE_ZONE_ID,
                settings.PAGECACHE_CLOUDFLARE_API_TOKEN,
                settings.PAGECACHE_CLOUDFLARE_API_URL,
            )
        )
    adapters += [HttpPurge(origin) for origin in settings.PAGECACHE_PURGE_URLS]
    return adapters
