"""The archive index's counts per month: earlier months are counted once and kept, and any change to a story dated
in one of them is counted again on the next render."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from newsdesk.news.archive import VERSION_KEY, forget_earlier_months, month_counts, this_month_start
from newsdesk.news.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def counted_afresh() -> list[tuple]:
    rows = (
        Article.objects.public()
        .annotate(month=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(count=Count("id"))
        .order_by("-month")
    )
    return [(row["month"], row["count"]) for row in rows]


def shown() -> list[tuple]:
    return [(row["month"], row["count"]) for row in month_counts()]


@pytest.fixture
def earlier():
    """A story in each of the three months before this one, and two this month."""
    start = this_month_start()
    stories = [ArticleFactory(published_at=start - timedelta(days=40 * n - 20)) for n in (1, 2, 3)]
    ArticleFactory.create_batch(2, published_at=timezone.now() - timedelta(minutes=5))
    assert shown() == counted_afresh() and len(shown()) == 4
    return stories


def test_counts_are_those_of_every_live_story_by_month(earlier):
    assert sum(count for _, count in shown()) == 5


def test_a_story_published_this_month_is_counted_at_once(earlier):
    ArticleFactory(published_at=timezone.now())
    assert shown() == counted_afresh() and shown()[0][1] == 3


def test_a_back_dated_story_is_counted_in_its_month(earlier):
    ArticleFactory(published_at=earlier[1].published_at + timedelta(hours=1))
    assert shown() == counted_afresh()


def test_a_story_taken_down_leaves_its_months_count(earlier):
    story = earlier[2]
    story.status = Article.Status.UNPUBLISHED
    story.save()
    assert shown() == counted_afresh() and len(shown()) == 3


def test_a_story_moved_out_of_an_earlier_month_leaves_its_count(earlier):
    story = Article.objects.get(pk=earlier[0].pk)
    story.published_at = timezone.now() - timedelta(minutes=1)
    story.save()
    assert shown() == counted_afresh() and shown()[0][1] == 3


def test_a_deleted_story_leaves_its_months_count(earlier):
    earlier[1].delete()
    assert shown() == counted_afresh()


def test_earlier_months_are_counted_once_until_something_changes(earlier, django_assert_num_queries):
    with django_assert_num_queries(1):  # this month only
        month_counts()


def test_an_evicted_version_never_brings_back_counts_kept_before(earlier):
    Article.objects.filter(pk=earlier[2].pk).update(status=Article.Status.UNPUBLISHED)  # no signal
    cache.delete(VERSION_KEY)  # evicted (a full file cache culls at random; Redis may evict)
    assert shown() == counted_afresh()


def test_the_version_moves_again_when_the_change_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        forget_earlier_months()
    before_commit = cache.get(VERSION_KEY)
    for callback in callbacks:
        callback()
    assert len(callbacks) == 1 and cache.get(VERSION_KEY) != before_commit
