"""Partner feeds, the items they carry and the stories those items are grouped into."""

from collections.abc import Sequence
from datetime import timedelta

from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from newsdesk.news.models import Source

# A failing feed waits twice as long after each failure, but never more than a day: a partner's outage should not
# hammer them, and a fixed feed should come back on its own.
MAX_BACKOFF = timedelta(hours=24)


class FeedQuerySet(models.QuerySet):
    def due(self, now=None):
        now = now or timezone.now()
        return self.filter(enabled=True).filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))

    def for_health(self):
        return self.select_related("source").order_by("source__name", "pk")


class Feed(models.Model):
    class Format(models.TextChoices):
        RSS2 = "rss2", "RSS 2.0"
        RSS1 = "rss1", "RSS 1.0 (RDF)"
        ATOM = "atom", "Atom"
        NINJS = "ninjs", "ninjs (JSON)"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="feeds")
    url = models.URLField("feed URL", max_length=1000, unique=True)
    format = models.CharField(max_length=8, choices=Format.choices, default=Format.RSS2)
    poll_minutes = models.PositiveIntegerField("poll every (minutes)", default=15)
    enabled = models.BooleanField(default=True)
    extract_full_text = models.BooleanField(
        default=False,
        help_text="Fetch each new item's page and keep its article text (for feeds sending summaries).",
    )

    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    next_poll_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    failures = models.PositiveIntegerField(default=0, editable=False)
    items_seen = models.PositiveIntegerField(default=0, editable=False)

    objects = FeedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["enabled", "next_poll_at"], name="wire_feed_due")]

    def __str__(self):
        return f"{self.source.name}: {self.url}"

    @property
    def is_failing(self) -> bool:
        return self.failures > 0

    def backoff(self) -> timedelta:
        interval = timedelta(minutes=max(1, self.poll_minutes))
        return min(interval * (2 ** min(self.failures, 16)), MAX_BACKOFF)

    def claim(self, now=None) -> bool:
        """Marks the feed as being polled; False when another worker claimed it first."""
        now = now or timezone.now()
        claimed = (
            type(self)
            .objects.filter(pk=self.pk, next_poll_at=self.next_poll_at)
            .update(next_poll_at=now + timedelta(minutes=max(1, self.poll_minutes)), last_polled_at=now)
        )
        return bool(claimed)

    def record_success(
        self, *, etag: str, last_modified: str, seen: int, skipped: Sequence[str] = (), warning: str = ""
    ) -> None:
        """A poll that stored the feed; what was wrong with the document (`warning`) and the items it had to skip
        are named in `last_error` for the desk to see."""
        now = timezone.now()
        self.etag, self.last_modified = etag[:500], last_modified[:100]
        self.last_polled_at = self.last_success_at = now
        self.failures = 0
        problems = [warning] if warning else []
        if skipped:
            problems.append(f"{len(skipped)} of {seen} items could not be stored; the first: {skipped[0]}")
        self.last_error = "; ".join(problems)[:1000]
        self.items_seen += seen
        self.next_poll_at = now + timedelta(minutes=max(1, self.poll_minutes))
        self.save(
            update_fields=[
                "etag", "last_modified", "last_polled_at", "last_success_at", "last_error", "failures",
                "items_seen", "next_poll_at",
            ]
        )  # fmt: skip

    def record_failure(self, error: str) -> None:
        now = timezone.now()
        self.failures += 1
        self.last_error = error[:1000]
        self.last_polled_at = now
        self.next_poll_at = now + self.backoff()
        self.save(update_fields=["failures", "last_error", "last_polled_at", "next_poll_at"])


class StoryQuerySet(models.QuerySet):
    def newest_first(self):
        return self.order_by("-last_seen_at", "-pk")

    def for_desk(self):
        items = (
            WireItem.objects.select_related("source")
            .defer("body", "signature")
            .order_by("published_at", "pk")
        )
        return self.annotate(
            agency_count=Count("items__source", distinct=True), item_count=Count("items", distinct=True)
        ).prefetch_related(Prefetch("items", queryset=items))


class Story(models.Model):
    """One event as several agencies reported it."""

    title = models.CharField(max_length=300)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "stories"

    def __str__(self):
        return self.title


class WireItemQuerySet(models.QuerySet):
    def recent(self, since):
        return self.filter(published_at__gte=since)

    def same_as(self, *, source, guid: str, url: str, content_hash: str):
        """Items this one would duplicate exactly: same guid at the same source, same link, or same text."""
        same = Q(source=source, guid=guid) | Q(content_hash=content_hash)
        if url:
            same |= Q(url=url)
        return self.filter(same)


class WireItem(models.Model):
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="wire_items")
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    story = models.ForeignKey(Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="items")
    guid = models.CharField(max_length=500)
    url = models.URLField("canonical URL", max_length=1000, blank=True)
    content_hash = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    summary = models.TextField(blank=True, help_text="HTML, sanitised with the newsroom's allow-list.")
    body = models.TextField(blank=True, help_text="HTML, sanitised with the newsroom's allow-list.")
    published_at = models.DateTimeField()
    fetched_at = models.DateTimeField(default=timezone.now)
    signature = models.JSONField(default=list, editable=False, help_text="MinHash of the text's shingles.")

    objects = WireItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["source", "guid"], name="wire_item_unique_guid"),
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="wire_item_unique_url"),
            models.UniqueConstraint(fields=["content_hash"], name="wire_item_unique_text"),
        ]
        indexes = [models.Index(fields=["published_at"], name="wire_item_published")]

    def __str__(self):
        return self.title
