from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from newsdesk.news.models import Article
from newsdesk.newsroom.tasks import announce_public_change


class Command(BaseCommand):
    help = (
        "Announce again every article whose public state changed recently, so caches, search and feeds that "
        "missed an announcement (a crash after the commit) catch up. Safe to run at any time."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=24.0, help="How far back to look (default 24).")

    def handle(self, *args, hours: float, **options):
        if not 0 < hours <= 24 * 366:
            raise CommandError("--hours must be more than 0 and at most a year.")
        since = timezone.now() - timedelta(hours=hours)
        changed = (
            Article.objects.filter(
                Q(transitions__at__gte=since)
                | Q(public_changes__made_at__gte=since)
                | Q(published_at__range=(since, timezone.now()))
            )
            .values_list("pk", flat=True)
            .distinct()
        )
        count = 0
        for pk in changed.iterator():
            announce_public_change.enqueue(pk, "reconcile")
            count += 1
        self.stdout.write(f"Announced {count} article(s) changed in the last {hours:g} hours.")
