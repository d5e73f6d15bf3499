"""Two real server processes (`newsdesk serve`, granian) share the page cache: a purge made by a third process
(as the worker's task does) is seen fresh by both within a second."""

import os
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from newsdesk.pagecache.store import RedisStore
from tests.services import free_port

NEWSDESK = Path(sys.executable).parent / "newsdesk"
SETUP = """
from django.utils import timezone
from newsdesk.news.models import Article, Section
section = Section.objects.create(name="Harbour")
article = Article.objects.create(
    headline="Before the purge", standfirst="x", body="<p>x</p>", section=section,
    status="published", published_at=timezone.now() - timezone.timedelta(minutes=5),
)
print(article.get_absolute_url())
"""
PURGE = """
from newsdesk.news.models import Article
from newsdesk.pagecache.purge import purge_keys
article = Article.objects.get()
Article.objects.filter(pk=article.pk).update(headline="After the purge")
purge_keys([f"article-{article.pk}"], reason="two-process test")
"""


def newsdesk(env, *args, **kwargs):
    return subprocess.run(
        [NEWSDESK, *args], env=env, check=True, capture_output=True, text=True, timeout=120, **kwargs
    )


def fetch(port: int, path: str) -> tuple[str, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
        return response.headers["X-Page-Cache"], response.read().decode()


def wait_until_serving(port: int, process) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read()
        try:
            fetch(port, "/robots.txt")
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"no server on {port}")


@pytest.fixture(params=["embedded", "redis"])
def machines(request, tmp_path):
    """Environments for two servers and a purging process. Embedded: one machine (shared data dir). Redis: each
    process has its own page-cache directory, as on separate machines, and only Redis joins them."""
    base = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "PAGECACHE_DIR")
    }
    # The suite's static storage (no collectstatic: compressing every file takes a minute on this machine).
    (tmp_path / "servers_settings.py").write_text(
        "from newsdesk.settings import *  # noqa: F403\n"
        "STORAGES = {**STORAGES, 'staticfiles': "
        "{'BACKEND': 'django.contrib.staticfiles.storage.StaticFilesStorage'}}\n"
    )
    base.update(
        DJANGO_SETTINGS_MODULE="servers_settings",
        PYTHONPATH=str(tmp_path),
        NEWSDESK_DATA_DIR=str(tmp_path),
        SECRET_KEY="x",
        NEWSDESK_HTTPS="0",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'newsdesk.sqlite3'}",
        LOG_LEVEL="WARNING",
    )
    if request.param == "redis":
        redis_url = os.environ.get("REDIS_URL")
        if not redis_url:
            pytest.skip("REDIS_URL is not set: the Redis tier is tested on the PostgreSQL+Redis run")
        base.update(PAGECACHE_REDIS_URL=redis_url, CACHE_KEY_PREFIX=f"test-{uuid.uuid4().hex[:8]}")
        return [{**base, "PAGECACHE_DIR": str(tmp_path / f"machine-{n}")} for n in range(3)]
    return [base, base, base]


def test_a_purge_is_seen_fresh_by_two_server_processes_within_a_second(machines):
    newsdesk(machines[0], "migrate", "-v", "0")
    path = newsdesk(machines[0], "shell", "--no-imports", "-c", SETUP).stdout.strip()
    ports = {free_port(), free_port()}  # not fixed ports: another test run on the machine may hold those
    while len(ports) < 2:
        ports.add(free_port())
    servers = []
    try:
        for port, env in zip(sorted(ports), machines, strict=False):
            process = subprocess.Popen(
                [NEWSDESK, "serve", "--port", str(port), "--workers", "1"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            servers.append(process)
            wait_until_serving(port, process)
        for port in ports:
            fetch(port, path)
            state, body = fetch(port, path)
            assert state == "hit" and "Before the purge" in body

        newsdesk(machines[2], "shell", "--no-imports", "-c", PURGE)
        purged_at = time.monotonic()

        fresh: dict[int, float] = {}
        while len(fresh) < 2 and time.monotonic() < purged_at + 1:
            for port in ports - set(fresh):
                if "After the purge" in fetch(port, path)[1]:
                    fresh[port] = time.monotonic() - purged_at
            time.sleep(0.02)
        assert set(fresh) == ports, f"fresh within 1 s: {fresh}"
    finally:
        for process in servers:
            process.terminate()
            process.wait(timeout=10)
        if machines[0].get("PAGECACHE_REDIS_URL"):
            RedisStore(machines[0]["PAGECACHE_REDIS_URL"], machines[0]["CACHE_KEY_PREFIX"]).clear()
