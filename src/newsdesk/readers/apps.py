from django.apps import AppConfig


class ReadersConfig(AppConfig):
    name = "newsdesk.readers"
    verbose_name = "Readers"

    def ready(self):
        from . import checks  # noqa: F401  (registers the mail sender check)
