"""Where `newsdesk serve` listens: its --host and --port, else NEWSDESK_HOST and NEWSDESK_PORT, else 127.0.0.1:8000.
`newsdesk demo` prints the same address, so the links it prints are the ones the server answers."""

import ipaddress
import os
import socket

from django.core.management.base import CommandError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def env_number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit() and len(value) <= 9):
        raise CommandError(f"{name} must be a whole number, not {value[:40]!r}.")
    return int(value)


def configured_host(option: str | None = None) -> str:
    return option or os.environ.get("NEWSDESK_HOST") or DEFAULT_HOST


def configured_port(option: int | None = None) -> int:
    port = option if option is not None else env_number("NEWSDESK_PORT", DEFAULT_PORT)
    if not 0 < port < 65536:
        named = "--port" if option is not None else "NEWSDESK_PORT"
        raise CommandError(f"{named} must be between 1 and 65535, not {port}.")
    return port


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


def browser_url(host: str, port: int) -> str:
    """The server's address as a browser on this machine opens it: a server listening on every address
    (0.0.0.0, ::) is reached through loopback, and an IPv6 address goes in brackets."""
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"
