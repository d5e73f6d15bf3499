import os

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Newsdesk with the production WSGI server (granian)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("NEWSDESK_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("NEWSDESK_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("NEWSDESK_WORKERS", "2")))
        parser.add_argument(
            "--threads",
            type=int,
            default=int(os.environ.get("NEWSDESK_THREADS", "8")),
            help="threads per worker (measured in docs/performance.md: 8 beat granian's default of 256)",
        )

    def handle(self, *args, host, port, workers, threads, **options):
        from granian import Granian
        from granian.constants import Interfaces

        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}.")
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if threads < 0:
            raise CommandError("--threads must be 0 (granian's default) or more.")
        self.stdout.write(
            f"Newsdesk is serving on http://{host}:{port}/ with {workers} workers"
            f" of {threads or 'the default number of'} threads (Ctrl+C stops it)."
        )
        Granian(
            "newsdesk.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            respawn_failed_workers=True,
            **({"blocking_threads": threads} if threads else {}),
        ).serve()
