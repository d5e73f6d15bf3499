"""The `newsdesk` command: Django's management commands under the product's name (newsdesk migrate, demo, serve...)."""

import errno
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    from django.core.management import execute_from_command_line

    arguments = sys.argv[1:]
    try:
        execute_from_command_line(["newsdesk", *arguments])
    except Exception as error:
        # The environment's faults (a missing setting, a database or Redis that cannot be reached, a database not
        # migrated yet) end in one line an operator can act on; Django would print one or two tracebacks.
        # --traceback shows them anyway; anything else is a bug, and its traceback is what a report needs.
        message = environment_fault(error)
        if message is None or "--traceback" in arguments:
            raise
        sys.exit(f"newsdesk: {message}")


def environment_fault(error: Exception) -> str | None:
    from django.core.exceptions import ImproperlyConfigured
    from django.db import InterfaceError, OperationalError

    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    if isinstance(error, ImproperlyConfigured):
        return first_line
    if isinstance(error, OperationalError | InterfaceError):
        if "no such table" in first_line or ("relation" in first_line and "does not exist" in first_line):
            return f"the database is not set up yet ({first_line}): run `newsdesk migrate` first."
        return f"the database could not be used (DATABASE_URL): {first_line}"
    settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "")
    if (
        isinstance(error, ModuleNotFoundError)
        and error.name
        and f"{settings_module}.".startswith(f"{error.name}.")
    ):
        return f"there is no settings module {settings_module!r} (DJANGO_SETTINGS_MODULE or --settings)."
    if isinstance(error, ValueError) and first_line.startswith("Incorrect timezone setting: "):
        # Django's own check of TIME_ZONE, made while it reads the settings.
        zone = first_line.removeprefix("Incorrect timezone setting: ")
        return (
            f"TIME_ZONE {zone[:60]!r} is not a time zone this machine knows (for example Asia/Baku or UTC)."
        )
    if type(error).__module__.startswith("redis"):
        return f"Redis could not be reached (REDIS_URL): {first_line}"
    if (
        isinstance(error, OSError)
        and error.filename
        and (isinstance(error, PermissionError) or error.errno == errno.EROFS)
    ):
        return (
            f"cannot write {error.filename} ({error.strerror}): the data directories (NEWSDESK_DATA_DIR, "
            "MEDIA_ROOT, PAGECACHE_DIR) must be writable by the user running newsdesk."
        )
    return None


if __name__ == "__main__":
    main()
