"""The newsroom's side of the API, for integrations holding a token: drafts, images and workflow moves.

Two gates, both always: the token's scope says what the integration may attempt, and the owner's role
(roles.can, via the same workflow functions the newsroom uses) says what may be done to this article.
"""

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Path, Query, Router, Status, UploadedFile
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from newsdesk.news.models import Article, Image, Topic
from newsdesk.news.pagination import paginate
from newsdesk.newsroom import editing, workflow
from newsdesk.newsroom.roles import EDITOR_ACTIONS, Action, articles_visible_to, can

from . import schemas, services
from .auth import TokenAuth, require_scope
from .errors import error
from .models import Scope
from .schemas import MAX_ID

router = Router(auth=TokenAuth(), tags=["Newsroom"])

MAX_LIMIT = 100
AUTH_ERRORS = {400: schemas.Error, 401: schemas.Error, 403: schemas.Error, 429: schemas.Error}
# Moves that change what readers see, or when: only tokens with the "publish" scope may attempt them. The
# editors' moves, except sending a story back to its writer (write:drafts, like submitting it).
PUBLISHING_MOVES = EDITOR_ACTIONS - {Action.RETURN}
DraftId = Path(..., ge=1, le=MAX_ID)


class DraftQuery(schemas.NewestFirstCursors):
    status: Article.Status | None = None
    limit: int = Field(20, ge=1, description=f"Items per page; at most {MAX_LIMIT} are returned.")


_TOPICS = Prefetch("topics", queryset=Topic.objects.order_by("name"))


def _drafts(token):
    return articles_visible_to(token.owner, Article.objects.all()).for_listing().prefetch_related(_TOPICS)


def _visible_draft(token, pk: int) -> Article:
    return get_object_or_404(_drafts(token), pk=pk)


def _editable_draft(token, pk: int) -> Article:
    article = _visible_draft(token, pk)
    if not can(token.owner, Action.EDIT, article):
        raise HttpError(403, "The token's owner may not edit this article.")
    return article


def _refresh(article: Article) -> Article:
    """The article as saved, in the shape responses need (the owner may no longer see it after a move)."""
    return Article.objects.for_listing().prefetch_related(_TOPICS).get(pk=article.pk)


@router.get("/drafts", response={200: schemas.DraftPage, **AUTH_ERRORS}, url_name="api-drafts")
def list_drafts(request, query: Query[DraftQuery]):
    """Articles the token's owner sees in the newsroom, most recently changed first. Scope: read:drafts."""
    token = require_scope(request, Scope.READ_DRAFTS)
    drafts = _drafts(token)
    if query.status:
        drafts = drafts.filter(status=query.status)
    page = paginate(drafts, request.GET, per_page=min(query.limit, MAX_LIMIT), field="modified_at")
    return {"items": page.items, "next": page.older, "prev": page.newer}


@router.post("/drafts", response={201: schemas.Draft, **AUTH_ERRORS}, url_name="api-drafts")
def create_draft(request, payload: schemas.DraftIn):
    """A new draft, written by the token's owner. Scope: write:drafts."""
    token = require_scope(request, Scope.WRITE_DRAFTS)
    if not (token.owner.is_staff and token.owner.has_perm("news.add_article")):
        raise HttpError(403, "The token's owner may not write articles.")
    article = services.create_draft(by=token.owner, fields=payload.model_dump())
    return Status(201, _refresh(article))


@router.get(
    "/drafts/{apiid:pk}",
    response={200: schemas.Draft, 404: schemas.Error, **AUTH_ERRORS},
    url_name="api-draft",
)
def get_draft(request, pk: int = DraftId):
    """One article as the newsroom sees it, with its status and version. Scope: read:drafts."""
    return _visible_draft(require_scope(request, Scope.READ_DRAFTS), pk)


