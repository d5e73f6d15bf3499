"""/healthz answers a load balancer: 200 while the database answers (naming a Redis that does not), 503 when the
database fails."""

import pytest
from django.db import OperationalError

from newsdesk.pagecache.http import storable

pytestmark = pytest.mark.django_db


def test_a_healthy_server_answers_ok_and_nobody_stores_the_answer(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert "no-store" in response["Cache-Control"]
    assert not storable("200 OK", list(response.items()))


class LostConnection:
    def cursor(self):
        raise OperationalError("server closed the connection unexpectedly")


def test_a_database_that_fails_makes_the_server_unavailable(client, monkeypatch):
    # The view's own connection only: the middleware before it has read the site settings already.
    monkeypatch.setattr("newsdesk.serving.health.connection", LostConnection())
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (503, {"status": "unavailable", "failed": ["database"]})


def test_a_redis_that_does_not_answer_is_named_but_keeps_the_server_in_the_pool(client, settings, port):
    """Pages are answered without Redis: a 503 would make the load balancer drop every server at once."""
    settings.PAGECACHE_REDIS_URL = f"redis://127.0.0.1:{port}/0"
    response = client.get("/healthz")
    assert (response.status_code, response.json()) == (200, {"status": "degraded", "failed": ["redis"]})


def test_probes_during_a_redis_outage_log_one_line_not_one_each(client, settings, port, caplog, monkeypatch):
    import logging

    from newsdesk.serving import health
    from newsdesk.serving.outage import Outage

    monkeypatch.setattr(
        health, "REDIS_SEEN_BY_HEALTH_CHECKS", Outage(health.logger, what="Redis", meanwhile="x")
    )
    settings.PAGECACHE_REDIS_URL = f"redis://127.0.0.1:{port}/0"
    with caplog.at_level(logging.WARNING, logger="newsdesk.serving.health"):
        for _ in range(5):
            assert client.get("/healthz").json()["status"] == "degraded"
    assert len([record for record in caplog.records if record.name == "newsdesk.serving.health"]) == 1


def test_a_database_and_a_redis_that_fail_are_both_named(client, settings, monkeypatch, port):
    monkeypatch.setattr("newsdesk.serving.health.connection", LostConnection())
    settings.PAGECACHE_REDIS_URL = f"redis://127.0.0.1:{port}/0"
    response = client.get("/healthz")
    assert (response.status_code, response.json()["failed"]) == (503, ["database", "redis"])


def test_the_probe_is_answered_over_plain_http_where_everything_else_redirects(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    assert client.get("/healthz").status_code == 200
    assert client.get("/").status_code == 301
