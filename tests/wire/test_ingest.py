"""Storing items once, grouping them into stories, polling feeds (reliability row 16: restart mid-ingest)."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.db import OperationalError
from django.utils import timezone

from newsdesk.wire import ingest
from newsdesk.wire.fetcher import FetchRefused
from newsdesk.wire.models import Feed, Story, WireItem
from newsdesk.wire.parsers import NotAFeed, ParsedFeed, ParsedItem, parse_feed
from tests.factories import SourceFactory

from .conftest import PUBLIC, http_response

DATA = Path(__file__).parent / "data"
pytestmark = pytest.mark.django_db


def ingest_file(name: str, source=None):
    source = source or SourceFactory()
    return ingest.store_items(parse_feed((DATA / name).read_bytes()), source=source), source


def test_feed_html_is_sanitised_with_the_newsroom_allow_list():
    ingest_file("rss2_namespaces.xml")
    item = WireItem.objects.get(guid="trend-3791")
    assert "<script" not in item.summary
    assert "onclick" not in item.body and "javascript:" not in item.body and "style=" not in item.body
    assert '<a href="https://mod.gov.az/" rel="noopener noreferrer">Ministry</a>' in item.body


def test_tracking_parameters_and_fragments_leave_the_canonical_url():
    ingest_file("rss2_namespaces.xml")
    assert (
        WireItem.objects.get(guid="trend-3791").url == "https://en.trend.az/azerbaijan/politics/drills.html"
    )


def test_exact_duplicates_by_guid_link_or_text_are_stored_once():
    result, _ = ingest_file("duplicate_guids.xml")
    assert (result.seen, result.new) == (4, 1)
    assert list(WireItem.objects.values_list("guid", flat=True)) == ["report-77"]


def test_ingesting_the_same_file_twice_adds_nothing():
    _, source = ingest_file("rss2_namespaces.xml")
    again, _ = ingest_file("rss2_namespaces.xml", source)
    assert again.new == 0
    assert WireItem.objects.count() == 2


def test_items_without_guid_fall_back_to_link_then_text_and_undated_items_get_the_fetch_time():
    ingest_file("missing_dates.xml")
    guids = set(WireItem.objects.values_list("guid", flat=True))
    assert "https://apa.az/en/quake" in guids
    assert any(len(guid) == 64 for guid in guids)
    assert all(item.published_at <= timezone.now() for item in WireItem.objects.all())


def test_the_same_event_from_three_agencies_becomes_one_story():
    for name in ("rss2_namespaces.xml", "rss1.rdf", "atom.xml"):
        ingest_file(name)
    drills = WireItem.objects.filter(title__icontains="drills") | WireItem.objects.filter(
        title__icontains="exercises"
    )
    assert drills.count() == 3
    assert len({item.story_id for item in drills}) == 1
    story = Story.objects.for_desk().get(pk=drills.first().story_id)
    assert story.agency_count == 3
    tap = WireItem.objects.get(title__startswith="TAP")
    assert tap.story_id != story.pk


def many_items(count: int) -> ParsedFeed:
    now = timezone.now()
    return ParsedFeed(
        title="Many",
        items=[
            ParsedItem(
                guid=f"item-{n}",
                title=f"Report number {n} on subject {n * 7919 % 1000}",
                url=f"https://wire.example/{n}",
                summary=f"Distinct text {n} about matter {n * 104729 % 9973} in district {n * 31}.",
                published_at=now - timedelta(minutes=n),
            )
            for n in range(count)
        ],
    )


class Crash(BaseException):
    """A kill (SIGTERM's SystemExit, Ctrl-C's KeyboardInterrupt): not an item's fault, so never skipped over."""


def test_a_poll_killed_half_way_and_run_again_stores_exactly_the_unique_items(monkeypatch):
    source = SourceFactory()
    feed = many_items(120)
    real_store_item = ingest.store_item
    stored = []

    def crash_after_45(item, **kwargs):
        if len(stored) == 45:
            raise Crash
        stored.append(real_store_item(item, **kwargs))

    monkeypatch.setattr(ingest, "store_item", crash_after_45)
    with pytest.raises(Crash):
        ingest.store_items(feed, source=source)
    assert WireItem.objects.count() == 45
    monkeypatch.setattr(ingest, "store_item", real_store_item)
    result = ingest.store_items(feed, source=source)
    assert result.new == 75
    assert WireItem.objects.count() == 120
    assert set(WireItem.objects.values_list("guid", flat=True)) == {f"item-{n}" for n in range(120)}


