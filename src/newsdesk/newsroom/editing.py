"""Saving an article's text without ever losing an edit.

Every save names the version it started from. The version check and the raise happen in one UPDATE, so of two
editors who opened version 7, exactly one saves version 8 and the other is told, with their text kept.
"""

import logging

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from newsdesk.news.models import Article
from newsdesk.search import index as search_index

from .diff import texts_diff_html
from .models import EditLock, PublicChange, Revision

logger = logging.getLogger(__name__)


class StaleVersion(Exception):
    """The article changed since this editor opened it at `base_version`."""

    def __init__(self, current: Article, *, base_version: int):
        super().__init__(f"Article {current.pk} is at version {current.version}, not {base_version}")
        self.current, self.base_version = current, base_version


class ChangeKind:
    MINOR = "minor"
    UPDATE = PublicChange.Kind.UPDATE
    CORRECTION = PublicChange.Kind.CORRECTION
    CHOICES = [
        (MINOR, "Minor fix (typo, style): not shown to readers"),
        (UPDATE, "Update: new information, shown as “Updated”"),
        (CORRECTION, "Correction: an error fixed, shown with a public note"),
    ]


def claim_version(article: Article, *, base_version: int) -> None:
    """Raises the stored version by one if it is still `base_version`; otherwise raises StaleVersion."""
    claimed = Article.objects.filter(pk=article.pk, version=base_version).update(version=F("version") + 1)
    if not claimed:
        raise StaleVersion(Article.objects.get(pk=article.pk), base_version=base_version)
    article.version = base_version + 1


def prepare_public_change(article: Article, *, kind: str) -> None:
    """Stamps an update or correction time on a live article before it is saved."""
    if not article.is_public or kind == ChangeKind.MINOR:
        return
    now = timezone.now()
    article.updated_at = now
    if kind == ChangeKind.CORRECTION:
        article.corrected_at = now


def details_of(article: Article) -> dict:
    return {
        "section": article.section_id,
        "dateline": article.dateline,
        "type": article.article_type,
        "lead_image": article.lead_image_id,
        "topics": sorted(article.topics.values_list("pk", flat=True)),
        "bylines": list(article.bylines.order_by("order").values_list("author_id", flat=True)),
        "sources": list(article.cited_sources.order_by("order").values_list("source_id", "usage")),
    }


def texts_of(article: Article) -> dict[str, str]:
    return {"headline": article.headline, "standfirst": article.standfirst, "body": article.body}


def record_save(
    article: Article, *, by, before: dict[str, str], kind: str = ChangeKind.MINOR, note: str = ""
) -> Revision:
    """Keeps the saved article as a revision and, for an update or correction, tells readers what changed
    since the version they could read before (`before`). Any save of a live article, a minor fix included, is
    announced so cached copies of its pages are refreshed."""
    # Only a live article's lists can go stale, so only its saves look up the placement it had before.
    previous = (
        article.revisions.filter(kind=Revision.Kind.SAVE)
        .order_by("-version")
        .values_list("details", flat=True)
        .first()
        if article.is_public
        else None
    )
    revision = Revision.objects.create(
        article=article,
        version=article.version,
        headline=article.headline,
        standfirst=article.standfirst,
        body=article.body,
        details=details_of(article),
        saved_by=by,
    )
    article.revisions.filter(kind=Revision.Kind.AUTOSAVE, saved_by=by).delete()
    search_index.update_article(article)
    if not article.is_public:
        return revision
    if kind in (ChangeKind.UPDATE, ChangeKind.CORRECTION):
        PublicChange.objects.create(
            article=article,
            kind=kind,
            note=note.strip(),
            made_by=by,
            made_at=article.updated_at or timezone.now(),
            diff_html=texts_diff_html(before, revision.texts),
        )
    from .tasks import after_public_edit

    after_public_edit(
        article,
        kind,
        # No earlier revision (an imported or generated story): which lists it left or joined is unknown.
        lists_changed=previous is None or placement_of(previous) != placement_of(revision.details),
    )
    return revision


