"""Feed parsing on files shaped like real partner feeds, and on hostile XML (reliability row 13)."""

import io
from pathlib import Path

import feedparser
import pytest

from newsdesk.wire.parsers import MAX_ITEM_CHARS, FeedError, parse_feed

DATA = Path(__file__).parent / "data"


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_rss2_with_namespaces_and_cdata_keeps_the_full_content():
    feed = parse_feed(read("rss2_namespaces.xml"))
    assert feed.title == "Trend News Agency"
    first, second = feed.items
    assert first.title == "Azerbaijan & Türkiye begin <joint> drills"
    assert first.guid == "trend-3791"
    assert "3,000 personnel" in first.body
    assert first.published_at.isoformat() == "2026-11-23T05:15:00+00:00"
    assert second.guid == "https://en.trend.az/business/energy/tap.html"


def test_rss1_rdf_is_read():
    feed = parse_feed(read("rss1.rdf"))
    (item,) = feed.items
    assert item.title == "Türkiye, Azerbaijan kick off joint military drills"
    assert item.url == "https://www.dailysabah.com/politics/drills"
    assert item.published_at.isoformat() == "2026-11-23T07:30:00+00:00"


def test_atom_is_read():
    (item,) = parse_feed(read("atom.xml")).items
    assert item.guid == "tag:azernews.az,2026:item-225114"
    assert item.url == "https://www.azernews.az/nation/225114.html"
    assert "armed forces" in item.body


def test_missing_or_unreadable_dates_leave_the_date_empty():
    items = parse_feed(read("missing_dates.xml")).items
    assert [item.published_at for item in items] == [None, None, None]
    assert items[1].guid == ""  # the ingest falls back to the link, then the content hash


def test_a_wrong_declared_charset_does_not_garble_the_text():
    (item,) = parse_feed(read("wrong_charset.xml")).items
    assert item.title == "Türkiye və Azərbaycan: Şəki hazırdır"


def test_ninjs_json_is_read_and_junk_entries_skipped():
    feed = parse_feed(read("ninjs.json"))
    assert [item.guid for item in feed.items] == ["urn:aa:1", "urn:aa:2"]
    assert feed.items[0].published_at.isoformat() == "2026-11-23T09:00:00+03:00"


def test_an_item_of_five_megabytes_is_read_and_cut_to_the_item_limit():
    huge = "<p>" + "Wire copy goes on and on. " * 200_000 + "</p>"
    assert len(huge) > 5_000_000
    data = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Big</title><item><title>Long</title>"
        f"<guid>big-1</guid><description><![CDATA[{huge}]]></description></item></channel></rss>"
    ).encode()
    (item,) = parse_feed(data).items
    assert len(item.summary) == MAX_ITEM_CHARS


def test_a_truncated_feed_keeps_the_items_before_the_cut():
    items = parse_feed(read("truncated.xml")).items
    assert items[0].title == "First item survives"


def test_text_that_is_no_feed_is_a_feed_error():
    with pytest.raises(FeedError):
        parse_feed(b"<html><body>Not found</body></html>\x00\x01")


@pytest.mark.parametrize(
    ("document", "said"),
    [
        (b"null", "null alone"),
        (b' "text"\n', "a string alone"),
        (b"5", "a number alone"),
        (b"true", "true or false"),
    ],
)
def test_a_single_json_value_is_named_as_json_not_as_missing_xml(document, said):
    with pytest.raises(FeedError, match=f"it is JSON, but {said}") as refused:
        parse_feed(document)
    assert "XML" not in str(refused.value)


@pytest.mark.parametrize("name", ["billion_laughs.xml", "xxe_file.xml", "xxe_parameter.xml"])
def test_entity_declarations_are_refused(name, monkeypatch):
    handed_to_feedparser = []
    monkeypatch.setattr(feedparser, "parse", lambda *args, **kwargs: handed_to_feedparser.append(args))
    with pytest.raises(FeedError, match="entities"):
        parse_feed(read(name))
    assert handed_to_feedparser == []


def test_a_quadratic_blowup_is_refused():
    data = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + "x" * 50_000 + '">]>'
        "<rss version='2.0'><channel><title>Q</title><item><title>"
        + "&a;" * 50_000
        + "</title></item></channel></rss>"
    ).encode()
    with pytest.raises(FeedError, match="entities"):
        parse_feed(data)


def test_entity_declarations_in_a_broken_document_are_refused_too():
    data = read("xxe_file.xml").replace(b"</channel>", b"</chanel>")
    with pytest.raises(FeedError, match="entities"):
        parse_feed(data)


def test_a_document_with_an_external_dtd_is_read_without_loading_it(net):
    (item,) = parse_feed(read("newsml_dtd.xml")).items
    assert item.title == "An item under an external DTD"
    assert net.connections == [] and net.lookups == []


def test_feedparser_only_ever_receives_a_byte_stream(monkeypatch):
    received = []
    real_parse = feedparser.parse

    def spy(source, *args, **kwargs):
        received.append(source)
        return real_parse(source, *args, **kwargs)

    monkeypatch.setattr(feedparser, "parse", spy)
    parse_feed(read("atom.xml"))
    (source,) = received
    assert isinstance(source, io.BytesIO)


def test_a_feed_over_the_parse_limit_is_refused(monkeypatch):
    from newsdesk.wire import parsers

    monkeypatch.setattr(parsers, "MAX_FEED_BYTES", 1000)
    with pytest.raises(FeedError, match="limit"):
        parse_feed(b" " * 1001)


def test_a_date_before_1900_or_more_than_a_day_ahead_is_treated_as_missing():
    """Year 1 and 9999 are agencies' placeholders; kept, year 1 overflowed the grouping window and blocked the
    rest of the feed."""
    items = parse_feed(read("impossible_dates.xml")).items
    assert [item.published_at is None for item in items] == [False, True, True, False]
    assert items[3].published_at.isoformat() == "2026-11-23T09:30:00+00:00"


def test_a_ninjs_date_in_year_one_is_treated_as_missing_whatever_its_offset():
    items = parse_feed(read("impossible_dates.json")).items
    assert [item.published_at for item in items][:2] == [None, None]
    assert items[2].published_at.isoformat() == "2026-11-23T09:00:00+03:00"


def test_a_ninjs_item_with_a_blank_headline_is_skipped_like_an_untitled_rss_item():
    data = b'{"title": 7, "items": [{"uri": "a", "headline": "  "}, {"uri": "b", "headline": "Kept"}]}'
    feed = parse_feed(data)
    assert [item.guid for item in feed.items] == ["b"]
    assert feed.title == ""  # a number is no agency's name


def test_a_truncated_feed_says_it_is_not_well_formed_and_a_sound_one_says_nothing():
    assert parse_feed(read("truncated.xml")).warning.startswith("the feed is not well-formed XML (")
    assert parse_feed(read("atom.xml")).warning == ""
