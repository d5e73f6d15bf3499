"""The worker polls due wire feeds on its sweep and survives anything a feed does."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from newsdesk.wire import ingest
from newsdesk.wire.models import Feed, WireItem
from tests.factories import SourceFactory

from .conftest import PUBLIC, http_response

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def test_the_worker_sweep_polls_due_feeds(net, monkeypatch):
    # The fake network stands in for the internet, Redis included; the start-up check has its own tests.
    monkeypatch.setattr("newsdesk.newsroom.management.commands.worker.require_services", lambda: None)
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response((DATA / "atom.xml").read_bytes())]
    Feed.objects.create(source=SourceFactory(name="Azernews"), url="http://feeds.example/atom")
    Feed.objects.create(source=SourceFactory(name="Inside"), url="http://10.0.0.1/rss")
    out = StringIO()
    call_command("worker", "--once", stdout=out)
    assert "Wire Azernews: 1 new items" in out.getvalue()
    assert "Wire Inside: failed: Refused 10.0.0.1" in out.getvalue()
    assert WireItem.objects.count() == 1


def test_the_worker_survives_a_wire_crash(monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("newsdesk.newsroom.management.commands.worker.poll_due", broken)
    call_command("worker", "--once", stdout=StringIO())  # no exception


def test_of_two_workers_that_saw_a_feed_due_only_one_claims_it():
    feed = Feed.objects.create(source=SourceFactory(), url="http://feeds.example/rss")
    mine, theirs = Feed.objects.get(pk=feed.pk), Feed.objects.get(pk=feed.pk)
    assert theirs.claim() is True
    assert mine.claim() is False
    assert list(Feed.objects.due()) == []
    assert ingest.poll_due() == []
