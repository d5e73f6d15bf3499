from newsdesk.sitesettings.models import SiteSettings

from .models import Article, Section


def navigation(request):
    """Section bar and breaking banner for every public page, as lazy querysets: unused, they cost
    no query."""
    site = getattr(request, "site_settings", None) or SiteSettings.load()
    return {
        "nav_sections": Section.objects.in_navigation(),
        "breaking_news": Article.objects.breaking_now(site.breaking_window)[:1],
    }
