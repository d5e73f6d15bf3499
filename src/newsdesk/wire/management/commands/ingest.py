from pathlib import Path
from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError

from newsdesk.news.models import Source
from newsdesk.wire import ingest
from newsdesk.wire.fetcher import FetchError, fetch
from newsdesk.wire.parsers import MAX_FEED_BYTES, FeedError, NotAFeed, parse_feed


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
        try:
            parsed = parse_feed(data)
        except NotAFeed as error:
            raise CommandError(f"{origin} could not be read as a feed: {error.reason}.") from error
        except FeedError as error:
            raise CommandError(str(error)) from error
        name = (source_name or parsed.title or fallback).strip()[:120]
        if not parsed.items:
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
