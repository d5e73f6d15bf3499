"""A reader's own pages. Everything here is private (never cached) and scoped to request.user: another reader's
rows are simply not found (404), whatever id is guessed."""

import json
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from allauth.account.views import LoginView
from allauth.core.ratelimit import consume_or_429
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from newsdesk.news.models import Article, Section, listing_bylines
from newsdesk.news.pagination import paginate
from newsdesk.news.text import row_id

from . import data
from .forms import DeleteAccountForm, ProfileForm
from .models import Bookmark, Follow, followed_articles, followed_stories
from .navigation import safe_next, wants_json

PER_PAGE = 20
# My news opens with this many followed stories and links to the rest.
FOLLOWED_STORIES_SHOWN = 10


@never_cache
@login_required
@require_safe
def my_news(request):
    page = paginate(followed_articles(request.user).for_listing(), request.GET, per_page=PER_PAGE)
    follows = list(Follow.objects.filter(user=request.user).exclude(kind=Follow.Kind.STORY).with_targets())
    # The followed stories' block heads the first page only; it is not part of the river's pages.
    stories = [] if request.GET else list(followed_stories(request.user)[: FOLLOWED_STORIES_SHOWN + 1])
    suggestions = [] if follows or stories else popular_sections()
    return render(
        request,
        "readers/my_news.html",
        {
            "page": page,
            "follows": follows,
            "followed_stories": stories[:FOLLOWED_STORIES_SHOWN],
            "more_followed_stories": len(stories) > FOLLOWED_STORIES_SHOWN,
            "suggestions": suggestions,
        },
    )


@never_cache
@login_required
@require_safe
def stories_followed(request):
    """Every story the reader follows, the one last changed first, a page at a time."""
    page = paginate(followed_stories(request.user), request.GET, per_page=PER_PAGE, field="last_changed")
    return render(request, "readers/followed_stories.html", {"page": page})


def popular_sections(limit: int = 6):
    """Sections with the most stories in the last 30 days: what a reader who follows nothing is offered."""
    now = timezone.now()
    recent = Q(
        articles__status__in=Article.LIVE_STATUSES,
        articles__published_at__gte=now - timedelta(days=30),
        articles__published_at__lte=now,
    )
    return list(
        Section.objects.annotate(recent=Count("articles", filter=recent)).order_by("-recent", "name")[:limit]
    )


@never_cache
@login_required
@require_safe
def saved(request):
    bookmarks = (
        Bookmark.objects.filter(user=request.user, article__in=Article.objects.public())
        .select_related("article__section", "article__lead_image")
        .prefetch_related(listing_bylines("article__bylines"))
    )
    page = paginate(bookmarks, request.GET, per_page=PER_PAGE, field="created_at")
    return render(request, "readers/saved.html", {"page": page})


@login_required
@require_POST
def remove_bookmark(request, pk: int):
    get_object_or_404(Bookmark, pk=pk, user=request.user).delete()
    if wants_json(request):
        return JsonResponse({"saved": False})
    messages.success(request, "Removed from Saved.")
    return redirect(safe_next(request, reverse("readers:saved")))


@dataclass(frozen=True)
class Toggle:
    """One on/off reader choice (save a story, follow a topic): its rows, its words and where to go back to."""

    rows: QuerySet
    create: dict
    actions: tuple[str, str]
    json_key: str
    fallback: str
    template: str
    context: dict


def toggle(request, choice: Toggle):
    """POST turns the choice on or off (JSON for reader.js, a redirect for forms); GET shows a one-button form,
    the no-JavaScript path from a public page."""
    state_key = "is_" + choice.json_key
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in choice.actions:
            return _bad_action(request)
        turned_on = action == choice.actions[0]
        if turned_on:
            choice.rows.model.objects.get_or_create(**choice.create)
        else:
            choice.rows.delete()
        if wants_json(request):
            return JsonResponse({choice.json_key: turned_on})
        # Public pages show no per-reader state, so the no-JavaScript path comes back to this page, which says
        # what is now the case and links back to where the reader was.
        return redirect(f"{request.path}?{urlencode({'next': safe_next(request, choice.fallback)})}")
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    context = {**choice.context, state_key: choice.rows.exists(), "next": safe_next(request, choice.fallback)}
    return render(request, choice.template, context)


@never_cache
@login_required
def bookmark(request, article_id: int):
    """Save or unsave a story."""
    article = get_object_or_404(Article.objects.public(), pk=article_id)
    fields = {"user": request.user, "article": article}
    choice = Toggle(
        rows=Bookmark.objects.filter(**fields),
        create=fields,
        actions=("save", "remove"),
        json_key="saved",
        fallback=article.get_absolute_url(),
        template="readers/bookmark_confirm.html",
        context={"article": article},
    )
    return toggle(request, choice)


