"""Purging: what a change purges (receivers), when (a task after the commit), and where (this site's page cache,
then each CDN adapter), each logged as a PurgeLog row."""

import logging
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.tasks import task

from newsdesk.news import images

from . import adapters
from .cache import page_cache
from .keys import article_keys, list_key, object_key
from .models import PurgeLog

logger = logging.getLogger(__name__)


class LocalPurgeFailed(Exception):
    """This site's page cache could not be purged (Redis or the shared file down): its pages stay stale until
    they expire. Raised after the CDNs were tried, so the task is recorded as failed, not as done."""


def purge_keys(keys: list[str], *, reason: str, files: list[str] = ()) -> list[str]:
    """Purge now: the local page cache first (so the origin answers fresh before a CDN refetches), then every
    configured CDN. A CDN that fails is logged and does not stop the others. `files` are addresses outside the
    page cache (a removed picture's) that CDNs purging by URL must drop too. Returns the purged URLs; raises
    LocalPurgeFailed, after trying the CDNs, when this site's own cache could not be purged."""
    keys = sorted(set(keys))
    local_error = None
    try:
        urls = page_cache().purge(keys)
    except Exception as error:
        local_error = error
        logger.exception("page cache: local purge failed (%s)", reason)
        PurgeLog.objects.create(
            reason=reason,
            keys=" ".join(keys),
            adapter="local",
            outcome=PurgeLog.Outcome.FAILED,
            detail=str(error),
        )
        urls = []
    else:
        PurgeLog.objects.create(
            reason=reason,
            keys=" ".join(keys),
            adapter="local",
            outcome=PurgeLog.Outcome.OK,
            pages=len(urls),
            detail="\n".join(urls)[:10_000],
        )
    urls = [*urls, *files]
    cdns = adapters.configured()
    if cdns:
        # Other workers may answer from their in-process copies for this long after the purge: a CDN purged
        # sooner could refetch the old page from one of them and keep it for its whole s-maxage.
        time.sleep(page_cache().propagation_seconds())
    for adapter in cdns:
        try:
            detail, outcome = adapter.purge(keys, urls), PurgeLog.Outcome.OK
        except Exception as error:  # a CDN outage is logged for the admins, never raised into the newsroom
            logger.warning("page cache: %s purge failed: %s", adapter.name, error)
            detail, outcome = str(error)[:1000], PurgeLog.Outcome.FAILED
        PurgeLog.objects.create(
            reason=reason,
            keys=" ".join(keys),
            adapter=adapter.name,
            outcome=outcome,
            pages=len(urls),
            detail=detail,
        )
    if local_error is not None:
        raise LocalPurgeFailed(
            f"the page cache could not be purged ({reason}): {local_error}"
        ) from local_error
    return urls


@task
def purge_pages(keys: list[str], reason: str, files: list[str] | None = None) -> int:
    return len(purge_keys(keys, reason=reason, files=files or []))


def purge_after_commit(keys: list[str], *, reason: str, files: list[str] = ()) -> None:
    keys = sorted(set(keys))
    files = list(files)
    transaction.on_commit(lambda: purge_pages.enqueue(keys, reason, files))


# --- receivers --------------------------------------------------------------------------------------------------


def article_changed(sender, article, reason, lists_changed=False, **kwargs):
    keys = article_keys(article, reason=reason, lists_changed=lists_changed)
    purge_after_commit(keys, reason=f"article {article.pk} {reason}" + (" (moved)" if lists_changed else ""))


def article_deleted(sender, instance, **kwargs):
    # Before the delete, while its bylines, topics and sources still say which lists held it.
    purge_after_commit(article_keys(instance, reason="delete"), reason=f"article {instance.pk} deleted")


def subject_saved(sender, instance, raw=False, **kwargs):
    """A section, topic, author, source or image edited: the pages showing it. A section shown in the navigation
    is on every page; one just added to it must also appear there."""
    if raw:
        return
    keys = [object_key(instance)]
    if getattr(instance, "in_navigation", False):
        keys.append("nav")
    purge_after_commit(keys, reason=f"{object_key(instance)} saved")


def subject_deleted(sender, instance, **kwargs):
    keys = [object_key(instance)]
    if sender._meta.model_name != "image":
        keys.append(list_key(instance))
    purge_after_commit(keys, reason=f"{object_key(instance)} deleted")


def picture_files_removed(sender, key, paths, **kwargs):
    """A picture left the library or was replaced: CDNs drop its original and renditions, by key (the key
    serve_media tags them with) and by address."""
    addresses = [default_storage.url(path) for path in paths]
    purge_after_commit([key], reason=f"picture {key} removed", files=_on_each_host(addresses))


def renditions_made(sender, image, **kwargs):
    """Pages showing a picture whose renditions were not made yet show the file as uploaded: they go, so the next
    reader gets the srcset and the WebP."""
    purge_after_commit([object_key(image)], reason=f"{object_key(image)} renditions made")


def _on_each_host(addresses: list[str]) -> list[str]:
    """A cache keyed by host (Varnish, nginx) holds a picture once per name the site answers to: a path from the
    storage becomes one address per host in ALLOWED_HOSTS (wildcards cannot be listed; the path is kept as is)."""
    hosts = [host for host in settings.ALLOWED_HOSTS if "*" not in host and not host.startswith(".")]
    absolute = []
    for address in addresses:
        if urlsplit(address).netloc or not hosts:
            absolute.append(address)
        else:
            absolute += [f"http://{host}{address}" for host in hosts]
    return absolute


def site_settings_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        purge_after_commit(["site"], reason="site settings saved")


def connect_receivers() -> None:
    from newsdesk.news.models import Article, Author, Image, Section, Source, Topic
    from newsdesk.newsroom.tasks import public_article_changed
    from newsdesk.sitesettings.models import SiteSettings

    public_article_changed.connect(article_changed, dispatch_uid="pagecache-article")
    pre_delete.connect(article_deleted, sender=Article, dispatch_uid="pagecache-article-delete")
    for model in (Section, Topic, Author, Source, Image):
        uid = model._meta.model_name
        post_save.connect(subject_saved, sender=model, dispatch_uid=f"pagecache-save-{uid}")
        post_delete.connect(subject_deleted, sender=model, dispatch_uid=f"pagecache-delete-{uid}")
    post_save.connect(site_settings_saved, sender=SiteSettings, dispatch_uid="pagecache-site")
    images.picture_files_removed.connect(picture_files_removed, dispatch_uid="pagecache-picture-files")
    images.renditions_made.connect(renditions_made, dispatch_uid="pagecache-renditions-made")
