from django.contrib import admin

from .models import SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    fieldsets = [
        (None, {"fields": ["site_name", "tagline", "logo", "time_zone"]}),
        ("Footer", {"fields": ["about", "contact_email"]}),
        ("Breaking news", {"fields": ["breaking_hours"]}),
        ("Feeds", {"fields": ["feeds_full_text"]}),
        (
            "Social links",
            {"fields": ["x_url", "facebook_url", "instagram_url", "youtube_url", "telegram_url"]},
        ),
    ]

    def has_add_permission(self, request):
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False
