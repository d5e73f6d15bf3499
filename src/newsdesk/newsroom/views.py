from django.conf import settings
from django.shortcuts import render
from django.views.decorators.http import require_safe

from newsdesk.news.pagination import paginate
from newsdesk.pagecache.keys import depends_on

from .models import PublicChange


@require_safe
def corrections(request):
    """Every correction on the site, newest first: what was wrong, when, and in which article."""
    depends_on("corrections", reads_query=True)
    changes = PublicChange.objects.corrections().of_public_articles().select_related("article__section")
    page = paginate(changes, request.GET, per_page=settings.NEWSDESK_PAGE_SIZE, field="made_at")
    return render(request, "newsroom/corrections.html", {"page": page})
