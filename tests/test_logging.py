"""The server log: timestamped lines, a client's 4xx in one line, a server error with its traceback, and
`newsdesk serve`'s access log."""

import logging
import re
import sys
import time
from datetime import datetime

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


def console_formatter(settings) -> logging.Formatter:
    from django.utils.module_loading import import_string

    name = settings.LOGGING["handlers"]["console"]["formatter"]
    return import_string(settings.LOGGING["formatters"][name]["()"])()


def test_every_line_starts_with_an_iso_timestamp_the_level_and_the_logger(settings):
    entry = logging.LogRecord(
        "newsdesk.wire", logging.WARNING, __file__, 1, "feed %s failed", ("Trend",), None
    )
    line = console_formatter(settings).format(entry)
    timestamp, level, name, message = line.split(" ", 3)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d", timestamp), timestamp
    assert datetime.fromisoformat(timestamp).timestamp() == pytest.approx(entry.created, abs=0.001)
    assert (level, name, message) == ("WARNING", "newsdesk.wire", "feed Trend failed")


def access_line(path: str, query: str = "", **headers) -> str:
    """One request as granian's access logger writes it with `newsdesk serve`'s format and filter."""
    from granian.log import log_request_builder

    from newsdesk.serving import logs

    records = []
    handler = logging.Handler()
    handler.addFilter(logs.RequestLine())
    handler.emit = records.append
    access = logging.getLogger("granian.access")
    access.addHandler(handler)
    old_level, access.level = access.level, logging.INFO
    try:
        request = {
            "addr_remote": "203.0.113.7",
            "path": path,
            "qs": query,
            "method": "GET",
            "scheme": "http",
            "protocol": "HTTP/1.1",
            "headers": lambda name: headers.get(name.replace("-", "_")),
        }
        log_request_builder(logs.ACCESS_FORMAT)(time.time(), time.perf_counter(), request, 200)
    finally:
        access.removeHandler(handler)
        access.level = old_level
    (record,) = records
    return record.getMessage()


def test_an_access_line_has_the_address_request_status_duration_referer_and_agent():
    line = access_line(
        "/news/harbour/", "before=12", referer="https://search.example/", user_agent="Firefox/140"
    )
    assert re.fullmatch(
        r'203\.0\.113\.7 "GET /news/harbour/\?before=12 HTTP/1\.1" 200 \d+\.\dms "https://search\.example/" '
        r'"Firefox/140"',
        line,
    ), line


def test_an_access_line_without_a_query_or_headers_shows_dashes():
    assert re.fullmatch(r'203\.0\.113\.7 "GET / HTTP/1\.1" 200 \d+\.\dms "-" "-"', access_line("/"))


def test_what_a_client_sent_cannot_break_a_quoted_field_or_forge_a_line():
    line = access_line('/a"b', user_agent='x" 200 "\nforged')
    assert '"GET /a\\x22b HTTP/1.1"' in line
    assert line.endswith('"x\\x22 200 \\x22\\x0aforged"') and "\n" not in line


def test_granians_warning_about_the_measured_thread_count_is_dropped_and_its_other_lines_kept():
    from newsdesk.serving.logs import MeasuredThreads

    def said(message: str) -> bool:
        return MeasuredThreads().filter(
            logging.LogRecord("_granian", logging.WARNING, "", 1, message, (), None)
        )

    assert not said(
        "Configuration allows spawning up to 8 Python threads, which seems quite high compared to the number of "
        "CPU cores available."
    )
    assert said("Websockets are not supported on WSGI, ignoring")
    assert said("Blocking threads > 1 is not supported on ASGI and RSGI")
