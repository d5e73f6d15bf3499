"""Django's cache on a Redis that does not answer (a real closed port): a miss and a dropped write, one log line."""

import logging
import threading

import pytest

from newsdesk.serving import cache as module
from newsdesk.serving.cache import DegradingRedisCache


@pytest.fixture
def unreachable(port, monkeypatch):
    monkeypatch.setattr(module, "_outages", {})  # each test sees its own outage start
    return DegradingRedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"socket_connect_timeout": 1}})


def test_with_redis_unreachable_reads_are_misses_and_writes_are_dropped(unreachable):
    unreachable.set("site", "settings")
    assert unreachable.get("site") is None
    assert unreachable.get("site", "default") == "default"
    assert unreachable.get_many(["a", "b"]) == {}
    assert unreachable.has_key("site") is False
    assert unreachable.delete("site") is False
    unreachable.set_many({"a": 1})
    unreachable.delete_many(["a"])


def test_with_redis_unreachable_a_counter_is_missing_as_callers_expect(unreachable):
    """The API's rate limits count with add() then incr(), and start again at 1 when incr() says the key is gone."""
    with pytest.raises(ValueError, match="not found"):
        unreachable.incr("api-rate:anonymous:1.2.3.4:1")


def test_with_redis_unreachable_adding_a_lock_key_does_not_wait(unreachable):
    """allauth's rate limits take a lock with add(), waiting up to a second and then refusing the sign-in."""
    assert unreachable.add("login:lock", True) is True


def test_an_outage_is_one_warning_for_the_process_not_a_traceback_per_call(port, caplog, monkeypatch):
    monkeypatch.setattr(module, "_outages", {})
    location = f"redis://127.0.0.1:{port}/0"

    def reader():  # Django gives each thread its own cache object
        backend = DegradingRedisCache(location, {})
        for _ in range(20):
            backend.get("site")
            backend.set("site", 1)

    with caplog.at_level(logging.WARNING):
        threads = [threading.Thread(target=reader) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    records = [record for record in caplog.records if record.name == "newsdesk.serving.cache"]
    assert len(records) == 1
    assert records[0].exc_info is None
    assert records[0].getMessage().startswith("Redis (the cache) is unavailable (Error 111 connecting to")


def test_after_a_failure_redis_is_not_asked_again_until_the_retry_time(unreachable, monkeypatch):
    attempts = []
    real_get = module.RedisCacheClient.get
    monkeypatch.setattr(module.RedisCacheClient, "get", lambda *args: attempts.append(1) or real_get(*args))
    for _ in range(10):
        unreachable.get("site")
    assert len(attempts) == 1


def test_clearing_the_cache_still_says_it_failed(unreachable):
    import redis

    with pytest.raises(redis.ConnectionError):
        unreachable.clear()


def test_during_an_outage_one_caller_at_a_time_tries_redis_again(monkeypatch):
    """A hung Redis makes its one probe wait out the timeout; every other request meanwhile answers without it."""
    from newsdesk.serving.outage import Outage

    outage = Outage(logging.getLogger("test"), what="Redis", meanwhile="misses")
    outage.failed(ConnectionError("refused"))
    assert outage.skipping() is True  # within the retry time
    monkeypatch.setattr(outage, "_retry_at", 0.0)  # the retry time has come
    assert [outage.skipping() for _ in range(8)] == [False] + [True] * 7


def test_a_delete_or_write_dropped_in_an_outage_is_redone_when_redis_answers_again(
    private_redis, monkeypatch
):
    """Site settings are deleted from the cache on save, the archive's version is bumped by a write: lost in an
    outage, Redis would go on answering the value from before it for hours."""
    from newsdesk.serving.outage import Outage

    monkeypatch.setattr(module, "_outages", {})
    monkeypatch.setattr(module, "_dropped", {})
    monkeypatch.setattr(Outage, "retry_seconds", 0.0)
    backend = DegradingRedisCache(private_redis.url, {})
    backend.set("settings", "before the outage", 3600)
    backend.set("archive-version", "v1", 3600)

    # A blip: Redis keeps its data, but these two calls do not reach it.
    from django.core.cache.backends.redis import RedisCacheClient
    from redis import ConnectionError as RedisConnectionError

    def unreachable(*args, **kwargs):
        raise RedisConnectionError("Connection reset by peer")

    with monkeypatch.context() as blip:
        blip.setattr(RedisCacheClient, "delete", unreachable)
        blip.setattr(RedisCacheClient, "set", unreachable)
        backend.delete("settings")  # a save of the site settings
        backend.set("archive-version", "v2", 3600)  # a story taken down

    assert backend.get("anything") is None  # the first answer ends the outage, and the dropped keys go
    assert backend.get("settings") is None
    assert backend.get("archive-version") is None  # recomputed by its reader, not the stale v1
