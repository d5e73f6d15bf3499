"""Error pages in the site's style; the 500 page renders without the database, which may be what failed."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def _error_page(request, status: int, title: str, message: str):
    return render(
        request,
        "error.html",
        # error_page: the layout's "Sign in" does not send the reader back to an address that does not answer
        # (nor repeat, on the page, whatever was typed into it).
        {"status": status, "title": title, "message": message, "error_page": True},
        status=status,
    )


def _too_large_message(exception) -> str | None:
    """What to tell someone whose post Django refused for its size (a 3 MB paste into the editor)."""
    if isinstance(exception, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        size = f" (about {limit / 1_000_000:.1f} MB of text)" if limit else ""
        return (
            f"What you sent is more than this site accepts in one go{size}, so nothing was saved. Go back to"
            " keep what you wrote, and split it into shorter pieces."
        )
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        kind = "files" if isinstance(exception, TooManyFilesSent) else "fields"
        return f"The form sent more {kind} than this site accepts at once, so nothing was saved. Go back and try again."
    return None


@requires_csrf_token
def bad_request(request, exception=None):
    if message := _too_large_message(exception):
        return _error_page(request, 413, "Too large to accept", message)
    return _error_page(request, 400, "Bad request", "We could not understand that address or its parameters.")


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error_page(request, 403, "Not allowed", "You do not have permission to see this page.")


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error_page(request, 404, "Page not found", "The story or page you asked for is not here.")


def story_gone(request):
    """410 for a story readers had and the newsroom took down: search engines drop it sooner than a 404's page,
    and a reader following an old link learns it was removed, not mistyped. Nothing of the story is shown."""
    return _error_page(
        request,
        410,
        "This story was removed",
        "The newsroom took this story down. It is no longer available.",
    )


@requires_csrf_token
def server_error(request):
    # No request context: no context processors, so nothing here can fail for the reason the page did.
    html = loader.get_template("500.html").render({})
    return HttpResponseServerError(html)


class RefuseMisencodedForms:
    """Answers 400 to a form body declared in a charset other than UTF-8, before anything reads it.

    Django refuses such a body with BadRequest but, unlike a broken multipart body, does not mark it as failed: every
    later read of request.POST raises again, including the CSRF check inside its own 400 and 500 handlers, so the
    client got a bare 500 from the server instead of an error page. The API answers the same case itself, in JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "POST"
            and not request.path_info.startswith("/api/")
            and request.content_type == "application/x-www-form-urlencoded"
            and (request.encoding or "utf-8").lower() != "utf-8"
        ):
            return _error_page(request, 400, "Bad request", "Forms must be sent in UTF-8.")
        return self.get_response(request)


class ClientErrorsInOneLine(logging.Filter):
    """A 4xx is the client's mistake (a tampered cursor, an unknown Host): Django logs each with its traceback, which
    buries the server's own errors. Kept as one line; 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
