"""Every public page costs a fixed number of queries, whatever the archive size (measured with 10 and 200 stories)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, SectionFactory, SourceFactory, TopicFactory

pytestmark = pytest.mark.django_db

# Queries: site settings (first request only; cached after), section bar, breaking banner, then the page's own.
BUDGETS = {
    "home": 10,
    "section": 6,
    "article": 9,
    "topic": 6,
    "author": 6,
    "source": 6,
    "archive": 5,  # cold: this month, and the earlier months (counted once, then kept: news/archive.py)
    "archive-month": 5,
}


def _build_world(count: int):
    """Stories within one day in the middle of last month: the factory's default times go back a minute per story
    made in the whole session, so which months a world spans (and which month summaries a page counts) depended on
    the date and on how many stories earlier tests had made."""
    last_month = (timezone.now().replace(day=1) - timedelta(days=1)).replace(day=15, hour=12, minute=0)
    sections = [SectionFactory() for _ in range(4)]
    topic, source = TopicFactory(), SourceFactory()
    authors = [AuthorFactory(), AuthorFactory()]
    articles = [
        ArticleFactory(
            section=sections[index % 4],
            topics=[topic],
            sources=[source],
            authors=authors,
            priority=index % 3,
            published_at=last_month - timedelta(minutes=index),
        )
        for index in range(count)
    ]
    return {
        "home": "/",
        "section": sections[0].get_absolute_url(),
        "article": articles[0].get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "author": authors[0].get_absolute_url(),
        "source": source.get_absolute_url(),
        "archive": "/archive/",
        "archive-month": articles[0].published_at.strftime("/archive/%Y/%m/"),
    }


def _count_queries(client, url: str) -> int:
    cache.clear()  # both measurements start cold: site settings are loaded once, then cached
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", sorted(BUDGETS))
@pytest.mark.parametrize("count", [10, 200])
def test_public_page_stays_within_its_query_budget(client, django_assert_max_num_queries, page, count):
    url = _build_world(count)[page]
    with django_assert_max_num_queries(BUDGETS[page]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_query_count_does_not_grow_with_the_archive(client, page):
    small = _count_queries(client, _build_world(10)[page])
    large = _count_queries(client, _build_world(200)[page])
    assert large == small
