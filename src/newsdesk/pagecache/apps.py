from django.apps import AppConfig


class PagecacheConfig(AppConfig):
    name = "newsdesk.pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import keys, purge

        keys.connect_collectors()
        purge.connect_receivers()
