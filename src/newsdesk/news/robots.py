"""robots.txt: what crawlers may not fetch, and where the sitemaps are."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    """Template news/robots.txt; context: the newsroom and preview prefixes (disallowed), and the absolute URLs of
    the sitemap index and the Google News sitemap (the protocol asks for absolute sitemap URLs)."""
    context = {
        "disallowed": [reverse("admin:index"), reverse("newsroom-preview", args=["-"]).removesuffix("-/")],
        "sitemaps": [
            request.build_absolute_uri(reverse("news:sitemap-index")),
            request.build_absolute_uri(reverse("news:news-sitemap")),
        ],
    }
    return render(request, "news/robots.txt", context, content_type="text/plain; charset=utf-8")
