import logging
import signal
import socket
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connection
from django.tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands.db_worker import Worker

from newsdesk.newsroom.workflow import go_live_due
from newsdesk.serving.preflight import require_services
from newsdesk.wire.ingest import poll_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run background tasks (publish side effects, image renditions) and make scheduled articles go live. "
        "It first sweeps for anything whose time passed while no worker ran."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=0.5,
            help="Seconds between sweeps (default 0.5: a publish reaches cached pages well within a second).",
        )
        parser.add_argument("--once", action="store_true", help="Sweep, run every waiting task, then exit.")

    def handle(self, *args, interval: float, once: bool, **options):
        if not 0.05 <= interval <= 3600:
            raise CommandError("--interval must be between 0.05 and 3600 seconds.")
        require_services()
        self.running = True
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"newsdesk-{socket.gethostname()}"[:64],
            excluded_queue_names=[],
        )
        if not once:
            signal.signal(signal.SIGINT, self._stop)
            signal.signal(signal.SIGTERM, self._stop)
            self.stdout.write(f"Newsdesk worker running (sweeping every {interval:g} s; Ctrl+C stops it).")
        # With another backend (the tests' immediate one) tasks already ran where they were enqueued.
        stored_tasks = isinstance(task_backends["default"], DatabaseBackend)
        while self.running:
            if not connection.in_atomic_block:
                close_old_connections()
            went_live = go_live_due()
            if went_live:
                self.stdout.write(f"Went live: {', '.join(map(str, went_live))}")
            self._poll_wire()
            if stored_tasks:
                worker.run()
            if once:
                return
            time.sleep(interval)

    def _poll_wire(self):
        """Due wire feeds, a few per sweep. A feed's failure is recorded on the feed (the desk shows it); nothing
        a feed does may stop the worker, which also publishes scheduled articles."""
        try:
            for feed, outcome in poll_due(limit=3):
                said = f"failed: {outcome}" if isinstance(outcome, Exception) else f"{outcome.new} new items"
                self.stdout.write(f"Wire {feed.source.name}: {said}")
        except Exception:
            logger.exception("wire polling failed; the worker carries on")

    def _stop(self, signum, frame):
        self.running = False
