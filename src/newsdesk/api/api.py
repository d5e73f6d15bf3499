"""The public JSON API at /api/v1/: django-ninja, with its schema at /api/v1/openapi.json and docs at /api/v1/docs."""

from django.shortcuts import render
from django.urls import register_converter
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase

from . import reading, writing
from .errors import install_handlers
from .ratelimits import AnonymousThrottle, TokenThrottle


class SlugConverter:
    """Django's slug converter, but to_url() always gives text (reverse() and URL crawlers may pass an int)."""

    regex = "[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(SlugConverter, "apislug")


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
        "and return cursors. Requests are rate limited (429 with Retry-After)."
    ),
    urls_namespace="api",
    docs=LocalSwagger(),
    throttle=[AnonymousThrottle(), TokenThrottle()],
)
install_handlers(api)
api.add_router("", reading.router)
api.add_router("", writing.router)
