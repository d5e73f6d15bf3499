"""The wire desk inside the newsroom (/newsroom/wire/): stories grouped across agencies, and feed health."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from newsdesk.news.text import row_id
from newsdesk.newsroom.roles import is_newsroom_member

from .models import Feed, Story, WireItem
from .services import WireError, draft_from_wire

STORIES_PER_PAGE = 30


def _may_write(user) -> bool:
    return is_newsroom_member(user) and user.has_perm("news.add_article")


@require_safe
def desk(request):
    """Stories newest first, each with its items, and every feed's health. Template wire/desk.html."""
    if not is_newsroom_member(request.user):
        raise PermissionDenied
    page = Paginator(Story.objects.newest_first().for_desk(), STORIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        **admin.site.each_context(request),
        "title": "Wire desk",
        "is_nav_sidebar_enabled": False,  # the desk needs the width
        "page": page,
        "feeds": Feed.objects.for_health(),
        "may_write": _may_write(request.user),
    }
    return TemplateResponse(request, "wire/desk.html", context)


@require_POST
def write_from_wire(request):
    """Creates a draft from a story (?story=) or one item (?item=) and opens it in the editor."""
    if not _may_write(request.user):
        raise PermissionDenied
    story_id, item_id = request.POST.get("story", ""), request.POST.get("item", "")
    items = WireItem.objects.select_related("source")
    if (story := row_id(story_id)) is not None:
        items = items.filter(story_id=story)
    elif (item := row_id(item_id)) is not None:
        items = items.filter(pk=item)
    else:
        items = items.none()
    try:
        article = draft_from_wire(list(items), by=request.user)
    except WireError as error:
        messages.error(request, str(error))
        return redirect("admin:wire-desk")
    messages.success(request, "Draft created from the wire: rewrite it, then submit it as usual.")
    if not article.bylines.exists():
        # Review refuses a story without one; better to hear it now than at "Submit for review".
        messages.warning(
            request,
            "It has no byline (your account has no author profile): add one under Bylines before submitting.",
        )
    return redirect(reverse("admin:news_article_change", args=[article.pk]))
