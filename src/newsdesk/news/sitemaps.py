"""Sitemaps for search engines: an index of sitemaps (the pages of sections, topics, authors and sources, the fixed
pages, and the stories month by month) and a Google News sitemap of the last 48 hours. Everything reads through
public().

Stories go in one sitemap per month, as large news sites publish them: the index then reads no story at all (the
months, their counts and their newest change come from the archive's summary, news/archive.py, kept in the cache
for every month before the current one), and a month's sitemap reads one range of the published_at index. One
sitemap of every story, paginated by 50,000, had to count the whole archive for the index and skip hundreds of
thousands of rows with OFFSET for its last pages.
"""

import re
from datetime import timedelta
from functools import cached_property

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from . import archive
from .models import Article, Author, Section, Source, Topic


class ArticleMonthSitemap(Sitemap):
    """One month's public stories, oldest first: a month's sitemap changes only while it is the current month, or
    when one of its stories changes. Built with the month's count and newest change when the index already knows
    them (from the archive's summary), so listing it costs no query."""

    # This limit is defined by the protocol (https://www.sitemaps.org/protocol.html#index); past it, more pages.
    limit = 50_000

    def __init__(self, year: int, month: int, *, count: int | None = None, latest=None):
        self.year, self.month = year, month
        self.known_count, self.known_latest = count, latest

    @property
    def name(self) -> str:
        return f"articles-{self.year:04d}-{self.month:02d}"

    def items(self):
        return (
            Article.objects.public()
            .published_between(*archive.month_bounds(self.year, self.month))
            .order_by("published_at", "id")
            .only("pk", "slug", "published_at", "updated_at")
        )

    def lastmod(self, article):
        return article.last_changed_at

    def get_latest_lastmod(self):
        if self.known_latest is not None:
            return self.known_latest
        # Django's default calls lastmod() on every item; the database answers in one query instead.
        return self.items().last_changed_at()

    @cached_property
    def paginator(self):
        # A month without stories is not a sitemap: its URL answers 404 (Django's view turns EmptyPage into one).
        pages = Paginator(self._items(), self.limit, allow_empty_first_page=False)
        if self.known_count is not None:
            pages.count = self.known_count
        return pages


MONTH_NAME = re.compile(r"articles-(?P<year>\d{4})-(?P<month>\d{2})")


def with_public_stories(subjects, stories):
    """The subjects that have at least one public story. A scalar subquery with LIMIT 1 per subject, not EXISTS:
    PostgreSQL turns EXISTS into a semi-join and hashed every story with its topics (0.9 s at 1M stories), where one
    probe of the subject's index per subject finds a live story at once (3 ms)."""
    first_story = stories.order_by().values("pk")[:1]
    return subjects.annotate(first_story=Subquery(first_story)).filter(first_story__isnull=False)


class SectionSitemap(Sitemap):
    """Sections with at least one public story (an empty listing is not worth a crawler's visit)."""

    def items(self):
        stories = Article.objects.public().in_section(OuterRef("pk"))
        return with_public_stories(Section.objects.order_by("pk").only("pk", "slug"), stories)


class TopicSitemap(Sitemap):
    def items(self):
        stories = Article.objects.public().tagged(OuterRef("pk"))
        return with_public_stories(Topic.objects.order_by("pk").only("pk", "slug"), stories)


class AuthorSitemap(Sitemap):
    def items(self):
        stories = Article.objects.public().by_author(OuterRef("pk"))
        return with_public_stories(Author.objects.order_by("pk").only("pk", "slug"), stories)


class SourceSitemap(Sitemap):
    def items(self):
        stories = Article.objects.public().citing(OuterRef("pk"))
        return with_public_stories(Source.objects.order_by("pk").only("pk", "slug"), stories)


class PageSitemap(Sitemap):
    def items(self):
        return ["news:home", "news:archive"]

    def location(self, name):
        return reverse(name)


SUBJECT_SITEMAPS = {
    "sections": SectionSitemap,
    "topics": TopicSitemap,
    "authors": AuthorSitemap,
    "sources": SourceSitemap,
    "pages": PageSitemap,
}


def index_sitemaps() -> dict:
    """Every sitemap the index names: the subjects' and the fixed pages', then one per month of stories, newest
    month first."""
    months = {}
    for row in archive.month_counts():
        start = timezone.localtime(row["month"])
        sitemap = ArticleMonthSitemap(start.year, start.month, count=row["count"], latest=row["latest"])
        months[sitemap.name] = sitemap
    return {**SUBJECT_SITEMAPS, **months}


def sitemap_named(name: str) -> dict:
    """{name: sitemap} for the sitemap view, or {} (which it answers with a 404) for a name it does not know."""
    if name in SUBJECT_SITEMAPS:
        return {name: SUBJECT_SITEMAPS[name]}
    if found := MONTH_NAME.fullmatch(name):
        year, month = int(found["year"]), int(found["month"])
        if archive.is_archive_month(year, month):
            return {name: ArticleMonthSitemap(year, month)}
    return {}


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
        return article.last_changed_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            url["language"] = news_language(url["item"].language)
        return urls


NEWS_SITEMAPS = {"news": NewsSitemap}
