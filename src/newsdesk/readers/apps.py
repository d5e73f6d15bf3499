from django.apps import AppConfig


class ReadersConfig(AppConfig):
    name = "newsdesk.readers"
    verbose_name = "Readers"
