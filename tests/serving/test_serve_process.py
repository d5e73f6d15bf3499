"""The real `newsdesk serve` (granian) as an operator starts it: what it writes, line by line."""

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.services import free_port

NEWSDESK = Path(sys.executable).parent / "newsdesk"
TIMESTAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d"
# granian warns past 2 x cores + 1 threads per worker; this many would be warned about on any machine.
THREADS = max(8, 2 * (os.cpu_count() or 1) + 2)


def get(port: int, path: str, **headers) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Starts a server, makes two requests, stops it; returns (stdout, stderr)."""
    directory = tmp_path_factory.mktemp("serve")
    # The suite's static storage (no collectstatic: compressing every file takes a minute on this machine).
    (directory / "serve_settings.py").write_text(
        "from newsdesk.settings import *  # noqa: F403\n"
        "STORAGES = {**STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
    )
    unset = {"DATABASE_URL", "REDIS_URL", "PAGECACHE_REDIS_URL", "NEWSDESK_ACCESS_LOG", "NEWSDESK_THREADS"}
    env = {name: value for name, value in os.environ.items() if name not in unset} | {
        "DJANGO_SETTINGS_MODULE": "serve_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(directory), os.environ.get("PYTHONPATH")])),
        "NEWSDESK_DATA_DIR": str(directory),
        "SECRET_KEY": "x",
        "NEWSDESK_HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "INFO",
        "NEWSDESK_ACCESS_LOG": "1",
    }
    subprocess.run([NEWSDESK, "migrate", "-v", "0"], env=env, check=True, timeout=120)
    port = free_port()
    server = subprocess.Popen(
        [NEWSDESK, "serve", "--port", str(port), "--workers", "1", "--threads", str(THREADS)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                get(port, "/healthz")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        get(port, "/robots.txt?x=1", Referer="https://search.example/", **{"User-Agent": "Firefox/140"})
        # granian writes a request's line after answering it: one more request and a moment, so the lines of
        # the two above are out before the server is stopped (the last one's may not be).
        get(port, "/healthz?last")
        time.sleep(0.5)
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=30)
    return stdout, stderr


def test_serve_writes_one_access_line_per_request_on_stdout(served):
    stdout, _ = served
    access = [line for line in stdout.splitlines() if " granian.access " in line]
    # On a busy machine the start-up probe may time out on our side and be answered anyway: more /healthz lines.
    [robots] = [line for line in access if "/robots.txt" in line]
    assert '"GET /healthz HTTP/1.1" 200' in access[0], access[0]
    assert all("/healthz" in line for line in access if line != robots), stdout
    assert re.fullmatch(
        TIMESTAMP + r' INFO granian\.access 127\.0\.0\.1 "GET /robots\.txt\?x=1 HTTP/1\.1" 200 \d+\.\dms '
        r'"https://search\.example/" "Firefox/140"',
        robots,
    ), robots


def test_granians_own_lines_carry_the_timestamp_level_and_logger_as_django_lines_do(served):
    _, stderr = served
    granian = [line for line in stderr.splitlines() if " _granian" in line]
    assert any("Listening at: http://127.0.0.1:" in line for line in granian), stderr
    assert all(re.match(TIMESTAMP + r" INFO _granian(\.\w+)? ", line) for line in granian), stderr


def test_serve_starts_without_granians_warning_about_its_thread_count(served):
    stdout, stderr = served  # granian's own configuration writes its lines to stdout
    assert "Python threads" not in stdout + stderr, stdout + stderr
