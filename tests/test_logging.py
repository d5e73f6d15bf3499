"""The server log: a client's 4xx is one line, a server error keeps its traceback."""

import logging
import sys

import pytest

from newsdesk.errors import ClientErrorsInOneLine


def record(status: int) -> logging.LogRecord:
    try:
        raise ValueError("boom")
    except ValueError:
        entry = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "msg", (), sys.exc_info())
    entry.status_code = status
    return entry


@pytest.mark.parametrize("status", [400, 403, 404, 429])
def test_a_client_error_is_logged_without_its_traceback(status):
    entry = record(status)
    assert ClientErrorsInOneLine().filter(entry)
    assert "Traceback" not in logging.Formatter().format(entry)


@pytest.mark.parametrize("status", [500, 503])
def test_a_server_error_keeps_its_traceback(status):
    entry = record(status)
    assert ClientErrorsInOneLine().filter(entry)
    assert "Traceback" in logging.Formatter().format(entry)


def test_a_record_without_a_status_is_left_alone():
    entry = record(400)
    del entry.status_code
    assert ClientErrorsInOneLine().filter(entry) and entry.exc_info is not None


def test_the_console_handler_uses_the_filter(settings):
    names = settings.LOGGING["handlers"]["console"]["filters"]
    assert [settings.LOGGING["filters"][name]["()"] for name in names] == [
        "newsdesk.errors.ClientErrorsInOneLine"
    ]