def test_an_item_stored_by_a_concurrent_poll_is_skipped_not_an_error(monkeypatch):
    source = SourceFactory()
    item = many_items(1).items[0]
    ingest.store_item(item, source=source)
    # The other poll's row appears between our "already have it?" check and our insert.
    monkeypatch.setattr(WireItem.objects, "same_as", lambda **kwargs: WireItem.objects.none())
    assert ingest.store_item(item, source=source) is None
    assert WireItem.objects.count() == 1


def feed_for(url: str) -> Feed:
    return Feed.objects.create(source=SourceFactory(name="Trend"), url=url, poll_minutes=10)


def test_a_successful_poll_records_health_and_the_etag(net):
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response((DATA / "rss2_namespaces.xml").read_bytes(), ETag='"abc"')]
    feed = feed_for("http://feeds.example/rss")
    result = ingest.poll(feed)
    feed.refresh_from_db()
    assert result.new == 2
    assert (feed.etag, feed.items_seen, feed.failures, feed.last_error) == ('"abc"', 2, 0, "")
    assert feed.last_success_at is not None


def test_a_304_stores_nothing_and_counts_as_success(net):
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response(status="304 Not Modified")]
    feed = feed_for("http://feeds.example/rss")
    feed.etag = '"abc"'
    assert ingest.poll(feed).new == 0
    assert b'If-None-Match: "abc"' in net.sockets[0].sent


def test_a_failing_feed_backs_off_exponentially_and_says_why(net):
    feed = feed_for("http://10.0.0.1/rss")
    delays = []
    for _ in range(3):
        with pytest.raises(FetchRefused):
            ingest.poll(feed)
        feed.refresh_from_db()
        delays.append(round((feed.next_poll_at - feed.last_polled_at).total_seconds() / 60))
    assert delays == [20, 40, 80]
    assert "not a public address" in feed.last_error
    assert net.connections == []


def test_a_hostile_feed_marks_the_feed_failed_and_the_other_feeds_still_poll(net):
    net.names.update({"bad.example": [PUBLIC], "good.example": ["93.184.216.35"]})
    net.responses[PUBLIC] = [http_response((DATA / "billion_laughs.xml").read_bytes())]
    net.responses["93.184.216.35"] = [http_response((DATA / "atom.xml").read_bytes())]
    bad, good = (
        feed_for("http://bad.example/rss"),
        Feed.objects.create(source=SourceFactory(), url="http://good.example/atom"),
    )
    outcomes = dict(ingest.poll_due())
    bad.refresh_from_db()
    good.refresh_from_db()
    assert "entities" in bad.last_error and bad.failures == 1
    assert good.items_seen == 1 and good.failures == 0
    assert isinstance(outcomes[bad], Exception)


def test_a_feed_that_is_not_due_is_not_polled(net):
    feed = feed_for("http://feeds.example/rss")
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now() + timedelta(minutes=5))
    assert ingest.poll_due() == []
    assert net.lookups == []


ARTICLE_PAGE = b"""<html><head><title>Drills</title></head><body>
<nav><a href="/">Home</a> Politics Business Sport Subscribe</nav>
<article><h1>Joint drills begin</h1>
<p>Azerbaijani and Turkish troops began joint military exercises on Monday near Baku, the Defence Ministry said in a
statement released in the morning.</p>
<p>The drills involve about 3,000 personnel, armoured vehicles and combat aviation and will last until Friday,
according to the ministry.</p><script>steal()</script></article>
<footer>Copyright 2026. All rights reserved. Subscribe to our newsletter.</footer></body></html>"""


def test_full_text_is_extracted_from_the_linked_page_through_the_safe_fetcher(net):
    net.names.update({"feeds.example": [PUBLIC], "en.trend.az": ["93.184.216.36"]})
    summary_only = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>Trend</title><item><title>Joint drills begin</title>"
        b"<link>http://en.trend.az/drills</link><description>Drills began.</description></item></channel></rss>"
    )
    net.responses[PUBLIC] = [http_response(summary_only)]
    net.responses["93.184.216.36"] = [http_response(ARTICLE_PAGE)]
    feed = feed_for("http://feeds.example/rss")
    feed.extract_full_text = True
    ingest.poll(feed)
    item = WireItem.objects.get()
    assert "3,000 personnel, armoured vehicles" in item.body
    assert "Subscribe" not in item.body and "steal" not in item.body
    assert b"GET /drills HTTP/1.1\r\nHost: en.trend.az" in net.sockets[1].sent


