from django.core.management.base import BaseCommand, CommandError

from newsdesk.pagecache.cache import page_cache
from newsdesk.pagecache.purge import LocalPurgeFailed, purge_keys


class Command(BaseCommand):
    help = (
        "Purge cached pages by surrogate key (article-12, section-3, home...) here and on the configured CDNs, "
        "or empty this site's page cache with --all."
    )

    def add_arguments(self, parser):
        parser.add_argument("keys", nargs="*")
        parser.add_argument(
            "--all",
            dest="everything",
            action="store_true",
            help="Empty this site's page cache (not the CDN's).",
        )

    def handle(self, *args, keys, everything, **options):
        if everything:
            page_cache().clear()
            self.stdout.write("The page cache is empty.")
            return
        if not keys:
            raise CommandError("Name at least one key, or pass --all.")
        try:
            urls = purge_keys(keys, reason="by hand")
        except LocalPurgeFailed as error:
            raise CommandError(
                f"{error}; the CDNs were purged, this site's pages stay until they expire."
            ) from error
        self.stdout.write(f"Purged {len(urls)} pages.")