@router.patch(
    "/drafts/{apiid:pk}",
    response={200: schemas.Draft, 404: schemas.Error, 409: schemas.VersionConflict, **AUTH_ERRORS},
    url_name="api-draft",
)
def update_draft(request, payload: schemas.DraftChange, pk: int = DraftId):
    """Changes the fields sent. `version` must be the article's current version; if someone saved in between,
    the answer is 409 with both versions, and your text is kept as a revision in the newsroom.
    Live articles are edited in the newsroom, where updates and corrections are recorded. Scope: write:drafts."""
    token = require_scope(request, Scope.WRITE_DRAFTS)
    article = _editable_draft(token, pk)
    if (
        article.status in Article.LIVE_STATUSES
    ):  # scheduled ones too: their text goes live without another step
        return Status(
            409,
            {
                "error": "This article is live: edit it in the newsroom, where updates and corrections are recorded.",
                "your_version": payload.version,
                "current_version": article.version,
            },
        )
    fields = payload.model_dump(exclude_unset=True, exclude={"version"})
    try:
        services.update_draft(article, by=token.owner, base_version=payload.version, fields=fields)
    except editing.StaleVersion as conflict:
        texts = {
            name: fields.get(name, getattr(article, name)) for name in ("headline", "standfirst", "body")
        }
        editing.keep_refused_text(article.pk, by=token.owner, texts=texts, base_version=payload.version)
        return Status(
            409,
            {
                "error": "Someone saved this article after the version you sent. Your text is kept as a revision.",
                "your_version": payload.version,
                "current_version": conflict.current.version,
            },
        )
    return _refresh(article)


@router.post(
    "/drafts/{apiid:pk}/moves",
    response={
        200: schemas.Draft,
        404: schemas.Error,
        409: schemas.VersionConflict,
        422: schemas.Error,
        **AUTH_ERRORS,
    },
    url_name="api-draft-moves",
)
def move_draft(request, payload: schemas.MoveIn, pk: int = DraftId):
    """One workflow step: submit, return, publish, schedule or reschedule (with publish_at), unschedule,
    take_down (with a note), republish. Scope: write:drafts for submit and return; publish for the rest. The
    owner's role must allow the step too."""
    action = Action(payload.action)
    token = require_scope(request, Scope.PUBLISH if action in PUBLISHING_MOVES else Scope.WRITE_DRAFTS)
    article = _visible_draft(token, pk)
    if not can(token.owner, action, article):
        raise HttpError(403, "The token's owner may not do this to this article.")
    try:
        workflow.move(
            article,
            action,
            by=token.owner,
            note=payload.note,
            publish_at=payload.publish_at,
            seen_version=payload.version,
        )
    except workflow.StaleMove as stale:
        return Status(
            409,
            {
                "error": str(stale),
                "your_version": stale.seen_version,
                "current_version": stale.current.version,
            },
        )
    return _refresh(article)


def _limit_upload_size(run):
    """Refuses an oversized upload from its Content-Length, before a byte of it is read."""

    def wrapped(request, *args, **kwargs):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isascii() and declared.isdigit() and int(declared) > settings.IMAGE_MAX_BYTES + 64 * 1024:
            return error(f"Images may be at most {settings.IMAGE_MAX_BYTES // (1024 * 1024)} MB.", 413)
        return run(request, *args, **kwargs)

    return wrapped


@router.post(
    "/images",
    response={201: schemas.Picture, 413: schemas.Error, **AUTH_ERRORS},
    url_name="api-images",
)
@decorate_view(_limit_upload_size)
def upload_image(
    request,
    file: File[UploadedFile],
    details: Form[schemas.ImageDetails],
):
    """A picture for articles (JPEG, PNG, WebP or GIF), checked and re-encoded as in the newsroom. Use its id as
    a draft's lead_image. Scope: upload:images."""
    token = require_scope(request, Scope.UPLOAD_IMAGES)
    if not (token.owner.is_staff and token.owner.has_perm("news.add_image")):
        raise HttpError(403, "The token's owner may not upload images.")
    image = Image(file=file, **details.model_dump())
    image.full_clean()
    image.save()
    return Status(201, image)
