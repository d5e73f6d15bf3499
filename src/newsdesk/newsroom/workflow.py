"""The editorial workflow: every state an article can be in and every move between them, in one place.

draft → in review → scheduled or published → (updated, corrected) → taken down. Each move is one call to
`move()`, inside a transaction, recorded as a Transition; its side effects (the public pages changed) are
enqueued only after the commit, so a failure half-way leaves no trace and fires nothing.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format

from newsdesk.news.models import Article, pictures_gone_from_library
from newsdesk.news.text import body_picture_problems
from newsdesk.search import index as search_index

from .models import Transition
from .roles import Action, can

Status = Article.Status


class WorkflowError(Exception):
    """A move that is not allowed now, with a message an editor can act on."""


class StaleMove(WorkflowError):
    """Someone saved or moved the article after this person opened the version they meant to move."""

    def __init__(self, current: Article, *, seen_version: int):
        self.current, self.seen_version = current, seen_version
        who = changed_by(current)
        super().__init__(
            f"{who or 'Someone'} changed this article (now version {current.version}) after you opened version "
            f"{seen_version}. Nothing was done: read the newest version below, then try again."
        )


def changed_by(article: Article) -> str:
    """Who made the article's current version: the save or the move that raised it to that number."""
    from .models import Revision

    saved = (
        article.revisions.filter(kind=Revision.Kind.SAVE, version=article.version)
        .select_related("saved_by")
        .first()
    )
    if saved is not None:
        # No person: the system's own save (a picture deleted from the library, taken out of the text).
        return (
            saved.saved_by.display_name
            if saved.saved_by is not None
            else "Newsdesk (a picture left the library)"
        )
    moved = article.transitions.select_related("actor").first()
    return moved.actor_name if moved is not None else ""


@dataclass(frozen=True)
class Move:
    action: Action
    label: str
    sources: tuple[str, ...]
    target: str
    note_required: bool = False
    needs_time: bool = False
    # An optional note, where the person on the other end needs to know why (kept in the history like any note).
    note_offered: str = ""


MOVES: dict[Action, Move] = {
    move.action: move
    for move in [
        Move(Action.SUBMIT, "Submit for review", (Status.DRAFT,), Status.IN_REVIEW),
        Move(
            Action.RETURN,
            "Return to writer",
            (Status.IN_REVIEW, Status.SCHEDULED),
            Status.DRAFT,
            note_offered="What needs doing",
        ),
        Move(
            Action.PUBLISH,
            "Publish now",
            (Status.DRAFT, Status.IN_REVIEW, Status.SCHEDULED),
            Status.PUBLISHED,
        ),
        Move(
            Action.SCHEDULE, "Schedule", (Status.DRAFT, Status.IN_REVIEW), Status.SCHEDULED, needs_time=True
        ),
        Move(Action.RESCHEDULE, "Reschedule", (Status.SCHEDULED,), Status.SCHEDULED, needs_time=True),
        Move(Action.UNSCHEDULE, "Unschedule", (Status.SCHEDULED,), Status.DRAFT),
        Move(
            Action.TAKE_DOWN,
            "Take down",
            (Status.PUBLISHED, Status.SCHEDULED),
            Status.UNPUBLISHED,
            note_required=True,
        ),
        Move(Action.REPUBLISH, "Publish again", (Status.UNPUBLISHED,), Status.PUBLISHED),
    ]
}
GO_LIVE = "go_live"  # the system's own move, when a scheduled article's time comes
MAX_SCHEDULE_AHEAD = timedelta(days=5 * 366)


def missing_for_review(article: Article) -> list[str]:
    """What an article still needs before review or publication."""
    missing = []
    if not article.headline.strip():
        missing.append("a headline")
    if not article.standfirst.strip():
        missing.append("a standfirst")
    if not article.section_id:
        missing.append("a section")
    if not article.bylines.exists():
        missing.append("at least one byline")
    # The newsroom form refuses such a save; drafts from the API or the wire desk may still carry one.
    if body_picture_problems(article.body):
        missing.append("body pictures from the image library, each with a description (save it to see which)")
    elif pictures_gone_from_library(article.body):
        # A draft from the API or the wire desk, written against a picture deleted since.
        missing.append("no picture that is no longer in the image library (save it to see which)")
    return missing


def moves_for(user, article: Article) -> list[Move]:
    """The moves this person may make on this article now, for the buttons in the editor."""
    return [
        move
        for move in MOVES.values()
        if article.status in move.sources
        and not _pulls_back_a_live_story(article, move)
        and not _takes_down_what_never_went_live(article, move)
        and can(user, move.action, article)
    ]


def _pulls_back_a_live_story(article: Article, spec: Move) -> bool:
    """A scheduled story whose time has come is public by the clock alone, before any worker records it. Moving
    it back to a draft or to a later time would take it off the site without the reason a take-down asks for."""
    return (
        article.status == Status.SCHEDULED
        and article.is_public
        and spec.target not in (Status.PUBLISHED, Status.UNPUBLISHED)
    )


