"""The `newsdesk` command: Django's management commands under the product's name (newsdesk migrate, demo, serve...)."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["newsdesk", *sys.argv[1:]])


if __name__ == "__main__":
    main()