@never_cache
@login_required
def follow(request, kind: str, pk: int):
    """Follow or unfollow a section, topic, author, source or story."""
    model = Follow.target_model(kind)
    if model is None:
        raise Http404("Nothing to follow here.")
    # A story only while readers can see it: no following drafts by guessing their ids.
    target = get_object_or_404(Article.objects.public() if model is Article else model.objects, pk=pk)
    fields = {"user": request.user, "kind": kind, kind: target}
    choice = Toggle(
        rows=Follow.objects.filter(**fields),
        create=fields,
        actions=("follow", "unfollow"),
        json_key="following",
        fallback=target.get_absolute_url(),
        template="readers/follow_confirm.html",
        context={"target": target, "kind": kind},
    )
    return toggle(request, choice)


@login_required
@require_POST
def unfollow(request, pk: int):
    get_object_or_404(Follow, pk=pk, user=request.user).delete()
    messages.success(request, "Unfollowed.")
    return redirect(safe_next(request, reverse("readers:my-news")))


def _bad_action(request):
    message = "Unknown action: send action=follow/unfollow or action=save/remove."
    if wants_json(request):
        return JsonResponse({"error": message}, status=400)
    return HttpResponseBadRequest(message)


@never_cache
@login_required
def account(request):
    user = request.user
    followed_sections = Section.objects.filter(
        pk__in=user.follows.filter(kind="section").values("section_id")
    )
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            data.save_profile(
                user, form.cleaned_data["display_name"], form.cleaned_data["preferred_sections"]
            )
            messages.success(request, "Your account is saved.")
            return redirect("readers:account")
    else:
        form = ProfileForm(initial={"display_name": user.first_name, "preferred_sections": followed_sections})
    follows = user.follows.shown().with_targets()
    return render(request, "readers/account.html", {"form": form, "follows": follows})


@never_cache
@login_required
@require_safe
def export(request):
    body = json.dumps(data.export(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    outlet = slugify(request.site_settings.site_name) or "news"
    response["Content-Disposition"] = f'attachment; filename="{outlet}-my-data.json"'
    return response


@never_cache
@login_required
def delete_account(request):
    user = request.user
    if user.is_staff:
        return render(request, "readers/delete_account.html", {"staff": True}, status=403)
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST":
        if limited := consume_or_429(request, action="reauthenticate", user=user):
            return limited
        if form.is_valid():
            logout(request)
            data.delete_account(user)
            return render(request, "readers/account_deleted.html")
    return render(request, "readers/delete_account.html", {"form": form})


@never_cache
@require_safe
def me(request):
    """The per-visitor part of every public page, fetched by reader.js: who is signed in, what they follow and
    which of the listed stories they saved. Public HTML stays identical for everyone and so cacheable whole."""
    user = request.user
    # Notices for this visitor ("You're signed in as Aysel."): public pages are cached for everyone and cannot
    # carry them, so they come from here, on the very page the reader lands on, and are used up by reading.
    notices = [{"level": notice.level_tag, "text": str(notice)} for notice in messages.get_messages(request)]
    shown = {"notices": notices} if notices else {}
    if not user.is_authenticated:
        return JsonResponse({"authenticated": False, "links": {"sign_in": reverse("account_login")}, **shown})
    requested = {
        found
        for part in request.GET.get("articles", "").split(",")[:200]
        if (found := row_id(part)) is not None
    }
    follows: dict[str, list[int]] = {kind: [] for kind in Follow.Kind.values}
    for kind, *target_ids in user.follows.values_list(
        "kind", "section_id", "topic_id", "author_id", "source_id", "story_id"
    ):
        follows[kind].append(next(target_id for target_id in target_ids if target_id))
    saved_ids = sorted(user.bookmarks.filter(article_id__in=requested).values_list("article_id", flat=True))
    return JsonResponse(
        {
            "authenticated": True,
            "name": user.display_name,
            "staff": user.is_staff,
            "csrf_token": get_token(request),
            "follows": follows,
            "saved": saved_ids,
            "links": {
                "my_news": reverse("readers:my-news"),
                "saved": reverse("readers:saved"),
                "account": reverse("readers:account"),
                "sign_out": reverse("account_logout"),
                **({"newsroom": reverse("admin:index")} if user.is_staff else {}),
            },
            **shown,
        }
    )


# What a reader was doing when a button sent them to sign in, to say why they are asked to.
SIGN_IN_REASONS = {
    "follow": "Sign in to follow it: its new stories then come to My news.",
    "bookmark": "Sign in to save this story and read it later from Saved.",
}


class ReaderLoginView(LoginView):
    """allauth's sign-in, answering 429 (not 200 with a form error) once the account's attempts are used up, and
    saying why the reader is asked to sign in when a Follow or Save button sent them."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            match = resolve(urlsplit(safe_next(self.request, "")).path or "/")
        except Http404:
            match = None
        if match is not None and match.namespace == "readers":
            context["sign_in_reason"] = SIGN_IN_REASONS.get(match.url_name)
        return context

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        if getattr(request, "sign_in_rate_limited", False):
            response.status_code = 429
            response["Retry-After"] = "900"
        return response
