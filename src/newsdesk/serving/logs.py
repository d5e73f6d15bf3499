"""The shape of Newsdesk's log lines (settings.LOGGING), and of granian's own lines and access log under
`newsdesk serve`: one format for everything a server writes, so one parser reads it all."""

import logging
from datetime import UTC, datetime

# Every line: when, how bad, who said it, then what.
FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
# One line per request. granian fills addr, method, protocol, status, dt_ms and the headers; RequestLine adds the
# request target (path and query) and escapes what a client sent. Quoted like the combined log format, so a
# referer or a user agent with spaces stays one field.
ACCESS_FORMAT = (
    '%(addr)s "%(method)s %(target)s %(protocol)s" %(status)d %(dt_ms).1fms'
    ' "%(header{referer})s" "%(header{user-agent})s"'
)
# Control characters, quotes and backslashes as \xNN: a client cannot forge a log line or break a quoted field.
_ESCAPES = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x22, 0x5C, 0x7F]}


class Formatter(logging.Formatter):
    """FORMAT with an ISO 8601 timestamp: milliseconds and the UTC offset (2026-05-04T09:30:01.042+04:00), so
    lines sort as text and mean the same moment on every machine and on either side of a clock change."""

    def __init__(self, fmt: str = FORMAT, **kwargs):
        super().__init__(fmt, **kwargs)

    def formatTime(self, record, datefmt=None):
        return datetime.fromtimestamp(record.created, tz=UTC).astimezone().isoformat(timespec="milliseconds")


class RequestLine(logging.Filter):
    """On granian's access logger: joins the path and query string into the request target as a browser sent
    it, and escapes every field a client chose."""

    def filter(self, record):
        fields = record.args
        if isinstance(fields, dict) and "path" in fields:
            query = fields.get("query_string")
            target = f"{fields['path']}?{query}" if query else fields["path"]
            fields["target"] = target.translate(_ESCAPES)
            for name, value in fields.items():
                if name.startswith("_h") and isinstance(value, str):  # granian's names for the headers
                    fields[name] = value.translate(_ESCAPES)
        return True


class MeasuredThreads(logging.Filter):
    """Drops granian's start-up warning that more than 2 x cores + 1 threads "seems quite high": the count is
    chosen, not granian's guess (8 by default, measured against 2 to 256 in docs/performance.md, or the
    operator's --threads), and a warning printed at every start teaches operators to ignore warnings."""

    def filter(self, record):
        message = record.getMessage()
        return not (message.startswith("Configuration allows spawning up to") and "Python threads" in message)
