"""The article editor: Django's admin shaped around the workflow, the version check and the soft lock."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from newsdesk.news.admin import ArticleSourceInline, BylineInline, FoldedSearch
from newsdesk.news.models import Article, Byline
from newsdesk.news.text import row_id
from newsdesk.sitesettings.models import SiteSettings
from newsdesk.wire.attribution import link_credits, unlinked_credits

from . import editing, preview, workflow
from .diff import texts_diff
from .forms import ArticleForm, AutosaveForm, MoveForm
from .models import Revision
from .roles import Action, articles_visible_to, can, can_publish_somewhere, is_admin

EDITOR_ONLY_FIELDS = ["is_breaking", "priority"]


CONFLICT_FIELDS = {
    "section": "Section",
    "article_type": "Type",
    "lead_image": "Lead image",
    "dateline": "Dateline",
    "priority": "Front-page priority",
}


def _as_posted(article: Article, field: str) -> str:
    """The field's stored value as a form posts it: an id for a relation, "" for none, "0" for zero."""
    value = getattr(article, Article._meta.get_field(field).attname)
    return "" if value is None else str(value)


def _other_differences(theirs: Article, posted) -> list[str]:
    """Fields besides the text where "save mine" would replace what the other editor saved."""
    differences = [
        label
        for field, label in CONFLICT_FIELDS.items()
        if field in posted and posted.get(field, "").strip() != _as_posted(theirs, field)
    ]
    their_topics = sorted(str(pk) for pk in theirs.topics.values_list("pk", flat=True))
    if sorted(posted.getlist("topics")) != their_topics:
        differences.append("Topics")
    return differences


WORKFLOW_FIELDS = ["status", "published_at", "updated_at", "corrected_at", "version"]


def moved_notice(article: Article, transition) -> str:
    """“Quake felt in Shamakhi” is now published. A scheduled story says when, in the outlet's time."""
    notice = f"“{article.headline}” is now {transition.get_to_status_display().lower()}"
    moved = transition.article  # the row as the move left it; `article` may be the copy the page loaded
    if transition.to_status == Article.Status.SCHEDULED and moved.published_at:
        goes_live = date_format(timezone.localtime(moved.published_at), "j M Y, H:i")
        if transition.action == Action.RESCHEDULE and article.published_at:
            was = date_format(timezone.localtime(article.published_at), "j M Y, H:i")
            return f"“{article.headline}” now goes live {goes_live} (moved from {was})."
        notice += f": it goes live {goes_live}"
    return notice + "."


