from django.utils import timezone

from .models import SiteSettings


class SiteTimezoneMiddleware:
    """Shows every time in the outlet's own time zone (site settings), whatever the server's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.activate(SiteSettings.load().zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
