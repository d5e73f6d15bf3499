"""Sitemaps for search engines: an index of paginated sitemaps (stories, the pages of sections, topics, authors and
sources, and the fixed pages) and a Google News sitemap of the last 48 hours. Everything reads through public()."""

from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from .models import Article, Author, Section, Source, Topic


class ArticleSitemap(Sitemap):
    # This limit is defined by the protocol (https://www.sitemaps.org/protocol.html#index); past it, more pages.
    limit = 50_000

    def items(self):
        # Oldest first, so a page keeps its stories as new ones are published and only the last page changes.
        return (
            Article.objects.public().newest_first().reverse().only("pk", "slug", "published_at", "updated_at")
        )

    def lastmod(self, article):
        return article.updated_at or article.published_at

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item; the database answers in one query instead.
        return Article.objects.public().aggregate(latest=Max(Coalesce("updated_at", "published_at")))[
            "latest"
        ]


class SectionSitemap(Sitemap):
    """Sections with at least one public story (an empty listing is not worth a crawler's visit)."""

    def items(self):
        stories = Article.objects.public().in_section(OuterRef("pk"))
        return Section.objects.filter(Exists(stories)).order_by("pk").only("pk", "slug")


class TopicSitemap(Sitemap):
    def items(self):
        stories = Article.objects.public().tagged(OuterRef("pk"))
        return Topic.objects.filter(Exists(stories)).order_by("pk").only("pk", "slug")


class AuthorSitemap(Sitemap):
    def items(self):
        stories = Article.objects.public().by_author(OuterRef("pk"))
        return Author.objects.filter(Exists(stories)).order_by("pk").only("pk", "slug")


class SourceSitemap(Sitemap):
    def items(self):
        stories = Article.objects.public().citing(OuterRef("pk"))
        return Source.objects.filter(Exists(stories)).order_by("pk").only("pk", "slug")


class PageSitemap(Sitemap):
    def items(self):
        return ["news:home", "news:archive"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
    "sources": SourceSitemap,
    "pages": PageSitemap,
}


def news_language(code: str) -> str:
    """Google News takes an ISO 639 code of two or three letters; only Chinese keeps its region (zh-cn, zh-tw)."""
    code = code.strip().lower().replace("_", "-")
    return code if code in ("zh-cn", "zh-tw") else code.split("-")[0]


class NewsSitemap(Sitemap):
    """Stories published in the last two days, the window Google News reads, rendered by news/sitemap_news.xml."""

    # Google News reads at most 1,000 stories from one news sitemap; more go to ?p=2.
    limit = 1000
    window = timedelta(hours=48)

    def items(self):
        now = timezone.now()
        return (
            Article.objects.public()
            .published_between(now - self.window, now)
            .newest_first()
            .only("pk", "slug", "headline", "language", "published_at", "updated_at")
        )

    def lastmod(self, article):
        return article.updated_at or article.published_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["language"] = news_language(url["item"].language)
        return urls


NEWS_SITEMAPS = {"news": NewsSitemap}