def placement_of(details: dict) -> tuple:
    """Which lists an article is on, from a revision's details: its section, topics, authors and sources."""
    return (
        details.get("section"),
        sorted(details.get("topics", [])),
        sorted(details.get("bylines", [])),
        sorted(source for source, *_ in details.get("sources", [])),
    )


def keep_refused_text(article_id: int, *, by, texts: dict[str, str], base_version: int) -> Revision:
    """The text of a save that lost a race, kept so its author can copy from it."""
    return Revision.objects.create(
        article_id=article_id,
        version=base_version,
        kind=Revision.Kind.CONFLICT,
        headline=texts.get("headline", "")[:200],
        standfirst=texts.get("standfirst", ""),
        body=texts.get("body", ""),
        saved_by=by,
    )


def autosave(article: Article, *, by, texts: dict[str, str]) -> Revision:
    """One scratch copy per editor and article, replaced on each autosave and dropped on a real save."""
    revision, _ = Revision.objects.update_or_create(
        article=article,
        kind=Revision.Kind.AUTOSAVE,
        saved_by=by,
        defaults={
            "version": article.version,
            "headline": texts.get("headline", "")[:200],
            "standfirst": texts.get("standfirst", "")[:500],
            "body": texts.get("body", ""),
            "saved_at": timezone.now(),
        },
    )
    return revision


def pending_autosave(article: Article, *, by) -> Revision | None:
    """This editor's autosaved text, while it differs from the article (whoever saved or moved it since)."""
    scratch = article.revisions.filter(kind=Revision.Kind.AUTOSAVE, saved_by=by).first()
    return None if scratch is None or scratch.texts == texts_of(article) else scratch


# Soft locks --------------------------------------------------------------------------------------------------


def hold_lock(article: Article, *, by, take_over: bool = False) -> EditLock:
    """Takes or refreshes the lock for `by`; returns the lock as it stands (maybe someone else's)."""
    now = timezone.now()
    try:
        with transaction.atomic():
            EditLock.objects.get_or_create(
                article=article, defaults={"holder": by, "since": now, "seen_at": now}
            )
    except IntegrityError:
        pass  # another editor created it a moment ago: handled below like any existing lock
    with transaction.atomic():
        lock = EditLock.objects.select_for_update().select_related("holder").get(article=article)
        if lock.holder_id == by.pk:
            lock.seen_at = now
            lock.save(update_fields=["seen_at"])
        elif take_over or lock.is_expired:
            lock.holder, lock.since, lock.seen_at = by, now, now
            lock.save(update_fields=["holder", "since", "seen_at"])
        return lock


def release_lock(article: Article, *, by) -> None:
    EditLock.objects.filter(article=article, holder=by).delete()


def picture_left_library(sender, key: str, paths, replaced_by: str = "", **kwargs) -> list[int]:
    """A picture was deleted from the library (or its file replaced): the stories that show it inside their text
    stop pointing at an address that now answers 404. A deleted picture is taken out with its caption; a replaced
    one is pointed at the new file. Each story changed is saved as a minor fix by the system (a revision, a new
    version, so an editor with it open gets the conflict screen, and a purge of its pages)."""
    from django.core.files.storage import default_storage

    from newsdesk.news.text import without_picture

    stem = key.removeprefix("media-")
    moved_to = default_storage.url(replaced_by) if replaced_by else ""
    changed = []
    for pk in Article.objects.filter(pictures_in_text__stem=stem).values_list("pk", flat=True).distinct():
        try:
            with transaction.atomic():
                article = Article.objects.select_for_update().get(pk=pk)
                body = without_picture(article.body, stem, moved_to=moved_to)
                if body == article.body:
                    continue
                before = texts_of(article)
                claim_version(article, base_version=article.version)
                article.body = body
                article.save()
                record_save(article, by=None, before=before, kind=ChangeKind.MINOR)
                changed.append(pk)
        except Exception:  # one story that cannot be saved must not leave the others showing a dead picture
            logger.exception("article %s still shows the removed picture %s", pk, stem)
    return changed
