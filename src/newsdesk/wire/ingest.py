"""Storing parsed items once each and polling feeds.

Each item is saved in its own transaction, and the database's unique constraints (guid per source, canonical URL,
content hash) are the final word on "already have it": a poll killed half-way keeps what it committed, and the
next poll, which fetches the whole feed again because the ETag is only saved at the end, adds exactly the rest.
"""

import hashlib
import logging
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.db import DatabaseError, DataError, IntegrityError, transaction
from django.utils import timezone

from newsdesk.news.models import Source
from newsdesk.news.text import plain_text, sanitize_html, xml_safe

from . import grouping
from .fetcher import FetchError, fetch
from .models import Feed, Story, WireItem
from .parsers import FeedError, ParsedFeed, ParsedItem, parse_feed

logger = logging.getLogger(__name__)

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "yclid", "mc_")


@dataclass
class IngestResult:
    seen: int = 0
    new: int = 0
    stored: list[WireItem] = field(default_factory=list, repr=False)
    skipped: list[str] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        return self.seen - self.new - len(self.skipped)


def canonical_url(url: str) -> str:
    """The link without tracking parameters or fragment, host in lower case; only http(s) links are kept."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return ""
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.startswith(_TRACKING_PARAMS)
    ]
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))[
        :1000
    ]


def content_hash(title: str, text: str) -> str:
    """The same text re-sent under a new guid or headline is the same item; a short text alone is not enough
    to say so, so the headline joins it then."""
    words = plain_text(text).lower().split()
    normalised = " ".join(words) if len(words) >= 20 else " ".join([*title.lower().split(), *words])
    return hashlib.sha256(normalised.encode()).hexdigest()


def store_items(parsed: ParsedFeed, *, source: Source, feed: Feed | None = None) -> IngestResult:
    """Stores each item; one that cannot be stored is skipped and logged, so it never holds back the rest of the
    feed on every poll. A database that fails is no item's fault: that error stops the feed."""
    result = IngestResult()
    guids = set()
    for item in parsed.items:
        result.seen += 1
        # A guid twice in one document is one item: the first (feeds list newest first) is the one kept, or each
        # poll would revise the stored text back and forth.
        if item.guid and item.guid in guids:
            continue
        guids.add(item.guid)
        try:
            stored = store_item(item, source=source, feed=feed)
        except DatabaseError as error:
            if not isinstance(error, DataError):
                raise
            stored = _skip(result, item, error, feed or source)
        except Exception as error:
            stored = _skip(result, item, error, feed or source)
        if stored is not None:
            result.new += 1
            result.stored.append(stored)
    return result


def _skip(result: IngestResult, item: ParsedItem, error: Exception, origin) -> None:
    reason = f"skipped item {item.guid!r}: {type(error).__name__}: {error}"
    result.skipped.append(reason)
    logger.warning("%s: %s", origin, reason)


def store_item(parsed: ParsedItem, *, source: Source, feed: Feed | None = None) -> WireItem | None:
    """Saves one item and files it under a story; None when it is an exact duplicate of a stored item."""
    summary = sanitize_html(xml_safe(parsed.summary))
    body = sanitize_html(xml_safe(parsed.body))
    title = xml_safe(parsed.title)[:300]
    url = canonical_url(xml_safe(parsed.url))
    digest = content_hash(title, body or summary)
    # PostgreSQL refuses NUL in text: an item carrying one would fail there on every poll.
    guid = xml_safe(parsed.guid) or url or digest
    # One query for what every poll mostly sees: an item already stored under its guid, as it was or revised.
    known = (
        WireItem.objects.filter(source=source, guid=guid)
        .only("content_hash", "title", "story", "published_at")
        .first()
    )
    if known is not None:
        if known.content_hash != digest:
            _revise(known, title=title, summary=summary, body=body, content_hash=digest)
        return None
    if WireItem.objects.same_as(source=source, guid=guid, url=url, content_hash=digest).exists():
        return None
    # After the duplicate checks: every poll sees every item again, and the signature is the costly part.
    signature = grouping.signature(grouping.item_text(title, summary, body))
    now = timezone.now()
    published = min(parsed.published_at or now, now)
    try:
        with transaction.atomic():
            item = WireItem.objects.create(
                source=source,
                feed=feed,
                guid=guid,
                url=url,
                content_hash=digest,
                title=title,
                summary=summary,
                body=body,
                published_at=published,
                signature=signature,
            )
            file_under_story(item)
    except IntegrityError:
        return None  # another poll stored the same item a moment ago
    return item


