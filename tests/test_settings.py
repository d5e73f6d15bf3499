"""The environment picks the database and cache; these run against whatever CI configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
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
    expected = (
        "newsdesk.serving.cache.DegradingRedisCache" if os.environ.get("REDIS_URL") else "FileBasedCache"
    )
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
            {"PAGECACHE_ENABLED": "flase"},
            ["check"],
            "newsdesk: PAGECACHE_ENABLED must be 1 or 0 (on or off), not 'flase'.",
        ),
        (
            {"LOG_LEVEL": "loud"},
            ["check"],
            "newsdesk: LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not 'LOUD'.",
        ),
        (
            {"TIME_ZONE": "Mars/Olympus_Mons"},
            ["check"],
            "newsdesk: TIME_ZONE 'Mars/Olympus_Mons' is not a time zone this machine knows",
        ),
        (
            {"NEWSDESK_DATA_DIR": "/proc/newsdesk"},
            ["check"],
            "newsdesk: NEWSDESK_DATA_DIR: cannot create /proc/newsdesk",
        ),
        (
            {"REDIS_URL": "nonsense"},
            ["check"],
            "newsdesk: REDIS_URL is not a Redis URL (redis://host:6379/0): Redis URL must specify one of",
        ),
        (
            {"PAGECACHE_REDIS_URL": "redis://127.0.0.1:abc/0"},
            ["check"],
            "newsdesk: PAGECACHE_REDIS_URL is not a Redis URL (redis://host:6379/0): Port could not be cast",
        ),
        (
            {"DATABASE_URL": "sqlite:////proc/newsdesk/db.sqlite3"},
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


SOURCE = Path(__file__).resolve().parent.parent / "src" / "newsdesk"
ENV_READERS = {"env_bool", "env_int", "env_list", "env_number", "env_switch", "_redis_url"}


def variables_read(path: Path) -> set[str]:
    """Every environment variable a module reads by name: os.environ.get/[...] and the env_* helpers."""
    import ast

    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func
            if (isinstance(function, ast.Name) and function.id in ENV_READERS) or (
                isinstance(function, ast.Attribute)
                and function.attr == "get"
                and ast.unparse(function.value) == "os.environ"
            ):
                names.add(node.args[0].value)
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            names.add(ast.unparse(node.slice).strip("'\""))
    return names


def documented_variables() -> set[str]:
    """The variables named in the first column of docs/operations.md's tables."""
    import re

    text = (SOURCE.parent.parent / "docs" / "operations.md").read_text()
    rows = [line.split("|")[1] for line in text.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", row)}


def test_every_environment_variable_newsdesk_reads_is_in_the_operations_tables():
    read = variables_read(SOURCE / "settings.py") | variables_read(SOURCE / "serving" / "address.py")
    read |= variables_read(SOURCE / "serving" / "management" / "commands" / "serve.py")
    assert {
        "TIME_ZONE",
        "LOG_LEVEL",
        "CACHE_KEY_PREFIX",
        "EMAIL_HOST",
        "NEWSDESK_PORT",
    } <= read  # the parser works
    assert sorted(read - documented_variables()) == []


@pytest.mark.parametrize(
    "value, expected", [("1", True), (" Yes ", True), ("ON", True), ("0", False), ("off", False), ("", True)]
)
def test_a_switch_reads_the_usual_spellings_of_on_and_off_and_unset_is_its_default(
    monkeypatch, value, expected
):
    from newsdesk.environment import env_bool

    monkeypatch.setenv("NEWSDESK_SOME_SWITCH", value)
    assert env_bool("NEWSDESK_SOME_SWITCH", default=True) is expected


def test_a_switch_that_is_neither_on_nor_off_is_refused_by_name(monkeypatch):
    from newsdesk.environment import env_bool

    monkeypatch.setenv("NEWSDESK_SOME_SWITCH", "enabled")
    with pytest.raises(
        ImproperlyConfigured, match="NEWSDESK_SOME_SWITCH must be 1 or 0 \\(on or off\\), not 'enabled'"
    ):
        env_bool("NEWSDESK_SOME_SWITCH")


def test_debug_set_for_other_tools_leaves_debug_off_instead_of_stopping(monkeypatch):
    from newsdesk.environment import env_bool

    monkeypatch.setenv("DEBUG", "express:*")
    assert env_bool("DEBUG", shared=True) is False
    monkeypatch.setenv("DEBUG", "1")
    assert env_bool("DEBUG", shared=True) is True
