from django.utils.functional import SimpleLazyObject

from .models import SiteSettings


def site(request):
    settings = SimpleLazyObject(SiteSettings.load)
    # base.html re-binds `site` from `newsdesk_site`: allauth's sign-in/up views put their own `site` in the context.
    return {"site": settings, "newsdesk_site": settings}
