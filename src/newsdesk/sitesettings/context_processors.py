from django.utils.functional import SimpleLazyObject

from .models import SiteSettings


def site(request):
    loaded = getattr(request, "site_settings", None)  # SiteTimezoneMiddleware's, when it ran
    settings = loaded or SimpleLazyObject(SiteSettings.load)
    # base.html re-binds `site` from `newsdesk_site`: allauth's sign-in/up views put their own `site` in the context.
    return {"site": settings, "newsdesk_site": settings}
