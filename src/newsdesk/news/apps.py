from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "newsdesk.news"
    verbose_name = "News"

    def ready(self):
        from . import archive

        archive.connect_receivers()
