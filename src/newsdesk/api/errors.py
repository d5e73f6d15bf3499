"""Every answer under /api/v1/ is JSON, errors included: `{"error": "..."}` with the status that fits.

Ninja routes exceptions raised in operations to the handlers installed here. Two answers come from outside any
operation and are made JSON here too: an unknown path (`not_found`) and a method the path does not take
(`json_method_not_allowed`, around each of ninja's views).
"""

import functools
import logging
from collections.abc import Iterable

from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from newsdesk.newsroom.workflow import WorkflowError

from .ratelimits import RateLimited

logger = logging.getLogger(__name__)


def error(message: str, status: int, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _http_error(request, exc: HttpError):
    if isinstance(exc, AuthenticationError):
        response = error("Send a valid API key: Authorization: Bearer <key>.", 401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        # ninja's "Cannot parse request body" says where the JSON breaks only with DEBUG on; it is the client's own
        # text, so say it always ("Expecting ',' delimiter: line 3 column 5 (char 41)", or a bad UTF-8 byte).
        return error(f"The body is not valid JSON: {exc.__cause__}.", 400)
    return error(exc.message, exc.status_code)  # Throttled: ninja adds Retry-After itself


def _rate_limited(request, exc: RateLimited):
    response = error(str(exc), 429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _invalid(request, exc: NinjaValidationError):
    return error("The request is not valid.", 400, detail=exc.errors)


def _model_invalid(request, exc: DjangoValidationError):
    problems = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = [
        {"loc": [field], "msg": message} for field, messages in problems.items() for message in messages
    ]
    return error(" ".join(item["msg"] for item in detail), 400, detail=detail)


def _server_error(request, exc: Exception):
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return error("Something went wrong on our side; it has been logged.", 500)


HANDLERS = {
    Exception: _server_error,
    Http404: lambda request, exc: error("Not found.", 404),
    HttpError: _http_error,
    NinjaValidationError: _invalid,
    DjangoValidationError: _model_invalid,
    BadRequest: lambda request, exc: error(f"Bad request: {exc}" if str(exc) else "Bad request.", 400),
    SuspiciousOperation: lambda request, exc: error("Bad request.", 400),
    UnreadablePostError: lambda request, exc: error("The request body could not be read.", 400),
    # A multipart body without a boundary, or a part whose base64 does not decode (Django's views answer 400 too).
    MultiPartParserError: lambda request, exc: error(f"The multipart body could not be read: {exc}", 400),
    RequestDataTooBig: lambda request, exc: error("The request body is too large.", 413),
    PermissionDenied: lambda request, exc: error("Not allowed.", 403),
    WorkflowError: lambda request, exc: error(str(exc), 422),
    RateLimited: _rate_limited,
}


def install_handlers(api) -> None:
    for exception, handler in HANDLERS.items():
        api.add_exception_handler(exception, handler)


@csrf_exempt  # changes nothing; without this a POST here would get the CSRF failure page (HTML)
def not_found(request, *args, **kwargs):
    return error("There is nothing at this address. The API is described at /api/v1/docs.", 404)


# The order Allow lists methods in (ninja gives them as a set, in no order); any other sorts after these.
METHOD_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allow(methods: Iterable[str]) -> str:
    """The Allow header for these methods, with HEAD wherever GET is taken: json_method_not_allowed answers it."""
    named = {method.strip().upper() for method in methods if method.strip()}
    if "GET" in named:
        named.add("HEAD")
    return ", ".join(sorted(named, key=_position))


def _position(method: str) -> tuple[int, str]:
    return (METHOD_ORDER.index(method), "") if method in METHOD_ORDER else (len(METHOD_ORDER), method)


def method_not_allowed(request, methods: Iterable[str]) -> JsonResponse:
    allowed = allow(methods)
    response = error(f"{request.method} is not allowed here. Allowed: {allowed}.", 405)
    response["Allow"] = allowed
    return response


def json_method_not_allowed(view):
    """Ninja answers a method a path does not take with a plain-text 405; this makes it JSON, keeping Allow. It
    also answers HEAD where GET is taken, as GET without the body (RFC 9110 9.3.2), which ninja does not."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            if head:
                request.method = "HEAD"
        if response.status_code == 405:
            if response.get("Content-Type", "").startswith("application/json"):
                return response
            return method_not_allowed(request, response["Allow"].split(","))
        if head:
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response

    return wrapped
