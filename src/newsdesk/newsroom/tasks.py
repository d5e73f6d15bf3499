"""Background work of the newsroom, run by `newsdesk worker` through Django's tasks framework (django-tasks-db)."""

import logging

from django.db import transaction
from django.dispatch import Signal
from django.tasks import default_task_backend, task

from newsdesk.news.models import Article, Image

logger = logging.getLogger(__name__)

# Sent (from a task, after the commit) whenever what readers see of an article may have changed: publish, going
# live, update, correction, take-down. The page cache and notifications connect here.
public_article_changed = Signal()


@task
def announce_public_change(article_id: int, reason: str, lists_changed: bool = False) -> None:
    """lists_changed: an edit moved the article to another section or changed its topics, bylines or sources, so
    lists it was not on before may now hold it."""
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        return
    logger.info("article %s changed in public (%s)", article_id, reason)
    public_article_changed.send(sender=Article, article=article, reason=reason, lists_changed=lists_changed)


@task
def go_live(article_id: int) -> list[int]:
    """Enqueued for a scheduled article's time; the worker's sweep catches any that were missed."""
    from .workflow import go_live_due

    return go_live_due()


@task
def build_renditions(image_id: int) -> None:
    image = Image.objects.filter(pk=image_id).first()
    if image is not None:
        image.build_renditions()


def after_transition(article: Article, transition) -> None:
    """Called on commit of a workflow move. Any move into or out of a live state may change public pages: a
    scheduled story's lists are kept only until its time, and a new time must cut them again."""
    if {transition.from_status, transition.to_status} & set(Article.LIVE_STATUSES):
        announce_public_change.enqueue(article.pk, transition.action)
    if (
        transition.action in ("schedule", "reschedule")
        and article.published_at
        and default_task_backend.supports_defer
    ):
        # Without deferred tasks (tests' immediate backend) the worker's sweep makes the same move.
        go_live.using(run_after=article.published_at).enqueue(article.pk)


def after_public_edit(article: Article, kind: str, *, lists_changed: bool = False) -> None:
    transaction.on_commit(lambda: announce_public_change.enqueue(article.pk, kind, lists_changed))
