from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "newsdesk.search"
    verbose_name = "Search"
