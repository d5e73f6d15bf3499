"""Where `newsdesk serve` listens: its --host and --port, else NEWSDESK_HOST and NEWSDESK_PORT, else 127.0.0.1:8000.
`newsdesk demo` prints the same address, so the links it prints are the ones the server answers."""

import ipaddress
import os
import socket

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import CommandError

from newsdesk.environment import env_bool, env_int

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


# The commands' readers: the same rules as settings.py's, the error a command's one-line message.
def env_number(name: str, default: int) -> int:
    try:
        return env_int(name, default)
    except ImproperlyConfigured as error:
        raise CommandError(str(error)) from error


def env_switch(name: str, *, default: bool) -> bool:
    try:
        return env_bool(name, default)
    except ImproperlyConfigured as error:
        raise CommandError(str(error)) from error


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
