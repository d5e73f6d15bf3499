import argparse
import errno
import socket
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import BaseCommand, CommandError

from newsdesk.serving import logs
from newsdesk.serving.address import (
    browser_url,
    configured_host,
    configured_port,
    env_number,
    env_switch,
    listening_address,
)
from newsdesk.serving.preflight import require_services

MAX_WORKERS = 64
MAX_THREADS = 1024


class Command(BaseCommand):
    help = "Serve Newsdesk with the production WSGI server (granian)."

    def add_arguments(self, parser):
        # Defaults from NEWSDESK_HOST/PORT/WORKERS/THREADS are read in handle(), where a bad value is a one-line
        # error; read here, it broke even `newsdesk help serve`.
        parser.add_argument("--host", help="an address to listen on, or a name for one (default 127.0.0.1)")
        parser.add_argument("--port", type=int, help="default 8000")
        parser.add_argument("--workers", type=int, help="worker processes (default 2)")
        parser.add_argument(
            "--threads",
            type=int,
            help="threads per worker, default 8 (measured in docs/performance.md: 8 beat granian's default of 256)",
        )
        parser.add_argument(
            "--access-log",
            action=argparse.BooleanOptionalAction,
            help="one line per request on stdout (default: NEWSDESK_ACCESS_LOG, else off)",
        )

    def handle(self, *args, host, port, workers, threads, access_log, **options):
        from granian import Granian
        from granian.constants import Interfaces
        from granian.log import LogLevels

        host = configured_host(host)
        address = listening_address(host)
        port = configured_port(port)
        workers = workers if workers is not None else env_number("NEWSDESK_WORKERS", 2)
        threads = threads if threads is not None else env_number("NEWSDESK_THREADS", 8)
        log_level = getattr(settings, "LOG_LEVEL", "INFO")
        if access_log is None:
            # Off unless asked for, as in granian and gunicorn: granian writes each line in Python, which cost
            # cached pages about two thirds of their rate (docs/operations.md), and the nginx or CDN in front of
            # most sites keeps an access log already. A breaking-news spike is when that rate counts.
            access_log = env_switch("NEWSDESK_ACCESS_LOG", default=False)
        if not 1 <= workers <= MAX_WORKERS:
            raise CommandError(f"--workers must be between 1 and {MAX_WORKERS}, not {workers}.")
        if not 0 <= threads <= MAX_THREADS:
            raise CommandError(f"--threads must be 0 (granian's default) to {MAX_THREADS}, not {threads}.")
        if not (settings.ALLOWED_HOSTS or settings.DEBUG):
            # Started anyway, it would answer every request, /healthz included, with 400 Bad Request.
            raise CommandError(
                "ALLOWED_HOSTS is empty, so every request would be refused (400): "
                "set it to the site's host names, e.g. ALLOWED_HOSTS=news.example,www.news.example."
            )
        require_collected_static_files()
        require_free_port(address, port)
        require_services()
        self.stdout.write(
            f"Newsdesk is serving on {browser_url(host, port)}/ with {workers} workers"
            f" of {threads or 'the default number of'} threads (Ctrl+C stops it)."
        )
        Granian(
            "newsdesk.wsgi:application",
            address=address,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            respawn_failed_workers=True,
            log_level=LogLevels(log_level.lower()),
            log_dictconfig=granian_logging(),
            log_access=access_log,
            log_access_format=logs.ACCESS_FORMAT,
            **({"blocking_threads": threads} if threads else {}),
        ).serve()


def granian_logging() -> dict:
    """granian's logging configuration, in settings.LOGGING's format (each section given replaces granian's own):
    its own lines on stderr as Django's are, the access log on stdout for whatever collects it. The filters sit
    on the handlers: each granian worker configures logging again, which replaces a logger's handlers but adds
    its filters a second time."""
    return {
        "formatters": {"timestamped": {"()": "newsdesk.serving.logs.Formatter"}},
        "filters": {
            "measured_threads": {"()": "newsdesk.serving.logs.MeasuredThreads"},
            "request_line": {"()": "newsdesk.serving.logs.RequestLine"},
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "timestamped",
                "filters": ["measured_threads"],
                "stream": "ext://sys.stderr",
            },
            "access": {
                "class": "logging.StreamHandler",
                "formatter": "timestamped",
                "filters": ["request_line"],
                "stream": "ext://sys.stdout",
            },
        },
        "loggers": {
            "_granian": {"handlers": ["console"], "propagate": False},
            "granian.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }


def require_free_port(address: str, port: int) -> None:
    """granian listens with SO_REUSEPORT, so a second server on a busy port started silently and the two shared
    the traffic (one of them perhaps an old version). A bind without SO_REUSEPORT finds the port taken; with
    SO_REUSEADDR, as servers bind, connections a stopped server closed (TIME_WAIT, a minute) do not count."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((address, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise CommandError(
                    f"Port {port} on {address} is already in use (another server?)."
                ) from error
            raise CommandError(f"Cannot listen on {address}:{port}: {error.strerror}.") from error


def require_collected_static_files() -> None:
    """Without the hashed files' manifest every page answers 500 (each links its stylesheet by hashed name)."""
    manifest_name = getattr(staticfiles_storage, "manifest_name", None)
    if manifest_name and not (Path(settings.STATIC_ROOT) / manifest_name).exists():
        raise CommandError(
            "The static files are not collected: run `newsdesk collectstatic --no-input` first."
        )
