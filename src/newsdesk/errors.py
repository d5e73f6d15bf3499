"""Error pages in the site's style; the 500 page renders without the database, which may be what failed."""

import logging

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


def _error_page(request, status: int, title: str, message: str):
    return render(
        request,
        "error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


@requires_csrf_token
def bad_request(request, exception=None):
    return _error_page(request, 400, "Bad request", "We could not understand that address or its parameters.")


@requires_csrf_token
def permission_denied(request, exception=None):
    return _error_page(request, 403, "Not allowed", "You do not have permission to see this page.")


@requires_csrf_token
def page_not_found(request, exception=None):
    return _error_page(request, 404, "Page not found", "The story or page you asked for is not here.")


@requires_csrf_token
def server_error(request):
    # No request context: no context processors, so nothing here can fail for the reason the page did.
    html = loader.get_template("500.html").render({})
    return HttpResponseServerError(html)


class ClientErrorsInOneLine(logging.Filter):
    """A 4xx is the client's mistake (a tampered cursor, an unknown Host): Django logs each with its traceback, which
    buries the server's own errors. Kept as one line; 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if 400 <= getattr(record, "status_code", 0) < 500:
            record.exc_info = None
            record.exc_text = None
        return True