def _revise(item: WireItem, *, title: str, summary: str, body: str, content_hash: str) -> None:
    """An agency re-sent an item under its guid with new text (a developing story, a corrected figure): the desk
    shows the latest version. It stays in its story; a body fetched from the item's page is kept unless the feed
    now sends one. Text that another stored item already carries is left alone (the unique constraint)."""
    old_title = item.title
    signature = grouping.signature(grouping.item_text(title, summary, body))
    item.title, item.summary, item.content_hash, item.signature = title, summary, content_hash, signature
    item.body = body or item.body
    with transaction.atomic():
        try:
            with transaction.atomic():
                item.save(update_fields=["title", "summary", "body", "content_hash", "signature"])
        except IntegrityError:
            return  # another item carries this text already (wire_item_unique_text)
        if item.story_id is not None and title != old_title:
            # A story headed by this report takes its new headline.
            Story.objects.filter(pk=item.story_id, title=old_title, first_seen_at=item.published_at).update(
                title=title
            )


def file_under_story(item: WireItem) -> Story:
    candidates = (
        WireItem.objects.filter(
            published_at__gte=item.published_at - grouping.WINDOW,
            published_at__lte=item.published_at + grouping.WINDOW,
            story__isnull=False,
        )
        .exclude(pk=item.pk)
        .only("pk", "story_id", "signature")
    )
    match, _score = grouping.best_match(item.signature, candidates)
    if match is None:
        story = Story.objects.create(
            title=item.title, first_seen_at=item.published_at, last_seen_at=item.published_at
        )
    else:
        # A story is headed by its first report, whichever order the feeds arrive in.
        story = Story.objects.select_for_update().get(pk=match.story_id)
        if item.published_at < story.first_seen_at:
            story.title, story.first_seen_at = item.title, item.published_at
        story.last_seen_at = max(story.last_seen_at, item.published_at)
        story.save(update_fields=["title", "first_seen_at", "last_seen_at"])
    item.story = story
    item.save(update_fields=["story"])
    return story


def poll(feed: Feed) -> IngestResult:
    """Fetches and stores one feed, recording success or the error in words; raises FetchError/FeedError too."""
    warning = ""
    try:
        fetched = fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if fetched.not_modified:
            result = IngestResult()
        else:
            parsed = parse_feed(fetched.body)
            warning = parsed.warning
            result = store_items(parsed, source=feed.source, feed=feed)
    except (FetchError, FeedError) as error:
        feed.record_failure(str(error))
        raise
    except Exception as error:
        feed.record_failure(f"Unexpected error: {type(error).__name__}: {error}")
        raise
    if feed.extract_full_text and result.stored:
        from .extract import fill_bodies

        fill_bodies(result.stored)
    feed.record_success(
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        seen=result.seen,
        skipped=result.skipped,
        warning=warning,
    )
    return result


def poll_due(*, limit: int = 5, report=None) -> list[tuple[Feed, IngestResult | Exception]]:
    """Polls feeds whose time has come (at most `limit`); one feed's failure never stops the others."""
    outcomes = []
    for feed in Feed.objects.due().select_related("source").order_by("next_poll_at", "pk")[:limit]:
        if not feed.claim():
            continue
        try:
            outcome = poll(feed)
        except Exception as error:
            logger.warning("wire feed %s failed: %s", feed.pk, error)
            outcome = error
        outcomes.append((feed, outcome))
        if report:
            report(feed, outcome)
    return outcomes
