from django.utils import timezone

from .models import SiteSettings


class SiteTimezoneMiddleware:
    """Shows every time in the outlet's own time zone (site settings), whatever the server's, and keeps the settings
    on the request so the templates' context (context_processors.site) reads them once per request, not twice."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.site_settings = SiteSettings.load()
        timezone.activate(request.site_settings.zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
