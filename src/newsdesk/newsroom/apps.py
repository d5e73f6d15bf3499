from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsdesk.newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        from newsdesk.news.images import picture_files_removed

        from .editing import picture_left_library

        picture_files_removed.connect(picture_left_library, dispatch_uid="newsroom-body-pictures")
