"""The public JSON API at /api/v1/: django-ninja, with its schema at /api/v1/openapi.json and docs at /api/v1/docs."""

from django.shortcuts import render
from django.urls import register_converter
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from . import reading, writing
from .errors import install_handlers
from .ratelimits import AnonymousThrottle, TokenThrottle
from .schemas import MAX_ID

# A path value that cannot name anything (id 0, -1 or past the database's range; a slug longer than any slug) does
# not match its route, so it gets the JSON 404 of any other address with nothing at it (urls.py's catch-all): the
# same answer as an id or slug that could exist but does not. Were they checked as parameters instead, 0 would be a
# 400 and -1 a 404, for the same mistake. The parameters keep their bounds, for the schema.


class SlugConverter:
    """Django's slug converter, up to the 80 characters every slug field holds, and to_url() always gives text
    (reverse() and URL crawlers may pass an int)."""

    regex = "[-a-zA-Z0-9_]{1,80}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class IdConverter:
    """A row id, 1 to the largest bigint: a larger number never reaches a query (PostgreSQL refuses it)."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        if not 1 <= int(value) <= MAX_ID:
            raise ValueError(f"{value} is not an id")  # to Django's resolver: this route does not match
        return int(value)

    def to_url(self, value) -> str:
        return str(value)


register_converter(SlugConverter, "apislug")
register_converter(IdConverter, "apiid")


class LocalSwagger(DocsBase):
    """Swagger UI from /static/ (ninja ships it) with no inline script or style, so it runs under the site's CSP.
    The settings travel as a JSON data block that ninja's swagger-ui-init.js reads."""

    def render_page(self, request, api, **kwargs):
        settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            "deepLinking": True,
            "validatorUrl": None,  # otherwise Swagger UI asks validator.swagger.io about the schema
        }
        return render(request, "api/docs.html", {"api": api, "swagger_settings": settings})


api = NinjaAPI(
    title="Newsdesk API",
    version="1",
    description=(
        "Published stories and the site's sections, topics, authors and sources, free to read; drafts, images "
        "and workflow moves for integrations holding a token (`Authorization: Bearer <key>`, created by an "
        'admin in the newsroom). Errors are JSON: `{"error": "..."}`. Lists take `limit` (at most 100) '
        "and return cursors. Requests are rate limited (429 with Retry-After). Reads without a token may come "
        "from any origin (CORS) and may be cached for a minute (`ETag`, 304 on `If-None-Match`). Keys belong "
        "on servers: a browser on another origin is not allowed to send one."
    ),
    urls_namespace="api",
    docs=LocalSwagger(),
    throttle=[AnonymousThrottle(), TokenThrottle()],
)
install_handlers(api)
api.add_router("", reading.router)
api.add_router("", writing.router)
