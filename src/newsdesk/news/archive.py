"""The archive's summary of stories per month: how many, and the newest change among them (the sitemap index's
lastmod per month).

Counting every live story by month reads the whole archive (0.7-1.4 s at 1M stories on PostgreSQL), and every
publish purges the page that shows the counts. Months before the current one rarely change, so they are counted
once and kept in the cache; the current month, where publishing happens, is counted on every render through the
newest-first index. Any save or delete of a story dated before this month (a take-down, a back-dated story, an edit
that moves a date) makes the kept counts be counted again.
"""

import calendar
import uuid
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, pre_save
from django.utils import timezone

from .models import LAST_CHANGED, Article

VERSION_KEY = "archive-months-version"
KEEP_SECONDS = 24 * 60 * 60


def this_month_start():
    return timezone.localtime().replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def is_archive_month(year: int, month: int) -> bool:
    """A month the archive and the sitemaps may name: December 9999 has no following month to end its range."""
    return 1 <= month <= 12 and 1900 <= year <= 9998


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    """The first moment of the month and of the next, in the current (the site's) time zone (see
    is_archive_month)."""
    first = date(year, month, 1)
    following = first + timedelta(days=calendar.monthrange(year, month)[1])
    return local_day_start(first), local_day_start(following)


def local_day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def month_counts() -> list[dict]:
    """[{"month": aware datetime, "count": n, "latest": aware datetime}, ...], newest month first; "latest" is the
    newest first publication or update among the month's stories."""
    start = this_month_start()
    version = current_version()
    key = f"archive-months-2:{timezone.get_current_timezone_name()}:{start:%Y-%m}:{version}"
    earlier = cache.get(key)
    if earlier is None:
        earlier = _counts(Article.objects.public().filter(published_at__lt=start))
        # Stored under the version read before counting: a change made meanwhile has already moved the version on.
        cache.set(key, earlier, KEEP_SECONDS)
    return _counts(Article.objects.public().filter(published_at__gte=start)) + earlier


def _counts(articles) -> list[dict]:
    return list(
        articles.annotate(month=TruncMonth("published_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(count=Count("id"), latest=Max(LAST_CHANGED))
        .order_by("-month")
    )


def current_version() -> str:
    """Never a constant fallback: if the version was evicted, a fresh one, so counts kept before are not reused."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY) or uuid.uuid4().hex
    return version


def forget_earlier_months() -> None:
    """Now, and again once the change commits: a render between the two would count the old rows under the new
    version and keep them."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, uuid.uuid4().hex, None))


def _touches_earlier_months(*dates) -> bool:
    # A day of margin: saves outside a request (the worker, commands) run in the server's zone, not the site's,
    # so a story from the last hours of last month in the site's zone must still count as an earlier month.
    start = this_month_start() + timedelta(days=1)
    return any(moment is not None and moment < start for moment in dates)


def article_saving(sender, instance, raw=False, **kwargs):
    if raw:
        return
    earlier = instance.published_at
    if instance.pk and not _touches_earlier_months(earlier):
        # Its date may be moving out of an earlier month: look at the stored one (one query, on saves only).
        earlier = Article.objects.filter(pk=instance.pk).values_list("published_at", flat=True).first()
    if _touches_earlier_months(instance.published_at, earlier):
        forget_earlier_months()


def article_deleted(sender, instance, **kwargs):
    if _touches_earlier_months(instance.published_at):
        forget_earlier_months()


def connect_receivers() -> None:
    pre_save.connect(article_saving, sender=Article, dispatch_uid="archive-months-save")
    post_delete.connect(article_deleted, sender=Article, dispatch_uid="archive-months-delete")
