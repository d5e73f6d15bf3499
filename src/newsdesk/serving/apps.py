from django.apps import AppConfig


class ServingConfig(AppConfig):
    """How pages reach readers: the production server (and, with the speed work, the page cache)."""

    name = "newsdesk.serving"
    verbose_name = "Serving"