def _takes_down_what_never_went_live(article: Article, spec: Move) -> bool:
    """A story scheduled for later has no readers yet: taking it down would leave it "taken down" with only
    "Publish again" (at once) to come back by. Unscheduling is the move that keeps it."""
    return spec.action == Action.TAKE_DOWN and article.status == Status.SCHEDULED and not article.is_public


def _to_the_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def _local(moment: datetime) -> str:
    from newsdesk.sitesettings.models import SiteSettings

    return date_format(timezone.localtime(moment, SiteSettings.load().zone), "j M Y, H:i")


def move(
    article: Article,
    action: Action,
    *,
    by,
    note: str = "",
    publish_at: datetime | None = None,
    seen_version: int | None = None,
) -> Transition:
    """Makes one workflow move, or raises WorkflowError and changes nothing. With `seen_version` (the version
    the person had in front of them) the move is refused if anyone has saved since: publishing text nobody on
    this desk has read is the lost edit a newsroom fears most."""
    spec = MOVES.get(action)
    if spec is None:
        raise WorkflowError("There is no such workflow step.")
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if not can(by, action, current):
            raise WorkflowError("You may not do this to this article.")
        if seen_version is not None and current.version != seen_version:
            raise StaleMove(current, seen_version=seen_version)
        if current.status not in spec.sources:
            raise WorkflowError(
                f"“{spec.label}” is not possible while the article is {current.get_status_display().lower()}."
            )
        if _pulls_back_a_live_story(current, spec):
            raise WorkflowError(
                f"Readers have had this story since {_local(current.published_at)}, so “{spec.label}” would "
                "pull it from the site. Take it down instead, with a reason, or publish an update."
            )
        if _takes_down_what_never_went_live(current, spec):
            raise WorkflowError(
                f"This story is scheduled for {_local(current.published_at)} and readers have not seen it: "
                "unschedule it to keep it as a draft."
            )
        note = note.strip()
        if spec.note_required and not note:
            raise WorkflowError("Give a reason; it is kept with the article's history.")
        if spec.target in (Status.IN_REVIEW, Status.SCHEDULED, Status.PUBLISHED) and (
            missing := missing_for_review(current)
        ):
            raise WorkflowError("Before this step the article needs " + ", ".join(missing) + ".")
        now = timezone.now()
        if spec.needs_time:
            # A refused reschedule leaves the story where it was: say so, so nobody thinks it is off the schedule.
            stays = (
                f" It stays scheduled for {_local(current.published_at)}."
                if action == Action.RESCHEDULE
                else ""
            )
            if publish_at is None or publish_at <= now:
                raise WorkflowError("Choose a publication time in the future." + stays)
            if publish_at > now + MAX_SCHEDULE_AHEAD:
                raise WorkflowError("Choose a publication time within the next five years." + stays)
            if action == Action.RESCHEDULE:
                # The editor's form holds the time to the minute: sent back unchanged, it is no move at all.
                if _to_the_minute(publish_at) == _to_the_minute(current.published_at):
                    raise WorkflowError(f"It is already scheduled for {_local(current.published_at)}.")
                # The history shows states; without the times a move from scheduled to scheduled says nothing.
                when = f"from {_local(current.published_at)} to {_local(publish_at)}"
            else:
                when = f"for {_local(publish_at)}"
            note = f"{when}: {note}" if note else when
            current.published_at = publish_at
        elif _publishes_now(current, action, now):
            current.published_at = now
        return _record(current, action=action, target=spec.target, by=by, note=note)


def _publishes_now(article: Article, action: Action, now: datetime) -> bool:
    """Publishing means now, except for an article readers already have: a scheduled one whose time has come
    keeps it, and one put back after a take-down keeps its first-publication time (if that time has passed)."""
    if action == Action.PUBLISH:
        return not (article.status == Status.SCHEDULED and article.published_at <= now)
    if action == Action.REPUBLISH:
        return article.published_at is None or article.published_at > now
    return False


def _record(article: Article, *, action: str, target: str, by, note: str) -> Transition:
    from . import tasks

    source = article.status
    article.status = target
    article.version = F("version") + 1
    article.save(update_fields=["status", "published_at", "version", "modified_at"])
    article.refresh_from_db(fields=["version"])
    search_index.update_article(article)
    transition = Transition.objects.create(
        article=article, action=action, from_status=source, to_status=target, actor=by, note=note
    )
    transaction.on_commit(lambda: tasks.after_transition(article, transition))
    return transition


def go_live_due(now: datetime | None = None) -> list[int]:
    """Marks scheduled articles whose time has come as published. Readers already see them (public() compares
    times); this records the move and fires the side effects. Safe to run any number of times, from any process."""
    now = now or timezone.now()
    went_live = []
    for pk in Article.objects.filter(status=Status.SCHEDULED, published_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            article = (
                Article.objects.select_for_update()
                .filter(pk=pk, status=Status.SCHEDULED, published_at__lte=now)
                .first()
            )
            if article is None:
                continue  # another worker got there first
            _record(article, action=GO_LIVE, target=Status.PUBLISHED, by=None, note="")
            went_live.append(pk)
    return went_live
