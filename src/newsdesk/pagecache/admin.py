from django.contrib import admin

from .models import PurgeLog


@admin.register(PurgeLog)
class PurgeLogAdmin(admin.ModelAdmin):
    """Read-only: the log is written by purges, never by hand."""

    list_display = ["created_at", "reason", "adapter", "outcome", "pages", "short_keys"]
    list_filter = ["adapter", "outcome"]
    search_fields = ["keys", "reason"]
    date_hierarchy = "created_at"

    @admin.display(description="keys")
    def short_keys(self, log):
        return log.keys if len(log.keys) <= 80 else f"{log.keys[:79]}…"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
