"""Request budgets in Django's cache (Redis in production, so every worker shares them): per token, per address
for anonymous reads, and per address for failed keys.

Each budget is a fixed window aligned to the clock, counted with one atomic `incr`; Retry-After is the time left in
the window. The client address is REMOTE_ADDR only, as for django-axes: an X-Forwarded-For a client sends is never
trusted, so rotating it buys nothing.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string
from ninja.throttling import BaseThrottle

# kind -> (requests, seconds). settings.NEWSDESK_API_RATES may override any of them.
DEFAULT_RATES = {
    "anonymous": (300, 60),  # reads without a token, per address
    "token": (600, 60),  # everything a token does, per token
    "bad_key": (10, 600),  # wrong, revoked or malformed keys, per address; then every key is refused
}


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"Too many requests; try again in {retry_after} seconds.")
        self.retry_after = retry_after


def rate(kind: str) -> tuple[int, int]:
    return {**DEFAULT_RATES, **getattr(settings, "NEWSDESK_API_RATES", {})}[kind]


def client_address(request) -> str:
    """REMOTE_ADDR, or what AXES_CLIENT_IP_CALLABLE says behind a proxy (one setting for sign-in and API limits)."""
    custom = getattr(settings, "AXES_CLIENT_IP_CALLABLE", None)
    if custom:
        return str((import_string(custom) if isinstance(custom, str) else custom)(request) or "unknown")
    return request.META.get("REMOTE_ADDR") or "unknown"


def seconds_left(kind: str) -> int:
    period = rate(kind)[1]
    return period - int(time.time()) % period


def _key(kind: str, ident: str) -> str:
    period = rate(kind)[1]
    return f"api-rate:{kind}:{ident}:{int(time.time()) // period}"


def count(kind: str, ident: str) -> None:
    """Counts one request against the budget; raises RateLimited once it is spent."""
    limit, period = rate(kind)
    key = _key(kind, ident)
    cache.add(key, 0, timeout=period + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.set(key, 1, timeout=period + 1)
        used = 1
    if used > limit:
        raise RateLimited(seconds_left(kind))


def check(kind: str, ident: str) -> None:
    """Raises RateLimited if the budget is already spent, without counting this request."""
    if cache.get(_key(kind, ident), 0) >= rate(kind)[0]:
        raise RateLimited(seconds_left(kind))


class _Throttle(BaseThrottle):
    """Ninja's hook, run after authentication on every operation. Keeps no per-request state on itself (one
    instance serves all threads), which is why it does not extend ninja's SimpleRateThrottle."""

    kind = ""

    def ident(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request) -> bool:
        try:
            ident = self.ident(request)  # may spend a failed-key budget (request_token) and find it spent
            if ident is not None:
                count(self.kind, ident)
        except RateLimited:
            return False
        return True

    def wait(self) -> float:
        return seconds_left(self.kind)


def request_token(request):
    """The token a request acts with: the one authentication found on newsroom operations, or, on the free-to-read
    operations (which do not authenticate), a valid key sent anyway, so an integration reading stories spends its
    token's budget rather than the anonymous one of its address (found by the nightly soak: token reads got 429s at
    300 a minute). A wrong key on a read is read anonymously but counts as a failed key, so reads cannot be used to
    test guessed keys faster than the newsroom operations allow."""
    token = getattr(request, "auth", None)
    if token is not None:
        return token
    if not hasattr(request, "_bearer_token"):
        from .models import ApiToken

        request._bearer_token = None
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() == "bearer" and key.strip():
            request._bearer_token = ApiToken.objects.for_key(key.strip()[:200])
            if request._bearer_token is None:
                address = client_address(request)
                check("bad_key", address)
                count("bad_key", address)
    return request._bearer_token


class AnonymousThrottle(_Throttle):
    kind = "anonymous"

    def ident(self, request):
        return None if request_token(request) is not None else client_address(request)


class TokenThrottle(_Throttle):
    kind = "token"

    def ident(self, request):
        token = request_token(request)
        return None if token is None else str(token.pk)