@admin.register(Article)
class ArticleAdmin(FoldedSearch, admin.ModelAdmin):
    form = ArticleForm
    list_display = ["headline", "section", "status", "published_at", "modified_at"]
    list_filter = ["status", "section", "article_type", "is_breaking"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "topics", "lead_image"]
    inlines = [BylineInline, ArticleSourceInline]
    change_form_template = "newsroom/article_form.html"

    # -- who sees and changes what -------------------------------------------------------------------------

    def get_queryset(self, request):
        return articles_visible_to(request.user, super().get_queryset(request))

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return can(request.user, Action.EDIT, obj)

    def has_delete_permission(self, request, obj=None):
        return is_admin(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = [*WORKFLOW_FIELDS, "text_as_readers_see_it"]
        may_place = (
            can(request.user, Action.PUBLISH, obj) if obj else request.user.has_perm("news.publish_article")
        )
        if not may_place:
            fields += EDITOR_ONLY_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        main = ["headline", "standfirst", "dateline", "body", "base_version"]
        if obj is not None and not can(request.user, Action.EDIT, obj):
            # Read-only: show the text as it reads, not its HTML source.
            main = ["headline", "standfirst", "dateline", "text_as_readers_see_it"]
        fieldsets = [
            (None, {"fields": main}),
            (
                "Placement",
                {"fields": ["section", "article_type", "topics", "lead_image", "language", "slug"]},
            ),
            ("Publishing", {"fields": [*WORKFLOW_FIELDS, *EDITOR_ONLY_FIELDS]}),
        ]
        if obj is not None and obj.is_public:
            fieldsets.insert(0, ("This change", {"fields": ["change_kind", "change_note"]}))
        return fieldsets

    @admin.display(description="Text")
    def text_as_readers_see_it(self, article):
        # The body passed the nh3 allow-list when it was saved (Article.save), as on the public page.
        return mark_safe(article.body)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or not obj.is_public:
            form.base_fields.pop("change_kind", None)
            form.base_fields.pop("change_note", None)
        return form

    # -- saving ---------------------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
            form.texts_before = {}
            obj.save()
            return
        # What readers could see before this save: the stored text the form was built from (a later save by
        # someone else makes claim_version() refuse this one, so the two cannot differ when it counts).
        form.texts_before = {
            field: form.initial.get(field, "") for field in ("headline", "standfirst", "body")
        }
        editing.claim_version(obj, base_version=form.cleaned_data["base_version"])
        editing.prepare_public_change(
            obj, kind=form.cleaned_data.get("change_kind") or editing.ChangeKind.MINOR
        )
        obj.save()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        article = form.instance
        author = getattr(request.user, "author_profile", None)
        if not change and author and not article.bylines.exists():
            Byline.objects.create(article=article, author=author)
        editing.record_save(
            article,
            by=request.user,
            before=form.texts_before,
            kind=form.cleaned_data.get("change_kind") or editing.ChangeKind.MINOR,
            note=form.cleaned_data.get("change_note") or "",
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except editing.StaleVersion as conflict:
            return self._conflict(request, conflict)

    def _conflict(self, request, conflict):
        """The other save won. Keep this editor's text as a revision and let them choose, with both in view."""
        theirs = conflict.current
        mine = {field: request.POST.get(field, "") for field in ("headline", "standfirst", "body")}
        kept = editing.keep_refused_text(
            theirs.pk, by=request.user, texts=mine, base_version=conflict.base_version
        )
        # The kind of change was chosen against the version this editor opened. Saving over theirs changes what
        # readers see now (their update may go): for a live article it is asked again, never carried over.
        ask_kind_again = theirs.is_public
        # Nor the button pressed: "Save and publish now" chosen before their save ("HOLD: lawyer checking") must
        # not publish from "Save mine over theirs", which only saves.
        not_carried = {"csrfmiddlewaretoken", "base_version", "schedule_at", *self.FIRST_MOVES}
        if ask_kind_again:
            not_carried |= {"change_kind", "change_note"}
        resubmit = [
            (key, value)
            for key in request.POST
            if key not in not_carried
            for value in request.POST.getlist(key)
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Someone else saved this article",
            "article": theirs,
            # Their save, not the refused text just kept (the newest revision now).
            "their_revision": theirs.revisions.filter(kind=Revision.Kind.SAVE)
            .select_related("saved_by")
            .first(),
            "kept": kept,
            "changes": texts_diff(editing.texts_of(theirs), mine),
            "other_changes": _other_differences(theirs, request.POST),
            "resubmit": resubmit,
            "change_kinds": editing.ChangeKind.CHOICES if ask_kind_again else [],
            "change_note": request.POST.get("change_note", ""),
        }
        return TemplateResponse(request, "newsroom/conflict.html", context, status=409)

    # The one button the editor adds to "Save" on an article not yet out (new, a draft, in review): a breaking
    # story should not need a save, a reload and a second button to go out.
    FIRST_MOVES = {"_publish": Action.PUBLISH, "_submit": Action.SUBMIT, "_schedule": Action.SCHEDULE}

    def response_add(self, request, obj, post_url_continue=None):
        chosen = self._chosen_first_move(request)
        if chosen is None:
            self._warn_if_time_was_left_unused(request, obj)
            return super().response_add(request, obj, post_url_continue)
        return self._save_and_move(request, obj, chosen)

    @staticmethod
    def _warn_if_time_was_left_unused(request, article) -> None:
        """A time typed in "go live at" and then a plain Save (Enter in a field, without the page's script)."""
        if request.POST.get("schedule_at", "").strip():
            messages.warning(
                request,
                f"“{article.headline}” is saved as {article.get_status_display().lower()}, not scheduled: the time "
                "you entered is used only by Save and schedule.",
            )

    def _chosen_first_move(self, request) -> Action | None:
        return next((self.FIRST_MOVES[key] for key in self.FIRST_MOVES if key in request.POST), None)

    def _save_and_move(self, request, obj, chosen: Action):
        """After the save: the move the button named, or the reason it was refused (the text is saved either way)."""
        publish_at = None
        if chosen == Action.SCHEDULE:
            when = MoveForm({"publish_at": request.POST.get("schedule_at", "")})
            if not when.is_valid():
                messages.warning(
                    request,
                    f"“{obj.headline}” is saved as {obj.get_status_display().lower()}, not scheduled: "
                    + " ".join(when.errors["publish_at"]),
                )
                return redirect(self._change_url(obj))
            publish_at = when.cleaned_data["publish_at"]
        try:
            transition = workflow.move(
                obj, chosen, by=request.user, seen_version=obj.version, publish_at=publish_at
            )
        except workflow.WorkflowError as refusal:
            messages.warning(
                request,
                f"“{obj.headline}” is saved as {obj.get_status_display().lower()}, not moved on: {refusal}",
            )
        else:
            editing.release_lock(obj, by=request.user)
            messages.success(request, moved_notice(obj, transition))
        return redirect(self._change_url(obj))

    def response_change(self, request, obj):
        if (chosen := self._chosen_first_move(request)) is not None:
            return self._save_and_move(request, obj, chosen)
        if "_continue" not in request.POST:
            editing.release_lock(obj, by=request.user)  # leaving the editor: others need not wait for expiry
        self._warn_if_breaking_is_over(request, obj)
        self._warn_if_time_was_left_unused(request, obj)
        return super().response_change(request, obj)

    @staticmethod
    def _warn_if_breaking_is_over(request, article) -> None:
        """The banner keys its window on publication: a flag set on an older story would do nothing, silently."""
        site = SiteSettings.load()
        if (
            article.is_breaking
            and article.is_public
            and not Article.objects.breaking_now(site.breaking_window).filter(pk=article.pk).exists()
        ):
            messages.warning(
                request,
                f"“{article.headline}” is flagged breaking but was published more than {site.breaking_hours} "
                "hours ago, so the Breaking banner does not show it (Site settings: Breaking banner lasts).",
            )

    # -- the editor page ------------------------------------------------------------------------------------

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        restore = row_id(request.GET.get("restore", ""))
        if article is not None and request.method == "GET" and restore:
            # Saved revisions, and the person's own autosaved text; never someone else's scratch copy.
            revision = (
                article.revisions.filter(pk=restore)
                .filter(~Q(kind=Revision.Kind.AUTOSAVE) | Q(saved_by=request.user))
                .first()
            )
            if revision is not None:
                article.headline, article.standfirst, article.body = (
                    revision.headline,
                    revision.standfirst,
                    revision.body,
                )
        return article

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and request.method == "GET":
            context.update(self._editor_context(request, obj))
        if obj is not None and obj.status in (Article.Status.DRAFT, Article.Status.IN_REVIEW):
            # Also when the form comes back with an error (no editor context then): the button must still be
            # there once it is fixed.
            moves = context["moves"] if "moves" in context else workflow.moves_for(request.user, obj)
            offered = {move.action for move in moves}
            if Action.PUBLISH in offered:
                context["first_move"] = ("_publish", "Save and publish now")
            elif Action.SUBMIT in offered:
                context["first_move"] = ("_submit", "Save and submit for review")
            context["schedule_first"] = Action.SCHEDULE in offered
        if add:
            # Whether this person may publish depends on the section, which they have not chosen yet: the button
            # says what their role does; workflow.move() decides once the draft exists.
            publishes = can_publish_somewhere(request.user)
            context["first_move"] = (
                ("_publish", "Save and publish now")
                if publishes
                else ("_submit", "Save and submit for review")
            )
            context["schedule_first"] = publishes
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _editor_context(self, request, article):
        context = {
            "moves": workflow.moves_for(request.user, article),
            "transitions": article.transitions.select_related("actor")[:8],
            "preview_url": None
            if article.is_public or article.status == Article.Status.UNPUBLISHED
            else request.build_absolute_uri(preview.url_for(article)),
            "restoring": bool(row_id(request.GET.get("restore", ""))),
        }
        if can(request.user, Action.EDIT, article):
            context["credits"] = unlinked_credits(article)
            lock = editing.hold_lock(article, by=request.user)
            context["lock"] = lock if lock.holder_id != request.user.pk else None
            context["autosaved"] = editing.pending_autosave(article, by=request.user)
        return context

    # -- the editor's own routes -----------------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/move/<str:action>/", wrap(self.move_view), name="news_article_move"),
            path("<int:pk>/autosave/", wrap(self.autosave_view), name="news_article_autosave"),
            path("<int:pk>/take-over/", wrap(self.take_over_view), name="news_article_take_over"),
            path("<int:pk>/revisions/", wrap(self.revisions_view), name="news_article_revisions"),
            path("<int:pk>/link-sources/", wrap(self.link_sources_view), name="news_article_link_sources"),
            *super().get_urls(),
        ]

    def _visible_article(self, request, pk: int) -> Article:
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def _editable_article(self, request, pk: int) -> Article:
        article = self._visible_article(request, pk)
        if not can(request.user, Action.EDIT, article):
            raise PermissionDenied
        return article

    @staticmethod
    def _change_url(article) -> str:
        return reverse("admin:news_article_change", args=[article.pk])

    def move_view(self, request, pk: int, action: str):
        if request.method != "POST":
            return redirect(self._change_url(self._visible_article(request, pk)))
        article = self._visible_article(request, pk)
        form = MoveForm(request.POST)
        if action not in workflow.MOVES or not can(request.user, Action(action), article):
            raise PermissionDenied
        if not form.is_valid():
            messages.error(request, "Check the note and the time: " + form.errors.as_text())
            return redirect(self._change_url(article))
        try:
            transition = workflow.move(
                article,
                Action(action),
                by=request.user,
                note=form.cleaned_data["note"],
                publish_at=form.cleaned_data["publish_at"],
                seen_version=form.cleaned_data["seen_version"],
            )
        except workflow.WorkflowError as refusal:
            messages.error(request, str(refusal))
        else:
            editing.release_lock(article, by=request.user)
            messages.success(request, moved_notice(article, transition))
        return redirect(self._change_url(article))

    def autosave_view(self, request, pk: int):
        if request.method != "POST":
            return JsonResponse({"error": "Autosave takes POST."}, status=405)
        article = self._editable_article(request, pk)
        saved_at = None
        if "heartbeat" not in request.POST:
            form = AutosaveForm(request.POST)
            if not form.is_valid():
                return JsonResponse({"error": form.errors.get_json_data()}, status=400)
            revision = editing.autosave(article, by=request.user, texts=form.cleaned_data)
            saved_at = timezone.localtime(revision.saved_at).strftime("%H:%M:%S")
        lock = editing.hold_lock(article, by=request.user)
        return JsonResponse(
            {
                "saved_at": saved_at,
                "version": article.version,
                "lock_holder": None if lock.holder_id == request.user.pk else lock.holder.display_name,
            }
        )

    def take_over_view(self, request, pk: int):
        article = self._editable_article(request, pk)
        if request.method == "POST":
            editing.hold_lock(article, by=request.user, take_over=True)
            messages.info(request, "You are editing this article now; the previous editor will be told.")
        return redirect(self._change_url(article))

    def link_sources_view(self, request, pk: int):
        """Links the outlets the text credits (found by wire.attribution) that the editor ticked."""
        article = self._editable_article(request, pk)
        if request.method == "POST":
            linked = link_credits(
                article, request.POST.getlist("credit"), may_create=request.user.has_perm("news.add_source")
            )
            if linked:
                messages.success(
                    request, "Linked as sources: " + ", ".join(source.name for source in linked) + "."
                )
            else:
                messages.info(request, "No source was linked.")
        return redirect(self._change_url(article))

    def revisions_view(self, request, pk: int):
        article = self._visible_article(request, pk)
        revisions = list(article.revisions.exclude(kind=Revision.Kind.AUTOSAVE).select_related("saved_by"))
        by_id = {revision.pk: revision for revision in revisions}
        chosen = [
            by_id.get(row_id(request.GET.get(name, ""))) for name in ("a", "b") if request.GET.get(name)
        ]
        older, newer = None, None
        if len(chosen) == 2 and all(chosen):
            older, newer = sorted(chosen, key=lambda revision: (revision.saved_at, revision.pk))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Revisions of “{article.headline}”",
            "article": article,
            "revisions": revisions,
            "older": older,
            "newer": newer,
            "changes": texts_diff(older.texts, newer.texts) if older else [],
            "can_edit": can(request.user, Action.EDIT, article),
        }
        return TemplateResponse(request, "newsroom/revisions.html", context)
