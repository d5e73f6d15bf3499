"""robots.txt: what crawlers may not fetch, and where the sitemaps are."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe


@require_safe
def robots_txt(request):
    """Template news/robots.txt; context: the prefixes crawlers are asked to keep out of, and the absolute URLs of
    the sitemap index and the Google News sitemap (the protocol asks for absolute sitemap URLs)."""
    context = {
        # Staff and preview pages; a reader's own pages and sign-in; and search results, endless and thin, which
        # search engines ask sites not to let them crawl (the stories are in the sitemaps).
        "disallowed": [
            reverse("admin:index"),
            reverse("newsroom-preview", args=["-"]).removesuffix("-/"),
            reverse("readers:my-news"),
            reverse("account_login").removesuffix("login/"),
            reverse("search:search"),
        ],
        "sitemaps": [
            request.build_absolute_uri(reverse("news:sitemap-index")),
            request.build_absolute_uri(reverse("news:news-sitemap")),
        ],
    }
    return render(request, "news/robots.txt", context, content_type="text/plain; charset=utf-8")
