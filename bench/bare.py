"""The Python server's own ceiling: a bare WSGI callable returning the same bytes as the article page from memory
(read once at start from BENCH_FLOOR_FILE), with the headers a cached page carries, under the same server as
Newsdesk. What the page cache's layer costs is the distance between this row and the cached article; what granian
costs is the distance between this row and nginx. Served by bench/run.py:

    BENCH_FLOOR_FILE=/tmp/article.html .venv/bin/granian --interface wsgi --workers 2 --port 18212 bare:application
"""

import os
from pathlib import Path

BODY = Path(os.environ["BENCH_FLOOR_FILE"]).read_bytes()
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Content-Length", str(len(BODY))),
    ("Cache-Control", "public, max-age=0, s-maxage=300, stale-while-revalidate=30"),
]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
