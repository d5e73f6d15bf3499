from django.contrib import admin
from django.contrib.admin.utils import unquote
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


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["preview", "alt_text", "credit", "width", "height", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]
    readonly_fields = ["width", "height", "address_for_the_body"]
    # No bulk "delete selected": one at a time, through the confirmation that names the stories losing the
    # picture (the bulk page cannot), since a delete removes the files and takes it out of those stories' text.
    actions = None

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        # Before the upload there is no size to show ("Width 0, Height 0" read as a broken picture).
        return fields if obj is not None else [f for f in fields if f not in ("width", "height")]

    def delete_view(self, request, object_id, extra_context=None):
        """The confirmation names the stories that lose the picture: the delete removes its files too."""
        image = self.get_object(request, unquote(object_id))
        if image is not None:
            extra_context = {**(extra_context or {}), "stories_showing": image.stories_showing()[:50]}
        return super().delete_view(request, object_id, extra_context)

    @admin.display(description="Image")
    def preview(self, image):
        return format_html('<img src="{}" width="80" alt="">', image.rendition_url(400))

    @admin.display(description="Address for an article body")
    def address_for_the_body(self, image):
        """What the body editor's picture button asks for: the only addresses a body may show (text.py)."""
        if not image.pk or not image.file:
            return "Shown once the picture is saved."
        return format_html("<code>{}</code>", image.rendition_url(1200))


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["author"]


class ArticleSourceInline(admin.TabularInline):
    model = ArticleSource
    extra = 1
    autocomplete_fields = ["source"]
