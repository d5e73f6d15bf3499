from django.core.management.base import BaseCommand

from newsdesk.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search index from every live article (after a bulk import, a restore or an upgrade)."

    def handle(self, *args, **options):
        self.stdout.write(f"Indexed {rebuild()} articles.")
