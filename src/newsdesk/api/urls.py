"""/api/v1/: ninja's routes, each answering a wrong method with JSON, then a JSON 404 for anything else."""

from django.http import JsonResponse
from django.urls import include, path, re_path, reverse
from django.views.decorators.csrf import csrf_exempt

from .api import api
from .errors import json_method_not_allowed, method_not_allowed, not_found

ninja_patterns, _, namespace = api.urls


@csrf_exempt
def index(request):
    """What is here. (Ninja's own root raises Http404, which Django would answer with the site's HTML page.)"""
    if request.method not in ("GET", "HEAD"):
        return method_not_allowed(request, ["GET"])
    return JsonResponse(
        {
            "docs": request.build_absolute_uri(reverse("api:openapi-view")),
            "openapi": request.build_absolute_uri(reverse("api:openapi-json")),
        }
    )


def _routes():
    routes = []
    for pattern in ninja_patterns:
        if pattern.name == "api-root":
            routes.append(path("", index, name="api-root"))
        else:
            routes.append(
                path(str(pattern.pattern), json_method_not_allowed(pattern.callback), name=pattern.name)
            )
    return routes


urlpatterns = [
    path("", include((_routes(), "ninja"), namespace=namespace)),
    # [\s\S], not ".": a path may hold an encoded newline, and "." stops there (Django's HTML 404 would answer).
    re_path(r"^[\s\S]*$", not_found, name="api-not-found"),
]
