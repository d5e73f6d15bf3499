"""What a long-running process checks before it starts: a server or worker started without its database or Redis
does not fail, it answers every request with a 500 and fills the log with tracebacks."""

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def ping_redis(*, timeout: float) -> None:
    """Pings every Redis the settings name (the cache's and the page cache's, once if they are the same);
    raises redis's error for the first that does not answer within `timeout` seconds."""
    import redis

    for url in sorted({settings.REDIS_URL, settings.PAGECACHE_REDIS_URL} - {""}):
        redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout).ping()


def require_services() -> None:
    """The database answers and is migrated, and every configured Redis answers. Failures surface as the
    newsdesk command's one-line messages (DATABASE_URL, REDIS_URL)."""
    connection.ensure_connection()
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError("the database is not migrated to this version: run `newsdesk migrate` first.")
    ping_redis(timeout=3)
    # Processes forked after this (granian's workers) must not share this connection.
    if not connection.in_atomic_block:
        connection.close()