def test_a_page_that_cannot_be_fetched_leaves_the_item_as_the_feed_sent_it(net):
    net.names.update({"feeds.example": [PUBLIC], "en.trend.az": ["10.9.9.9"]})
    net.responses[PUBLIC] = [http_response((DATA / "rss2_namespaces.xml").read_bytes())]
    feed = feed_for("http://feeds.example/rss")
    feed.extract_full_text = True
    assert ingest.poll(feed).new == 2
    feed.refresh_from_db()
    assert feed.failures == 0
    assert WireItem.objects.get(title__startswith="TAP").body == ""
    assert ("10.9.9.9", 443) not in net.connections


def test_an_item_with_an_impossible_date_is_stored_at_the_time_it_arrived_and_the_rest_of_the_feed_too():
    before = timezone.now()
    result, _ = ingest_file("impossible_dates.xml")
    assert (result.seen, result.new) == (4, 4)
    placeholder = WireItem.objects.get(guid="dates-2")
    assert before <= placeholder.published_at <= timezone.now()


def test_a_poll_of_a_feed_with_a_year_one_item_stores_every_item_and_succeeds(net):
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response((DATA / "impossible_dates.xml").read_bytes())]
    feed = feed_for("http://feeds.example/rss")
    assert ingest.poll(feed).new == 4
    feed.refresh_from_db()
    assert (feed.failures, feed.last_error) == (0, "")


def good_bad_good() -> ParsedFeed:
    """The middle item carries a date no parser lets through any more, standing in for any bad value an item
    may bring that only shows when it is stored."""
    good = many_items(2).items
    bad = ParsedItem(
        guid="bad-1", title="Dated year one", summary="Bad.", published_at=datetime(1, 1, 1, tzinfo=UTC)
    )
    return ParsedFeed(title="Mixed", items=[good[0], bad, good[1]])


def test_an_item_that_cannot_be_stored_is_skipped_and_logged_and_the_items_after_it_are_stored(caplog):
    feed = feed_for("http://feeds.example/rss")
    result = ingest.store_items(good_bad_good(), source=feed.source, feed=feed)
    assert (result.seen, result.new) == (3, 2)
    assert set(WireItem.objects.values_list("guid", flat=True)) == {"item-0", "item-1"}
    (skipped,) = result.skipped
    assert "'bad-1'" in skipped and "OverflowError" in skipped
    assert f"{feed}: skipped item 'bad-1'" in caplog.text


def test_a_database_failure_while_storing_is_not_blamed_on_the_item_and_stops_the_feed(monkeypatch):
    def database_gone(text):
        raise OperationalError("database went away")

    monkeypatch.setattr(ingest.grouping, "signature", database_gone)
    with pytest.raises(OperationalError):
        ingest.store_items(many_items(3), source=SourceFactory())


def test_nul_and_control_characters_leave_the_guid_and_link():
    """PostgreSQL refuses NUL in text, so an item carrying one would fail there on every poll."""
    item = ParsedItem(guid="n\x001\x1f", title="Control characters", url="http://wire.example/\x00a\x08b")
    stored = ingest.store_item(item, source=SourceFactory())
    assert (stored.guid, stored.url) == ("n1", "http://wire.example/ab")
    stored.refresh_from_db()
    assert (stored.guid, stored.url) == ("n1", "http://wire.example/ab")


def test_a_poll_that_skipped_an_item_succeeds_and_names_the_item_for_the_desk(net, monkeypatch):
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response(b"<rss/>")]
    monkeypatch.setattr(ingest, "parse_feed", lambda data: good_bad_good())
    feed = feed_for("http://feeds.example/rss")
    result = ingest.poll(feed)
    assert (result.new, result.duplicates) == (2, 0)
    feed.refresh_from_db()
    assert feed.failures == 0
    assert feed.last_error.startswith("1 of 3 items could not be stored; the first: skipped item 'bad-1'")


