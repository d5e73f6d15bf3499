"""The demo's partner feeds fill the desk with grouped stories, once."""

import pytest

from newsdesk.demo.loader import DEMO_FEEDS, ensure_wire
from newsdesk.wire.models import Story, WireItem

pytestmark = pytest.mark.django_db


def test_the_demo_ships_three_feed_formats():
    assert sorted(path.name for path in DEMO_FEEDS.iterdir()) == [
        "azernews.atom",
        "daily-sabah.rdf",
        "trend.rss",
    ]


def test_the_demo_feeds_group_into_multi_agency_stories_and_load_once():
    ensure_wire()
    ensure_wire()
    assert WireItem.objects.count() == 30
    drills = Story.objects.for_desk().get(items__title="Azerbaijan and Türkiye begin joint drills")
    assert drills.agency_count == 3
    assert drills.title == "Azerbaijan and Türkiye begin joint drills"  # the first report, though filed last
    assert Story.objects.for_desk().filter(agency_count__gte=2).count() >= 8
