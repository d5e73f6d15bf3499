from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save


class SearchConfig(AppConfig):
    name = "newsdesk.search"
    verbose_name = "Search"

    def ready(self):
        from newsdesk.news.models import Author, Section, Source, Topic

        for model in (Section, Topic, Author, Source):
            post_save.connect(
                _reindex_after_rename, sender=model, dispatch_uid=f"search-reindex-{model.__name__}"
            )


def _reindex_after_rename(sender, instance, created, update_fields=None, **kwargs):
    """Names of sections, topics, authors and sources are part of the index; a rename reaches it after the commit."""
    if created or (update_fields is not None and "name" not in update_fields):
        return
    from .tasks import reindex_related

    model_name, pk = sender._meta.model_name, instance.pk
    transaction.on_commit(lambda: reindex_related.enqueue(model_name, pk))