def test_the_ingest_command_says_which_items_it_skipped(tmp_path, monkeypatch, capsys):
    from django.core.management import call_command

    monkeypatch.setattr(ingest, "store_item", _fails_on_bad_one(ingest.store_item))
    path = tmp_path / "feed.xml"
    path.write_bytes((DATA / "impossible_dates.xml").read_bytes())
    call_command("ingest", "--file", str(path))
    captured = capsys.readouterr()
    assert "3 new of 4 items (0 already stored)" in captured.out
    assert "Report.az: skipped item 'dates-1': ValueError: refused" in captured.err


def _fails_on_bad_one(store_item):
    def store(item, **kwargs):
        if item.guid == "dates-1":
            raise ValueError("refused")
        return store_item(item, **kwargs)

    return store


def test_a_feed_address_answering_with_a_web_page_is_a_failing_feed_not_a_quiet_one(net):
    net.names.update({"partner.example": [PUBLIC]})
    net.responses[PUBLIC] = [http_response(b"<!doctype html><html><body>Please sign in</body></html>")]
    feed = Feed.objects.create(source=SourceFactory(), url="http://partner.example/rss")
    outcomes = dict(ingest.poll_due())
    feed.refresh_from_db()
    assert isinstance(outcomes[feed], NotAFeed)
    assert feed.failures == 1 and "it holds <html>, not RSS, RSS 1.0 or Atom" in feed.last_error


def test_an_item_sent_again_under_its_guid_with_new_text_is_revised_in_place():
    source = SourceFactory()
    first = ParsedItem(
        guid="quake-1", title="Quake hits Shamakhi", summary="<p>A quake of magnitude 4.1.</p>"
    )
    stored = ingest.store_item(first, source=source)
    revised = ParsedItem(
        guid="quake-1",
        title="Quake of 4.3 hits Shamakhi",
        summary="<p>A quake of magnitude 4.3, revised.</p>",
    )
    assert ingest.store_item(revised, source=source) is None
    item = WireItem.objects.get()
    assert (item.pk, item.title, item.summary) == (
        stored.pk,
        "Quake of 4.3 hits Shamakhi",
        "<p>A quake of magnitude 4.3, revised.</p>",
    )
    assert item.story.title == "Quake of 4.3 hits Shamakhi"
    assert Story.objects.count() == 1


def test_an_item_revised_to_the_text_another_item_carries_is_left_as_it_was():
    source = SourceFactory()
    quake = ParsedItem(
        guid="quake-1", title="Quake hits Shamakhi", summary="<p>A quake of magnitude 4.1.</p>"
    )
    rain = ParsedItem(guid="rain-1", title="Rain in Baku", summary="<p>Heavy rain closes roads.</p>")
    ingest.store_item(quake, source=source)
    ingest.store_item(rain, source=source)
    resent = ParsedItem(guid="quake-1", title=rain.title, summary=rain.summary)  # one text, two guids

    assert ingest.store_item(resent, source=source) is None
    assert WireItem.objects.get(guid="quake-1").title == "Quake hits Shamakhi"
    assert WireItem.objects.filter(title="Rain in Baku").count() == 1


def test_an_item_every_poll_sees_again_costs_one_query(django_assert_num_queries):
    source = SourceFactory()
    item = ParsedItem(guid="quake-1", title="Quake hits Shamakhi", summary="<p>A quake of magnitude 4.1.</p>")
    ingest.store_item(item, source=source)
    with django_assert_num_queries(1):
        assert ingest.store_item(item, source=source) is None


def test_an_unchanged_item_sent_again_is_left_as_it_was():
    source = SourceFactory()
    item = ParsedItem(guid="quake-1", title="Quake hits Shamakhi", summary="<p>A quake of magnitude 4.1.</p>")
    stored = ingest.store_item(item, source=source)
    WireItem.objects.filter(pk=stored.pk).update(body="<p>Full text from the page.</p>")
    assert ingest.store_item(item, source=source) is None
    assert WireItem.objects.get().body == "<p>Full text from the page.</p>"


def test_a_poll_of_a_truncated_feed_keeps_its_items_and_tells_the_desk(net):
    net.names["feeds.example"] = [PUBLIC]
    net.responses[PUBLIC] = [http_response((DATA / "truncated.xml").read_bytes())]
    feed = feed_for("http://feeds.example/rss")
    assert ingest.poll(feed).new >= 1
    feed.refresh_from_db()
    assert feed.failures == 0
    assert feed.last_error.startswith("the feed is not well-formed XML (")
