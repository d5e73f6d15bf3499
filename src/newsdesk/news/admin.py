from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from .models import ArticleSource, Author, Byline, Image, Section, Source, Topic


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "in_navigation", "parent"]
    list_editable = ["order", "in_navigation"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    search_fields = ["name"]
    autocomplete_fields = ["photo", "user"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "homepage"]
    search_fields = ["name"]


class FoldedSearch:
    """An admin list searched by its queryset's `matching()`: folded words, as the site search reads them ("şuşa"
    and "Shusha" find "Şuşa"), where the admin's own icontains folds ASCII letters only on SQLite."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return queryset.matching(search_term), False


@admin.register(Image)
class ImageAdmin(FoldedSearch, admin.ModelAdmin):
    list_display = ["preview", "alt_text", "credit", "width", "height", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["width", "height", "address_for_the_body"]
    # No bulk "delete selected": one at a time, through the confirmation that names the stories losing the
    # picture (the bulk page cannot), since a delete removes the files and takes it out of those stories' text.
    actions = None

    def get_urls(self):
        picker = path("picker/", self.admin_site.admin_view(self.picker_view), name="news_image_picker")
        return [picker, *super().get_urls()]

    def picker_view(self, request):
        """The body editor's "Browse..." window: find a picture and hand its address, description and caption to
        the editor's Insert Figure dialog (django-prose-editor's file picker, the CKEditor `callFunction` call)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        search = PictureSearchForm(request.GET)
        search.is_valid()  # each field's own verdict: a search too long must not lose the editor's window number
        words = search.cleaned_data.get("q") or ""
        pictures = Paginator(Image.objects.matching(words), PICKER_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": "Choose a picture",
            "is_popup": True,
            "opts": self.opts,
            "search": search,
            "words": words,
            "pictures": pictures,
            "editor_call": search.cleaned_data.get("CKEditorFuncNum"),
            "may_upload": self.has_add_permission(request),
        }
        return TemplateResponse(request, "admin/news/image/picker.html", context)

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # Before the upload there is no size to show ("Width 0, Height 0" read as a broken picture).
        return fields if obj is not None else [f for f in fields if f not in ("width", "height")]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The page names the stories showing the picture: replacing its file changes them all."""
        from newsdesk.newsroom.roles import articles_visible_to

        image = self.get_object(request, unquote(object_id))
        if image is not None:
            showing = image.stories_showing()
            extra_context = {
                **(extra_context or {}),
                "stories_showing": list(articles_visible_to(request.user, showing)[:SHOWN_IN_LIMIT]),
                "stories_showing_count": showing.count(),
                "shown_in_limit": SHOWN_IN_LIMIT,
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        """The confirmation names the stories that lose the picture: the delete removes its files too."""
        image = self.get_object(request, unquote(object_id))
        if image is not None:
            extra_context = {**(extra_context or {}), "stories_showing": image.stories_showing()[:50]}
        return super().delete_view(request, object_id, extra_context)

    @admin.display(description="Image")
    def preview(self, image):
        return format_html('<img src="{}" width="80" alt="">', image.thumbnail_address)

    @admin.display(description="Address for an article body")
    def address_for_the_body(self, image):
        """What the body editor's picture button asks for: the only addresses a body may show (text.py)."""
        if not image.pk or not image.file:
            return "Shown once the picture is saved."
        return format_html("<code>{}</code>", image.body_address)


PICKER_PAGE_SIZE = 24
SHOWN_IN_LIMIT = 20


class PictureSearchForm(forms.Form):
    q = forms.CharField(label="Find a picture", max_length=100, required=False, strip=True)
    # The editor numbers each picker window it opens (negative numbers); the answer goes back under it.
    CKEditorFuncNum = forms.IntegerField(
        required=False, min_value=-(2**31), max_value=2**31, widget=forms.HiddenInput
    )


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]


class ArticleSourceInline(admin.TabularInline):
    model = ArticleSource
    extra = 1
    autocomplete_fields = ["source"]
