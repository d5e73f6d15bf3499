import errno
import ipaddress
import os
import socket
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import BaseCommand, CommandError

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

    def handle(self, *args, host, port, workers, threads, **options):
        from granian import Granian
        from granian.constants import Interfaces

        address = listening_address(host or os.environ.get("NEWSDESK_HOST") or "127.0.0.1")
        port = port if port is not None else env_number("NEWSDESK_PORT", 8000)
        workers = workers if workers is not None else env_number("NEWSDESK_WORKERS", 2)
        threads = threads if threads is not None else env_number("NEWSDESK_THREADS", 8)
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}.")
        if not 1 <= workers <= MAX_WORKERS:
            raise CommandError(f"--workers must be between 1 and {MAX_WORKERS}, not {workers}.")
        if not 0 <= threads <= MAX_THREADS:
            raise CommandError(f"--threads must be 0 (granian's default) to {MAX_THREADS}, not {threads}.")
        require_collected_static_files()
        require_free_port(address, port)
        require_services()
        self.stdout.write(
            f"Newsdesk is serving on http://{host or address}:{port}/ with {workers} workers"
            f" of {threads or 'the default number of'} threads (Ctrl+C stops it)."
        )
        Granian(
            "newsdesk.wsgi:application",
            address=address,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            respawn_failed_workers=True,
            **({"blocking_threads": threads} if threads else {}),
        ).serve()


def env_number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit() and len(value) <= 9):
        raise CommandError(f"{name} must be a whole number, not {value[:40]!r}.")
    return int(value)


def listening_address(host: str) -> str:
    """granian takes an IP address only; a name (localhost) is resolved here, once."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:
        return socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)[0][4][0]
    except (OSError, UnicodeError) as error:
        raise CommandError(
            f"--host {host[:80]!r} is neither an IP address nor a name this machine resolves."
        ) from error


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
