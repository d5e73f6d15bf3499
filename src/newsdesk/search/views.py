from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from newsdesk.news.models import Article

from .forms import SearchForm
from .query import search

# Results are the same for every visitor, but no purge reaches them (they depend on every story): shared caches
# may keep a results page this long, which in a breaking-news spike takes the most-searched words off the
# database. Browsers ask again each time. Not kept by the page cache (docs/architecture.md).
SHARED_SECONDS = 30


@require_safe
@cache_control(public=True, max_age=0, s_maxage=SHARED_SECONDS)
def search_page(request):
    """/search/: full text over public articles with filters; bad filters are form errors, never a 500."""
    form = SearchForm(request.GET or None)
    results = None
    if form.searches():
        results = search(
            form.cleaned_data["q"],
            filters=form.filters(),
            order=form.cleaned_data["order"] or "relevance",
            page=form.cleaned_data["page"] or 1,
            per_page=settings.NEWSDESK_PAGE_SIZE,
            # The results list shows section, headline, snippet and date: no bylines, no pictures.
            shown=Article.objects.select_related("section"),
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "search/search.html",
        {"form": form, "results": results, "query_string": query.urlencode()},
        status=200,
    )
