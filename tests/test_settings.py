"""The environment picks the database and cache; these run against whatever CI configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection

pytestmark = pytest.mark.django_db


def test_database_is_the_one_database_url_names():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_sqlite_runs_in_wal_mode():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only: this run uses PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory"; a file database reports "wal".
    assert mode in {"wal", "memory"}
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]


def test_postgresql_connections_run_without_jit():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-only: this run uses SQLite")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_connections_are_kept_between_requests_on_every_database():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0


def test_redis_cache_round_trip_when_redis_url_is_set():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is not set: Redis is not part of this run")
    from django.core.cache.backends.redis import RedisCache

    backend = RedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "newsdesk-test"})
    backend.set("probe", {"ok": True}, 10)
    assert backend.get("probe") == {"ok": True}
    backend.delete("probe")


def test_configured_cache_backend_follows_redis_url():
    # The conftest swaps in locmem per test, so a fresh process reports what settings.py chose.
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsdesk.settings"}
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    backend = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    expected = "RedisCache" if os.environ.get("REDIS_URL") else "FileBasedCache"
    assert backend.endswith(expected)
    assert caches["default"] is not None


def _newsdesk(*arguments: str, **environment: str) -> subprocess.CompletedProcess:
    unset = {"SECRET_KEY", "NEWSDESK_DEMO", "DEBUG", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"}
    env = {name: value for name, value in os.environ.items() if name not in unset} | environment
    newsdesk = Path(sys.executable).with_name("newsdesk")
    return subprocess.run([newsdesk, *arguments], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    "environment, arguments, expected",
    [
        ({}, ["check"], "newsdesk: SECRET_KEY must be set when DEBUG is off (or set NEWSDESK_DEMO=1)."),
        (
            {"DATABASE_URL": "garbage"},
            ["check"],
            "newsdesk: DATABASE_URL is not a database URL Newsdesk can use",
        ),
        (
            {"DATABASE_CONN_MAX_AGE": "abc"},
            ["check"],
            "newsdesk: DATABASE_CONN_MAX_AGE must be a whole number",
        ),
        ({"PAGECACHE_MAX_AGE": "-5"}, ["check"], "newsdesk: PAGECACHE_MAX_AGE must be a whole number"),
        (
            {"NEWSDESK_DATA_DIR": "/proc/newsdesk"},
            ["check"],
            "newsdesk: DATABASE_URL: cannot create /proc/newsdesk",
        ),
        (
            {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/x"},
            ["migrate", "--check"],
            "newsdesk: the database could not be used (DATABASE_URL):",
        ),
        (
            {},
            ["check", "--settings", "does.not.exist"],
            "newsdesk: there is no settings module 'does.not.exist'",
        ),
    ],
)
def test_the_command_explains_a_broken_environment_in_one_line(tmp_path, environment, arguments, expected):
    environment = {"SECRET_KEY": "x", "NEWSDESK_DATA_DIR": str(tmp_path)} | environment
    if expected.startswith("newsdesk: SECRET_KEY"):
        del environment["SECRET_KEY"]
    result = _newsdesk(*arguments, **environment)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(expected), result.stderr[-2000:]


def test_a_command_on_a_database_not_migrated_says_to_migrate(tmp_path):
    result = _newsdesk("generate", "--articles", "1", SECRET_KEY="x", NEWSDESK_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1].endswith("run `newsdesk migrate` first.")


def test_json_support_is_found_while_another_process_holds_the_write_lock(tmp_path):
    """Django's own check waited for the lock (IMMEDIATE transactions) and then answered "no JSON support", which
    failed the system checks of any command started during a long write (a worker beside `newsdesk demo`)."""
    import sqlite3

    from newsdesk.sqlite.base import DatabaseWrapper

    path = tmp_path / "locked.sqlite3"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE t (x)")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("INSERT INTO t VALUES (1)")
    settings_dict = {
        **connection.settings_dict,
        "ENGINE": "newsdesk.sqlite",
        "NAME": str(path),
        "OPTIONS": {"timeout": 0.2, "transaction_mode": "IMMEDIATE"},
    }
    wrapper = DatabaseWrapper(settings_dict, alias="locked")
    try:
        assert wrapper.features.supports_json_field is True
    finally:
        wrapper.close()
        writer.execute("ROLLBACK")
        writer.close()


def test_sqlite_databases_use_the_backend_that_checks_json_without_a_lock():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL run: the SQLite backend is tested on the SQLite run")
    assert connection.settings_dict["ENGINE"] == "newsdesk.sqlite"


def test_the_worker_on_a_database_not_migrated_says_to_migrate_instead_of_failing_every_sweep(tmp_path):
    result = _newsdesk("worker", "--once", SECRET_KEY="x", NEWSDESK_DATA_DIR=str(tmp_path))
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].endswith("run `newsdesk migrate` first."), result.stderr[-2000:]


def test_the_worker_with_redis_unreachable_refuses_to_start_in_one_line(tmp_path):
    environment = {"SECRET_KEY": "x", "NEWSDESK_DATA_DIR": str(tmp_path)}
    assert _newsdesk("migrate", "-v", "0", **environment).returncode == 0
    result = _newsdesk("worker", "--once", REDIS_URL="redis://127.0.0.1:1/0", **environment)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsdesk: Redis could not be reached (REDIS_URL)"), lines


@pytest.mark.parametrize(
    "error",
    [
        PermissionError(13, "Permission denied", "/srv/newsdesk/cache"),
        OSError(30, "Read-only file system", "/srv/newsdesk/cache"),
    ],
)
def test_a_data_directory_that_cannot_be_written_is_one_line_naming_the_path(error):
    from newsdesk.__main__ import environment_fault

    message = environment_fault(error)
    assert message.startswith("cannot write /srv/newsdesk/cache (")
    assert "NEWSDESK_DATA_DIR" in message


def test_other_file_errors_are_bugs_that_keep_their_traceback():
    from newsdesk.__main__ import environment_fault

    assert environment_fault(FileNotFoundError(2, "No such file or directory", "/srv/x")) is None
