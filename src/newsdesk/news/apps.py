from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "newsdesk.news"
    verbose_name = "News"

    def ready(self):
        from django.db.models.signals import post_delete

        from . import archive, images
        from .models import Image

        archive.connect_receivers()
        post_delete.connect(images.picture_deleted, sender=Image, dispatch_uid="news-picture-files")
