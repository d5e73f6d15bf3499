"""The `newsdesk` command: Django's management commands under the product's name (newsdesk migrate, demo, serve...)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        _ = (
            settings.INSTALLED_APPS
        )  # loading the settings reads the environment (SECRET_KEY, DATABASE_URL...)
    except ImproperlyConfigured as error:
        # Django would print two tracebacks ending in this sentence; the operator needs only the sentence.
        sys.exit(f"newsdesk: {error}")

    execute_from_command_line(["newsdesk", *sys.argv[1:]])


if __name__ == "__main__":
    main()
