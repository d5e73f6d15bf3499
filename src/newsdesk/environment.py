"""Settings read from environment variables. A value Newsdesk cannot use stops start-up with the variable's name
and what it must be (one line, `newsdesk.__main__`), never a traceback and never a silent default."""

import os

from django.core.exceptions import ImproperlyConfigured

SWITCHES = {
    "1": True,
    "true": True,
    "yes": True,
    "on": True,
    "0": False,
    "false": False,
    "no": False,
    "off": False,
}


def env_bool(name: str, default: bool = False, *, shared: bool = False) -> bool:
    """A switch. A typo ("flase", "enabled") is an error: read as off, it would quietly turn off HTTPS redirects or
    the page cache. `shared`: other tools use the name too (Node's `debug` reads DEBUG=express:*), so a value that
    is neither on nor off is theirs and leaves the default."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in SWITCHES:
        if shared:
            return default
        raise ImproperlyConfigured(f"{name} must be 1 or 0 (on or off), not {value[:40]!r}.")
    return SWITCHES[value]


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit() and len(value) <= 12) or int(value) < minimum:
        raise ImproperlyConfigured(
            f"{name} must be a whole number of at least {minimum}, not {value[:40]!r}."
        )
    return int(value)
