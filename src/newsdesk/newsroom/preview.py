"""Signed, expiring preview links: an unpublished article shown to whoever holds the link, and to nobody else."""

from django.conf import settings
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from newsdesk.news.models import Article

SALT = "newsdesk.newsroom.preview"


def url_for(article: Article) -> str:
    token = signing.dumps({"article": article.pk}, salt=SALT, compress=True)
    return reverse("newsroom-preview", args=[token])


def article_for(token: str) -> Article | None:
    """The article a token names, if the token is ours and not older than NEWSDESK_PREVIEW_DAYS."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=settings.NEWSDESK_PREVIEW_DAYS * 24 * 3600)
    except signing.BadSignature:
        return None
    article_id = payload.get("article") if isinstance(payload, dict) else None
    if not isinstance(article_id, int):
        return None
    return Article.objects.for_detail().filter(pk=article_id).first()


@require_safe
@never_cache
def preview(request, token: str):
    article = article_for(token)
    if article is None or article.status == Article.Status.UNPUBLISHED:
        # A taken-down article stays down: links minted before the take-down stop working with it.
        get_object_or_404(Article.objects.none())
    if article.is_public:
        return redirect(article)
    response = render(
        request,
        "news/article.html",
        {"article": article, "related": [], "preview": True, "current_section_id": article.section_id},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
