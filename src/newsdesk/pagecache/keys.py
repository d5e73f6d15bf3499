"""Surrogate keys: which public pages depend on which objects.

A page's keys are collected while Django renders it. Every news object instantiated during the render (the article,
the stories listed, their sections, bylines' authors, the navigation's sections, the breaking banner) adds its own
key through post_init, so a template that shows one more thing can never forget to say so. Lists add what post_init
cannot see, the objects that are *not yet* on them: a section page says it shows "section-5-articles", so publishing
into section 5 purges it. A view opts its page into the cache by calling depends_on(); a page that never does is
never stored (the newsroom, the API, search, previews, sign-in).

Kinds of key:
  article-<id>, section-<id>, topic-<id>, author-<id>, source-<id>, image-<id>   what that object shows
  section-<id>-articles (and topic-, author-, source-)                            which stories a list holds
  home, archive, feeds, sitemaps, corrections                                      other lists
  site, nav, breaking                                                              on every HTML page
"""

import functools
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db.models.signals import post_init

# Keys on every HTML page: site settings (name, tagline, footer), the navigation bar and the breaking banner.
LAYOUT_KEYS = ("site", "nav", "breaking")


@dataclass
class Collection:
    keys: set[str] = field(default_factory=set)
    cacheable: bool = False
    # Whether the page reads the pager's cursors: a page that ignores its query string is not stored under one,
    # or anyone could fill the cache with "/?before=1", "/?before=2"...
    reads_query: bool = False


_current: ContextVar[Collection | None] = ContextVar("pagecache_collection", default=None)


def start() -> object:
    """Begin collecting for one request; returns the token finish() needs."""
    return _current.set(Collection())


def finish(token) -> Collection:
    collection = _current.get() or Collection()
    _current.reset(token)
    return collection


def depends_on(*keys: str, reads_query: bool = False) -> None:
    """Called by a public view: its page may be cached, and it also depends on these keys. A no-op outside the
    page-cache layer (tests' client, management commands)."""
    collection = _current.get()
    if collection is not None:
        collection.cacheable = True
        collection.keys.update(keys)
        collection.reads_query |= reads_query


def cached_view(view, *page_keys: str):
    """A view from elsewhere (Django's sitemaps) whose page may be cached under these keys."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        depends_on(*page_keys)
        return view(request, *args, **kwargs)

    return wrapper


def object_key(instance) -> str:
    return f"{type(instance)._meta.model_name}-{instance.pk}"


def list_key(subject) -> str:
    """The key of the list of stories filed under a section, topic, author or source."""
    return f"{object_key(subject)}-articles"


def _collect_instance(sender, instance, **kwargs):
    collection = _current.get()
    if collection is not None and instance.pk is not None:
        collection.keys.add(object_key(instance))


def connect_collectors() -> None:
    from newsdesk.news.models import Article, Author, Image, Section, Source, Topic

    for model in (Article, Section, Topic, Author, Source, Image):
        post_init.connect(_collect_instance, sender=model, dispatch_uid=f"pagecache-{model._meta.model_name}")


def article_keys(article, *, reason: str, lists_changed: bool = False) -> list[str]:
    """The keys a public change of this article purges. A content edit (update, correction, minor fix) changes the
    pages that show the article, which carry its key; any other change (publish, go-live, take-down, schedule...),
    or an edit that moved it to another section or changed its topics, bylines or sources, may also add it to or
    drop it from lists, so those lists' keys go too. Only a correction, or the article leaving or coming back,
    changes the corrections page."""
    keys = [object_key(article)]
    if reason not in ("publish", "schedule", "reschedule", "go_live", "update", "minor"):
        keys.append("corrections")
    if article.is_breaking:
        keys.append("breaking")
    if reason in ("update", "correction", "minor") and not lists_changed:
        # A front-page story may have just been lifted there (its priority is not part of the revision's lists).
        return [*keys, "home"] if article.priority > 0 else keys
    keys += ["home", "archive", "feeds", "sitemaps", f"section-{article.section_id}-articles"]
    keys += [f"topic-{pk}-articles" for pk in article.topics.values_list("pk", flat=True)]
    keys += [f"author-{pk}-articles" for pk in article.bylines.values_list("author_id", flat=True)]
    keys += [f"source-{pk}-articles" for pk in article.cited_sources.values_list("source_id", flat=True)]
    return keys
