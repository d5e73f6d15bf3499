from django.contrib import admin

from .models import Feed


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = ["source", "url", "format", "enabled", "last_success_at", "failures", "items_seen"]
    list_filter = ["enabled", "format"]
    list_select_related = ["source"]
    autocomplete_fields = ["source"]
    readonly_fields = ["last_success_at", "last_error", "failures", "items_seen", "next_poll_at"]
