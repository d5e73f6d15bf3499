"""The shared tier (and Django's cache) failing while the site serves: readers still get every page, rendered by
Django and not stored, the log says so in one line per backend, and purges fail their task rather than vanish."""

import logging
import sqlite3
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from newsdesk.news.models import Article
from newsdesk.pagecache import purge
from newsdesk.pagecache.cache import page_cache
from newsdesk.pagecache.models import PurgeLog
from newsdesk.pagecache.store import SqliteStore
from newsdesk.serving import cache as django_cache
from newsdesk.serving.outage import Outage
from tests.factories import ArticleFactory, SourceFactory, TopicFactory

from .test_layer import public_paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(topics=[TopicFactory()], sources=[SourceFactory()])


@pytest.fixture
def redis_at(settings, monkeypatch):
    """Points both users of Redis, the page cache's shared tier and Django's cache, at a URL."""
    previous = settings.PAGECACHE_REDIS_URL, settings.CACHES
    monkeypatch.setattr(django_cache, "_outages", {})

    def point(url: str) -> None:
        settings.PAGECACHE_REDIS_URL = url
        settings.CACHES = {
            "default": {"BACKEND": "newsdesk.serving.cache.DegradingRedisCache", "LOCATION": url}
        }

    yield point
    # Before the suite's clean-up, which empties the page cache and Django's cache through these settings.
    settings.PAGECACHE_REDIS_URL, settings.CACHES = previous


def warnings_in(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.levelno >= logging.WARNING]


def test_with_redis_unreachable_every_public_page_is_rendered_unstored_and_logged_once(
    layer, article, redis_at, port, caplog
):
    redis_at(f"redis://127.0.0.1:{port}/0")  # nothing listens there: Redis is down
    with caplog.at_level(logging.WARNING):
        for path in public_paths(article):
            for _ in range(2):
                answer = layer.get(path)
                assert (answer.status, answer.headers["X-Page-Cache"]) == (200, "miss"), path
    warnings = warnings_in(caplog)
    assert sorted(record.name for record in warnings) == [
        "newsdesk.pagecache.cache",
        "newsdesk.serving.cache",
    ]
    assert all(record.exc_info is None for record in warnings)
    assert (
        "pages are rendered by Django and not stored" in warnings[0].getMessage() + warnings[1].getMessage()
    )


def test_a_purge_that_cannot_reach_redis_fails_its_task(redis_at, port):
    redis_at(f"redis://127.0.0.1:{port}/0")
    result = purge.purge_pages.enqueue(["home"], "test")
    assert result.status == "FAILED"
    assert PurgeLog.objects.get().outcome == PurgeLog.Outcome.FAILED


def test_a_failing_shared_file_is_a_miss_and_one_warning_not_a_traceback_per_request(
    layer, article, settings, monkeypatch, caplog
):
    settings.PAGECACHE_REDIS_URL = ""  # the embedded SQLite tier, on every run

    def disk_error(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(SqliteStore, "get", disk_error)
    monkeypatch.setattr(SqliteStore, "put", disk_error)
    with caplog.at_level(logging.WARNING):
        answers = [layer.get(article.get_absolute_url()) for _ in range(3)]
    assert [(answer.status, answer.headers["X-Page-Cache"]) for answer in answers] == [(200, "miss")] * 3
    (warning,) = warnings_in(caplog)
    assert warning.exc_info is None and "(disk I/O error)" in warning.getMessage()


def test_a_page_whose_purge_failed_is_fresh_again_once_its_lifetime_ends(
    layer, settings, time_machine, monkeypatch
):
    """Why a failed purge is not retried: no tier keeps a page past PAGECACHE_MAX_AGE, and shared caches are told
    the same limit (s-maxage), so a lost purge leaves a page stale for that long at most."""
    time_machine.move_to(
        timezone.now().replace(hour=10), tick=False
    )  # far from midnight, which also ends pages
    settings.PAGECACHE_MAX_AGE = 120
    article = ArticleFactory(headline="Ferry strike called off")
    path = article.get_absolute_url()
    assert [layer.get(path).headers["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]

    def unreachable(*args, **kwargs):
        raise OSError("the shared tier went away")

    Article.objects.filter(pk=article.pk).update(headline="Ferry strike goes ahead")
    monkeypatch.setattr(type(page_cache().shared), "purge", unreachable)
    with pytest.raises(purge.LocalPurgeFailed):
        purge.purge_keys([f"article-{article.pk}"], reason="correction")
    time_machine.shift(timedelta(seconds=60))
    stale = layer.get(path)
    assert "Ferry strike called off" in stale.text
    assert (
        "s-maxage=60," in stale.headers["Cache-Control"]
    )  # a CDN keeps it no longer than the page cache does

    time_machine.shift(timedelta(seconds=61))
    fresh = layer.get(path)
    assert fresh.headers["X-Page-Cache"] == "miss" and "Ferry strike goes ahead" in fresh.text


def test_when_redis_dies_pages_keep_coming_and_are_cached_again_once_it_is_back(
    layer, article, redis_at, private_redis, caplog, monkeypatch
):
    monkeypatch.setattr(Outage, "retry_seconds", 0.2)
    redis_at(private_redis.url)
    path = article.get_absolute_url()
    assert [layer.get(path).headers["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]

    private_redis.kill()
    with caplog.at_level(logging.WARNING):
        home = [layer.get("/") for _ in range(3)]
        held = layer.get(path)
        assert [(answer.status, answer.headers["X-Page-Cache"]) for answer in home] == [(200, "miss")] * 3
        assert (held.status, held.headers["X-Page-Cache"]) == (
            200,
            "hit",
        )  # this worker's copy, until it expires

        private_redis.start()
        states = []
        for _ in range(40):
            time.sleep(0.25)  # past the retry time
            states.append(layer.get("/").headers["X-Page-Cache"])
            if states[-1] == "hit":
                break
    assert states[-1] == "hit", states
    # Per backend: one line when it went away, one when it came back; no traceback.
    said = sorted(
        (record.name, "is unavailable" if " is unavailable " in record.getMessage() else "answers again")
        for record in warnings_in(caplog)
    )
    assert said == [
        ("newsdesk.pagecache.cache", "answers again"),
        ("newsdesk.pagecache.cache", "is unavailable"),
        ("newsdesk.serving.cache", "answers again"),
        ("newsdesk.serving.cache", "is unavailable"),
    ]
    assert all(record.exc_info is None for record in warnings_in(caplog))
