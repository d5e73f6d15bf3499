"""Response headers the whole API shares: who may store an answer, and which other origins may read it."""

import logging

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.log import log_response

from .errors import error

# The site's pages tell browsers max-age=0 and caches s-maxage up to five minutes (pagecache.http.cache_control),
# because every change purges them by key. Nothing purges a stored API answer (it carries no keys, and the page
# cache never holds /api/), so browsers and caches alike keep one for a minute at most: that bounds how long an
# updated or taken-down story can linger. Browsers may keep it too: no cheap 304 layer stands in front of the API.
PUBLIC_MAX_AGE = 60
# Authorization is deliberately not offered. A key in a web page is a key anyone who opens the page can copy, and
# it acts as a member of the newsroom; without it here, browsers refuse to send a token to the API from another
# origin at all, so token requests (the drafts, the writes) stay between servers, where CORS does not apply.
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    # If-None-Match for scripts that revalidate by themselves. Not Content-Type: POST is a method no preflight can
    # refuse (CORS always allows it), so a JSON POST is stopped here, by its header, before it is ever sent.
    "Access-Control-Allow-Headers": "Accept, If-None-Match",
    "Access-Control-Max-Age": "86400",  # browsers cap it lower (Chromium: 2 hours); this asks for their most
}

security_logger = logging.getLogger("django.security.DisallowedHost")


def is_api(request) -> bool:
    """Every JSON endpoint of the site: this API and the readers' /api/me."""
    return request.path_info.startswith("/api/")


def is_public_api(request) -> bool:
    """This API only. /api/me (newsdesk.readers) answers per visitor, from their session: never shared."""
    return request.path_info.startswith("/api/v1/")


def is_anonymous_read(request) -> bool:
    return (
        is_public_api(request)
        and request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
    )


def is_preflight(request) -> bool:
    return (
        is_public_api(request)
        and request.method == "OPTIONS"
        and "HTTP_ORIGIN" in request.META
        and "HTTP_ACCESS_CONTROL_REQUEST_METHOD" in request.META
    )


class BadHostAnswersJson:
    """A Host that is not in ALLOWED_HOSTS makes request.get_host() raise DisallowedHost in whichever middleware
    reads it first (SecurityMiddleware's HTTPS redirect, CommonMiddleware), and Django answers with the site's HTML
    400 page. Under /api/ this reads the host before anything else can and answers in JSON, as every API error is;
    so it stands first in MIDDLEWARE. It logs what Django would have logged, where Django would have logged it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api(request):
            try:
                request.get_host()
            except DisallowedHost as exc:
                response = error("This server does not answer for the host named in the Host header.", 400)
                log_response(
                    str(exc),
                    exception=exc,
                    request=request,
                    response=response,
                    level="error",
                    logger=security_logger,
                )
                return response
        return self.get_response(request)


class TokenAnswersArePrivate:
    """An answer to a request carrying a token is that token's (its drafts, its uploads): a CDN or shared cache
    in front of the site must never store it, whatever its defaults for JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_api(request) and "HTTP_AUTHORIZATION" in request.META:
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Authorization"])
        return response


class PublicReadsAreShared:
    """What anyone may read without a token is shared: with browsers on other origins (a partner's app reading
    stories, CORS with `*` and no credentials) and with caches (a minute, revalidated by ETag). Errors are not
    stored anywhere: a 404 or 429 kept by a CDN would outlive its cause."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_preflight(request):
            return preflight_answer()
        response = self.get_response(request)
        if is_anonymous_read(request):
            response = cache_headers(request, response)
            # After the 304 is made: a script that revalidates itself must be let to read that answer too.
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
        return response


def preflight_answer() -> HttpResponse:
    """The same for every path: other origins may read (GET, HEAD) and send no key and no JSON body, so a browser
    refuses a cross-origin write before sending it. (A plain form POST needs no preflight, from any page, as ever;
    without a key it is a 401: no cookie authenticates this API.) Never rate limited or authenticated: browsers
    send neither a key nor cookies with a preflight."""
    response = HttpResponse(status=204)
    del response["Content-Type"]  # there is no content
    for name, value in PREFLIGHT_HEADERS.items():
        response[name] = value
    return response


def cache_headers(request, response):
    """A 200 for everyone is stored for PUBLIC_MAX_AGE, with an ETag so a client holding it gets a bodiless 304
    (as Django's ConditionalGetMiddleware, GET only: a HEAD answer has no body to hash); anything else is never
    stored. A view that chose its own Cache-Control keeps it."""
    if response.has_header("Cache-Control"):
        return response
    if response.status_code != 200:
        patch_cache_control(response, no_store=True)
        return response
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    # A request with a token to the same address is answered privately: a cache must not answer it with this copy.
    patch_vary_headers(response, ["Authorization"])
    if request.method != "GET":
        return response
    set_response_etag(response)
    conditional = get_conditional_response(request, etag=response.get("ETag"), response=response)
    if conditional.status_code == 412:  # If-Match names another version; Django's 412 has no body
        conditional = error("The If-Match header does not match this answer's ETag.", 412)
        patch_cache_control(conditional, no_store=True)
    return conditional
