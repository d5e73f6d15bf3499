import io
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
from django.core.management.base import BaseCommand, CommandError

from newsdesk.news.models import Source
from newsdesk.wire import ingest
from newsdesk.wire.fetcher import FetchError, fetch
from newsdesk.wire.parsers import MAX_FEED_BYTES, FeedError, parse_feed


class Command(BaseCommand):
    help = (
        "Poll the wire feeds that are due, once. --file ingests a saved feed file, --url fetches one feed through "
        "the same safe fetcher the worker uses."
    )

    def add_arguments(self, parser):
        what = parser.add_mutually_exclusive_group()
        what.add_argument("--file", metavar="PATH", help="A saved RSS, Atom or ninjs file.")
        what.add_argument("--url", metavar="URL", help="An http(s) feed URL.")
        parser.add_argument(
            "--source", metavar="NAME", help="The agency the items come from (default: the feed's own title)."
        )
        parser.add_argument(
            "--limit", type=int, default=50, help="Most feeds to poll in one run (default 50)."
        )

    def handle(self, *args, file, url, source, limit, **options):
        if file:
            self._ingest_bytes(self._read(file), source_name=source, fallback=Path(file).stem, origin=file)
        elif url:
            try:
                fetched = fetch(url)
            except FetchError as error:
                raise CommandError(str(error)) from error
            self._ingest_bytes(
                fetched.body, source_name=source, fallback=urlsplit(url).hostname or url, origin=url
            )
        else:
            self._poll_due(limit)

    def _read(self, path: str) -> bytes:
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FEED_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
        return data

    def _ingest_bytes(self, data: bytes, *, source_name: str | None, fallback: str, origin: str) -> None:
        if not data.strip():
            raise CommandError(f"{origin} could not be read as a feed: it is empty.")
        try:
            parsed = parse_feed(data)
        except FeedError as error:
            raise CommandError(str(error)) from error
        name = (source_name or parsed.title or fallback).strip()[:120]
        if not parsed.items:
            # The parser reads loosely (an HTML page or any other XML gives no items, not an error): "0 new of 0
            # items" and success would hide that nothing was a feed.
            reason = why_not_a_feed(data)
            if reason:
                raise CommandError(f"{origin} could not be read as a feed: {reason}.")
            self.stdout.write(f"{name}: the feed has no items; nothing was stored.")
            return
        source = Source.objects.filter(name__iexact=name).first() or Source.objects.create(name=name)
        result = ingest.store_items(parsed, source=source)
        self.stdout.write(
            f"{source.name}: {result.new} new of {result.seen} items ({result.duplicates} already stored)."
        )
        for reason in result.skipped:
            self.stderr.write(f"{source.name}: {reason}")

    def _poll_due(self, limit: int) -> None:
        def report(feed, outcome):
            if isinstance(outcome, Exception):
                self.stderr.write(f"{feed.source.name} ({feed.url}): failed: {outcome}")
            else:
                self.stdout.write(
                    f"{feed.source.name} ({feed.url}): {outcome.new} new of {outcome.seen} items."
                )
                for reason in outcome.skipped:
                    self.stderr.write(f"{feed.source.name} ({feed.url}): {reason}")

        outcomes = ingest.poll_due(limit=max(1, limit), report=report)
        failed = sum(isinstance(outcome, Exception) for _feed, outcome in outcomes)
        if not outcomes:
            self.stdout.write("No feed is due.")
        if failed:
            raise CommandError(f"{failed} of {len(outcomes)} feeds failed; the desk shows why.")


_FIRST_ELEMENT = re.compile(rb"<(?![?!])([A-Za-z_][\w:.-]{0,40})")


def why_not_a_feed(data: bytes) -> str | None:
    """Why a document that gave no items is not a feed, in a few words; None when it is a feed with no items in it
    now (an agency's feed between stories)."""
    if data.lstrip()[:1] in (b"{", b"["):
        return _why_not_ninjs(json.loads(data))  # parse_feed read it as JSON already
    # Only bytes in a stream for feedparser (see wire/parsers.py); parse_feed refused hostile XML already.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version"):
        root = _FIRST_ELEMENT.search(data[:100_000])
        found = f"<{root.group(1).decode('ascii')}>" if root else "no XML element"
        return f"it holds {found}, not RSS, RSS 1.0 or Atom"
    if parsed.get("bozo"):
        return f"it is not well-formed XML ({parsed.get('bozo_exception')})"
    if parsed.entries:
        return _none_of(len(parsed.entries), "title")
    return None


def _why_not_ninjs(document) -> str | None:
    if isinstance(document, dict) and "items" not in document and "headline" not in document:
        return 'it is JSON, but neither a ninjs item (no "headline") nor a list of them (no "items")'
    items = document.get("items", [document]) if isinstance(document, dict) else document
    if not isinstance(items, list):
        return 'its "items" is not a list'
    if items:
        return _none_of(len(items), "headline")
    return None


def _none_of(count: int, field: str) -> str:
    return f"its one item has no {field}" if count == 1 else f"none of its {count} items has a {field}"
